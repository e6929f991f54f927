"""Undo takes back the newest change the user made, whatever it touched: a snooze, a draft's
text, a setting, what an import brought besides the facts. Before, such changes left no journal
entry, so `undo` after a snooze took back the interview logged before it (and the application with it).
The program's own bookkeeping (the digest's "sent today" mark, a review's mail) is never what undo takes back."""

from __future__ import annotations

import json
from datetime import date

from afterview.domain.model import Interview, Person
from afterview.services import drafts, facts, history, mail_settings, review, views
from afterview.services.documents import export_document, import_document
from afterview.services.store import Store, open_store

AS_OF = date(2026, 11, 23)
THANKS = "acme:thank_you_email:r1:jane-doe"


def _store(database_url: str) -> Store:
    store = open_store(database_url)
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 20), interviewers=("Jane Doe",)),
                        [Person("Jane Doe", email="jane@acme.example")], company="Acme", next_round=True)
    return store


def _snoozes(store: Store) -> dict[str, date]:
    with store.reading() as conn:
        from afterview.store.snoozes import read_snoozes

        return read_snoozes(conn)


def test_undo_after_a_snooze_takes_back_the_snooze_not_the_interview(database_url: str) -> None:
    store = _store(database_url)
    before = export_document(store)
    views.snooze(store, THANKS, AS_OF)
    assert THANKS in _snoozes(store)
    undone = history.undo(store)
    assert undone.action == f"snooze {THANKS}"
    assert THANKS not in _snoozes(store)
    assert export_document(store) == before  # the interview and its application are all still here


def test_undo_after_editing_a_draft_brings_back_the_text_before(database_url: str) -> None:
    store = _store(database_url)
    drafts.save_edit(store, THANKS, "Subject: Thank you\n\nDear Jane,\n\nThank you for the first talk.\n", AS_OF)
    first = _draft(store)
    drafts.save_edit(store, THANKS, "Subject: Thank you\n\nDear Jane,\n\nA second wording.\n", AS_OF)
    assert "A second wording." in _draft(store)
    history.undo(store)
    assert _draft(store) == first
    history.undo(store)
    assert _draft(store) is None  # before the first edit there was no saved text


def _draft(store: Store) -> str | None:
    with store.reading() as conn:
        from afterview.store.keepings import read_drafts

        return next((d.body for d in read_drafts(conn) if d.task == THANKS), None)


def test_undo_after_an_import_takes_back_its_drafts_snoozes_settings_and_queued_mail(database_url: str) -> None:
    store = _store(database_url)
    drafts.save_edit(store, THANKS, "Subject: Thank you\n\nDear Jane,\n\nMy own words.\n", AS_OF)
    review.set_hold(store, False)
    before = export_document(store)
    document = json.loads(before)
    document["drafts"] = [{**d, "body": "Dear Jane,\n\nAn old text from another machine.\n"}
                          for d in document["drafts"]]
    document["snoozes"] = [{"task": THANKS, "until": "2026-11-25"}]
    document["settings"] = {**document.get("settings", {}), "review.hold": True}
    document["outbox"] = [{"task": THANKS, "message_id": "<old-1@afterview.invalid>", "recipient": "jane@acme.example",
                           "subject": "Thank you", "body": "Dear Jane,", "state": "queued",
                           "created_at": "2026-11-21T09:00:00+00:00", "updated_at": "2026-11-21T09:00:00+00:00"}]
    import_document(store, json.dumps(document))
    after = json.loads(export_document(store))
    assert "An old text" in after["drafts"][0]["body"] and after["snoozes"] and after["outbox"]
    history.undo(store)
    assert export_document(store) == before


def test_the_programs_own_bookkeeping_is_never_what_undo_takes_back(database_url: str) -> None:
    store = _store(database_url)
    views.snooze(store, THANKS, AS_OF)
    with store.transaction("digest sent") as conn:
        mail_settings.write_setting(conn, "digest.sent", "2026-11-23", journaled=False)
    assert [c.action for c in history.history(store)][:1] == [f"snooze {THANKS}"]
    assert history.undo(store).action == f"snooze {THANKS}"


def test_undoing_an_acceptance_gives_back_every_application_plan_as_before(database_url: str) -> None:
    """Accepting an offer plans withdrawals to the other applications and closes their check-ins;
    undoing it must give all of that back at once, not only the accepted application's plan."""
    store = open_store(database_url)
    day = date(2026, 12, 16)
    facts.log_interview(store, "a1", Interview(on=date(2026, 12, 1), interviewers=("Ann Lee",)),
                        [Person("Ann Lee", email="ann@alpha.example")], company="Alpha Ltd", next_round=True)
    facts.log_interview(store, "b1", Interview(on=date(2026, 12, 8), interviewers=("Bob Roe",),
                                               decision_expected=date(2026, 12, 18)),
                        [Person("Bob Roe", email="bob@beta.example")], company="Beta Ltd", next_round=True)
    facts.log_outcome(store, "a1", "offer", on=day, deadline=date(2026, 12, 18))

    def plan_of_beta() -> list[tuple[str, str, str]]:
        with store.reading() as conn:
            from afterview.services.planning import plan

            return sorted((t.id, t.status, t.due.isoformat()) for t in plan(conn, day, application="b1",
                                                                              include_all=True))

    before = plan_of_beta()
    facts.log_outcome(store, "a1", "accepted", on=day)
    assert any(":withdraw" in task for task, _, _ in plan_of_beta())
    history.undo(store)
    assert plan_of_beta() == before
