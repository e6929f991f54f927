"""Drafts and checks through the real `afterview` entry point."""

from __future__ import annotations

import email
import json
import os
import stat
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).with_name("afterview"))
DANA = "northwind-office-manager:thank_you_email:r1:dana-whitfield"
MARCUS = "northwind-office-manager:thank_you_email:r1:marcus-lee"


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-23", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite3"
    assert run(path, "demo").returncode == 0
    return path


def test_draft_json_has_the_recipient_subject_body_and_clean_checks(db: Path) -> None:
    result = run(db, "draft", DANA, "--json")
    assert result.returncode == 0, result.stderr
    draft = json.loads(result.stdout)
    assert set(draft) == {"task", "to", "subject", "body", "checks"}
    assert draft["to"] == {"name": "Dana Whitfield", "email": "dana.whitfield@northwind.example"}
    assert "seating plan" in draft["body"] and draft["checks"] == []
    other = json.loads(run(db, "draft", MARCUS, "--json").stdout)
    assert other["body"].replace("Marcus", "Dana") != draft["body"]


def test_eml_is_a_standard_message(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "note.eml"
    assert run(db, "draft", DANA, "--eml", str(target)).returncode == 0
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["To"] == "Dana Whitfield <dana.whitfield@northwind.example>"
    assert message["From"] == "Alex Morgan <alex.morgan@example.net>"
    assert message["Message-ID"].endswith("@afterview.local>") and message["Date"]
    assert "seating plan" in message.get_content()


def test_edit_keeps_the_users_text_and_rechecks_it(db: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/for a friendly/for a realy friendly/' \"$1\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    result = run(db, "draft", DANA, "--edit", env={"EDITOR": str(editor)})
    assert result.returncode == 0, result.stderr
    assert "error: line" in result.stdout and "spelling" in result.stdout and "realy" in result.stdout
    again = json.loads(run(db, "draft", DANA, "--json").stdout)
    assert "realy friendly" in again["body"]
    assert [c["code"] for c in again["checks"]] == ["spelling"]


def test_check_exits_1_on_errors_and_0_when_clean(db: Path, tmp_path: Path) -> None:
    clean = json.loads(run(db, "draft", DANA, "--json").stdout)
    good = tmp_path / "good.txt"
    good.write_text(f"Subject: {clean['subject']}\n\n{clean['body']}", encoding="utf-8")
    assert run(db, "check", str(good), "--task", DANA).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text(clean["body"].replace("Dear Dana", "Dear Marcus").replace("friendly", "friendly friendly"),
                   encoding="utf-8")
    result = run(db, "check", str(bad), "--task", DANA, "--json")
    assert result.returncode == 1
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert {"wrong-name", "doubled-word"} <= codes
    text = bad.read_text(encoding="utf-8")
    for finding in json.loads(result.stdout):
        start, end = finding["span"]
        assert text[start:end]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"Dear Dana,\n\xff\xfe caf\xe9\n", "UTF-8"), (b"x" * (10 * 1024 * 1024 + 1), "10 MB")],
    ids=["not-utf8", "huge"],
)
def test_unreadable_texts_are_refused_in_one_line(db: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    result = run(db, "check", str(path), "--task", DANA)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_tasks_without_words_have_no_draft(db: Path) -> None:
    result = run(db, "draft", "hooli-ops:debrief:r2")
    assert result.returncode == 2 and "sends no words" in result.stderr


def test_a_broken_user_template_is_reported_with_its_file_and_line(db: Path) -> None:
    home = Path(os.environ["AFTERVIEW_HOME"])
    path = Path(run(db, "templates", "edit", "thank_you_email", env={"EDITOR": "true"}).stdout.split(" at ")[-1]
                .strip())
    assert path.parent == home / "templates" and path.is_file()
    assert run(db, "templates", "path", "thank_you_email").stdout.strip() == str(path)
    path.write_text("Subject: Thanks\n\nDear {{ recipient.first_name \n", encoding="utf-8")
    result = run(db, "draft", DANA)
    assert result.returncode == 2
    assert str(path) in result.stderr and "line" in result.stderr and "Traceback" not in result.stderr
