"""Recording facts: applications, interviews, contacts, replies, outcomes, dismissals.

Each use-case is one transaction: the fact is checked, stored, and the plans it
touches are derived again before anything is committed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from afterview.domain import names, plain, validate
from afterview.domain.cadence import Verdict, check_contact
from afterview.domain.candidates import same_person
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
    Profile,
    Task,
)
from afterview.domain.playbook import employer_calendar
from afterview.exchange.document import DocumentError, check_application
from afterview.services.errors import Conflict, NotFound, Refused, UserError
from afterview.services.names import known_person, refuse_look_alike
from afterview.services.planning import affected, find_task, replan
from afterview.services.store import Store
from afterview.store import repository as repo


def load_application(conn: sa.Connection, app_id: str) -> Application:
    found = repo.read_applications(conn, [app_id])
    if not found:
        raise NotFound(f"no application {app_id!r}", field="application",
                       hint="`afterview pipeline` or the Pipeline page lists them")
    return found[0]


def checked(app: Application, profile: Profile) -> None:
    """Every invariant of the application (the domain's), and its place in the holiday calendars."""
    try:
        validate.application(app)
    except validate.Invalid as problem:
        raise UserError(problem.message, code=problem.code, field=problem.field, hint=problem.hint) from None
    try:
        check_application(plain.application_plain(app), f"application {app.id!r}", plain.profile_plain(profile))
    except DocumentError as problem:
        raise UserError(str(problem), code="invalid") from None


def save_application(conn: sa.Connection, before: Application | None, after: Application) -> None:
    after = _withdrawn_when_said(after)
    checked(after, repo.read_profile(conn))
    repo.write_applications(conn, [after], repo.position_for(conn, after.id))
    replan(conn, affected(conn, before, after))


def _withdrawn_when_said(app: Application) -> Application:
    """A withdrawal note sent is the application's end: it reads "withdrawn" from that day on."""
    if app.outcome is not None and app.outcome.kind != "offer":
        return app
    sent = [i.on for i in app.interactions if i.direction == "out" and i.kind == "withdraw"]
    if not sent:
        return app
    offered = app.outcome.on if app.outcome is not None else None
    return replace(app, outcome=Outcome("withdrawn", min(sent), offered_on=offered))


def add_application(store: Store, app: Application) -> None:
    with store.transaction(f"add application {app.id}") as conn:
        if repo.read_applications(conn, [app.id]):
            raise Conflict(f"an application {app.id!r} already exists", field="application",
                           code="application-exists", hint="choose another id")
        save_application(conn, None, app)


def merge_person(before: Person, given: Person, *, keep_role: bool = True) -> Person:
    """Someone already on file, with only the details given now changed: nothing is wiped by leaving it out."""
    return Person(before.name, before.role if keep_role else given.role, given.title or before.title,
                  given.email or before.email, given.phone or before.phone)


def _with_people(app: Application, people: Sequence[Person]) -> tuple[Person, ...]:
    """The application's people with these added, or merged into the entry already there."""
    merged = list(app.people)
    for p in people:
        index = next((n for n, q in enumerate(merged) if same_person(q.name, p.name)), None)
        if index is None:
            merged.append(p)
        else:
            merged[index] = merge_person(merged[index], p)
    return tuple(merged)


# Who stands behind each way of applying.
CONTACT_ROLE = {"referral": "referrer", "agency": "agent"}


def with_source(app: Application, source: str, contact: Person | None) -> Application:
    """The application with its source, and the referrer or agent in their role (someone already on the
    application keeps every detail on file; only what is given is added)."""
    people = list(app.people)
    if contact is not None and source in CONTACT_ROLE:
        given = replace(contact, role=CONTACT_ROLE[source])
        index = next((n for n, p in enumerate(people) if same_person(p.name, given.name)), None)
        if index is None:
            people.append(given)
        else:
            people[index] = merge_person(people[index], given, keep_role=False)
    return replace(app, source=source, people=tuple(people))


def log_interview(store: Store, app_id: str, interview: Interview, people: Sequence[Person] = (), *,
                  next_round: bool = False, replace_round: bool = False, company: str | None = None,
                  role: str | None = None, applied_on: date | None = None, source: str | None = None,
                  source_contact: Person | None = None, new: bool = False) -> LoggedInterview:
    """Record an interview and the people met; returns it as stored (with its round) and its new tasks.

    `next_round` numbers it after the rounds on file; otherwise a round already on
    file is replaced only with `replace_round` (what it replaced stays in the
    history). A new application is created in the same transaction when `company`
    is given, so nothing is half-written. An interviewer not on file whose name looks
    like someone's who is ('Anne Lee' beside 'Ann Lee') is refused unless `new` says
    they are another person, as when adding a person.
    """
    with store.transaction(f"log interview {app_id}") as conn:
        found = repo.read_applications(conn, [app_id])
        if found:
            app = found[0]
        elif company is not None:
            app = Application(app_id, company, role, applied_on=applied_on)  # only a date the user gave
        else:
            raise NotFound(f"no application {app_id!r}", field="application",
                           hint="give the company to create it")
        interview = _numbered(app, interview, next_round, replace_round)
        _files_at_hand(interview)
        if not new:
            _no_look_alikes(app, interview, people)
        if app.outcome is not None and interview.on > app.outcome.on and app.outcome.kind != "offer":
            raise UserError(f"{app.company} already ended this application on {app.outcome.on}; "
                            f"an interview after that date cannot be recorded", field="on", code="after-outcome")
        interviews = tuple(i for i in app.interviews if i.round != interview.round) + (interview,)
        after = replace(app, people=_with_people(app, people),
                        interviews=tuple(sorted(interviews, key=lambda i: (i.on, i.round))))
        if source is not None and (source != "direct" or source_contact is not None):
            after = with_source(after, source, source_contact)  # the same transaction: one change to undo
        save_application(conn, found[0] if found else None, after)
        tasks = [t for t in repo.read_tasks(conn, application=app_id) if t.created >= interview.on]
        return LoggedInterview(interview, tasks, after.people)


def _no_look_alikes(app: Application, interview: Interview, people: Sequence[Person]) -> None:
    """Refuse a newcomer among the people met whose name looks like someone's on file (names.refuse_look_alike);
    the rounds on file count too, for interviewers known only by name."""
    on_file = list(dict.fromkeys([*(p.name for p in app.people),
                                  *(n for i in app.interviews for n in i.interviewers)]))
    for name in dict.fromkeys([*interview.interviewers, *(p.name for p in people)]):
        if names.on_file(name, on_file) is None:
            refuse_look_alike(app, name, field="interviewer", listed=on_file)


def unreadable(path: str) -> str | None:
    """Why the file at `path` cannot be attached to a note (None when it can): a promise recorded
    with a path to nothing would only fail on the day the note is sent."""
    found = Path(path).expanduser()
    if not found.exists():
        return "does not exist"
    if not found.is_file():
        return "is not a file"
    if not os.access(found, os.R_OK):
        return "cannot be read"
    return None


def _files_at_hand(interview: Interview) -> None:
    for person, notes in interview.notes.items():
        for item, path in notes.files:
            why = unreadable(path)
            if why is not None:
                raise UserError(f"the file for {item!r}, promised to {person}, {path}, {why}", field="promise",
                                code="no-file", hint="give the path of a file you can read, or leave it out")


@dataclass(frozen=True)
class LoggedInterview:
    interview: Interview
    tasks: list[Task]
    people: tuple[Person, ...] = ()


def _numbered(app: Application, interview: Interview, next_round: bool, replace_round: bool) -> Interview:
    if next_round:
        last = max(app.interviews, key=lambda i: i.round, default=None)
        if last is None:
            return replace(interview, round=1)
        if last.on >= interview.on and not replace_round:
            raise Conflict(f"round {last.round} of {app.id} is on {last.on.isoformat()}; a next round on "
                           f"{interview.on.isoformat()} would come before or with it", field="on",
                           code="interview-exists",
                           hint=f"check the date, or replace round {last.round} (it stays in the history)")
        return replace(interview, round=last.round + 1)
    same = next((i for i in app.interviews if i.round == interview.round), None)
    if same is not None and not replace_round:
        raise Conflict(f"round {same.round} of {app.id} is already recorded (on {same.on.isoformat()})",
                       field="round", code="interview-exists",
                       hint=f"record it as the next round, or replace round {same.round} "
                            f"(what it replaces stays in the history)")
    return interview


def log_contact(store: Store, app_id: str, *, kind: str, person: str | None, on: date,
                channel: str | None = None, force: bool = False) -> Interaction:
    """Record an outbound contact; the not-pestering guard may refuse it (Refused)."""
    if kind not in OUTBOUND_KINDS:
        raise UserError(f"{kind!r} is not a kind of contact", field="kind", code="not-a-choice",
                        hint=f"use one of {', '.join(OUTBOUND_KINDS)}")
    with store.transaction(f"log {kind} to {person or 'them'} on {app_id}") as conn:
        app = load_application(conn, app_id)
        who = known_person(app, person) if person is not None else None
        interaction = _guarded(conn, app, Interaction(on, "out", kind, who, channel), force)
        save_application(conn, app, replace(app, interactions=(*app.interactions, interaction)))
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
              decision_expected: date | None = None, kind: str = "reply", channel: str | None = None,
              again: bool = False) -> LoggedReply:
    """Record a reply from someone among the application's people (or from no one in particular).

    The same reply logged twice is recorded once: a reply that adds nothing to one already on
    file (the same day, kind and person, and no new decision date or channel) changes nothing,
    unless `again` says it is a second reply.
    """
    if kind not in INBOUND_KINDS:
        raise UserError(f"{kind!r} is not a kind of reply", field="kind", code="not-a-choice",
                        hint=f"use one of {', '.join(INBOUND_KINDS)}")
    check_decision_date(on, decision_expected)
    with store.transaction(f"log {kind} from {person or 'them'} on {app_id}") as conn:
        app = load_application(conn, app_id)
        who = known_person(app, person) if person is not None else None
        reply = Interaction(on, "in", kind, who, channel, decision_expected)
        same = next((i for i in app.interactions if _adds_nothing(i, reply)), None)
        if same is not None and not again:
            return LoggedReply(same, recorded=False)
        save_application(conn, app, replace(app, interactions=(*app.interactions, reply)))
        return LoggedReply(reply, recorded=True)


@dataclass(frozen=True)
class LoggedReply:
    reply: Interaction
    recorded: bool  # False: the same reply was already on file, and nothing changed


def _adds_nothing(on_file: Interaction, given: Interaction) -> bool:
    """Whether `given` says nothing that the reply `on_file` does not already say."""
    def covered(old: object, new: object) -> bool:
        return new is None or new == old

    return (on_file.direction == given.direction and on_file.on == given.on and on_file.kind == given.kind
            and (given.person is None or same_person(on_file.person, given.person))
            and covered(on_file.channel, given.channel) and covered(on_file.decision_expected, given.decision_expected)
            and covered(on_file.call, given.call) and covered(on_file.note, given.note))


def check_decision_date(on: date, decision_expected: date | None) -> None:
    """A reply's new decision date is not before the reply (`log reply`, a confirmed suggestion)."""
    if decision_expected is not None and decision_expected < on:
        raise UserError(f"the decision date {decision_expected} is before the reply ({on})",
                        field="decision_expected", code="date-order", hint="give a later date")


def log_outcome(store: Store, app_id: str, kind: str, *, on: date, deadline: date | None = None,
                reason: str | None = None) -> Outcome:
    """Record how the application ended (or the offer in hand); `reason` is why, in the user's words
    (declining an offer, the letter gives it)."""
    check_outcome(kind, on, deadline)
    with store.transaction(f"log outcome {kind} on {app_id}") as conn:
        return outcome_in(conn, app_id, kind, on=on, deadline=deadline, reason=reason)


def check_outcome(kind: str, on: date, deadline: date | None) -> None:
    if kind not in OUTCOME_KINDS:
        raise UserError(f"{kind!r} is not an outcome", field="kind", code="not-a-choice",
                        hint=f"use one of {', '.join(OUTCOME_KINDS)}")
    if deadline is not None and deadline < on:
        raise UserError(f"the deadline {deadline} is before the outcome date ({on})", field="deadline",
                        code="date-order", hint="give a later date")


def outcome_in(conn: sa.Connection, app_id: str, kind: str, *, on: date, deadline: date | None = None,
               reason: str | None = None) -> Outcome:
    """`log_outcome` inside the caller's transaction (a confirmed suggestion), after `check_outcome`."""
    app = load_application(conn, app_id)
    last = max((i.on for i in app.interviews), default=None)
    if last is not None and on < last:
        raise UserError(f"the outcome date {on} is before the last interview ({last})", field="on",
                        code="date-order", hint="give a later date")
    previous = app.outcome
    offered_on = None
    if kind in ("accepted", "declined") and previous is not None and previous.kind == "offer":
        offered_on, deadline = previous.on, deadline or previous.deadline
    outcome = Outcome(kind, on, deadline, offered_on, reason.strip() if reason and reason.strip() else None)
    save_application(conn, app, replace(app, outcome=outcome))
    return outcome


def complete(store: Store, task_id: str, as_of: date, *, force: bool = False) -> Task:
    """Mark a task done: a contact for tasks that send words, a dismissal for the rest."""
    with store.transaction(f"done {task_id}") as conn:
        task = _open_task(conn, task_id, as_of)
        if task.kind in SOLO_KINDS or task.application is None:
            repo.write_dismissals(conn, [Dismissal(task.id, "done", max(as_of, task.created))])
            if task.application is not None:
                replan(conn, {task.application})
        else:
            app = load_application(conn, task.application)
            contact = _guarded(conn, app, Interaction(max(as_of, task.created), "out", task.kind, task.person,
                                                      task.channel), force)
            save_application(conn, app, replace(app, interactions=(*app.interactions, contact)))
        return find_task(conn, task_id, as_of)


def skip(store: Store, task_id: str, as_of: date, why: str) -> Task:
    try:
        validate.text("why", why, required=True, label="reason for skipping it")
    except validate.Invalid as problem:
        raise UserError(problem.message, code=problem.code, field=problem.field,
                        hint="say in a few words why you skip it; it is kept with the task") from None
    with store.transaction(f"skip {task_id}") as conn:
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


def record_contact(conn: sa.Connection, app_id: str, interaction: Interaction) -> None:
    """Append an interaction, either way (inside the caller's transaction), and replan what it touches."""
    app = load_application(conn, app_id)
    save_application(conn, app, replace(app, interactions=(*app.interactions, interaction)))


def replace_people(conn: sa.Connection, app: Application, people: tuple[Person, ...]) -> None:
    """Store an application's people (inside the caller's transaction) and replan it."""
    save_application(conn, app, replace(app, people=people))
