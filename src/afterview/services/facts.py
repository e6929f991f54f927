"""Recording facts: applications, interviews, contacts, replies, outcomes, dismissals.

Each use-case is one transaction: the fact is checked, stored, and the plans it
touches are derived again before anything is committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from afterview.domain import plain
from afterview.domain.cadence import Verdict, check_contact
from afterview.domain.model import (
    INBOUND_KINDS,
    OUTBOUND_KINDS,
    OUTCOME_KINDS,
    SOLO_KINDS,
    Application,
    Dismissal,
    Interaction,
    Interview,
    Outcome,
    Person,
    Task,
)
from afterview.domain.playbook import employer_calendar
from afterview.exchange.document import DocumentError, check_application
from afterview.services.errors import NotFound, Refused, UserError
from afterview.services.planning import affected, find_task, replan
from afterview.services.store import Store
from afterview.store import repository as repo


def _load(conn: sa.Connection, app_id: str) -> Application:
    found = repo.read_applications(conn, [app_id])
    if not found:
        raise NotFound(f"no application {app_id!r}; `afterview plan` lists the applications with tasks")
    return found[0]


def _save(conn: sa.Connection, before: Application | None, after: Application) -> None:
    profile = plain.profile_plain(repo.read_profile(conn))
    try:
        check_application(plain.application_plain(after), f"application {after.id!r}", profile)
    except DocumentError as problem:
        raise UserError(str(problem)) from None
    order = repo.positions(conn)
    order.setdefault(after.id, max(order.values(), default=-1) + 1)
    repo.write_applications(conn, [after], order)
    replan(conn, affected(conn, before, after))


def add_application(store: Store, app: Application) -> None:
    with store.transaction() as conn:
        if repo.read_applications(conn, [app.id]):
            raise UserError(f"an application {app.id!r} already exists; choose another id")
        _save(conn, None, app)


def log_interview(store: Store, app_id: str, interview: Interview, people: Sequence[Person] = ()) -> list[Task]:
    """Record an interview (replacing one of the same round) and the people met; returns its new tasks."""
    with store.transaction() as conn:
        app = _load(conn, app_id)
        known = {p.name.casefold() for p in app.people}
        added = tuple(p for p in people if p.name.casefold() not in known)
        updated = tuple(next((p for p in people if p.name.casefold() == q.name.casefold()), q) for q in app.people)
        if app.outcome is not None and interview.on > app.outcome.on and app.outcome.kind != "offer":
            raise UserError(f"{app.company} already ended this application on {app.outcome.on}; "
                            f"an interview after that date cannot be recorded")
        interviews = tuple(i for i in app.interviews if i.round != interview.round) + (interview,)
        after = replace(app, people=updated + added, interviews=tuple(sorted(interviews, key=lambda i: i.on)))
        _save(conn, app, after)
        return [t for t in repo.read_tasks(conn, application=app_id) if t.created >= interview.on]


def log_contact(store: Store, app_id: str, *, kind: str, person: str | None, on: date,
                channel: str | None = None, force: bool = False) -> Interaction:
    """Record an outbound contact; the not-pestering guard may refuse it (Refused)."""
    if kind not in OUTBOUND_KINDS:
        raise UserError(f"--kind: {kind!r} is not a contact kind; use one of {', '.join(OUTBOUND_KINDS)}")
    with store.transaction() as conn:
        app = _load(conn, app_id)
        interaction = _guarded(conn, app, Interaction(on, "out", kind, person, channel), force)
        _save(conn, app, replace(app, interactions=(*app.interactions, interaction)))
        return interaction


def guard_verdict(conn: sa.Connection, app: Application, kind: str, on: date) -> Verdict:
    """The not-pestering guard on a contact of `kind` on `on`, against every contact with the company."""
    profile = repo.read_profile(conn)
    company = repo.read_applications(conn, repo.ids_of_companies(conn, {app.company}))
    contacts = [i for a in company for i in a.interactions if i.direction == "out"]
    return check_contact(app, kind, on, contacts, employer_calendar(app, profile), profile.cadence)


def _guarded(conn: sa.Connection, app: Application, contact: Interaction, force: bool) -> Interaction:
    verdict = guard_verdict(conn, app, contact.kind, contact.on)
    if verdict.allowed:
        return contact
    if not force:
        raise Refused(verdict.reason, verdict.earliest)
    return replace(contact, forced=True)


def log_reply(store: Store, app_id: str, *, on: date, person: str | None = None,
              decision_expected: date | None = None, kind: str = "reply", channel: str | None = None) -> None:
    if kind not in INBOUND_KINDS:
        raise UserError(f"{kind!r} is not a kind of reply; use one of {', '.join(INBOUND_KINDS)}")
    if decision_expected is not None and decision_expected < on:
        raise UserError(f"--decision-expected {decision_expected} is before the reply ({on}); give a later date")
    with store.transaction() as conn:
        record_contact(conn, app_id, Interaction(on, "in", kind, person, channel, decision_expected))


def log_outcome(store: Store, app_id: str, kind: str, *, on: date, deadline: date | None = None) -> Outcome:
    if kind not in OUTCOME_KINDS:
        raise UserError(f"{kind!r} is not an outcome; use one of {', '.join(OUTCOME_KINDS)}")
    if deadline is not None and deadline < on:
        raise UserError(f"--deadline {deadline} is before the outcome date ({on}); give a later date")
    with store.transaction() as conn:
        app = _load(conn, app_id)
        last = max((i.on for i in app.interviews), default=None)
        if last is not None and on < last:
            raise UserError(f"the outcome date {on} is before the last interview ({last}); "
                            f"give --on a later date")
        previous = app.outcome
        offered_on = None
        if kind in ("accepted", "declined") and previous is not None and previous.kind == "offer":
            offered_on, deadline = previous.on, deadline or previous.deadline
        outcome = Outcome(kind, on, deadline, offered_on)
        _save(conn, app, replace(app, outcome=outcome))
        return outcome


def complete(store: Store, task_id: str, as_of: date, *, force: bool = False) -> Task:
    """Mark a task done: a contact for tasks that send words, a dismissal for the rest."""
    with store.transaction() as conn:
        task = _open_task(conn, task_id, as_of)
        if task.kind in SOLO_KINDS or task.application is None:
            repo.write_dismissals(conn, [Dismissal(task.id, "done", max(as_of, task.created))])
            if task.application is not None:
                replan(conn, {task.application})
        else:
            app = _load(conn, task.application)
            contact = _guarded(conn, app, Interaction(max(as_of, task.created), "out", task.kind, task.person,
                                                      task.channel), force)
            _save(conn, app, replace(app, interactions=(*app.interactions, contact)))
        return find_task(conn, task_id, as_of)


def skip(store: Store, task_id: str, as_of: date, why: str) -> Task:
    if not why.strip():
        raise UserError("--why: say in a few words why you skip it; it is kept with the task")
    with store.transaction() as conn:
        task = _open_task(conn, task_id, as_of)
        repo.write_dismissals(conn, [Dismissal(task.id, "skipped", max(as_of, task.created), why.strip())])
        if task.application is not None:
            replan(conn, {task.application})
        return find_task(conn, task_id, as_of)


def _open_task(conn: sa.Connection, task_id: str, as_of: date) -> Task:
    task = find_task(conn, task_id, as_of)
    if task.status != "open":
        raise UserError(f"task {task_id!r} is already {task.status}; nothing to do")
    return task


def ensure_application(store: Store, app_id: str, company: str | None, role: str | None, as_of: date) -> None:
    """Create the application on the fly when an interview names a new one with its company."""
    with store.transaction() as conn:
        if repo.read_applications(conn, [app_id]):
            return
        if not company:
            raise NotFound(f"no application {app_id!r}; add --company to create it")
        _save(conn, None, Application(app_id, company, role, applied_on=as_of))


def record_contact(conn: sa.Connection, app_id: str, interaction: Interaction) -> None:
    """Append an interaction, either way (inside the caller's transaction), and replan what it touches."""
    app = _load(conn, app_id)
    _save(conn, app, replace(app, interactions=(*app.interactions, interaction)))


def replace_people(conn: sa.Connection, app: Application, people: tuple[Person, ...]) -> None:
    """Store an application's people (inside the caller's transaction) and replan it."""
    _save(conn, app, replace(app, people=people))


def save_person(store: Store, app_id: str, person: Person) -> None:
    """Add someone to an application, or update the details of someone already there."""
    with store.transaction() as conn:
        app = _load(conn, app_id)
        others = tuple(p for p in app.people if p.name.casefold() != person.name.casefold())
        index = next((n for n, p in enumerate(app.people) if p.name.casefold() == person.name.casefold()), None)
        people = others + (person,) if index is None else others[:index] + (person,) + others[index:]
        replace_people(conn, app, people)
