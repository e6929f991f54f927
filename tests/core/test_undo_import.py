"""Undoing an import takes back the import only: every application, the profile and the dismissals
that were there before it come back as they were (the crash campaign found undo wiping them)."""

from __future__ import annotations

import json
from datetime import date

from afterview.domain.model import Interview, Person, Profile
from afterview.services import facts, history, settings
from afterview.services.documents import export_document, import_document
from afterview.services.store import open_store


def test_undo_after_an_import_keeps_everything_that_was_there(database_url: str) -> None:
    store = open_store(database_url)
    settings.update_settings(store, Profile(name="Robin Vale", country="US", timezone="America/New_York"))
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 20), interviewers=("Jane Doe",)),
                        [Person("Jane Doe", email="jane@acme.example")], company="Acme", next_round=True)
    facts.skip(store, "acme:thank_you_email:r1:jane-doe", date(2026, 11, 23), "thanked her in person")
    before = export_document(store)
    document = {"format": "afterview/1", "applications": [{
        "id": "globex", "company": "Globex", "people": [{"name": "Raj Patel", "role": "interviewer"}],
        "interviews": [{"on": "2026-11-21", "round": 1, "interviewers": ["Raj Patel"]}]}]}
    import_document(store, json.dumps(document))
    assert "globex" in export_document(store)
    history.undo(store)
    assert export_document(store) == before
    with store.reading() as conn:
        from afterview.store.repository import read_dismissals

        assert [d.task for d in read_dismissals(conn)] == ["acme:thank_you_email:r1:jane-doe"]
