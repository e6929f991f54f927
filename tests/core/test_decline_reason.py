"""Declining an offer with a reason: the playbook's decline "thanks them and gives a reason" [001],
the user's own, recorded at every door, kept by the store and by every backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from afterview.domain.model import Interview, Person
from afterview.services import facts
from afterview.services.documents import export_document, import_document
from afterview.services.store import open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))
REASON = "the daily commute would be too long for my family"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-12-10", *args], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy(), stdin=subprocess.DEVNULL)


def test_the_reason_given_on_the_command_line_is_the_letters(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    for args in (("log", "interview", "a1", "--company", "Alpha Ltd", "--on", "2026-12-01", "--interviewer",
                  "Ann Lee; CFO; ann@alpha.example", "--no-input"),
                 ("log", "outcome", "a1", "offer", "--on", "2026-12-07", "--deadline", "2026-12-14"),
                 ("log", "outcome", "a1", "declined", "--on", "2026-12-10", "--reason", REASON)):
        done = run(db, *args)
        assert done.returncode == 0, done.stderr
    plan = json.loads(run(db, "plan", "--json").stdout)
    task = next(t["id"] for t in plan if t["kind"] == "decline_offer")
    draft = run(db, "draft", task)
    assert "The daily commute would be too long for my family." in draft.stdout, draft.stdout
    outcome = json.loads(run(db, "export").stdout)["applications"][0]["outcome"]
    assert outcome["reason"] == REASON and outcome["offered_on"] == "2026-12-07"
    too_long = run(db, "log", "outcome", "a1", "declined", "--on", "2026-12-10", "--reason", "x" * 2001)
    assert too_long.returncode == 2 and "2,001 characters long" in too_long.stderr, too_long.stderr
    assert json.loads(run(db, "export").stdout)["applications"][0]["outcome"]["reason"] == REASON


def test_a_backup_keeps_the_reason(database_url: str, tmp_path: Path) -> None:
    store = open_store(database_url)
    facts.log_interview(store, "a1", Interview(on=date(2026, 12, 1), interviewers=("Ann Lee",)),
                        [Person("Ann Lee")], company="Alpha Ltd", next_round=True)
    facts.log_outcome(store, "a1", "offer", on=date(2026, 12, 7))
    facts.log_outcome(store, "a1", "declined", on=date(2026, 12, 10), reason=f"  {REASON} ")
    document = export_document(store)
    assert json.loads(document)["applications"][0]["outcome"]["reason"] == REASON
    other = open_store(str(tmp_path / "restored.sqlite3"))
    import_document(other, document)
    assert export_document(other) == document
