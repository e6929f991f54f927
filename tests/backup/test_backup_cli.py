"""A backup is everything: `afterview export` holds the facts and all the user made on top of them
(edited drafts, the outbox with the words that went out, snoozes, settings without any password,
closed tasks), and `import` of an export gives the same export, byte for byte, on SQLite and
PostgreSQL, through the real `afterview` script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from afterview.services import views
from afterview.services.store import open_store
from tests.mail.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer, smtp_server  # noqa: F401

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"
DANA = "northwind-office-manager:thank_you_email:r1:dana-whitfield"
MARCUS = "northwind-office-manager:thank_you_email:r1:marcus-lee"
SENT_WORDS = "Dana, the seating plan you sketched on the whiteboard stayed with me all evening."
KEPT_WORDS = "Marcus, thank you for walking me through the quarterly close, step by step."


def run(db: str, *args: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([SCRIPT, "--db", db, "--as-of", AS_OF, *args], input=stdin, capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, timeout=120)
    return result


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def editor_writing(tmp_path: Path, name: str, first_line: str) -> dict[str, str]:
    """An $EDITOR that puts `first_line` in place of the draft's first paragraph after the greeting."""
    script = tmp_path / f"{name}.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "head, sep, rest = path.read_text(encoding='utf-8').partition('\\n\\n')\n"
        "greeting, sep2, body = rest.partition('\\n\\n')\n"
        f"path.write_text(head + sep + greeting + sep2 + {first_line!r} + '\\n\\n' + body, encoding='utf-8')\n",
        encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


@pytest.fixture
def second_store(tmp_path: Path) -> str:
    return str(tmp_path / "restored.sqlite3")


def test_a_restore_brings_back_the_words_edited_and_sent_not_the_original_ones(
        database_url: str, second_store: str, smtp_server: SmtpServer, tmp_path: Path) -> None:  # noqa: F811
    db = database_url
    ok(run(db, "demo"))
    ok(run(db, "mail", "smtp", "--host", smtp_server.host, "--port", str(smtp_server.port), "--security", "none",
           "--username", SMTP_USER))
    ok(run(db, "draft", DANA, "--edit", env=editor_writing(tmp_path, "dana", SENT_WORDS)))
    ok(run(db, "send", DANA, env={"AFTERVIEW_SMTP_PASSWORD": SMTP_PASSWORD}))
    ok(run(db, "draft", MARCUS, "--edit", env=editor_writing(tmp_path, "marcus", KEPT_WORDS)))
    store = open_store(db)
    _, until = views.snooze(store, MARCUS, date.fromisoformat(AS_OF))
    store.engine.dispose()

    exported = ok(run(db, "export"))
    document = json.loads(exported)
    delivered = message_from_bytes(smtp_server.inbox.envelopes[0].original_content or b"", policy=policy.default)
    assert SENT_WORDS in delivered.get_content()
    [message] = document["outbox"]
    assert message["state"] == "sent" and message["task"] == DANA
    assert message["message_id"] == delivered["Message-ID"] and message["subject"] == delivered["Subject"]
    assert SENT_WORDS in message["body"] and message["recipient"] == "dana.whitfield@northwind.example"
    kept = {d["task"]: d for d in document["drafts"]}
    assert KEPT_WORDS in kept[MARCUS]["body"] and SENT_WORDS in kept[DANA]["body"]
    assert document["snoozes"] == [{"task": MARCUS, "until": until.isoformat()}]
    assert document["settings"]["mail.smtp"] == {"host": smtp_server.host, "port": smtp_server.port,
                                                 "security": "none", "username": SMTP_USER}
    assert SMTP_PASSWORD not in exported
    closed = {x["id"]: x["status"] for x in document["task_history"]}
    assert closed[DANA] == "done"

    ok(run(second_store, "import", "-", stdin=exported))
    again = ok(run(second_store, "export"))
    assert again == exported
    restored = json.loads(ok(run(second_store, "draft", MARCUS, "--json")))
    assert KEPT_WORDS in restored["body"]
    # Restoring it a second time changes nothing, and sends nothing.
    ok(run(second_store, "import", "-", stdin=exported))
    assert ok(run(second_store, "export")) == exported
    assert len(smtp_server.inbox.envelopes) == 1
    assert ok(run(second_store, "tick")).strip() == ""
    assert len(smtp_server.inbox.envelopes) == 1


def test_an_old_document_without_the_new_parts_still_imports(tmp_path: Path) -> None:
    db = str(tmp_path / "old.sqlite3")
    old = {"format": "afterview/1", "profile": {"name": "Robin Vale", "country": "GB"},
           "applications": [{"id": "kestrel-analyst", "company": "Kestrel", "applied_on": "2026-11-02"}]}
    ok(run(db, "import", "-", stdin=json.dumps(old)))
    document = json.loads(ok(run(db, "export")))
    assert set(document) == {"format", "profile", "references", "applications"}


def test_a_document_carrying_a_password_in_its_mail_settings_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    hostile = {"format": "afterview/1", "settings": {"mail.smtp": {"host": "mail.example.org", "port": 587,
                                                                   "security": "starttls", "password": "hunter2"}}}
    result = run(db, "import", "-", stdin=json.dumps(hostile))
    assert result.returncode != 0 and "password" in result.stderr and "Traceback" not in result.stderr
    assert "hunter2" not in ok(run(db, "export"))


def test_a_draft_listed_twice_is_refused_with_its_path(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite3")
    twice = {"format": "afterview/1", "drafts": [{"task": "a:b", "body": "one"}, {"task": "a:b", "body": "two"}]}
    result = run(db, "import", "-", stdin=json.dumps(twice))
    assert result.returncode != 0 and "$.drafts[1].task" in result.stderr
