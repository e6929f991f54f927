"""Keeping the stored plan in step with a derivation, without losing what the user did.

The `tasks` table is the plan, materialised. Deriving it again writes only the rows
that differ from what is stored; a task the user closed (done, skipped) keeps its
row whatever a later derivation says; and the journal entry being gathered learns
which tasks became history, so `undo` can put them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from afterview.domain.model import KIND_RANK, Task
from afterview.store import journal
from afterview.store import schema as t
from afterview.store.bulk import FEW, chunks, indexes_built_after, insert_many, select_rows

# Task statuses the user made: kept as they are however the plan is derived again.
HISTORY_STATUSES = ("done", "skipped")


def task_row(x: Task) -> dict[str, Any]:
    return dict(zip(COLUMNS, _row(x), strict=True))


# A task's row, in this order; a stored task is compared as the same tuple without its id,
# days as YYYY-MM-DD text (which both databases give back for a cast), so that deriving a
# plan again can tell in one pass which rows really changed.
COLUMNS = ("id", "status", "application_id", "company", "kind", "person", "due", "deadline", "channel", "reason",
           "created", "rank", "round")
_DAYS = frozenset({"due", "deadline", "created"})


def _row(x: Task) -> tuple[Any, ...]:
    return (x.id, x.status, x.application, x.company, x.kind, x.person, x.due, x.deadline, x.channel, x.reason,
            x.created, KIND_RANK.get(x.kind, 99), x.round)


def _comparable(x: Task) -> tuple[Any, ...]:
    return (x.status, x.application, x.company, x.kind, x.person, x.due.isoformat(),
            None if x.deadline is None else x.deadline.isoformat(), x.channel, x.reason, x.created.isoformat(),
            KIND_RANK.get(x.kind, 99), x.round)


def _stored_tasks(conn: sa.Connection, application_ids: list[str] | None) -> dict[str, tuple[Any, ...]]:
    columns = [sa.cast(t.tasks.c[c], sa.String) if c in _DAYS else t.tasks.c[c] for c in COLUMNS]
    query = sa.select(*columns)
    if application_ids is None:
        return {row[0]: row[1:] for row in select_rows(conn, query)}
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(application_ids):
        found.update({row[0]: row[1:] for row in select_rows(conn, query.where(t.tasks.c.application_id.in_(chunk)),
                                                            few=len(chunk) <= FEW)})
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

    Only rows that differ from what is stored are written: deriving an unchanged
    plan again writes nothing, and recording one fact rewrites a handful of rows.
    """
    ids = None if application_ids is None else list(application_ids)
    stored = _stored_tasks(conn, ids)
    released = set(release)
    kept = {task_id for task_id, row in stored.items()
            if row[0] in HISTORY_STATUSES and task_id not in released}
    entry = journal.current(conn)
    changed: list[Task] = []
    same: set[str] = set()
    for x in tasks:
        if x.id in kept:
            continue
        before = stored.get(x.id)
        if before is None and x.status == "cancelled":
            continue
        status_before = None if before is None else before[0]
        # (A task of an application this change created needs no mark: undo removes it with it.)
        if entry is not None and x.status in HISTORY_STATUSES and status_before not in HISTORY_STATUSES \
                and x.id not in entry.tasks and not _created_here(entry, x.application):
            entry.tasks[x.id] = status_before
        if before is not None and before == _comparable(x):
            same.add(x.id)
            continue
        changed.append(x)
    stale = [task_id for task_id in stored if task_id not in kept and task_id not in same]
    for chunk in chunks(stale):
        conn.execute(sa.delete(t.tasks).where(t.tasks.c.id.in_(chunk)))
    with indexes_built_after(conn, t.tasks, len(changed)):
        insert_many(conn, t.tasks, COLUMNS, (_row(x) for x in changed))


def _created_here(entry: journal.Entry, app_id: str | None) -> bool:
    return app_id is not None and app_id in entry.applications and entry.applications[app_id] is None


def set_no_response(conn: sa.Connection, quiet: dict[str, date | None]) -> None:
    """Store the day each application went quiet for good; only the days that changed are written."""
    query = sa.select(t.applications.c.id, t.applications.c.no_response_from)
    ids = list(quiet)
    if len(ids) > 500:
        current = {row.id: row.no_response_from for row in conn.execute(query)}
    else:
        current = {row.id: row.no_response_from for row in conn.execute(query.where(t.applications.c.id.in_(ids)))}
    changed = [{"key": app_id, "day": day} for app_id, day in quiet.items() if current.get(app_id, day) != day]
    if changed:
        update = sa.update(t.applications).where(t.applications.c.id == sa.bindparam("key"))
        conn.execute(update.values(no_response_from=sa.bindparam("day")), changed)
