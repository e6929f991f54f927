"""Drafting one note reads what that note needs, not the whole store.

What is counted is every row the database hands back while one note is drafted and
checked (SQLite, through a cursor that counts what it fetches): a store four times the
size must not cost more rows. The names that could wrongly appear are still read: the
people of the notes written around the same time are there for the wrong-name check.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from benchmarks.core_corpus import build

from afterview.services import documents, drafts
from afterview.services.store import Store, open_store
from afterview.store import schema as t
from tests.support.counting_rows import RowCounter, count_sqlite_rows

AS_OF = date(2026, 11, 23)
NOTE = "app-00042:thank_you_email:r1:ines-whitfield"


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[RowCounter]:
    return count_sqlite_rows(monkeypatch)


def _store(tmp_path: Path, applications: int) -> Store:
    store = open_store(str(tmp_path / f"{applications}.sqlite3"))
    documents.import_document(store, json.dumps(build(applications, AS_OF)))
    return store


def _rows_for_one_note(store: Store, counter: type[RowCounter]) -> int:
    drafts.draft_for(store, NOTE, AS_OF)  # the store's first connection and schema check are not the note's
    counter.rows = 0
    checked = drafts.draft_for(store, NOTE, AS_OF)
    assert checked.draft.to is not None and checked.draft.to.name == "Ines Whitfield"
    return counter.rows


def test_one_note_reads_no_more_rows_from_a_store_four_times_larger(tmp_path: Path,
                                                                  counting: type[RowCounter]) -> None:
    small = _rows_for_one_note(_store(tmp_path, 120), counting)
    large = _rows_for_one_note(_store(tmp_path, 480), counting)
    # Reading every application's names (as drafting once did) fetched over a thousand rows more here.
    assert large <= small * 1.25, (small, large)
    assert large < 600, large


def test_a_name_from_a_note_written_the_same_week_is_still_caught(tmp_path: Path) -> None:
    store = _store(tmp_path, 480)
    with store.reading() as conn:
        due = conn.execute(sa.select(t.tasks.c.due).where(t.tasks.c.id == NOTE)).scalar_one()
        near = conn.execute(sa.select(t.tasks.c.application_id).where(
            t.tasks.c.kind == "thank_you_email", t.tasks.c.due == due, t.tasks.c.company != "Employer 42",
            t.tasks.c.status.in_(["open", "done"]))).scalars().first()
        assert near is not None
        other = conn.execute(sa.select(t.people.c.name).where(t.people.c.application_id == near)
                             .order_by(t.people.c.position)).scalars().first()
    assert other is not None
    note = drafts.draft_for(store, NOTE, AS_OF).draft
    pasted = note.body.replace("Ines", other, 1)
    checked = drafts.check_text(store, NOTE, f"Subject: {note.subject}\n\n{pasted}", AS_OF)
    assert any(f.code == "wrong-name" and other in f.message for f in checked.findings), checked.findings
