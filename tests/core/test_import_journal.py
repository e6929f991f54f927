"""What an import writes and journals: only what it changed, with what it replaced.

An import merges into the store. Undo must put the store back as it was, which
means the journal needs the applications the import changed as they were before,
and "did not exist" for the new ones, and nothing more: no copy of a search
imported into an empty store, no entry at all for a document imported twice.
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa

from afterview.domain.model import Interview, Person
from afterview.services import documents, facts, history
from afterview.services.documents import export_document
from afterview.services.store import Store, open_store
from afterview.store import schema as t


def _journal(store: Store) -> list[dict]:  # type: ignore[type-arg]
    with store.reading() as conn:
        return [dict(row.changes) for row in conn.execute(sa.select(t.journal).order_by(t.journal.c.id))]


def _document(*apps: dict) -> str:  # type: ignore[type-arg]
    return json.dumps({"format": "afterview/1", "applications": list(apps)})


NEW = {"id": "globex", "company": "Globex", "interviews": [{"on": "2026-11-20", "round": 1}]}


def test_importing_into_an_empty_store_journals_no_copy(database_url: str) -> None:
    store = open_store(database_url)
    documents.import_document(store, _document(NEW, {**NEW, "id": "initech", "company": "Initech"}))
    (entry,) = _journal(store)
    assert entry["applications"] == {"globex": None, "initech": None}
    history.undo(store)
    assert json.loads(export_document(store))["applications"] == []


def test_undo_of_a_merge_import_puts_back_what_it_changed_and_keeps_the_rest(database_url: str) -> None:
    store = open_store(database_url)
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 18), interviewers=("Raj Patel",)),
                        [Person("Raj Patel", title="Controller")], company="Acme")
    facts.log_interview(store, "umbrella", Interview(on=date(2026, 11, 19)), company="Umbrella")
    before = export_document(store)
    changed_acme = {"id": "acme", "company": "Acme", "role": "Controller", "people": [{"name": "Raj Patel"}],
                    "interviews": [{"on": "2026-11-18", "round": 1, "interviewers": ["Raj Patel"]}]}
    documents.import_document(store, _document(changed_acme, NEW))
    entry = _journal(store)[-1]
    assert set(entry["applications"]) == {"acme", "globex"}  # umbrella was not touched
    assert entry["applications"]["globex"] is None and entry["applications"]["acme"]["company"] == "Acme"
    history.undo(store)
    assert export_document(store) == before


def test_the_same_document_twice_changes_nothing(database_url: str) -> None:
    store = open_store(database_url)
    documents.import_document(store, _document(NEW))
    after_first = export_document(store)
    documents.import_document(store, _document(NEW))
    assert export_document(store) == after_first
    assert len(_journal(store)) == 1
