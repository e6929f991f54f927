"""The same use-cases on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from afterview.domain.model import Interview, Person
from afterview.services import facts, planning
from afterview.services.demo import demo_document, load_demo
from afterview.services.documents import export_document, import_document
from afterview.services.errors import NotFound, Refused, UserError
from afterview.services.store import Store, open_store
from afterview.store.migrate import MIGRATIONS
from afterview.store.queries import SCHEMA_REVISION

AS_OF = date(2026, 11, 23)


@pytest.fixture
def store(database_url: str) -> Store:
    return open_store(database_url)


def test_the_schema_is_migrated_with_alembic_to_the_newest_revision(store: Store) -> None:
    with store.reading() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
    newest = sorted(p.name.split("_")[0] for p in (MIGRATIONS / "versions").glob("*.py"))[-1]
    assert newest == SCHEMA_REVISION


def test_sqlite_is_configured_deliberately(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "file.sqlite3"))
    with store.reading() as conn:
        pragmas = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": 1}


def test_demo_export_import_export_is_the_same_document(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    load_demo(store, AS_OF)
    first = export_document(store)
    other = open_store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    import_document(other, first)
    assert export_document(other) == first
    with store.reading() as a, other.reading() as b:
        assert planning.plan(a, AS_OF, include_all=True) == planning.plan(b, AS_OF, include_all=True)


def test_importing_the_same_document_twice_changes_nothing(store: Store) -> None:
    text = json.dumps(demo_document(AS_OF))
    import_document(store, text)
    once = export_document(store)
    summary = import_document(store, text)
    assert summary.added == 0
    assert export_document(store) == once


def test_an_invalid_document_writes_nothing(store: Store) -> None:
    load_demo(store, AS_OF)
    before = export_document(store)
    document = demo_document(AS_OF)
    document["applications"][0]["interviews"][0]["interviewers"].append("Nobody Known")
    with pytest.raises(UserError, match=r"^\$\.applications\[0\]\.interviews\[0\]\.interviewers\[2\]: 'Nobody Known'"):
        import_document(store, json.dumps(document))
    assert export_document(store) == before


def test_today_lists_overdue_first_and_only_open_tasks_due(store: Store) -> None:
    load_demo(store, AS_OF)
    with store.reading() as conn:
        tasks, total = planning.today(conn, AS_OF)
        first, same_total = planning.today(conn, AS_OF, limit=3)
    assert tasks and all(t.status == "open" and t.due <= AS_OF for t in tasks)
    assert (first, same_total) == (tasks[:3], total) and total == len(tasks)
    assert [t.due for t in tasks] == sorted(t.due for t in tasks)
    assert any(t.kind == "keep_searching" for t in tasks) is False  # five active applications


def test_logging_an_interview_plans_thank_yous_and_done_completes_them(store: Store) -> None:
    interview = Interview(on=date(2026, 11, 25), interviewers=("Jane Doe", "Bob Roe"))
    tasks = facts.log_interview(store, "acme", interview, [Person("Jane Doe", email="jane@acme.example"),
                                                          Person("Bob Roe", "hiring_manager")],
                                company="Acme", role="Clerk").tasks
    thank_yous = [t for t in tasks if t.kind == "thank_you_email"]
    assert {(t.person, t.deadline) for t in thank_yous} == {("Jane Doe", date(2026, 11, 30)),
                                                             ("Bob Roe", date(2026, 11, 30))}
    done = facts.complete(store, "acme:thank_you_email:r1:jane-doe", date(2026, 11, 25))
    assert done.status == "done"
    with store.reading() as conn:
        again = {t.id: t.status for t in planning.plan(conn, AS_OF, application="acme", include_all=True)}
    assert again["acme:thank_you_email:r1:jane-doe"] == "done"
    assert again["acme:thank_you_email:r1:bob-roe"] == "open"


def test_the_guard_refuses_and_force_records_a_forced_contact(store: Store) -> None:
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 25), interviewers=("Bob Roe",)),
                        [Person("Bob Roe", "hiring_manager")], company="Acme")
    facts.log_contact(store, "acme", kind="check_in", person="Bob Roe", on=date(2026, 12, 7))
    before = export_document(store)
    with pytest.raises(Refused) as refused:
        facts.log_contact(store, "acme", kind="final_nudge", person="Bob Roe", on=date(2026, 12, 9))
    assert refused.value.earliest == date(2026, 12, 14) and refused.value.exit_code == 3
    assert export_document(store) == before
    forced = facts.log_contact(store, "acme", kind="final_nudge", person="Bob Roe", on=date(2026, 12, 9),
                               force=True)
    assert forced.forced
    assert '"forced": true' in export_document(store)


def test_a_reply_cancels_check_ins_and_an_offer_reaches_the_other_applications(store: Store) -> None:
    load_demo(store, AS_OF)
    facts.log_reply(store, "globex-analyst", on=AS_OF, person="Hank Scorpio", decision_expected=date(2026, 12, 4))
    with store.reading() as conn:
        plan = {t.id: t for t in planning.plan(conn, AS_OF, application="globex-analyst", include_all=True)}
    assert plan["globex-analyst:check_in:r1"].status == "cancelled"
    assert plan["globex-analyst:check_in:r1:2026-11-23"].due == date(2026, 12, 7)
    facts.log_outcome(store, "umbrella-pa", "accepted", on=AS_OF)
    with store.reading() as conn:
        withdrawals = [t for t in planning.plan(conn, AS_OF) if t.kind == "withdraw"]
        decision = planning.find_task(conn, "umbrella-pa:decide_offer", AS_OF)
    assert {t.application for t in withdrawals} == {"northwind-office-manager", "globex-analyst",
                                                    "initech-coordinator", "hooli-ops", "wayne-admin"}
    assert decision.status == "done"


def test_skip_needs_a_reason_and_unknown_ids_are_explained(store: Store) -> None:
    load_demo(store, AS_OF)
    with pytest.raises(UserError) as missing:
        facts.skip(store, "wayne-admin:nothing", AS_OF, " ")
    assert missing.value.field == "why" and missing.value.code in ("required", "blank")
    with pytest.raises(NotFound, match="no task 'nope'"):
        facts.skip(store, "nope", AS_OF, "because")
    skipped = facts.skip(store, "umbrella-pa:acknowledge_offer", AS_OF, "called them instead")
    assert skipped.status == "skipped"
    with pytest.raises(UserError, match="already skipped"):
        facts.complete(store, "umbrella-pa:acknowledge_offer", AS_OF)


def test_replanning_everything_gives_the_same_plan(store: Store) -> None:
    load_demo(store, AS_OF)
    with store.reading() as conn:
        before = planning.plan(conn, AS_OF, include_all=True)
    with store.transaction() as conn:
        planning.replan(conn)
    with store.reading() as conn:
        assert planning.plan(conn, AS_OF, include_all=True) == before


def test_every_document_field_is_documented_and_the_reference_is_current() -> None:
    from pathlib import Path

    from afterview.exchange.schema_doc import render

    reference = Path(__file__).parents[2] / "docs" / "afterview-1.md"
    assert reference.read_text(encoding="utf-8") == render(), "run: python -m afterview.exchange.schema_doc"
    undocumented = [line for line in render().splitlines() if line.startswith("| `") and line.endswith("|  |")]
    assert undocumented == []
