"""Nothing the user recorded is lost or garbled: rounds, partial updates, history, undo, done stays done.

Each test is a failure seen in ordinary use, on a real SQLite file and a real PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain.model import FollowUp, Interview, Person, PersonNotes
from afterview.services import facts, history, people, planning
from afterview.services.documents import export_document
from afterview.services.errors import Conflict, NotFound, UserError
from afterview.services.store import Store, open_store

AS_OF = date(2026, 11, 30)
ROUND_ONE = Interview(on=date(2026, 11, 25), interviewers=("Raj Patel",), decision_expected=date(2026, 12, 4),
                      notes={"Raj Patel": PersonNotes(("deferred tax",), ("my audit checklist",))})


@pytest.fixture
def store(database_url: str) -> Store:
    found = open_store(database_url)
    facts.log_interview(found, "acme", ROUND_ONE, [Person("Raj Patel", title="Controller", email="raj@acme.example")],
                        company="Acme", next_round=True)
    return found


def _app(store: Store):  # type: ignore[no-untyped-def]
    with store.reading() as conn:
        return facts.load_application(conn, "acme")


def test_an_interview_without_a_round_is_the_next_round_and_keeps_the_first(store: Store) -> None:
    logged = facts.log_interview(store, "acme", Interview(on=date(2026, 12, 2), interviewers=("Raj Patel",)),
                                 next_round=True)
    assert logged.interview.round == 2
    first = next(i for i in _app(store).interviews if i.round == 1)
    assert first == ROUND_ONE  # topics, promises and decision date all still there


def test_a_round_already_on_file_is_never_replaced_without_saying_so(store: Store) -> None:
    before = export_document(store)
    with pytest.raises(Conflict) as refused:
        facts.log_interview(store, "acme", Interview(on=date(2026, 11, 26)), next_round=False)
    assert refused.value.code == "interview-exists" and refused.value.field == "round"
    with pytest.raises(Conflict):  # a mistyped date before round 1, without a round: asked, not replaced
        facts.log_interview(store, "acme", Interview(on=date(2026, 11, 20)), next_round=True)
    assert export_document(store) == before


def test_replacing_a_round_keeps_the_old_one_in_history_and_undo_brings_it_back(store: Store) -> None:
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 26), interviewers=("Raj Patel",)),
                        replace_round=True)
    assert _app(store).interviews[0].notes == {}
    changes = history.history(store)
    assert changes[0].action == "log interview acme" and not changes[0].undone
    history.undo(store)
    assert _app(store).interviews == (ROUND_ONE,)
    assert history.history(store)[0].undone


def test_a_partial_update_of_a_person_changes_only_what_is_given(store: Store) -> None:
    people.save_person(store, "acme", people.PersonChanges("raj patel", role="hiring_manager"))
    raj = _app(store).person("Raj Patel")
    assert raj == Person("Raj Patel", "hiring_manager", "Controller", "raj@acme.example")
    people.save_person(store, "acme", people.PersonChanges("Raj Patel", email=""))  # "" clears, explicitly
    assert _app(store).person("Raj Patel").email is None  # type: ignore[union-attr]


def test_an_interviewer_named_again_keeps_their_details_and_role(store: Store) -> None:
    people.save_person(store, "acme", people.PersonChanges("Raj Patel", role="hiring_manager"))
    facts.log_interview(store, "acme", Interview(on=date(2026, 12, 2), interviewers=("Raj Patel",)),
                        [Person("Raj Patel")], next_round=True)
    assert _app(store).person("Raj Patel") == Person("Raj Patel", "hiring_manager", "Controller", "raj@acme.example")


def test_a_task_done_stays_done_when_the_plan_is_derived_again(store: Store) -> None:
    facts.log_contact(store, "acme", kind="check_in", person="Raj Patel", on=date(2026, 12, 7))
    with store.reading() as conn:
        checked = [t for t in planning.plan(conn, AS_OF, application="acme", include_all=True)
                   if t.kind == "check_in"]
    assert [t.status for t in checked] == ["done"]
    # Naming a hiring manager after the fact changes who the check-in is for; history does not change.
    people.save_person(store, "acme", people.PersonChanges("Dana Cole", role="hiring_manager"))
    with store.reading() as conn:
        after = {t.id: t.status for t in planning.plan(conn, AS_OF, application="acme", include_all=True)}
    assert after[checked[0].id] == "done"


@pytest.mark.parametrize(("change", "field"), [
    (lambda s: people.save_person(s, "acme", people.PersonChanges("", role="interviewer")), "name"),
    (lambda s: people.save_person(s, "acme", people.PersonChanges("Zed", role="overlord")), "role"),
    (lambda s: facts.log_interview(s, "new", Interview(on=date(2026, 11, 27)), company="   ",
                                   next_round=True), "company"),
    (lambda s: facts.log_interview(s, "acme", Interview(on=date(2026, 12, 2), decision_expected=date(2026, 10, 20)),
                                   next_round=True), "decision_expected"),
    (lambda s: facts.log_interview(s, "acme", Interview(on=date(2026, 12, 2), follow_up=FollowUp(
        on=date(2026, 10, 20))), next_round=True), "follow_up_on"),
    (lambda s: facts.log_interview(s, "acme", Interview(on=date(2026, 12, 2), chances="certain"),
                                   next_round=True), "chances"),
])
def test_every_door_refuses_what_an_import_would_refuse(store: Store, change, field: str) -> None:  # type: ignore[no-untyped-def]
    before = export_document(store)
    with pytest.raises(UserError) as refused:
        change(store)
    assert refused.value.field == field, refused.value.message
    assert export_document(store) == before


def test_a_new_application_with_a_bad_interview_leaves_nothing_behind(store: Store) -> None:
    before = export_document(store)
    with pytest.raises(UserError):
        facts.log_interview(store, "globex", Interview(on=date(2026, 11, 27), follow_up=FollowUp(person="Nobody")),
                            company="Globex", next_round=True)
    assert export_document(store) == before


def test_archive_and_delete_keep_history_and_undo_restores(store: Store) -> None:
    history.archive(store, "acme")
    with store.reading() as conn:
        assert planning.plan(conn, AS_OF, application="acme") == []
    history.archive(store, "acme", archived=False)
    with store.reading() as conn:
        assert planning.plan(conn, AS_OF, application="acme") != []
    snapshot = export_document(store)
    history.delete(store, "acme")
    with pytest.raises(NotFound):
        _app(store)
    history.undo(store)
    assert export_document(store) == snapshot


def test_undo_of_done_reopens_the_task(store: Store) -> None:
    task = "acme:thank_you_email:r1:raj-patel"
    facts.complete(store, task, AS_OF)
    history.undo(store)
    with store.reading() as conn:
        assert planning.find_task(conn, task, AS_OF).status == "open"


def test_nothing_to_undo_is_one_clear_error(database_url: str) -> None:
    with pytest.raises(NotFound) as nothing:
        history.undo(open_store(database_url))
    assert nothing.value.code == "nothing-to-undo"


def test_tasks_carry_their_application_round_and_person_as_fields(store: Store) -> None:
    facts.log_interview(store, "acme", Interview(on=date(2026, 12, 2), interviewers=("Raj Patel",)),
                        next_round=True)
    with store.reading() as conn:
        tasks = planning.plan(conn, AS_OF, application="acme", include_all=True)
    thank_yous = sorted((t.round, t.person, t.application) for t in tasks if t.kind == "thank_you_email")
    assert thank_yous == [(1, "Raj Patel", "acme"), (2, "Raj Patel", "acme")]
    assert {t.round for t in tasks if t.kind == "debrief"} == {1, 2}


def test_a_withdrawal_sent_ends_the_application(store: Store) -> None:
    facts.log_interview(store, "globex", Interview(on=date(2026, 11, 26), interviewers=("Kim Ode",)),
                        [Person("Kim Ode")], company="Globex", next_round=True)
    facts.log_outcome(store, "globex", "offer", on=date(2026, 11, 30))
    facts.log_outcome(store, "globex", "accepted", on=date(2026, 12, 1))
    with store.reading() as conn:
        withdraw = next(t for t in planning.plan(conn, date(2026, 12, 1), application="acme") if t.kind == "withdraw")
    facts.complete(store, withdraw.id, date(2026, 12, 1))
    outcome = _app(store).outcome
    assert outcome is not None and (outcome.kind, outcome.on) == ("withdrawn", date(2026, 12, 1))
    with store.reading() as conn:
        assert planning.find_task(conn, withdraw.id, date(2026, 12, 1)).status == "done"
