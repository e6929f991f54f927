"""Reading and writing the facts and the materialised plan.

Every function takes an open connection inside the caller's transaction: the
services decide where a use-case begins and ends, so nothing is half-written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from afterview.domain import plain
from afterview.domain.model import (
    KIND_RANK,
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

# Task statuses the user made: kept as they are however the plan is derived again.
HISTORY_STATUSES = ("done", "skipped")

# ---- profile and references ------------------------------------------------


def read_profile(conn: sa.Connection) -> Profile:
    row = conn.execute(sa.select(t.profile).where(t.profile.c.id == 1)).mappings().first()
    if row is None:
        return Profile()
    values = dict(row)
    values.pop("id")
    return plain.profile_from(values)


def _remember_profile(conn: sa.Connection) -> None:
    """Keep, in the journal entry being gathered, the profile as it was before this change."""
    entry = journal.current(conn)
    if entry is not None and not entry.touched_profile:
        exists = conn.execute(sa.select(t.profile.c.id).where(t.profile.c.id == 1)).first() is not None
        entry.profile = plain.profile_plain(read_profile(conn)) if exists else None
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


def read_applications(conn: sa.Connection, ids: Iterable[str] | None = None) -> list[Application]:
    """Applications with everything recorded about them, in their stored order."""
    query = sa.select(t.applications).order_by(t.applications.c.position)
    wanted = None if ids is None else list(ids)
    if wanted is not None:
        if not wanted:
            return []
        query = query.where(t.applications.c.id.in_(wanted))
    rows = list(conn.execute(query).mappings())
    children = _read_children(conn, wanted)
    return [_application(row, *(c.get(row["id"], []) for c in children)) for row in rows]


def _read_children(conn: sa.Connection, ids: list[str] | None) -> tuple[dict[str, list[Any]], ...]:
    found: list[dict[str, list[Any]]] = []
    for table, build in ((t.people, _person), (t.interviews, _interview), (t.interactions, _interaction)):
        query = sa.select(table).order_by(table.c.application_id, table.c.position)
        if ids is not None:
            query = query.where(table.c.application_id.in_(ids))
        grouped: dict[str, list[Any]] = defaultdict(list)
        for row in conn.execute(query).mappings():
            grouped[row["application_id"]].append(build(row))
        found.append(grouped)
    return tuple(found)


def _person(row: sa.RowMapping) -> Person:
    return Person(row["name"], row["role"], row["title"], row["email"], row["phone"])


def _interview(row: sa.RowMapping) -> Interview:
    return Interview(
        on=row["on"], round=row["round"], at=row["at"], format=row["format"],
        interviewers=tuple(row["interviewers"]), decision_expected=row["decision_expected"],
        second_round_expected=row["second_round_expected"], follow_up=plain.follow_up_from(row["follow_up"]),
        employer_away=plain.away_from(row["employer_away"]),
        references_will_be_checked=row["references_will_be_checked"], chances=row["chances"],
        notes=plain.notes_from(row["notes"]), debrief=plain.debrief_from(row["debrief"]),
    )


def _interaction(row: sa.RowMapping) -> Interaction:
    return Interaction(row["on"], row["direction"], row["kind"], row["person"], row["channel"],
                       row["decision_expected"], row["forced"], row["call"], row["note"])


def _application(row: sa.RowMapping, people: list[Person], interviews: list[Interview],
                 interactions: list[Interaction]) -> Application:
    outcome = None
    if row["outcome_kind"]:
        outcome = Outcome(row["outcome_kind"], row["outcome_on"], row["outcome_deadline"],
                          row["outcome_offered_on"])
    return Application(
        id=row["id"], company=row["company"], role=row["role"], country=row["country"],
        subdivision=row["subdivision"], applied_on=row["applied_on"], source=row["source"],
        interested=row["interested"], people=tuple(people), interviews=tuple(interviews),
        interactions=tuple(interactions), outcome=outcome, archived=bool(row["archived"]),
    )


def write_applications(conn: sa.Connection, apps: Sequence[Application], positions: dict[str, int]) -> None:
    """Replace the stored facts of these applications (insert the new ones)."""
    if not apps:
        return
    ids = [a.id for a in apps]
    _remember_applications(conn, ids)
    for table in (t.people, t.interviews, t.interactions):
        conn.execute(sa.delete(table).where(table.c.application_id.in_(ids)))
    existing = set(conn.execute(sa.select(t.applications.c.id).where(t.applications.c.id.in_(ids))).scalars())
    rows = [_application_row(a, positions[a.id]) for a in apps]
    fresh = [r for r in rows if r["id"] not in existing]
    if fresh:
        conn.execute(sa.insert(t.applications), fresh)
    for row in rows:
        if row["id"] in existing:
            conn.execute(sa.update(t.applications).where(t.applications.c.id == row["id"]).values(**row))
    people_rows, interview_rows, interaction_rows = [], [], []
    for a in apps:
        people_rows += [{"application_id": a.id, "position": n, "name": p.name, "role": p.role,
                         "title": p.title, "email": p.email, "phone": p.phone} for n, p in enumerate(a.people)]
        interview_rows += [_interview_row(a.id, n, i) for n, i in enumerate(a.interviews)]
        interaction_rows += [{"application_id": a.id, "position": n, "on": i.on, "direction": i.direction,
                              "kind": i.kind, "person": i.person, "channel": i.channel,
                              "decision_expected": i.decision_expected, "forced": i.forced,
                              "call": i.call, "note": i.note}
                             for n, i in enumerate(a.interactions)]
    for table, batch in ((t.people, people_rows), (t.interviews, interview_rows),
                         (t.interactions, interaction_rows)):
        if batch:
            conn.execute(sa.insert(table), batch)


def _remember_applications(conn: sa.Connection, ids: Sequence[str]) -> None:
    """Keep, in the journal entry being gathered, these applications as they were before this change."""
    entry = journal.current(conn)
    if entry is None:
        return
    fresh = [i for i in ids if i not in entry.applications]
    if not fresh:
        return
    before = {a.id: a for start in range(0, len(fresh), 500) for a in read_applications(conn, fresh[start:start + 500])}
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


def _application_row(a: Application, position: int) -> dict[str, Any]:
    o = a.outcome
    return {"id": a.id, "position": position, "company": a.company, "role": a.role, "country": a.country,
            "subdivision": a.subdivision, "applied_on": a.applied_on, "source": a.source,
            "interested": a.interested, "archived": a.archived, "outcome_kind": o.kind if o else None,
            "outcome_on": o.on if o else None, "outcome_deadline": o.deadline if o else None,
            "outcome_offered_on": o.offered_on if o else None}


def _interview_row(application_id: str, position: int, i: Interview) -> dict[str, Any]:
    return {"application_id": application_id, "position": position, "on": i.on, "round": i.round, "at": i.at,
            "format": i.format, "interviewers": list(i.interviewers), "decision_expected": i.decision_expected,
            "second_round_expected": i.second_round_expected, "follow_up": plain.follow_up_plain(i.follow_up),
            "employer_away": plain.away_plain(i.employer_away),
            "references_will_be_checked": i.references_will_be_checked, "chances": i.chances,
            "notes": plain.notes_plain(i.notes), "debrief": plain.debrief_plain(i.debrief)}


def ids_with_outcome(conn: sa.Connection) -> set[str]:
    return set(conn.execute(sa.select(t.applications.c.id).where(t.applications.c.outcome_kind.is_not(None)))
               .scalars())


def companies_of(conn: sa.Connection, ids: Iterable[str]) -> set[str]:
    query = sa.select(t.applications.c.company).where(t.applications.c.id.in_(list(ids)))
    return set(conn.execute(query).scalars())


def ids_of_companies(conn: sa.Connection, companies: Iterable[str]) -> set[str]:
    """Applications to any of these companies, whatever the capitalisation."""
    folded = [c.lower() for c in companies]
    if not folded:
        return set()
    query = sa.select(t.applications.c.id).where(sa.func.lower(t.applications.c.company).in_(folded))
    return set(conn.execute(query).scalars())


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


def read_search_around(conn: sa.Connection, app_id: str) -> JobSearch:
    """The search as one note needs it: its company's applications in full, every other one by its
    people only (names to keep out of the note), so drafting stays quick on a large store."""
    full_ids = ids_of_companies(conn, companies_of(conn, [app_id])) | {app_id}
    full = {a.id: a for a in read_applications(conn, full_ids)}
    people: dict[str, list[Person]] = defaultdict(list)
    for row in conn.execute(sa.select(t.people).order_by(t.people.c.application_id, t.people.c.position)).mappings():
        people[row["application_id"]].append(_person(row))
    rows = conn.execute(sa.select(t.applications).order_by(t.applications.c.position)).mappings()
    apps = tuple(full.get(row["id"]) or _application(row, people.get(row["id"], []), [], []) for row in rows)
    return JobSearch(read_profile(conn), read_references(conn), apps, ())


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


# ---- the materialised plan -------------------------------------------------------


def task_row(x: Task) -> dict[str, Any]:
    return {"id": x.id, "application_id": x.application, "company": x.company, "kind": x.kind,
            "person": x.person, "due": x.due, "deadline": x.deadline, "status": x.status, "channel": x.channel,
            "reason": x.reason, "created": x.created, "rank": KIND_RANK.get(x.kind, 99), "round": x.round}


def _stored_statuses(conn: sa.Connection, application_ids: list[str] | None) -> dict[str, str]:
    query = sa.select(t.tasks.c.id, t.tasks.c.status)
    if application_ids is None:
        return {row.id: row.status for row in conn.execute(query)}
    found: dict[str, str] = {}
    for start in range(0, len(application_ids), 500):
        chunk = query.where(t.tasks.c.application_id.in_(application_ids[start:start + 500]))
        found.update({row.id: row.status for row in conn.execute(chunk)})
    return found


def replace_tasks(conn: sa.Connection, application_ids: Iterable[str] | None, tasks: Sequence[Task],
                  *, release: Iterable[str] = ()) -> None:
    """Bring the stored plan of these applications (all when None) in step with `tasks`.

    History the user made stays as it is: a task stored as done or skipped keeps
    that row whatever a later derivation says (a rule change or a new fact never
    turns a check-in already made into "cancelled"); only `release` (used by undo)
    lets such rows follow the facts again. A task that was never open — planned and
    cancelled by facts already on file — is not stored: the plan grows with what
    can still happen, not with everything that might have.
    """
    ids = None if application_ids is None else list(application_ids)
    stored = _stored_statuses(conn, ids)
    released = set(release)
    kept = {task_id for task_id, status in stored.items()
            if status in HISTORY_STATUSES and task_id not in released}
    entry = journal.current(conn)
    rows = []
    for x in tasks:
        if x.id in kept:
            continue
        if x.status == "cancelled" and x.id not in stored:
            continue
        if entry is not None and x.status in HISTORY_STATUSES and stored.get(x.id) not in HISTORY_STATUSES \
                and x.id not in entry.tasks:
            entry.tasks[x.id] = stored.get(x.id)
        rows.append(task_row(x))
    stale = [task_id for task_id in stored if task_id not in kept]
    for start in range(0, len(stale), 500):
        conn.execute(sa.delete(t.tasks).where(t.tasks.c.id.in_(stale[start:start + 500])))
    if rows:
        conn.execute(sa.insert(t.tasks), rows)


def set_no_response(conn: sa.Connection, quiet: dict[str, date | None]) -> None:
    for app_id, day in quiet.items():
        conn.execute(sa.update(t.applications).where(t.applications.c.id == app_id).values(no_response_from=day))


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


def is_snoozed(conn: sa.Connection, task_id: str, as_of: date) -> bool:
    return conn.execute(sa.text(queries.SNOOZED), {"task_id": task_id, "as_of": as_of}).first() is not None


def read_snoozes(conn: sa.Connection) -> dict[str, date]:
    return {row.task_id: row.until_day for row in conn.execute(sa.select(t.snoozes))}


def write_snooze(conn: sa.Connection, task_id: str, until: date, as_of: date) -> None:
    """Leave a task off Today until `until` (snoozes already over are cleared on the way)."""
    conn.execute(sa.delete(t.snoozes).where(sa.or_(t.snoozes.c.task_id == task_id, t.snoozes.c.until_day <= as_of)))
    conn.execute(sa.insert(t.snoozes).values(task_id=task_id, until_day=until))


def active_count(conn: sa.Connection, as_of: date) -> tuple[int, bool]:
    """Applications still in play on `as_of`, and whether an offer was accepted by then."""
    row = conn.execute(sa.text(queries.ACTIVE_AND_ACCEPTED), {"as_of": as_of}).one()
    return int(row.active), int(row.accepted) > 0
