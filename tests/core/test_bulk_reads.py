"""Whole-search reads bypass SQLAlchemy's per-value processing; they must read the same values.

`bulk.select_rows` hands a select to the driver and converts only the columns that
need it. Every stored column of every fact table (and tasks, with the casts the
plan comparison uses) must come back exactly as SQLAlchemy's own reading gives it,
on SQLite and PostgreSQL; a new column type it cannot read is refused, not guessed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from benchmarks.core_corpus import build

from afterview.services.documents import import_document
from afterview.services.store import open_store
from afterview.store import bulk
from afterview.store import schema as t
from afterview.store.bulk import select_rows

AS_OF = date(2026, 11, 23)
TABLES = (t.applications, t.people, t.interviews, t.interactions, t.tasks)


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_every_column_reads_as_sqlalchemy_reads_it(database_url: str, table: sa.Table) -> None:
    store = open_store(database_url)
    import_document(store, json.dumps(build(30, AS_OF)))
    query = sa.select(table).order_by(*table.primary_key.columns)
    with store.reading() as conn:
        expected = [tuple(row) for row in conn.execute(query)]
        found = select_rows(conn, query)
        narrowed = query.where(table.primary_key.columns.values()[0].in_([row[0] for row in expected[:3]]))
        some = select_rows(conn, narrowed)
    assert expected, f"the generated search stores no {table.name}"
    assert found == expected
    assert [tuple(type(v) for v in row) for row in found] == [tuple(type(v) for v in row) for row in expected]
    assert some == expected[:3]


def test_a_column_type_without_a_plain_reading_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "store.sqlite3"))
    query = sa.select(sa.cast(t.tasks.c.due, sa.DateTime))
    with store.reading() as conn, pytest.raises(TypeError, match="no plain reading"):
        select_rows(conn, query)


def _index_sql(store) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with store.reading() as conn:
        return sorted(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' AND sql IS NOT NULL"))


def test_a_large_first_import_builds_the_plan_indexes_as_migrations_made_them(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bulk, "INDEX_AFTER", 50)  # the small search below fills the plan past it
    fresh = open_store(str(tmp_path / "fresh.sqlite3"))
    made = _index_sql(fresh)
    store = open_store(str(tmp_path / "store.sqlite3"))
    import_document(store, json.dumps(build(30, AS_OF)))
    assert [name for name, _ in made] == ["ix_tasks_application_id", "ix_tasks_status_due"]
    assert _index_sql(store) == made
    with store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        plan = " ".join(str(row) for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE status = 'open' AND due <= '2026-11-23' ORDER BY due"))
    assert "ix_tasks_status_due" in plan


def test_a_failed_fill_leaves_the_indexes_in_place(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "store.sqlite3"))
    made = _index_sql(store)
    with pytest.raises(RuntimeError), store.transaction("test") as conn, \
            bulk.indexes_built_after(conn, t.tasks, bulk.INDEX_AFTER):
        raise RuntimeError("the fill failed")
    assert _index_sql(store) == made
