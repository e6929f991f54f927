"""`afterview references …` through the real entry point, and the plan's hint when none are on file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-25"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF, *args], capture_output=True, text=True,
                          timeout=60, env=os.environ.copy())


def ok(db: Path, *args: str) -> str:
    done = run(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(db: Path, code: int, *args: str) -> str:
    before = ok(db, "export")
    done = run(db, *args)
    assert done.returncode == code, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert ok(db, "export") == before  # nothing written
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite3"
    ok(path, "log", "interview", "acme", "--company", "Acme", "--role", "Clerk", "--on", "2026-11-24",
       "--interviewer", "Jane Doe; Head of Finance; jane@acme.example", "--references-checked", "--no-input")
    return path


def _references(db: Path) -> list[dict[str, str]]:
    found: list[dict[str, str]] = json.loads(ok(db, "references", "list", "--json"))
    return found


def _alerts(db: Path) -> list[str | None]:
    return [t["person"] for t in json.loads(ok(db, "plan", "acme", "--json")) if t["kind"] == "alert_references"]


def test_a_plan_that_needs_references_says_so_until_one_is_added(db: Path) -> None:
    assert _alerts(db) == []
    hint = [line for line in ok(db, "plan", "acme").splitlines() if line.startswith("hint: ")]
    assert hint == ["hint: They said they will check references. You have no references on file, so nobody can "
                    "be warned before Acme calls: add the people who will vouch for you. (afterview references "
                    "add --name NAME --email ADDRESS)"]
    assert "acme: They said they will check references." in ok(db, "references", "list")

    ok(db, "references", "add", "--name", "Grace Liu", "--email", "grace@example.org",
       "--relationship", "former manager")
    assert _alerts(db) == ["Grace Liu"]
    assert "hint:" not in ok(db, "plan", "acme")
    assert ok(db, "references", "list") == "Grace Liu (former manager, grace@example.org)\n"


def test_edit_changes_only_what_is_given_and_remove_takes_them_out_of_the_plan(db: Path) -> None:
    ok(db, "references", "add", "--name", "Grace Liu", "--email", "grace@example.org",
       "--relationship", "former manager")
    ok(db, "references", "add", "--name", "Omar Haddad", "--phone", "+1 555 0101")
    assert ok(db, "references", "edit", "grace liu", "--phone", "+1 555 0100") == (
        "Saved reference Grace Liu (former manager, grace@example.org, +1 555 0100).\n")
    assert _references(db)[0] == {"name": "Grace Liu", "email": "grace@example.org", "phone": "+1 555 0100",
                                  "relationship": "former manager"}
    ok(db, "references", "edit", "Grace Liu", "--email", "")  # an empty value clears that field only
    assert _references(db)[0] == {"name": "Grace Liu", "phone": "+1 555 0100", "relationship": "former manager"}
    ok(db, "references", "edit", "Omar Haddad", "--name", "Omar K. Haddad")
    assert [r["name"] for r in _references(db)] == ["Grace Liu", "Omar K. Haddad"]
    assert sorted(p or "" for p in _alerts(db)) == ["Grace Liu", "Omar K. Haddad"]
    assert ok(db, "references", "remove", "Grace Liu") == "Removed reference Grace Liu.\n"
    assert _alerts(db) == ["Omar K. Haddad"]


def test_every_mistake_is_one_line_and_writes_nothing(db: Path) -> None:
    ok(db, "references", "add", "--name", "Grace Liu", "--email", "grace@example.org")
    assert refused(db, 2, "references", "add", "--name", "Sam Poe", "--email", "not-an-address").startswith(
        "afterview: --email: 'not-an-address' is not an email address")
    assert refused(db, 2, "references", "add", "--name", "GRACE LIU") == (
        "afterview: --name: 'GRACE LIU' is already one of your references; edit that entry instead of adding it "
        "again")
    assert refused(db, 2, "references", "add", "--name", "grace-liu!") == (
        "afterview: --name: 'grace-liu!' reads the same as your reference 'Grace Liu'; tell them apart, e.g. with a "
        "middle initial, or edit that entry")
    assert refused(db, 2, "references", "add", "--name", "  ") == (
        "afterview: --name: a reference needs a name; give their name as you would in a letter")
    assert refused(db, 2, "references", "edit", "Nobody", "--phone", "1") == (
        "afterview: no reference called 'Nobody'; your references: Grace Liu")
    assert refused(db, 2, "references", "edit", "Grace Liu", "--name", "") == (
        "afterview: --name: a reference needs a name; give their name or leave it as it is")
    assert refused(db, 2, "references", "remove", "Nobody").startswith("afterview: no reference called 'Nobody'")
    assert refused(db, 2, "references", "add", "--name", "Sam Poe", "--relationship", "x" * 201).startswith(
        "afterview: --relationship: the relationship is 201 characters long; at most 200 are allowed; shorten it")


def test_a_document_with_look_alike_references_is_refused_as_adding_one_by_hand_is(db: Path, tmp_path: Path) -> None:
    ok(db, "references", "add", "--name", "Ann Lee", "--email", "ann@lee.example")
    by_hand = refused(db, 2, "references", "add", "--name", "ann-lee!")
    assert "reads the same as your reference 'Ann Lee'" in by_hand
    document = json.loads(ok(db, "export"))
    document["references"].append({"name": "ann-lee!"})
    path = tmp_path / "look-alikes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    line = refused(db, 2, "import", str(path))  # and nothing written
    assert "$.references[1].name" in line and "reads the same as your reference 'Ann Lee'" in line
