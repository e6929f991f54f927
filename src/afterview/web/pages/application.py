"""One application: its timeline, people, plan and outcome, and the forms to log what happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import CHANNELS, OUTBOUND_KINDS, OUTCOME_KINDS, PERSON_ROLES
from afterview.services import facts, views
from afterview.services.errors import NotFound, Refused, UserError
from afterview.web.context import as_of, kept_page, render, see_other, segment, web
from afterview.web.errors import FormProblem
from afterview.web.forms import Form
from afterview.web.models import ApplicationOut, ContactIn, OutcomeIn, ReplyIn
from afterview.web.pages.people import person_forms
from afterview.web.pages.today import refusal_for

FORMS = ("contact", "reply", "outcome")


def application_page_with(request: Request, app_id: str, *, status: int = 200, forms: dict[str, Form] | None = None,
                          task_errors: dict[str, dict[str, str]] | None = None,
                          task_values: dict[str, dict[str, str]] | None = None) -> HTMLResponse:
    today = as_of(request)
    view = views.application_view(web(request).store, unquote(app_id), today)
    shown = {name: Form() for name in FORMS}
    shown.update({k: v for k, v in (forms or {}).items() if not k.startswith("person")})
    for name, form in shown.items():
        form.prefix = f"{name}-"
    return render(request, "application.html", status, view=view, today=today, forms=shown,
                  kinds=OUTBOUND_KINDS, channels=CHANNELS, outcomes=OUTCOME_KINDS,
                  task_errors=task_errors or {}, task_values=task_values or {},
                  refusal=refusal_for(task_errors or {}, view.tasks),
                  people=person_forms(view.app, forms), roles=PERSON_ROLES, bounced=view.bounced)


async def application_page(request: Request, app_id: str) -> HTMLResponse:
    """One application as a page."""
    store, today = web(request).store, as_of(request)
    def values() -> dict[str, Any]:
        view = views.application_view(store, app_id, today)
        return dict(view=view, today=today, forms={name: Form(prefix=f"{name}-") for name in FORMS},
                    kinds=OUTBOUND_KINDS, channels=CHANNELS, outcomes=OUTCOME_KINDS, task_errors={},
                    task_values={}, people=person_forms(view.app), roles=PERSON_ROLES, bounced=view.bounced)

    return await kept_page(request, ("application", app_id, today), "application.html", values)


def application_api(request: Request, app_id: str) -> ApplicationOut:
    """One application: people, interviews, contacts, outcome and its whole plan."""
    return ApplicationOut.of(views.application_view(web(request).store, app_id, as_of(request)))


# ---- the three small forms ----------------------------------------------------------------


# The forms only turn text into values: every rule (kinds, channels, dates in order, the cadence guard)
# is the service's, so the form, the JSON API and the CLI refuse the same input with the same code.


def _contact(request: Request, app_id: str, form: Form, today: date) -> Callable[[], Any] | None:
    kind = form.raw("kind")
    person = form.text("person", required="Who did you contact?")
    channel = form.raw("channel") or None
    on = form.day("on") or today
    if not form.ok:
        return None
    store = web(request).store
    return lambda: facts.log_contact(store, app_id, kind=kind, person=person, on=on, channel=channel,
                                     force=form.flag("force"))


def _reply(request: Request, app_id: str, form: Form, today: date) -> Callable[[], Any] | None:
    on = form.day("on") or today
    person = form.text("person")
    decision = form.day("decision_expected")
    if not form.ok:
        return None
    store = web(request).store
    kind = "invitation" if form.flag("invitation") else "reply"
    return lambda: facts.log_reply(store, app_id, on=on, person=person, decision_expected=decision, kind=kind,
                                   again=form.flag("again"))


def _outcome(request: Request, app_id: str, form: Form, today: date) -> Callable[[], Any] | None:
    kind = form.raw("kind")
    on = form.day("on") or today
    deadline = form.day("deadline")
    reason = form.text("reason", kind="why")
    if not form.ok:
        return None
    store = web(request).store
    return lambda: facts.log_outcome(store, app_id, kind, on=on, deadline=deadline, reason=reason)


NOTICES = {"contact": "Contact recorded; the plan is up to date.",
           "reply": "Reply recorded; pending check-ins are cancelled.",
           "outcome": "Outcome recorded; the plan is up to date."}
ALREADY = ("This reply is already on file, so nothing changed. If they really replied again, tick "
           "“they replied again” to record it a second time.")
PARSERS = {"contact": _contact, "reply": _reply, "outcome": _outcome}
# Each form's inputs, named as the services name their fields: an error goes next to its input.
FIELDS = {"contact": ("kind", "person", "channel", "on"), "reply": ("person", "on", "decision_expected"),
          "outcome": ("kind", "on", "deadline", "reason")}


async def log_form(request: Request, app_id: str, what: str) -> Response:
    """Handle one of the three forms; on a problem the page comes back with the input and the reason."""
    app_id = unquote(app_id)
    form = Form.of(await request.form())
    parsed = PARSERS[what](request, app_id, form, as_of(request))
    if parsed is not None:
        try:
            done = await run_in_threadpool(parsed)
        except NotFound:
            raise
        except Refused as refused:
            form.fail("on", f"{refused.reason}" + (f"; the earliest allowed date is {refused.earliest}"
                                                   if refused.earliest else "")
                      + ". Tick “record it anyway” to keep it, marked as forced.")
        except UserError as problem:
            form.fail(problem.field if problem.field in FIELDS[what] else "on", problem.line())
        else:
            if not (isinstance(done, facts.LoggedReply) and not done.recorded):
                return see_other(f"/applications/{segment(app_id)}", NOTICES[what], request)
            # The same reply is on file: nothing changed (no error either, as at the other doors), and the
            # form comes back as typed, offering to record it again.
            form.fail("on", ALREADY)
            form.values["offer_again"] = "on"
            return application_page_with(request, app_id, status=200, forms={what: form})
    return application_page_with(request, app_id, status=422, forms={what: form})


async def log_contact_form(request: Request, app_id: str) -> Response:
    return await log_form(request, app_id, "contact")


async def log_reply_form(request: Request, app_id: str) -> Response:
    return await log_form(request, app_id, "reply")


async def log_outcome_form(request: Request, app_id: str) -> Response:
    return await log_form(request, app_id, "outcome")


def _apply(request: Request, app_id: str, what: str, values: dict[str, str]) -> ApplicationOut:
    form = Form(values)
    parsed = PARSERS[what](request, app_id, form, as_of(request))
    if parsed is None:
        raise FormProblem(form.errors)
    parsed()
    return application_api(request, app_id)


def _plain(model: ContactIn | ReplyIn | OutcomeIn) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in model.model_dump().items():
        if isinstance(value, bool):
            values[name] = "on" if value else ""
        elif value is not None:
            values[name] = value.isoformat() if isinstance(value, date) else str(value)
    return values


def contact_api(request: Request, app_id: str, body: ContactIn) -> ApplicationOut:
    """Record a contact you made; 409 when the not-pestering guard refuses it (unless force)."""
    return _apply(request, app_id, "contact", _plain(body))


def reply_api(request: Request, app_id: str, body: ReplyIn) -> ApplicationOut:
    """Record that the employer replied (cancels pending check-ins)."""
    return _apply(request, app_id, "reply", _plain(body))


def outcome_api(request: Request, app_id: str, body: OutcomeIn) -> ApplicationOut:
    """Record an offer, a rejection, a withdrawal, or your answer to an offer."""
    return _apply(request, app_id, "outcome", _plain(body))
