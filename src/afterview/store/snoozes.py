"""Snoozes: tasks left off Today until a day (a display preference, not a fact)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from afterview.store import journal, queries
from afterview.store import schema as t


def is_snoozed(conn: sa.Connection, task_id: str, as_of: date) -> bool:
    return conn.execute(sa.text(queries.SNOOZED), {"task_id": task_id, "as_of": as_of}).first() is not None


def read_snoozes(conn: sa.Connection, task_ids: Sequence[str] | None = None) -> dict[str, date]:
    """Every snooze, or those of these tasks (one application's page reads its own, not all)."""
    query = sa.select(t.snoozes)
    if task_ids is not None:
        query = query.where(t.snoozes.c.task_id.in_(list(task_ids)))
    return {row.task_id: row.until_day for row in conn.execute(query)}


def write_snooze(conn: sa.Connection, task_id: str, until: date, as_of: date) -> None:
    """Leave a task off Today until `until` (snoozes already over are cleared on the way)."""
    conn.execute(sa.delete(t.snoozes).where(t.snoozes.c.until_day <= as_of, t.snoozes.c.task_id != task_id))
    put_snooze(conn, task_id, until)


def put_snooze(conn: sa.Connection, task_id: str, until: date) -> None:
    """Snooze one task (the snooze before stays in the journal, so undo takes this one back)."""
    before = conn.execute(sa.select(t.snoozes.c.until_day).where(t.snoozes.c.task_id == task_id)).scalar()
    if before == until:
        return
    journal.remember_kept(conn, "snoozes", task_id, None if before is None else {"until": before.isoformat()})
    conn.execute(sa.delete(t.snoozes).where(t.snoozes.c.task_id == task_id))
    conn.execute(sa.insert(t.snoozes).values(task_id=task_id, until_day=until))
