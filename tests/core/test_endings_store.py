"""An ending through the services and a real store: what the plan keeps, and what it leaves no row for."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain.model import Application, Interview, Person
from afterview.services import facts, planning
from afterview.services.calls import log_call
from afterview.services.store import Store, open_store

STATUS = {"check_in", "final_nudge", "move_on", "leverage", "reapply", "decide_offer"}
LATER = date(2026, 12, 31)


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    people = (Person("Jane Doe"), Person("Bob Roe", "hiring_manager", phone="+1 212 555 0100"))
    for app_id, on in (("umbrella", date(2026, 11, 10)), ("acme", date(2026, 11, 18)), ("stark", date(2026, 11, 19))):
        facts.add_application(store, Application(app_id, app_id.title(), country="US", subdivision="NY",
                                                 applied_on=date(2026, 11, 2)))
        facts.log_interview(store, app_id, Interview(on, interviewers=("Jane Doe",),
                                                     decision_expected=date(2026, 12, 2)), people)
    return store


def stored(store: Store) -> list:  # type: ignore[type-arg]
    with store.reading() as conn:
        return planning.plan(conn, LATER, include_all=True)


def test_accepting_an_offer_closes_every_status_task_and_leaves_no_leverage_row(store: Store) -> None:
    facts.log_outcome(store, "umbrella", "offer", on=date(2026, 11, 25))
    assert {t.application for t in stored(store) if t.kind == "leverage" and t.status == "open"} == {"acme", "stark"}
    # A call on one of them: nobody answered, then a voicemail.
    log_call(store, "acme:check_in:r1", outcome="no_answer", on=date(2026, 12, 3))
    log_call(store, "acme:check_in:r1", outcome="voicemail", on=date(2026, 12, 4))
    facts.log_outcome(store, "umbrella", "accepted", on=date(2026, 12, 7))
    tasks = stored(store)
    assert not [t.id for t in tasks if t.status == "open" and t.kind in STATUS]
    assert not [t for t in tasks if t.kind == "leverage"]  # never written: nothing kept
    withdrawals = {t.application: (t.due, t.status) for t in tasks if t.kind == "withdraw"}
    assert withdrawals == {"acme": (date(2026, 12, 7), "open"), "stark": (date(2026, 12, 7), "open")}
    assert {t.id: t.status for t in tasks if t.id == "acme:check_in:r1"} == {"acme:check_in:r1": "done"}
