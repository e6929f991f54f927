"""Importing an older backup never takes away what was recorded since: a field the document leaves
unsaid (a phone number recorded after the backup, an interview's notes left out of an edited
document) is kept, and the import says which applications it changed."""

from __future__ import annotations

import json
from datetime import date

from afterview.domain.model import Interview, Person, PersonNotes
from afterview.services import facts
from afterview.services.documents import export_document, import_document
from afterview.services.people import PersonChanges, save_person
from afterview.services.store import open_store


def test_an_older_backup_keeps_what_was_recorded_since(database_url: str) -> None:
    store = open_store(database_url)
    facts.log_interview(store, "a1", Interview(on=date(2026, 12, 1), interviewers=("Ann Lee",),
                                               notes={"Ann Lee": PersonNotes(("the audit",), ("my portfolio",))}),
                        [Person("Ann Lee", title="CFO", email="ann@alpha.example")], company="Alpha Ltd",
                        next_round=True)
    backup = export_document(store)
    save_person(store, "a1", PersonChanges("Ann Lee", phone="+44 20 7946 0011"))
    summary = import_document(store, backup)
    document = json.loads(export_document(store))
    ann = document["applications"][0]["people"][0]
    assert (ann["title"], ann["email"], ann["phone"]) == ("CFO", "ann@alpha.example", "+44 20 7946 0011")
    assert summary.changed == ()  # nothing was changed: the backup said nothing new

    edited = json.loads(backup)
    del edited["applications"][0]["interviews"][0]["notes"]
    edited["applications"][0]["people"][0]["title"] = "Chief Financial Officer"
    summary = import_document(store, json.dumps(edited))
    after = json.loads(export_document(store))["applications"][0]
    assert after["interviews"][0]["notes"]["Ann Lee"]["topics"] == ["the audit"]
    assert after["people"][0]["title"] == "Chief Financial Officer"  # what the document says still wins
    assert summary.changed == ("a1",) and "1 changed (a1)" in summary.line()
