"""Anything any door accepted can be backed up and restored: random sequences of use-cases (valid and
not) go through the services; each refused one must leave the store exactly as it was, and at the end
the export imports into a fresh store (SQLite, and PostgreSQL in a smaller run) and exports the same."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.domain.model import OUTBOUND_KINDS, OUTCOME_KINDS, PERSON_ROLES, SOLO_KINDS, Interview, Person
from afterview.services import drafts, facts, history, people, views
from afterview.services.documents import export_document, import_document
from afterview.services.errors import UserError
from afterview.services.store import Store, open_store
from afterview.store import repository as repo
from tests.conftest import fresh_database_name
from tests.support.postgres import fresh_database

AS_OF = date(2026, 11, 23)
APPS = ("acme-analyst", "birch-engineer")
NAMES = ("Dana Whitfield", "Marcus Lee", "Ana Souza", "", "   ")
ROLES = (*PERSON_ROLES, "overlord", None)
CONTACTS = (*OUTBOUND_KINDS, "carrier-pigeon")
OUTCOMES = (*OUTCOME_KINDS, "certain")

days = st.integers(min_value=-30, max_value=5).map(lambda n: AS_OF + timedelta(days=n))
names = st.sampled_from(NAMES)
apps = st.sampled_from((*APPS, "no-such-app"))
picks = st.integers(min_value=0, max_value=50)

operations = st.one_of(
    st.tuples(st.just("interview"), apps, days, st.sampled_from((None, 1, 2)), st.booleans(), names,
              st.booleans()),
    st.tuples(st.just("person"), apps, names, st.sampled_from(ROLES), st.sampled_from((None, "", "x@example.org",
                                                                                      "not an address"))),
    st.tuples(st.just("remove_person"), apps, names),
    st.tuples(st.just("contact"), apps, st.sampled_from(CONTACTS), names, days, st.booleans()),
    st.tuples(st.just("reply"), apps, days, names, st.sampled_from((None, 3, -3))),
    st.tuples(st.just("outcome"), apps, st.sampled_from(OUTCOMES), days),
    st.tuples(st.just("complete"), picks, st.booleans()),
    st.tuples(st.just("skip"), picks, st.sampled_from(("", "already spoke to them"))),
    st.tuples(st.just("snooze"), picks),
    st.tuples(st.just("draft"), picks, st.sampled_from(("", "Thank you again for your time today.\n",
                                                        "Subject: Thanks\n\nIt was good to meet you.\n"))),
    st.tuples(st.just("archive"), apps, st.booleans()),
    st.tuples(st.just("undo")),
)


def open_tasks(store: Store, *, words: bool = False) -> list[str]:
    with store.reading() as conn:
        tasks = repo.read_tasks(conn)
    return [x.id for x in tasks if not words or x.kind not in SOLO_KINDS]


def pick(store: Store, index: int, *, words: bool = False) -> str:
    found = open_tasks(store, words=words)
    return found[index % len(found)] if found else "no-such-task"


def perform(store: Store, op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "interview":
        _, app, on, round_, next_round, name, new = op
        met = [Person(name, "interviewer")] if name.strip() else []
        interview = Interview(on=on, round=round_ or 1, interviewers=tuple(p.name for p in met))
        facts.log_interview(store, app, interview, met, next_round=next_round or round_ is None,
                            company=app.split("-")[0].title() if new else None)
    elif kind == "person":
        _, app, name, role, email = op
        people.save_person(store, app, people.PersonChanges(name, role=role, email=email))
    elif kind == "remove_person":
        people.remove_person(store, op[1], op[2])
    elif kind == "contact":
        _, app, contact, name, on, force = op
        facts.log_contact(store, app, kind=contact, person=name or None, on=on, force=force)
    elif kind == "reply":
        _, app, on, name, decision = op
        facts.log_reply(store, app, on=on, person=name or None,
                        decision_expected=None if decision is None else on + timedelta(days=decision))
    elif kind == "outcome":
        facts.log_outcome(store, op[1], op[2], on=op[3])
    elif kind == "complete":
        facts.complete(store, pick(store, op[1]), AS_OF, force=op[2])
    elif kind == "skip":
        facts.skip(store, pick(store, op[1]), AS_OF, op[2])
    elif kind == "snooze":
        views.snooze(store, pick(store, op[1]), AS_OF)
    elif kind == "draft":
        drafts.save_edit(store, pick(store, op[1], words=True), op[2], AS_OF)
    elif kind == "archive":
        history.archive(store, op[1], archived=op[2])
    elif kind == "undo":
        history.undo(store)


@dataclass
class Run:
    accepted: int = 0
    refused: int = 0


def drive(store: Store, ops: list[tuple[Any, ...]]) -> Run:
    """Every operation either writes and is accepted, or is refused (a UserError) with nothing written."""
    run = Run()
    for op in ops:
        before = export_document(store)
        try:
            perform(store, op)
        except UserError:
            assert export_document(store) == before, f"{op} was refused but changed the store"
            run.refused += 1
        else:
            run.accepted += 1
    return run


def plan_of(store: Store) -> list[Any]:
    with store.reading() as conn:
        tasks = repo.read_tasks(conn, statuses=("open", "done", "skipped"))
    return sorted(tasks, key=lambda x: x.id)


def round_trip(store: Store, fresh: Callable[[], Store]) -> None:
    exported = export_document(store)
    restored = fresh()
    try:
        import_document(restored, exported)
        assert export_document(restored) == exported
        # The same plan: every open task as it was, every task the user closed still closed. (A task a
        # later fact cancelled is kept as cancelled only by a store that had it open.)
        assert plan_of(restored) == plan_of(store)
    finally:
        restored.engine.dispose()


def seeded(store: Store) -> Store:
    facts.log_interview(store, APPS[0], Interview(AS_OF - timedelta(days=6), interviewers=("Dana Whitfield",)),
                        [Person("Dana Whitfield", "hiring_manager", email="dana@acme.example")], company="Acme")
    return store


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operations, min_size=1, max_size=10))
def test_whatever_the_services_accept_is_restored_as_it_was_on_sqlite(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(1000))

        def fresh() -> Store:
            return open_store(str(Path(folder) / f"s{next(counter)}.sqlite3"))

        store = seeded(fresh())
        try:
            drive(store, ops)
            round_trip(store, fresh)
        finally:
            store.engine.dispose()


@pytest.mark.postgres
def test_whatever_the_services_accept_is_restored_as_it_was_on_postgresql(postgres_server_url: str) -> None:
    @settings(max_examples=6, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(ops=st.lists(operations, min_size=1, max_size=10))
    def check(ops: list[tuple[Any, ...]]) -> None:
        with fresh_database(postgres_server_url, fresh_database_name()) as first, \
                fresh_database(postgres_server_url, fresh_database_name()) as second:
            store = seeded(open_store(first))
            try:
                drive(store, ops)
                round_trip(store, lambda: open_store(second))
            finally:
                store.engine.dispose()

    check()


def test_the_driver_exercises_both_accepted_and_refused_operations(tmp_path: Path) -> None:
    """The property above is only worth something if sequences do get accepted and refused."""
    store = seeded(open_store(str(tmp_path / "s.sqlite3")))
    run = drive(store, [
        ("person", APPS[0], "Marcus Lee", "overlord", None),
        ("person", APPS[0], "", "interviewer", None),
        ("contact", APPS[0], "carrier-pigeon", "", AS_OF, False),
        ("interview", APPS[0], AS_OF - timedelta(days=6), 1, False, "Marcus Lee", False),
        ("interview", APPS[0], AS_OF - timedelta(days=1), None, True, "Marcus Lee", False),
        ("draft", 0, "Thank you again for your time today.\n"),
        ("snooze", 1),
        ("complete", 2, True),
        ("archive", APPS[0], True),
        ("undo",),
    ])
    assert run.refused >= 4 and run.accepted >= 4, run
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM drafts")).scalar() == 1
    round_trip(store, lambda: open_store(str(tmp_path / "t.sqlite3")))
