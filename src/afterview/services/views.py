"""What the screens show: today's list, the pipeline by stage, one application in full.

Read-only use-cases for the web app (and any other interface), plus snoozing,
which is a display preference and not a fact: a snoozed task stays in the plan
with its own date and reason, and is only left off Today until the snooze ends.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from afterview.domain.cadence import check_contact
from afterview.domain.model import (
    STATUS_KINDS,
    Application,
    Dismissal,
    Interview,
    Outcome,
    Task,
    sort_tasks,
)
from afterview.domain.pipeline import STAGES, stage
from afterview.domain.playbook import employer_calendar
from afterview.domain.wording import snooze_refusal
from afterview.services.errors import NotFound, UserError
from afterview.services.planning import find_task, today, weekly_task
from afterview.services.references import references_wanted
from afterview.services.store import Store
from afterview.store import queries
from afterview.store import repository as repo
from afterview.store import schema as t
from afterview.store.bounces import bounced_addresses


class ChangeWatch:
    """Tells cheaply whether anything in the store changed, by anyone (this process or the CLI).

    A connection of its own that never writes asks, on SQLite, `data_version`, which
    moves whenever another connection commits; on PostgreSQL, the current snapshot
    (the oldest running transaction, the next id to be given, the ones in between),
    which cannot stay the same across a commit: a transaction that writes is given
    an id and, once committed, is no longer in progress. Screens can then be kept
    until the data changes. `version()` is None when it cannot tell: nothing is kept.
    """

    def __init__(self, store: Store) -> None:
        import threading

        from afterview.store.engine import sqlite_path

        self._store = store
        self._lock = threading.Lock()
        path = sqlite_path(store.url)
        self._sqlite = None if path is None else sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
        self._server: sa.Connection | None = None
        # Whether asking costs a round trip to a server (PostgreSQL) rather than a look at a local file.
        self.remote = self._sqlite is None

    def version(self) -> Hashable | None:
        try:
            with self._lock:
                if self._sqlite is not None:
                    return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])
                if self._store.engine.dialect.name != "postgresql":
                    return None
                if self._server is None:
                    self._server = self._store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                return str(self._server.execute(sa.text("SELECT txid_current_snapshot()::text")).scalar_one())
        except (sqlite3.Error, sa.exc.SQLAlchemyError):
            self._drop_server()
            return None  # cannot tell: keep nothing, read afresh

    def _drop_server(self) -> None:
        if self._server is not None:
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                self._server.close()
            self._server = None

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        with self._lock:
            self._drop_server()


# ---- today -------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayView:
    as_of: date
    tasks: list[Task]
    total: int
    snoozed: int

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


def today_view(store: Store, as_of: date, limit: int) -> TodayView:
    """Open tasks due by `as_of`, most overdue first, without the snoozed ones (the same list as the CLI's)."""
    with store.reading() as conn:
        tasks, total = today(conn, as_of, limit)
        snoozed = _snoozed_count(conn, as_of)
    return TodayView(as_of, tasks, total, snoozed)


def _snoozed_count(conn: sa.Connection, as_of: date) -> int:
    """How many open tasks due by `as_of` are snoozed: one count over the snoozes, not a read per snooze."""
    stored = conn.execute(sa.text(queries.OPEN_DUE_SNOOZED), {"as_of": as_of}).scalar_one()
    # A snooze of a task that is not stored is of the weekly reminder, which is derived on the day.
    s = t.snoozes.c
    unstored = conn.execute(sa.select(s.task_id).where(
        s.until_day > as_of, ~sa.exists().where(t.tasks.c.id == s.task_id))).scalars().all()
    weekly = weekly_task(conn, as_of) if unstored else None
    return int(stored) + sum(1 for task_id in unstored if weekly is not None and weekly.id == task_id
                             and weekly.status == "open" and weekly.due <= as_of)


def snooze(store: Store, task_id: str, as_of: date) -> tuple[Task, date]:
    """Leave an open task off Today until the earliest day it may be done; returns the task and that day.

    For a status contact (check-in, final nudge) that is the first day the
    not-pestering guard allows it; for anything else, the employer's next
    business day (tomorrow for the weekly reminder).
    """
    with store.transaction(f"snooze {task_id}") as conn:
        task = find_task(conn, task_id, as_of)
        if task.status != "open":
            raise UserError(f"task {task_id!r} is already {task.status}; nothing to snooze", code="task-closed")
        until = _earliest(conn, task, as_of)
        if task.deadline is not None and until > task.deadline:
            # Hidden past its deadline is missed: a snooze never outlives the deadline.
            raise UserError(snooze_refusal(task.deadline, as_of), code="past-deadline")
        repo.write_snooze(conn, task.id, until, as_of)
        return task, until


def _earliest(conn: sa.Connection, task: Task, as_of: date) -> date:
    if task.application is None:
        return as_of + timedelta(days=1)
    app = repo.read_applications(conn, [task.application])[0]
    profile = repo.read_profile(conn)
    calendar = employer_calendar(app, profile)
    if task.kind in STATUS_KINDS:
        company = repo.read_applications(conn, repo.ids_of_companies(conn, {app.company}))
        contacts = [i for a in company for i in a.interactions if i.direction == "out"]
        verdict = check_contact(app, task.kind, as_of, contacts, calendar, profile.cadence)
        if not verdict.allowed:
            if verdict.earliest is None:
                raise UserError(f"{verdict.reason}. Only a reply can change that, so there is no date to "
                                f"snooze to; skip it instead")
            return verdict.earliest
    return calendar.add(as_of, 1)


# ---- the pipeline --------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineEntry:
    id: str
    company: str
    role: str | None
    stage: str
    applied_on: date | None
    last_interview: date | None
    outcome: Outcome | None
    next_step: Task | None = None  # the application's soonest open task: what to do next, and when


@dataclass(frozen=True)
class PipelineView:
    as_of: date
    active: int
    target: int
    counts: dict[str, int]
    entries: dict[str, list[PipelineEntry]]
    # The company whose offer was accepted: the search is won, and nothing asks to keep searching.
    won: str | None = None

    @property
    def below_target(self) -> bool:
        return self.won is None and self.active < self.target


def _first_on(column: sa.ColumnElement[Any], app_id: sa.ColumnElement[Any], as_of: date) -> Any:
    return (sa.select(column).where(t.interviews.c.application_id == app_id, t.interviews.c.on <= as_of)
            .scalar_subquery())


def pipeline_view(store: Store, as_of: date, *, per_stage: int = 50, stage_only: str | None = None,
                  offset: int = 0) -> PipelineView:
    """Every application's stage on `as_of`; at most `per_stage` listed per stage (from `offset` for one stage)."""
    if stage_only is not None and stage_only not in STAGES:
        raise UserError(f"stage: {stage_only!r} is not one of {', '.join(STAGES)}")
    a = t.applications.c
    query = sa.select(
        a.id, a.company, a.role, a.applied_on, a.interested, a.outcome_kind, a.outcome_on, a.outcome_deadline,
        a.no_response_from, _first_on(sa.func.min(t.interviews.c.on), a.id, as_of).label("first_on"),
        _first_on(sa.func.max(t.interviews.c.on), a.id, as_of).label("last_on"),
    ).where(a.archived.is_(False)).order_by(a.position.desc())  # archived: put away, out of the pipeline
    counts = dict.fromkeys(STAGES, 0)
    entries: dict[str, list[PipelineEntry]] = {s: [] for s in STAGES}
    with store.reading() as conn:
        target = repo.read_profile(conn).pipeline_target
        # The same count the weekly "keep searching" reminder uses, so the two never disagree.
        active, _ = repo.active_count(conn, as_of)
        for row in conn.execute(query):
            outcome = Outcome(row.outcome_kind, row.outcome_on, row.outcome_deadline) if row.outcome_kind else None
            # Only what stage() looks at: the outcome and whether an interview happened by now.
            shape = Application(row.id, row.company, interested=row.interested, outcome=outcome,
                                interviews=(Interview(row.first_on),) if row.first_on else ())
            where = stage(shape, row.no_response_from, as_of)
            counts[where] += 1
            if stage_only is not None and where != stage_only:
                continue
            skip = offset if stage_only is not None else 0
            if skip <= counts[where] - 1 < skip + per_stage:
                entries[where].append(PipelineEntry(row.id, row.company, row.role, where, row.applied_on,
                                                    row.last_on, outcome))
        steps = next_steps(conn, [e.id for listed in entries.values() for e in listed])
        won = conn.execute(sa.select(a.company).where(a.outcome_kind == "accepted", a.outcome_on <= as_of,
                                                      a.archived.is_(False)).order_by(a.outcome_on).limit(1)
                           ).scalar()
    entries = {s: [replace(e, next_step=steps.get(e.id)) for e in listed] for s, listed in entries.items()}
    return PipelineView(as_of, active, target, counts, entries, won)


def next_steps(conn: sa.Connection, app_ids: list[str]) -> dict[str, Task]:
    """Each application's first open task in plan order (soonest, then the playbook's order)."""
    found: dict[str, Task] = {}
    c = t.tasks.c
    for start in range(0, len(app_ids), 500):  # a bounded IN list on every database
        query = (sa.select(t.tasks).where(c.application_id.in_(app_ids[start:start + 500]), c.status == "open")
                 .order_by(c.application_id, c.due, c.rank, c.id))
        for row in conn.execute(query):
            if row.application_id not in found:
                found[row.application_id] = Task(row.id, row.application_id, row.company, row.kind, row.person,
                                                 row.due, row.deadline, row.status, row.channel, row.reason,
                                                 row.created, row.round)
    return found


def application_choices(store: Store, limit: int = 200) -> list[tuple[str, str]]:
    """(id, "Company — role") of the most recently added applications, for choosing one in a form."""
    a = t.applications.c
    query = sa.select(a.id, a.company, a.role).order_by(a.position.desc()).limit(limit)
    with store.reading() as conn:
        return [(r.id, f"{r.company} — {r.role}" if r.role else r.company) for r in conn.execute(query)]


def application_exists(store: Store, app_id: str) -> bool:
    with store.reading() as conn:
        return conn.execute(sa.select(t.applications.c.id).where(t.applications.c.id == app_id)).first() is not None


# ---- one application -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    what: str  # applied, interview, contact, reply, invitation, outcome
    item: Any


@dataclass(frozen=True)
class ApplicationView:
    app: Application
    stage: str
    tasks: list[Task]
    dismissals: Mapping[str, Dismissal]
    timeline: list[TimelineEntry]
    snoozed: Mapping[str, date]
    references_wanted: str | None = None  # why the plan needs references when none are on file
    # The people's addresses whose mail bounced, lower-cased, with why (read in the same snapshot).
    bounced: Mapping[str, str] = field(default_factory=dict)


def application_view(store: Store, app_id: str, as_of: date) -> ApplicationView:
    with store.reading() as conn:
        found = repo.read_applications(conn, [app_id])
        if not found:
            raise NotFound(f"no application {app_id!r}; the pipeline lists them all")
        app = found[0]
        # Every task of this one application (its existence is checked above, so no list of all ids).
        tasks = sort_tasks(repo.read_tasks(conn, application=app_id, statuses=None))
        ids = [x.id for x in tasks]
        dismissals: dict[str, Dismissal] = {}
        if ids:
            for r in conn.execute(sa.select(t.dismissals).where(t.dismissals.c.task_id.in_(ids))).mappings():
                dismissals[r["task_id"]] = Dismissal(r["task_id"], r["status"], r["on"], r["why"])
        snoozed = {k: v for k, v in repo.read_snoozes(conn, ids).items() if v > as_of} if ids else {}
        quiet = conn.execute(sa.select(t.applications.c.no_response_from)
                             .where(t.applications.c.id == app_id)).scalar()
        wanted = references_wanted(app, repo.read_references(conn))
        bounced = bounced_addresses(conn, (p.email or "" for p in app.people))
    return ApplicationView(app, stage(app, quiet, as_of), tasks, dismissals, _timeline(app), snoozed, wanted,
                           bounced)


def _timeline(app: Application) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    if app.applied_on is not None:
        entries.append(TimelineEntry(app.applied_on, "applied", app))
    entries += [TimelineEntry(i.on, "interview", i) for i in app.interviews]
    for i in app.interactions:
        what = "contact" if i.direction == "out" else ("invitation" if i.kind == "invitation" else "reply")
        entries.append(TimelineEntry(i.on, what, i))
    if app.outcome is not None:
        entries.append(TimelineEntry(app.outcome.on, "outcome", app.outcome))
    order = {"applied": 0, "interview": 1, "contact": 2, "reply": 3, "invitation": 3, "outcome": 4}
    return sorted(entries, key=lambda e: (e.on, order[e.what]))
