"""`afterview profile` and `afterview words` through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("afterview"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-23", *args], capture_output=True, text=True,
                          timeout=60, env=os.environ.copy())


def test_changing_the_country_moves_the_plan_at_once(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    run(db, "log", "interview", "acme", "--company", "Acme", "--on", "2026-06-03", "--interviewer", "Jane Doe",
        "--no-input")
    def deadline() -> str:
        plan = json.loads(run(db, "plan", "acme", "--json").stdout)
        return next(t["deadline"] for t in plan if t["kind"] == "thank_you_email")
    assert run(db, "profile", "set", "--country", "DE", "--subdivision", "BE").returncode == 0
    assert deadline() == "2026-06-05"
    assert run(db, "profile", "set", "--subdivision", "BY").returncode == 0
    assert deadline() == "2026-06-08"  # Corpus Christi in Bavaria
    shown = json.loads(run(db, "profile", "--json").stdout)
    assert (shown["country"], shown["subdivision"]) == ("DE", "BY")


def test_bad_settings_are_one_line_and_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    run(db, "profile", "set", "--name", "Alex")
    for args, message in ((("--timezone", "Mars/Olympus"), "timezone"), (("--country", "XX"), "country"),
                          (("--cadence", "nope=3"), "--cadence")):
        result = run(db, "profile", "set", *args)
        assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert json.loads(run(db, "profile", "--json").stdout)["name"] == "Alex"


def test_own_words_pass_the_spelling_check(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    run(db, "demo")
    note = tmp_path / "note.txt"
    note.write_text("Dear Dana,\n\nThank you for the time on Friday. My zorblatt dashboards are linked: "
                    "the seating plan I made for the Bellweather move.\n\nAlex Morgan\n", encoding="utf-8")
    task = "northwind-office-manager:thank_you_email:r1:dana-whitfield"
    before = json.loads(run(db, "check", str(note), "--task", task, "--json").stdout)
    assert any(f["code"] == "spelling" and "zorblatt" in f["message"] for f in before)
    assert run(db, "words", "add", "zorblatt").returncode == 0
    after = json.loads(run(db, "check", str(note), "--task", task, "--json").stdout)
    assert not any(f["code"] == "spelling" for f in after)


def test_a_region_name_is_not_a_time_zone(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    result = run(db, "profile", "set", "--timezone", "US")
    assert result.returncode == 2 and "timezone" in result.stderr and "Traceback" not in result.stderr
