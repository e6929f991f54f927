"""The Call page: whom to call and the number, the call script, and the three ways a call can go.

Reached (what they said, and any new decision date), left a voicemail, no answer:
each is recorded through `services.calls.log_call`, the same function the CLI and
the JSON twin use, so every door accepts and refuses alike.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.services import calls
from afterview.services.errors import NotFound, Refused, UserError
from afterview.web.context import as_of, render, see_other, segment, web
from afterview.web.forms import Form
from afterview.web.models import Strict, TaskOut, longest


class CallOut(BaseModel):
    task: TaskOut
    person: str | None
    title: str | None
    phone: str | None
    script: str
    outcomes: dict[str, str] = Field(description="Each way a call can go, and what it means for the plan.")


class CallIn(Strict):
    outcome: str = Field(description="reached, voicemail or no_answer.")
    on: date | None = Field(None, description="The day you called. Default: today.")
    note: str | None = Field(None, max_length=longest("note"), description="What they said, in your words.")
    decision_expected: date | None = Field(None, description="A new decision date they gave (reached only).")
    force: bool = Field(False, description="Record it even if it breaks the not-pestering guard.")


class CallLoggedOut(BaseModel):
    task: TaskOut
    outcome: str
    forced: bool
    next_step: TaskOut | None


def _here(task_id: str) -> str:
    return f"/tasks/{segment(task_id)}/call"


def _page(request: Request, sheet: calls.CallSheet, form: Form, status: int = 200) -> HTMLResponse:
    form.prefix = "call-"
    return render(request, "call.html", status, sheet=sheet, task=sheet.task, form=form, today=as_of(request),
                  outcomes=calls.OUTCOME_MEANING)


def call_page(request: Request, task_id: str) -> HTMLResponse:
    """A phone task: the script, the number, and the form to say how the call went."""
    sheet = calls.call_sheet(web(request).store, task_id, as_of(request))
    return _page(request, sheet, Form({"on": as_of(request).isoformat()}))


async def call_form(request: Request, task_id: str) -> Response:
    """Record the call; on a problem the page comes back with what was typed and the reason by its field."""
    store, today = web(request).store, as_of(request)
    form = Form.of(await request.form())
    # Which outcomes exist is the service's to say (calls.check_call), as for the CLI and the API.
    outcome = form.raw("outcome") or None
    if outcome is None:
        form.fail("outcome", "Say how the call went.")
    on = form.day("on") or today
    note = form.text("note", kind="note")
    decision = form.day("decision_expected")
    if form.ok and outcome is not None:
        try:
            logged = await run_in_threadpool(lambda: calls.log_call(
                store, task_id, outcome=outcome, on=on, note=note, decision_expected=decision,
                force=form.flag("force")))
        except NotFound:
            raise
        except Refused as refused:
            form.fail("outcome", f"Not recorded: {refused.reason}"
                      + (f"; the earliest allowed date is {refused.earliest}" if refused.earliest else "")
                      + ". Tick “record it anyway” to keep it, marked as forced.")
        except UserError as problem:
            form.fail(problem.field or "outcome", problem.line())
        else:
            return see_other(f"/applications/{segment(logged.task.application or '')}", _notice(logged), request)
    sheet = await run_in_threadpool(calls.call_sheet, store, task_id, today)
    return _page(request, sheet, form, 422)


def _notice(logged: calls.CallLogged) -> str:
    said = {"reached": "You reached them; what they said is recorded as their reply.",
            "voicemail": "Voicemail recorded as a contact; the next one will be an email.",
            "no_answer": f"No answer: nothing is counted. The call is due again on {logged.task.due}."}
    step = logged.next_step
    following = (f" Next: {step.kind.replace('_', ' ')} by {step.channel or 'you'}, due {step.due}."
                 if step is not None and step.id != logged.task.id else "")
    return said[logged.outcome] + following


# ---- the JSON twins ---------------------------------------------------------------------


def call_api(request: Request, task_id: str) -> CallOut:
    """A phone task: whom to call, their number, the call script, and what each outcome means."""
    sheet = calls.call_sheet(web(request).store, task_id, as_of(request))
    return CallOut(task=TaskOut.of(sheet.task), person=sheet.person, title=sheet.title, phone=sheet.phone,
                   script=sheet.script, outcomes=calls.OUTCOME_MEANING)


def log_call_api(request: Request, task_id: str, body: CallIn) -> CallLoggedOut:
    """Record how the call went: 400 for a mistake (with its field), 409 when the not-pestering guard refuses."""
    logged = calls.log_call(web(request).store, task_id, outcome=body.outcome, on=body.on or as_of(request),
                            note=body.note, decision_expected=body.decision_expected, force=body.force)
    return CallLoggedOut(task=TaskOut.of(logged.task), outcome=logged.outcome, forced=logged.forced,
                         next_step=TaskOut.of(logged.next_step) if logged.next_step else None)
