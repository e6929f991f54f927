"""What the scan read and the user has not settled yet goes with a backup, on SQLite and PostgreSQL.

Before, the suggestions (an offer, a new decision date … read in the mail, kept until
confirmed or dismissed) were in no afterview/1 document: a backup restored, or an export
imported elsewhere, lost every one the user had not yet settled, and the mail that held
them was already noted as read, so no scan brought them back. Now the document keeps
every suggestion with its sentence, confidence and state; an import adds the ones not
here, never brings a suggestion settled here back to pending, adds nothing the second
time, and `undo` takes back what it added or settled.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from afterview.services import history, inbox, suggestions
from afterview.services.demo import load_demo
from afterview.services.documents import export_document, import_document
from afterview.services.errors import UserError
from afterview.services.store import Store, open_store
from afterview.web import create_app
from tests.conftest import fresh_database_name
from tests.mail.test_inbox_service import mbox
from tests.mail.test_suggestions import DATED, OFFER
from tests.web.conftest import Web

AS_OF = date(2026, 11, 23)
SCRIPT = str(Path(sys.executable).with_name("afterview"))


@pytest.fixture
def second_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Another empty store of the same kind, to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    from tests.support.postgres import fresh_database

    with fresh_database(request.getfixturevalue("postgres_server_url"), fresh_database_name()) as url:
        yield url


@pytest.fixture
def scanned(database_url: str, tmp_path: Path) -> Store:
    """The demo search after a scan that read an offer, a new decision date and "we need more time"."""
    store = open_store(database_url)
    load_demo(store, AS_OF)
    inbox.scan(store, AS_OF, mbox=mbox(tmp_path / "in.mbox", OFFER, DATED))
    return store


def _kept(store: Store) -> list[tuple[Any, ...]]:
    """Every suggestion as the user sees it, numbers aside (they are each store's own)."""
    with store.reading() as conn:
        from afterview.store import suggestion_rows

        rows = suggestion_rows.read(conn)
    return sorted((r.message_key, r.application, r.kind, r.sentence, r.confidence, r.received_on, r.first_day,
                   r.last_day, r.sender, r.state, r.settled_on) for r in rows)


def _number(store: Store, kind: str) -> int:
    return next(s.id for s in suggestions.pending(store) if s.kind == kind)


def test_a_restore_keeps_the_suggestions_pending_and_settled(scanned: Store, second_url: str) -> None:
    suggestions.dismiss(scanned, _number(scanned, "more_time"), AS_OF)
    exported = export_document(scanned)
    kept = json.loads(exported)["suggestions"]
    assert sorted((s["kind"], s["state"]) for s in kept) == [
        ("decision_date", "pending"), ("more_time", "dismissed"), ("offer", "pending")]
    offer = next(s for s in kept if s["kind"] == "offer")
    assert "pleased to offer you the position" in offer["sentence"] and offer["confidence"] == 0.9

    restored = open_store(second_url)
    import_document(restored, exported)
    assert _kept(restored) == _kept(scanned)
    assert export_document(restored) == exported
    assert sorted(s.kind for s in suggestions.pending(restored)) == ["decision_date", "offer"]
    # What came back is a suggestion like any other: confirming it records the offer.
    done = suggestions.confirm(restored, _number(restored, "offer"), AS_OF)
    assert "recorded an offer on globex-analyst" in done.message
    restored.engine.dispose()


def test_an_import_adds_nothing_twice_and_never_unsettles_what_was_settled_here(scanned: Store) -> None:
    older = export_document(scanned)  # all three pending
    suggestions.confirm(scanned, _number(scanned, "offer"), AS_OF)
    settled = export_document(scanned)

    import_document(scanned, older)
    assert export_document(scanned) == settled  # the offer stays confirmed; nothing is added
    import_document(scanned, older)
    assert export_document(scanned) == settled


def test_a_decision_made_elsewhere_settles_the_suggestion_still_pending_here(scanned: Store, second_url: str) -> None:
    elsewhere = open_store(second_url)
    import_document(elsewhere, export_document(scanned))
    suggestions.dismiss(elsewhere, _number(elsewhere, "decision_date"), AS_OF)

    import_document(scanned, export_document(elsewhere))
    assert sorted(s.kind for s in suggestions.pending(scanned)) == ["more_time", "offer"]
    assert _kept(scanned) == _kept(elsewhere)
    elsewhere.engine.dispose()


def test_undoing_an_import_takes_back_the_suggestions_it_added_and_settled(scanned: Store, second_url: str) -> None:
    document = json.loads(export_document(scanned))
    restored = open_store(second_url)
    import_document(restored, json.dumps({**document, "suggestions": []}))
    before = export_document(restored)
    assert _kept(restored) == []

    import_document(restored, json.dumps(document))
    assert len(_kept(restored)) == 3
    history.undo(restored)
    assert export_document(restored) == before

    # A suggestion pending here that the document says was dismissed: undo makes it pending again.
    import_document(restored, json.dumps(document))
    pending = export_document(restored)
    dismissed = [{**s, "state": "dismissed", "settled_on": "2026-11-25"} if s["kind"] == "offer" else s
                 for s in document["suggestions"]]
    import_document(restored, json.dumps({**document, "suggestions": dismissed}))
    assert "offer" not in {s.kind for s in suggestions.pending(restored)}
    history.undo(restored)
    assert export_document(restored) == pending
    restored.engine.dispose()


def test_a_document_without_suggestions_still_imports_and_takes_none_away(scanned: Store) -> None:
    document = json.loads(export_document(scanned))
    before = _kept(scanned)
    import_document(scanned, json.dumps({k: v for k, v in document.items() if k != "suggestions"}))
    assert _kept(scanned) == before and len(before) == 3


@pytest.mark.parametrize(("change", "said"), [
    (lambda s: {**s, "state": "maybe"}, "$.suggestions[0].state: expected one of pending, confirmed, dismissed"),
    (lambda s: {**s, "kind": "lottery"}, "$.suggestions[0].kind: expected one of offer"),
    (lambda s: {**s, "received_on": "2026-02-30"}, "$.suggestions[0].received_on: '2026-02-30' is not a real date"),
    (lambda s: {**s, "found_at": "yesterday"}, "$.suggestions[0].found_at"),
    (lambda s: {**s, "confidence": 3}, "$.suggestions[0].confidence: 3 is outside 0–1"),
    (lambda s: {**s, "message": "x" * 301}, "$.suggestions[0].message: "),
])
def test_a_broken_suggestion_is_refused_in_one_line_and_nothing_is_written(
        scanned: Store, change: Any, said: str) -> None:
    document = json.loads(export_document(scanned))
    before = export_document(scanned)
    document["suggestions"][0] = change(document["suggestions"][0])
    with pytest.raises(UserError) as refused:
        import_document(scanned, json.dumps(document))
    assert refused.value.message.startswith(said) and "\n" not in refused.value.message
    assert export_document(scanned) == before


def test_the_same_suggestion_twice_in_a_document_is_refused(scanned: Store) -> None:
    document = json.loads(export_document(scanned))
    document["suggestions"].append(dict(document["suggestions"][0]))
    with pytest.raises(UserError, match=r"\$\.suggestions\[3\]: .* is listed twice; keep one entry"):
        import_document(scanned, json.dumps(document))


def test_every_door_exports_the_same_suggestions(scanned: Store, database_url: str) -> None:
    exported = export_document(scanned)
    cli = subprocess.run([SCRIPT, "--db", database_url, "--as-of", AS_OF.isoformat(), "export"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == exported
    web = Web(create_app(db=database_url, as_of=AS_OF))
    try:
        assert web.get("/api/export").json() == json.loads(exported)
        assert web.get("/exchange/export").content.decode("utf-8") == exported
    finally:
        web.close()
    assert len(json.loads(exported)["suggestions"]) == 3
