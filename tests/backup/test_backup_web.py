"""The web's export (download and JSON API) is the same whole backup as the CLI's, and the API's import
of it restores the edited wording and the snoozes."""

from __future__ import annotations

import json

from tests.web.conftest import Web, db_path, demo_db, empty_web, web  # noqa: F401

MARCUS = "northwind-office-manager:thank_you_email:r1:marcus-lee"
WORDS = "Marcus, thank you for walking me through the quarterly close, step by step."


def test_the_web_backup_holds_the_edited_draft_and_the_snooze_and_restores_them(
        web: Web, empty_web: Web) -> None:  # noqa: F811
    composed = web.api("GET", f"/api/tasks/{MARCUS}/draft").json()
    text = f"Subject: {composed['subject']}\n\n{WORDS}\n\n{composed['body']}"
    assert web.api("PUT", f"/api/tasks/{MARCUS}/draft", {"text": text}).status_code == 200
    assert web.api("POST", f"/api/tasks/{MARCUS}/snooze").status_code == 200
    exported = web.get("/api/export").json()
    assert WORDS in next(d["body"] for d in exported["drafts"] if d["task"] == MARCUS)
    assert [s["task"] for s in exported["snoozes"]] == [MARCUS]
    assert json.loads(web.get("/exchange/export").content) == exported

    assert empty_web.api("POST", "/api/import", exported).status_code == 200
    assert empty_web.get("/api/export").json() == exported
    assert WORDS in empty_web.api("GET", f"/api/tasks/{MARCUS}/draft").json()["body"]
