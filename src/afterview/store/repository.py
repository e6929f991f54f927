"""Reading and writing the facts, and reading the materialised plan (store.plan_writing writes it).

Every function takes an open connection inside the caller's transaction: the
services decide where a use-case begins and ends, so nothing is half-written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from afterview.domain import plain
from afterview.domain.model import (
    Application,
    Dismissal,
    Interaction,
    Interview,
    JobSearch,
    Outcome,
    Person,
    Profile,
    Reference,
    Task,
)
from afterview.store import journal, queries
from afterview.store import schema as t
from afterview.store.bulk import FEW, chunks, insert_many, select_rows

# The plan's writing and the snoozes have modules of their own; these names still answer here.
from afterview.store.plan_writing import HISTORY_STATUSES as HISTORY_STATUSES
from afterview.store.plan_writing import replace_tasks as replace_tasks
from afterview.store.plan_writing import set_no_response as set_no_response
from afterview.store.plan_writing import task_row as task_row
from afterview.store.snoozes import is_snoozed as is_snoozed
from afterview.store.snoozes import read_snoozes as read_snoozes
from afterview.store.snoozes import write_snooze as write_snooze

# ---- profile and references ------------------------------------------------


def read_profile(conn: sa.Connection) -> Profile:
    row = conn.execute(sa.select(t.profile).where(t.profile.c.id == 1)).mappings().first()
    if row is None:
        return Profile()
    values = dict(row)
    values.pop("id")
    return plain.profile_from(values)


def has_profile(conn: sa.Connection) -> bool:
    return conn.execute(sa.select(t.profile.c.id).where(t.profile.c.id == 1)).first() is not None


def _remember_profile(conn: sa.Connection) -> None:
    """Keep, in the journal entry being gathered, the profile as it was before this change."""
    entry = journal.current(conn)
    if entry is not None and not entry.touched_profile:
        entry.profile = plain.profile_plain(read_profile(conn)) if has_profile(conn) else None
        entry.touched_profile = True


def write_profile(conn: sa.Connection, profile: Profile) -> None:
    _remember_profile(conn)
    values = plain.profile_plain(profile)
    row = {c.name: values.get(c.name) for c in t.profile.columns if c.name != "id"}
    row["strengths"] = list(profile.strengths)
    row["send_cards"] = profile.send_cards
    conn.execute(sa.delete(t.profile))
    conn.execute(sa.insert(t.profile).values(id=1, **row))


def read_references(conn: sa.Connection) -> tuple[Reference, ...]:
    rows = conn.execute(sa.select(t.references).order_by(t.references.c.position)).mappings()
    return tuple(Reference(r["name"], r["email"], r["phone"], r["relationship"]) for r in rows)


def _remember_references(conn: sa.Connection) -> None:
    entry = journal.current(conn)
    if entry is not None and not entry.touched_references:
        entry.references = [plain.reference_plain(r) for r in read_references(conn)]
        entry.touched_references = True


def write_references(conn: sa.Connection, references: Sequence[Reference]) -> None:
    _remember_references(conn)
    conn.execute(sa.delete(t.references))
    if references:
        conn.execute(sa.insert(t.references), [
            {"position": n, "name": r.name, "email": r.email, "phone": r.phone, "relationship": r.relationship}
            for n, r in enumerate(references)
        ])


# ---- applications ------------------------------------------------------------


def application_ids(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.select(t.applications.c.id).order_by(t.applications.c.position)).scalars())


def read_applications(conn: sa.Connection, ids: Iterable[str] | None = None, *,
                      in_full: Iterable[str] | None = None) -> list[Application]:
    """Applications with everything recorded about them, in their stored order.

    With `in_full`, only those come with their people, interviews and interactions;
    the others are read as their own row only (company, dates, outcome), which is
    all another application's plan needs to know of them.
    """
    query = sa.select(*(t.applications.c[name] for name in _APPLICATION_READ)).order_by(t.applications.c.position)
    wanted = None if ids is None else list(ids)
    if wanted is not None:
        if not wanted:
            return []
        query = query.where(t.applications.c.id.in_(wanted))
    return _assembled(conn, query, wanted if in_full is None else list(in_full),
                      few=wanted is not None and len(wanted) <= FEW)


def read_with_outcomes(conn: sa.Connection, ids: Collection[str], kinds: Sequence[str]) -> list[Application]:
    """These applications in full, and every other one with an outcome of one of `kinds` by its
    own row only (what it is and when), in their stored order: in one statement, not a list of ids."""
    if not ids:
        return []
    c = t.applications.c
    query = sa.select(*(c[name] for name in _APPLICATION_READ)).order_by(c.position) \
        .where(c.id.in_(list(ids)) | c.outcome_kind.in_(list(kinds)))
    return _assembled(conn, query, list(ids), few=len(ids) <= FEW)


def _assembled(conn: sa.Connection, query: sa.Select[Any], in_full: list[str] | None, *,
               few: bool) -> list[Application]:
    """The applications `query` selects, those of `in_full` (all when None) with their people,
    interviews and interactions."""
    rows = select_rows(conn, query, few=few)
    people, interviews, interactions = _read_children(conn, in_full)
    return [_application(row, people.get(row[0], ()), interviews.get(row[0], ()), interactions.get(row[0], ()))
            for row in rows]


# The columns each fact is read from, in the order its builder (the class itself for Person and
# Interaction) takes them.
_APPLICATION_READ = ("id", "company", "role", "country", "subdivision", "applied_on", "source", "interested",
                     "outcome_kind", "outcome_on", "outcome_deadline", "outcome_offered_on", "outcome_reason",
                     "archived")
_PERSON_READ = ("name", "role", "title", "email", "phone")
_INTERVIEW_READ = ("on", "round", "at", "format", "interviewers", "decision_expected", "second_round_expected",
                   "follow_up", "employer_away", "references_will_be_checked", "chances", "notes", "debrief")
_INTERACTION_READ = ("on", "direction", "kind", "person", "channel", "decision_expected", "forced", "call", "note")


def _read_children(conn: sa.Connection, ids: list[str] | None) -> tuple[dict[str, tuple[Any, ...]], ...]:
    found: list[dict[str, tuple[Any, ...]]] = []
    for table, names, build in ((t.people, _PERSON_READ, Person), (t.interviews, _INTERVIEW_READ, _interview),
                                (t.interactions, _INTERACTION_READ, Interaction)):
        query = sa.select(table.c.application_id, *(table.c[name] for name in names)) \
            .order_by(table.c.application_id, table.c.position)
        if ids is not None:
            query = query.where(table.c.application_id.in_(ids))
        grouped: dict[str, list[Any]] = defaultdict(list)
        for row in select_rows(conn, query, few=ids is not None and len(ids) <= FEW):
            grouped[row[0]].append(build(*row[1:]))
        found.append({app_id: tuple(built) for app_id, built in grouped.items()})
    return tuple(found)


def _interview(on: date, round_: int, at: str | None, format_: str | None, interviewers: list[str],
               decision_expected: date | None, second_round_expected: date | None, follow_up: Any,
               employer_away: Any, references_will_be_checked: bool, chances: str | None, notes: Any,
               debrief: Any) -> Interview:
    return Interview(
        on=on, round=round_, at=at, format=format_, interviewers=tuple(interviewers),
        decision_expected=decision_expected, second_round_expected=second_round_expected,
        follow_up=plain.follow_up_from(follow_up), employer_away=plain.away_from(employer_away),
        references_will_be_checked=references_will_be_checked, chances=chances,
        notes=plain.notes_from(notes), debrief=plain.debrief_from(debrief),
    )


def _application(row: tuple[Any, ...], people: tuple[Person, ...], interviews: tuple[Interview, ...],
                 interactions: tuple[Interaction, ...]) -> Application:
    (app_id, company, role, country, subdivision, applied_on, source, interested, outcome_kind, outcome_on,
     outcome_deadline, outcome_offered_on, outcome_reason, archived) = row
    outcome = Outcome(outcome_kind, outcome_on, outcome_deadline, outcome_offered_on,
                      outcome_reason) if outcome_kind else None
    return Application(
        id=app_id, company=company, role=role, country=country, subdivision=subdivision, applied_on=applied_on,
        source=source, interested=interested, people=people, interviews=interviews, interactions=interactions,
        outcome=outcome, archived=bool(archived),
    )


def write_applications(conn: sa.Connection, apps: Sequence[Application], positions: dict[str, int]) -> None:
    """Replace the stored facts of these applications (insert the new ones).

    Rows are made one batch at a time as they are inserted, so importing 10,000
    applications never holds another copy of all their facts.
    """
    if not apps:
        return
    ids = [a.id for a in apps]
    existing = _existing_ids(conn, ids)
    _remember_applications(conn, ids, existing)
    if existing:
        for table in (t.people, t.interviews, t.interactions):
            for chunk in chunks(sorted(existing)):
                conn.execute(sa.delete(table).where(table.c.application_id.in_(chunk)))
    insert_many(conn, t.applications, APPLICATION_COLUMNS,
                (_application_row(a, positions[a.id]) for a in apps if a.id not in existing))
    changed = [{**dict(zip(APPLICATION_COLUMNS, _application_row(a, positions[a.id]), strict=True)), "key": a.id}
               for a in apps if a.id in existing]
    if changed:
        key = t.applications.c.id == sa.bindparam("key")
        conn.execute(sa.update(t.applications).where(key), changed)
    insert_many(conn, t.people, PERSON_COLUMNS, ((a.id, n, p.name, p.role, p.title, p.email, p.phone)
                                                 for a in apps for n, p in enumerate(a.people)))
    insert_many(conn, t.interviews, INTERVIEW_COLUMNS,
                (_interview_row(a.id, n, i) for a in apps for n, i in enumerate(a.interviews)))
    insert_many(conn, t.interactions, INTERACTION_COLUMNS,
                ((a.id, n, i.on, i.direction, i.kind, i.person, i.channel, i.decision_expected, i.forced, i.call,
                  i.note) for a in apps for n, i in enumerate(a.interactions)))


def _existing_ids(conn: sa.Connection, ids: Sequence[str]) -> set[str]:
    query = sa.select(t.applications.c.id)
    return {found for chunk in chunks(ids) for found in conn.execute(query.where(t.applications.c.id.in_(chunk)))
            .scalars()}


def _remember_applications(conn: sa.Connection, ids: Sequence[str], existing: set[str] | None = None) -> None:
    """Keep, in the journal entry being gathered, these applications as they were before this change.

    An application that did not exist is remembered as None without reading anything, so
    importing 10,000 new applications journals 10,000 short "did not exist" marks, not copies.
    """
    entry = journal.current(conn)
    if entry is None:
        return
    fresh = [i for i in ids if i not in entry.applications]
    if not fresh:
        return
    there = [i for i in fresh if i in existing] if existing is not None else fresh
    before = {a.id: a for chunk in chunks(there) for a in read_applications(conn, chunk)}
    for app_id in fresh:
        found = before.get(app_id)
        entry.applications[app_id] = None if found is None else plain.application_plain(found)


def delete_applications(conn: sa.Connection, ids: Sequence[str]) -> None:
    """Remove applications with their facts and plan (the journal keeps what they were)."""
    if not ids:
        return
    _remember_applications(conn, ids)
    for table in (t.tasks, t.people, t.interviews, t.interactions):
        conn.execute(sa.delete(table).where(table.c.application_id.in_(list(ids))))
    conn.execute(sa.delete(t.applications).where(t.applications.c.id.in_(list(ids))))


# The order in which each table's rows are written.
APPLICATION_COLUMNS = ("id", "position", "company", "role", "country", "subdivision", "applied_on", "source",
                       "interested", "archived", "outcome_kind", "outcome_on", "outcome_deadline",
                       "outcome_offered_on", "outcome_reason")
PERSON_COLUMNS = ("application_id", "position", "name", "role", "title", "email", "phone")
INTERVIEW_COLUMNS = ("application_id", "position", "on", "round", "at", "format", "interviewers",
                     "decision_expected", "second_round_expected", "follow_up", "employer_away",
                     "references_will_be_checked", "chances", "notes", "debrief")
INTERACTION_COLUMNS = ("application_id", "position", "on", "direction", "kind", "person", "channel",
                       "decision_expected", "forced", "call", "note")


def _application_row(a: Application, position: int) -> tuple[Any, ...]:
    o = a.outcome
    return (a.id, position, a.company, a.role, a.country, a.subdivision, a.applied_on, a.source, a.interested,
            a.archived, o.kind if o else None, o.on if o else None, o.deadline if o else None,
            o.offered_on if o else None, o.reason if o else None)


def _interview_row(application_id: str, position: int, i: Interview) -> tuple[Any, ...]:
    return (application_id, position, i.on, i.round, i.at, i.format, list(i.interviewers), i.decision_expected,
            i.second_round_expected, plain.follow_up_plain(i.follow_up), plain.away_plain(i.employer_away),
            i.references_will_be_checked, i.chances, plain.notes_plain(i.notes), plain.debrief_plain(i.debrief))


def companies_of(conn: sa.Connection, ids: Iterable[str]) -> set[str]:
    query = sa.select(t.applications.c.company).where(t.applications.c.id.in_(list(ids)))
    return set(conn.execute(query).scalars())


def ids_of_companies(conn: sa.Connection, companies: Iterable[str]) -> set[str]:
    """Applications to any of these companies, whatever the capitalisation (an index on the folded name)."""
    folded = [c.lower() for c in companies]
    if not folded:
        return set()
    query = sa.select(t.applications.c.id).where(sa.func.lower(t.applications.c.company).in_(folded))
    return set(conn.execute(query).scalars())


def position_for(conn: sa.Connection, app_id: str) -> dict[str, int]:
    """Where this application stands in the stored order (after the last one when it is new)."""
    found = conn.execute(sa.select(t.applications.c.position).where(t.applications.c.id == app_id)).scalar()
    if found is None:
        found = conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.applications.c.position) + 1, 0))).scalar_one()
    return {app_id: int(found)}


def positions(conn: sa.Connection) -> dict[str, int]:
    rows = conn.execute(sa.select(t.applications.c.id, t.applications.c.position))
    return {row.id: row.position for row in rows}


# ---- dismissals ----------------------------------------------------------------


def read_dismissals(conn: sa.Connection) -> tuple[Dismissal, ...]:
    rows = conn.execute(sa.select(t.dismissals).order_by(t.dismissals.c.on, t.dismissals.c.task_id)).mappings()
    return tuple(Dismissal(r["task_id"], r["status"], r["on"], r["why"]) for r in rows)


def _remember_dismissal(conn: sa.Connection, task_id: str) -> None:
    entry = journal.current(conn)
    if entry is not None and task_id not in entry.dismissals:
        row = conn.execute(sa.select(t.dismissals).where(t.dismissals.c.task_id == task_id)).mappings().first()
        entry.dismissals[task_id] = None if row is None else plain.dismissal_plain(
            Dismissal(row["task_id"], row["status"], row["on"], row["why"]))


def write_dismissals(conn: sa.Connection, dismissals: Iterable[Dismissal]) -> None:
    for d in dismissals:
        _remember_dismissal(conn, d.task)
        conn.execute(sa.delete(t.dismissals).where(t.dismissals.c.task_id == d.task))
        conn.execute(sa.insert(t.dismissals).values(task_id=d.task, status=d.status, on=d.on, why=d.why))


def read_search(conn: sa.Connection) -> JobSearch:
    return JobSearch(read_profile(conn), read_references(conn), tuple(read_applications(conn)),
                     read_dismissals(conn))


def clear_facts(conn: sa.Connection) -> None:
    """Remove every fact (an import writes the merged search back); the journal keeps what was
    there, so `undo` puts every application, the profile, the references and the dismissals back."""
    if journal.current(conn) is not None:
        _remember_applications(conn, list(conn.execute(sa.select(t.applications.c.id)).scalars()))
        _remember_profile(conn)
        _remember_references(conn)
        for task_id in conn.execute(sa.select(t.dismissals.c.task_id)).scalars():
            _remember_dismissal(conn, task_id)
    for table in (t.tasks, t.interactions, t.interviews, t.people, t.applications, t.dismissals,
                  t.references, t.profile):
        conn.execute(sa.delete(table))


def _task(row: sa.RowMapping) -> Task:
    return Task(row["id"], row["application_id"], row["company"], row["kind"], row["person"], row["due"],
                row["deadline"], row["status"], row["channel"], row["reason"], row["created"], row.get("round"))


def read_tasks(
    conn: sa.Connection, *, application: str | None = None, statuses: Sequence[str] | None = ("open",),
    due_by: date | None = None, limit: int | None = None,
) -> list[Task]:
    query = sa.select(t.tasks)
    if application is not None:
        query = query.where(t.tasks.c.application_id == application)
    if statuses is not None:
        query = query.where(t.tasks.c.status.in_(list(statuses)))
    if due_by is not None:
        query = query.where(t.tasks.c.due <= due_by)
    query = query.order_by(t.tasks.c.due, t.tasks.c.rank, t.tasks.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [_task(row) for row in conn.execute(query).mappings()]


def read_task(conn: sa.Connection, task_id: str) -> Task | None:
    row = conn.execute(sa.select(t.tasks).where(t.tasks.c.id == task_id)).mappings().first()
    return _task(row) if row else None


def open_due(conn: sa.Connection, as_of: date, limit: int | None) -> tuple[list[Task], int]:
    """The first `limit` open tasks due by `as_of` in plan order, and how many there are in all."""
    params = {"as_of": as_of, "limit": -1 if limit is None else limit}
    if limit is None and conn.dialect.name != "sqlite":
        params["limit"] = None  # PostgreSQL: LIMIT NULL means no limit
    typed = sa.text(queries.OPEN_DUE_BY).columns(due=sa.Date, deadline=sa.Date, created=sa.Date)
    rows = conn.execute(typed, params).mappings()
    tasks = [_task(row) for row in rows]
    total = conn.execute(sa.text(queries.COUNT_OPEN_DUE_BY), {"as_of": as_of}).scalar_one()
    return tasks, int(total)


def active_count(conn: sa.Connection, as_of: date) -> tuple[int, bool]:
    """Applications still in play on `as_of`, and whether an offer was accepted by then."""
    row = conn.execute(sa.text(queries.ACTIVE_AND_ACCEPTED), {"as_of": as_of}).one()
    return int(row.active), int(row.accepted) > 0
