"""Keeping the materialised plan in step with the facts, and reading it back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from afterview.domain.calendars import UnknownRegion
from afterview.domain.model import Application, Dismissal, JobSearch, Task, sort_tasks
from afterview.domain.outcome_rules import LIVE_OFFER_KINDS, OFFER_KINDS, needs_answered_offers
from afterview.domain.pipeline import keep_searching, keep_searching_id, local_day, no_response_from, with_weekly
from afterview.domain.playbook import derive_plan
from afterview.services import collector
from afterview.services.errors import NotFound, UserError
from afterview.store import plan_writing, queries, snoozes
from afterview.store import repository as repo
from afterview.store.bounces import with_bounces


def replan(conn: sa.Connection, ids: Iterable[str] | None = None, *, release: Iterable[str] = (),
           written: JobSearch | None = None) -> int:
    """Derive the plan again for these applications (every one when None); returns the task count.

    Leverage and withdrawal notes depend on the other applications' offers, and
    status contacts are spaced per company, so the caller widens `ids` when a
    change reaches beyond one application (see `affected`). `written`: the whole
    search exactly as the caller has just stored it (an import), so it is not read back.
    """
    wanted = None if ids is None else set(ids)
    with collector.paused():
        return _replan(conn, wanted, release, written)


def _replan(conn: sa.Connection, wanted: set[str] | None, release: Iterable[str], written: JobSearch | None) -> int:
    if written is not None and wanted is None:
        search = written
    else:
        dismissals = repo.read_dismissals(conn)
        search = JobSearch(repo.read_profile(conn), repo.read_references(conn),
                           tuple(_applications(conn, wanted, dismissals)), dismissals)
    try:
        tasks = with_bounces(conn, derive_plan(search, only=wanted))
    except UnknownRegion as problem:
        raise UserError(str(problem)) from None
    by_app: dict[str, list[Task]] = {a.id: [] for a in search.applications if wanted is None or a.id in wanted}
    for task in tasks:
        by_app[task.application or ""].append(task)
    quiet = {app_id: no_response_from(found) for app_id, found in by_app.items()}
    plan_writing.replace_tasks(conn, None if wanted is None else quiet.keys(), tasks, release=release)
    plan_writing.set_no_response(conn, quiet)
    return len(tasks)


def _applications(conn: sa.Connection, wanted: set[str] | None,
                  dismissals: Iterable[Dismissal]) -> list[Application]:
    if wanted is None:
        return repo.read_applications(conn)
    # Only what these plans can depend on: themselves and their companies in full, and the offers
    # elsewhere by their own row (what and when; not their people and contacts): those still open
    # or taken, and the answered ones too only for a plan with leverage history. Another ending
    # (a rejection, a withdrawal) reaches no other plan, so it is not read.
    full = wanted | repo.ids_of_companies(conn, repo.companies_of(conn, wanted))
    found = repo.read_with_outcomes(conn, full, LIVE_OFFER_KINDS)
    if needs_answered_offers((a for a in found if a.id in wanted), (d.task for d in dismissals)):
        found = repo.read_with_outcomes(conn, full, OFFER_KINDS)
    return found


def affected(conn: sa.Connection, before: Application | None, after: Application) -> set[str] | None:
    """Which plans a change to one application touches; None means all of them."""
    if before is None or before.outcome != after.outcome:
        return None
    return repo.ids_of_companies(conn, {after.company}) | {after.id}


def plan(conn: sa.Connection, as_of: date, *, application: str | None = None,
         include_all: bool = False) -> list[Task]:
    if application is not None and application not in repo.application_ids(conn):
        raise NotFound(f"no application {application!r}; `afterview plan` lists them all")
    statuses = None if include_all else ("open",)
    tasks = repo.read_tasks(conn, application=application, statuses=statuses)
    if application is None:
        weekly = weekly_task(conn, as_of)
        if weekly is not None and (include_all or weekly.status == "open"):
            tasks.append(weekly)
    return sort_tasks(tasks)


def today(conn: sa.Connection, as_of: date, limit: int | None = None) -> tuple[list[Task], int]:
    """The first `limit` open tasks due on or before `as_of`, most overdue first, and how many in all."""
    tasks, total = repo.open_due(conn, as_of, limit)
    weekly = weekly_task(conn, as_of)
    if weekly is not None and snoozes.is_snoozed(conn, weekly.id, as_of):
        weekly = None
    return with_weekly(tasks, total, weekly, as_of, limit)


def local_today(conn: sa.Connection) -> date:
    row = conn.execute(sa.text(queries.TIMEZONE)).first()
    return local_day(row[0] if row else None)


def weekly_task(conn: sa.Connection, as_of: date) -> Task | None:
    active, accepted = repo.active_count(conn, as_of)
    profile = repo.read_profile(conn)
    dismissed = conn.execute(sa.text(queries.DISMISSED_AS), {"task_id": keep_searching_id(as_of)}).scalar()
    return keep_searching(as_of, active, profile.pipeline_target, accepted, dismissed)


def find_task(conn: sa.Connection, task_id: str, as_of: date) -> Task:
    task = repo.read_task(conn, task_id)
    if task is None:
        weekly = weekly_task(conn, as_of)
        if weekly is not None and weekly.id == task_id:
            return weekly
        raise NotFound(f"no task {task_id!r}; `afterview plan --all` shows every task id")
    return task
