"""Recording one fact reads what that application's plan needs, not the store (and showing one
application reads what its page shows).

What is counted is every row the database hands back while one contact is logged and
one task is marked done (SQLite through a cursor that counts what it fetches,
PostgreSQL by the rows each statement returned). Other applications come in only as
far as another plan depends on them: the same company's in full, and those holding an
offer by their own row; an application merely rejected elsewhere is not read at all.
The company's applications are found through an index, not by walking every row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from benchmarks.core_corpus import build

from afterview.services import documents, facts, planning, views
from afterview.services.store import Store, open_store
from afterview.store import repository as repo
from afterview.store import schema as t
from afterview.store import snoozes
from tests.support.counting_rows import RowCounter, count_sqlite_rows

AS_OF = date(2026, 11, 23)


@pytest.fixture
def counter(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[type[RowCounter]]:
    """Counts the rows every connection opened from here on is handed back."""
    if database_url.startswith("sqlite"):
        yield count_sqlite_rows(monkeypatch)
        return

    def returned(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            RowCounter.rows += max(cursor.rowcount, 0)  # psycopg: the rows a SELECT gave back

    sa.event.listen(sa.Engine, "after_cursor_execute", returned)
    try:
        yield RowCounter
    finally:
        sa.event.remove(sa.Engine, "after_cursor_execute", returned)


def _document(applications: int, rejected_elsewhere: int = 0, declined_elsewhere: int = 0) -> dict[str, Any]:
    document = build(applications, AS_OF)
    for n in range(rejected_elsewhere):
        document["applications"].append({
            "id": f"gone-{n:04d}", "company": f"Gone Elsewhere {n}", "role": "Analyst",
            "applied_on": "2026-06-01", "outcome": {"kind": "rejected", "on": "2026-07-01"}})
    for n in range(declined_elsewhere):
        document["applications"].append({
            "id": f"declined-{n:04d}", "company": f"Declined Elsewhere {n}", "role": "Analyst",
            "applied_on": "2026-06-01", "outcome": {"kind": "declined", "on": "2026-07-03",
                                                    "offered_on": "2026-07-01"}})
    return document


def _store(url: str, document: dict[str, Any]) -> Store:
    store = open_store(url)
    documents.import_document(store, json.dumps(document))
    return store


def _rows_for_one_write(store: Store, counter: type[RowCounter]) -> int:
    with store.reading() as conn:
        solo, app = conn.execute(sa.select(t.tasks.c.id, t.tasks.c.application_id).where(
            t.tasks.c.status == "open", t.tasks.c.kind == "debrief").order_by(t.tasks.c.id)).first()  # type: ignore[misc]
        person = conn.execute(sa.select(t.people.c.name).where(t.people.c.application_id == app)
                              .order_by(t.people.c.position)).scalars().first()
    counter.rows = 0
    facts.log_contact(store, app, kind="other", person=person, on=AS_OF, force=True)
    facts.complete(store, solo, AS_OF)
    return counter.rows


@pytest.fixture
def second_url(database_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another empty database of the same kind."""
    if database_url.startswith("sqlite"):
        yield database_url.replace("afterview.sqlite3", "second.sqlite3")
        return
    from tests.conftest import fresh_database_name
    from tests.support.postgres import fresh_database

    with fresh_database(request.getfixturevalue("postgres_server_url"), fresh_database_name()) as url:
        yield url


def test_an_ending_elsewhere_that_no_plan_depends_on_is_not_read(database_url: str, second_url: str,
                                                                  counter: type[RowCounter]) -> None:
    plain = _rows_for_one_write(_store(database_url, _document(60)), counter)
    with_rejections = _rows_for_one_write(_store(second_url, _document(60, rejected_elsewhere=200)), counter)
    # Reading every application with an outcome (as a write once did) fetched 400 rows more here.
    assert with_rejections == plain, (plain, with_rejections)


def test_an_offer_declined_elsewhere_is_not_read_for_a_plan_without_leverage_history(
        database_url: str, second_url: str, counter: type[RowCounter]) -> None:
    plain = _rows_for_one_write(_store(database_url, _document(60)), counter)
    with_declined = _rows_for_one_write(_store(second_url, _document(60, declined_elsewhere=200)), counter)
    assert with_declined == plain, (plain, with_declined)


def test_the_company_of_a_write_is_found_through_an_index(database_url: str) -> None:
    store = _store(database_url, _document(40))
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "lower(applications.company)" in statement:
            seen.append((statement, parameters))

    with store.reading() as conn:
        app = conn.execute(sa.select(t.applications.c.id).order_by(t.applications.c.id)).scalars().first()
        person = conn.execute(sa.select(t.people.c.name).where(t.people.c.application_id == app)).scalars().first()
    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        facts.log_contact(store, app, kind="other", person=person, on=AS_OF, force=True)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    assert seen, "the write no longer looks the company up by its folded name"
    with store.reading() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        for statement, parameters in seen:
            if conn.dialect.name == "sqlite":
                plan = " ".join(str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))
                assert "ix_applications_company_lower" in plan, plan
            else:
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a table this small is walked otherwise
                plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters))
                assert "ix_applications_company_lower" in plan, plan


def test_reading_one_application_again_compiles_no_statement(database_url: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A page or a write reads a few applications many times over: each statement is compiled once
    and kept (compiling one again every time cost more than reading its few rows)."""
    store = _store(database_url, _document(40))
    with store.reading() as conn:
        first = conn.execute(sa.select(t.applications.c.id).order_by(t.applications.c.id)).scalars().first()
        assert first is not None
        repo.read_applications(conn, [first])
        planning.replan(conn, {first})
        compiled: list[object] = []
        real = conn.dialect.statement_compiler

        def counted(*args: Any, **kwargs: Any) -> Any:
            compiled.append(args[1])
            return real(*args, **kwargs)

        monkeypatch.setattr(conn.dialect, "statement_compiler", counted)
        assert repo.read_applications(conn, [first])[0].people
        planning.replan(conn, {first})
    assert compiled == []


def test_one_applications_page_reads_no_snooze_of_another(database_url: str, second_url: str,
                                                          counter: type[RowCounter]) -> None:
    """Snoozes pile up with use: a page reads its own tasks' snoozes, not the others'."""
    quiet, snoozed = _store(database_url, _document(60)), _store(second_url, _document(60))
    with snoozed.transaction("snooze many") as conn:
        others = conn.execute(sa.select(t.tasks.c.id).where(t.tasks.c.application_id != "app-00007",
                                                            t.tasks.c.status == "open")).scalars().all()
        for task_id in others[:200]:
            snoozes.put_snooze(conn, task_id, date(2026, 12, 24))
    rows = []
    for store in (quiet, snoozed):
        views.application_view(store, "app-00007", AS_OF)  # the first connection's own reads aside
        counter.rows = 0
        views.application_view(store, "app-00007", AS_OF)
        rows.append(counter.rows)
    assert rows[1] == rows[0], rows
