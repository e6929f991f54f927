"""Deriving every plan again writes only what changed, on SQLite and PostgreSQL.

`afterview replan` derives the whole plan and compares it with the stored rows: a
plan that did not change costs reads only, and a row that drifted from what the
facts say (any of its columns, its round too) is written back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from benchmarks.core_corpus import build

from afterview.services import planning
from afterview.services.documents import import_document
from afterview.services.store import Store, open_store
from afterview.store import schema as t

AS_OF = date(2026, 11, 23)
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def store(database_url: str) -> Store:
    found = open_store(database_url)
    import_document(found, json.dumps(build(40, AS_OF)))
    return found


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every statement that writes, as the database is sent it, while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


def _replan(store: Store) -> int:
    with store.transaction("replan") as conn:
        return planning.replan(conn)


def _rows(store: Store) -> list[Any]:
    with store.reading() as conn:
        return [tuple(row) for row in conn.execute(sa.select(t.tasks).order_by(t.tasks.c.id))]


def test_deriving_an_unchanged_plan_again_writes_nothing(store: Store) -> None:
    before = _rows(store)
    with statements(store) as written:
        assert _replan(store) > len(before) // 2
    assert written == []  # not a task, not a day gone quiet, not a journal entry
    assert _rows(store) == before


def test_a_row_that_drifted_from_the_facts_is_written_back_and_only_it(store: Store) -> None:
    before = _rows(store)
    open_ones = sa.select(t.tasks.c.id).where(t.tasks.c.status == "open")  # (history is kept as it is)
    with store.transaction("edit") as conn:
        some = conn.execute(open_ones.where(t.tasks.c.round.is_not(None)).order_by(t.tasks.c.id)).scalars().first()
        other = conn.execute(open_ones.where(t.tasks.c.id != some).order_by(t.tasks.c.id.desc())).scalars().first()
        conn.execute(sa.update(t.tasks).where(t.tasks.c.id == some).values(round=None))
        conn.execute(sa.update(t.tasks).where(t.tasks.c.id == other).values(reason="edited by hand"))
    assert _rows(store) != before
    with statements(store) as written:
        _replan(store)
    assert _rows(store) == before
    # One delete and one insert of the two rows, whatever their number among the rest.
    assert sorted(statement.split()[0].upper() for statement in written) == ["DELETE", "INSERT"]


def test_a_task_missing_from_the_store_is_added_back(store: Store) -> None:
    before = _rows(store)
    with store.transaction("edit") as conn:
        conn.execute(sa.delete(t.tasks).where(t.tasks.c.id == before[0][0]))
    _replan(store)
    assert _rows(store) == before
