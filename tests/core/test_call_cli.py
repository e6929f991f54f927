"""`afterview log call` through the installed entry point: each outcome drives the plan and the guard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.core.test_cli import one_line_error, run


def tasks_of(db: Path, application: str) -> dict[str, dict[str, str]]:
    result = run("plan", application, "--all", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return {t["id"]: t for t in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three applications, two of them at one company, each with its check-in call due Mon 7 Dec."""
    path = tmp_path_factory.mktemp("calls") / "calls.sqlite3"
    for app_id, role in (("acme", "Analyst"), ("acme-ops", "Operations Lead"), ("globex", "Engineer")):
        company = app_id.split("-")[0].title()
        made = run("log", "interview", app_id, "--company", company, "--role", role, "--on", "2026-11-25",
                   "--interviewer", f"Jane Doe; Engineer; jane@{app_id}.example",
                   "--decision-expected", "2026-12-04", "--no-input", db=path)
        assert made.returncode == 0, made.stderr
        person = run("log", "person", app_id, "--name", "Bob Roe", "--role", "hiring_manager",
                     "--phone", "+1 212 555 0100", db=path)
        assert person.returncode == 0, person.stderr
    return path


@pytest.fixture
def db(recorded: Path, tmp_path: Path) -> Path:
    """A fresh copy of the recorded search for each test (with its write-ahead log, if any)."""
    for part in recorded.parent.glob(recorded.name + "*"):
        shutil.copy2(part, tmp_path / part.name)
    return tmp_path / recorded.name


def test_no_answer_then_a_voicemail_then_the_next_contact_is_an_email(db: Path) -> None:
    check_in = tasks_of(db, "acme")["acme:check_in:r1"]
    assert (check_in["channel"], check_in["due"], check_in["person"]) == ("phone", "2026-12-07", "Bob Roe")

    missed = run("log", "call", "acme:check_in:r1", "--outcome", "no-answer", "--on", "2026-12-07", db=db)
    assert missed.returncode == 0, missed.stderr
    assert "nobody answered" in missed.stdout and "due again on 2026-12-08" in missed.stdout
    assert tasks_of(db, "acme")["acme:check_in:r1"]["status"] == "open"

    left = run("log", "call", "acme:check_in:r1", "--outcome", "voicemail", "--on", "2026-12-08",
               "--note", "Left my number and said I am still keen", db=db)
    assert left.returncode == 0, left.stderr
    assert "Next: final nudge by email, due 2026-12-22 [acme:final_nudge:r1]" in left.stdout
    after = tasks_of(db, "acme")
    assert after["acme:check_in:r1"]["status"] == "done"
    assert (after["acme:final_nudge:r1"]["channel"], after["acme:final_nudge:r1"]["status"]) == ("email", "open")

    target = db.with_name("export.json")
    assert run("export", str(target), db=db).returncode == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    calls = [i for a in exported["applications"] if a["id"] == "acme" for i in a["interactions"]]
    assert [(i["on"], i["call"]) for i in calls] == [("2026-12-07", "no_answer"), ("2026-12-08", "voicemail")]
    assert calls[1]["note"] == "Left my number and said I am still keen"


def test_the_guard_counts_a_voicemail_across_the_company_and_forcing_records_it(db: Path) -> None:
    assert run("log", "call", "acme:check_in:r1", "--outcome", "voicemail", "--on", "2026-12-07",
               db=db).returncode == 0
    refused = run("log", "call", "acme-ops:check_in:r1", "--outcome", "voicemail", "--on", "2026-12-08", db=db)
    line = one_line_error(refused, 3)
    assert "Mon 7 Dec 2026" in line and "2026-12-14" in line and "--force" in line
    assert tasks_of(db, "acme-ops")["acme-ops:check_in:r1"]["status"] == "open"  # nothing written
    # Nobody answering is no contact: always allowed.
    assert run("log", "call", "acme-ops:check_in:r1", "--outcome", "no-answer", "--on", "2026-12-08",
               db=db).returncode == 0
    forced = run("log", "call", "acme-ops:check_in:r1", "--outcome", "voicemail", "--on", "2026-12-09",
                 "--force", db=db)
    assert forced.returncode == 0 and "forced" in forced.stdout


def test_reached_with_a_new_date_plans_a_new_check_in(db: Path) -> None:
    reached = run("log", "call", "globex:check_in:r1", "--outcome", "reached", "--on", "2026-12-07",
                  "--decision-expected", "2026-12-14", "--note", "Still interviewing; decide next Monday", db=db)
    assert reached.returncode == 0, reached.stderr
    assert "Next: check in by phone, due 2026-12-15 [globex:check_in:r1:2026-12-07]" in reached.stdout
    tasks = tasks_of(db, "globex")
    assert tasks["globex:check_in:r1"]["status"] == "done"
    assert "call on Mon 7 Dec 2026" in tasks["globex:check_in:r1:2026-12-07"]["reason"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["acme:check_in:r1", "--outcome", "maybe"], "--outcome: 'maybe' is not how a call can go"),
     (["acme:check_in:r1", "--outcome", "voicemail", "--decision-expected", "2026-12-20"],
      "--decision-expected: a new decision date can only come from someone you reached"),
     (["acme:check_in:r1", "--outcome", "reached", "--on", "2026-12-07", "--decision-expected", "2026-12-01"],
      "--decision-expected: the new decision date 2026-12-01 is before the call"),
     (["acme:debrief:r1", "--outcome", "reached"], "is not a phone call"),
     (["acme:check_in:r9", "--outcome", "reached"], "no task 'acme:check_in:r9'")],
)
def test_mistakes_are_one_line_and_write_nothing(db: Path, args: list[str], expected: str) -> None:
    before = tasks_of(db, "acme")
    line = one_line_error(run("log", "call", *args, db=db), 2)
    assert expected in line, line
    assert tasks_of(db, "acme") == before
