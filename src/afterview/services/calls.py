"""Phone calls: the script of a phone task, and what came of the call.

A phone task (a check-in, by default) is done by calling. The call has one of
three outcomes, each recorded as facts the plan already understands:

- reached: a status contact, and what they said is their reply (a new decision
  date plans a new check-in, exactly as a reply would);
- voicemail: a status contact; the next one is an email, and the guard refuses a
  second voicemail while they stay silent [004];
- no answer: no contact at all (the guard ignores it); the call is due again the
  next business day.

Every door (CLI, web form, JSON API) records a call through `log_call`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from afterview.domain import limits, validate
from afterview.domain.cadence import Verdict, voicemail_verdict
from afterview.domain.model import CALL_OUTCOMES, STATUS_KINDS, Application, Interaction, Task
from afterview.services.drafts import draft_for
from afterview.services.errors import Refused, UserError
from afterview.services.facts import guard_verdict, load_application, record_contact
from afterview.services.planning import find_task, plan
from afterview.services.store import Store

NOTE_LIMIT = limits.text_limit("note").max_length

# What each outcome means, in the words the CLI and the Call page show.
OUTCOME_MEANING: dict[str, str] = {
    "reached": "You spoke to them. Note what they said; a new decision date plans a new check-in.",
    "voicemail": "You left a message. It counts as a contact; the next one will be an email.",
    "no_answer": "Nobody picked up and you left no message. Nothing is counted; call again the next business day.",
}


@dataclass(frozen=True)
class CallSheet:
    """What the user needs to make the call: whom, the number, the script, and what each outcome means."""

    task: Task
    person: str | None
    title: str | None
    phone: str | None
    script: str


@dataclass(frozen=True)
class CallLogged:
    task: Task  # the phone task, as it stands after the call
    outcome: str
    forced: bool
    next_step: Task | None  # the application's next open status task, if any


def call_sheet(store: Store, task_id: str, as_of: date) -> CallSheet:
    """The phone task with its call script (the user's own wording when they saved one)."""
    with store.reading() as conn:
        task = _a_call(conn, task_id, as_of)
        app = load_application(conn, task.application or "")
    person = app.person(task.person)
    script = draft_for(store, task_id, as_of).draft.body
    return CallSheet(task, person.name if person else task.person, person.title if person else None,
                     person.phone if person else None, script)


def _a_call(conn: sa.Connection, task_id: str, as_of: date) -> Task:
    task = find_task(conn, task_id, as_of)
    if task.kind not in STATUS_KINDS or task.channel != "phone" or task.application is None:
        raise UserError(f"task {task_id!r} is not a phone call ({task.kind.replace('_', ' ')} by "
                        f"{task.channel or 'no channel'})", code="not-a-call",
                        hint="record other contacts with log contact")
    return task


def phone_task(conn: sa.Connection, task_id: str, as_of: date) -> Task:
    """The task, if it is an open call; a clear refusal otherwise."""
    task = _a_call(conn, task_id, as_of)
    if task.status != "open":
        raise UserError(f"task {task_id!r} is already {task.status}; nothing to call", code="not-open")
    return task


def check_call(outcome: str, on: date, note: str | None, decision_expected: date | None) -> str | None:
    """The call's own facts, checked before anything is read or written; returns the cleaned note."""
    if outcome not in CALL_OUTCOMES:
        raise UserError(f"{outcome!r} is not how a call can go", field="outcome",
                        hint=f"use one of {', '.join(CALL_OUTCOMES)}")
    cleaned = note.strip() if note and note.strip() else None
    try:
        validate.text("note", cleaned)
        validate.day("on", on, label="day of the call")
        validate.day("decision_expected", decision_expected, label="decision date")
    except validate.Invalid as problem:
        raise UserError(problem.message, code=problem.code, field=problem.field, hint=problem.hint) from None
    if decision_expected is not None:
        if outcome != "reached":
            raise UserError("a new decision date can only come from someone you reached", field="decision_expected",
                            hint="leave the date out, or choose reached")
        if decision_expected < on:
            raise UserError(f"the new decision date {decision_expected} is before the call ({on})",
                            field="decision_expected", hint="give a later date")
    return cleaned


def log_call(store: Store, task_id: str, *, outcome: str, on: date, note: str | None = None,
             decision_expected: date | None = None, force: bool = False) -> CallLogged:
    """Record how the call for `task_id` went, on `on`; the guard may refuse it (Refused) unless forced."""
    cleaned = check_call(outcome, on, note, decision_expected)
    with store.transaction() as conn:
        task = phone_task(conn, task_id, on)
        if on < task.created:
            raise UserError(f"the call on {on} is before the task began ({task.created})", field="on",
                            hint="give the day you called")
        app_id = task.application or ""
        app = load_application(conn, app_id)
        forced = False
        if outcome != "no_answer":
            verdict = _call_verdict(conn, app, task.kind, on, outcome)
            if not verdict.allowed:
                if not force:
                    raise Refused(verdict.reason, verdict.earliest)
                forced = True
        call = Interaction(on, "out", task.kind, task.person, "phone", forced=forced, call=outcome,
                           note=cleaned if outcome != "reached" else None)
        record_contact(conn, app_id, call)
        if outcome == "reached":
            # What they said is their reply: it stops the chain, and a new date plans a new check-in.
            record_contact(conn, app_id, Interaction(on, "in", "reply", task.person, "phone", decision_expected,
                                                     note=cleaned))
        after = find_task(conn, task_id, on)
        following = [t for t in plan(conn, on, application=app_id) if t.kind in STATUS_KINDS | {"move_on"}]
        return CallLogged(after, outcome, forced, following[0] if following else None)


def _call_verdict(conn: sa.Connection, app: Application, kind: str, on: date, outcome: str) -> Verdict:
    verdict = guard_verdict(conn, app, kind, on)
    if verdict.allowed and outcome == "voicemail":
        return voicemail_verdict(app, on)
    return verdict
