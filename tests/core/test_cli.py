"""The CLI through its real entry point: the installed `afterview` script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from afterview.cli.render import task_json
from afterview.services import planning
from afterview.services.store import open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"
TASK_KEYS = {"id", "application", "company", "kind", "person", "due", "deadline", "status", "channel", "reason"}


def run(*args: str, stdin: str | None = None, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [SCRIPT]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run([*command, "--as-of", AS_OF, *args], input=stdin, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=60)


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite3"
    assert run("demo", db=path).returncode == 0
    return path


def test_demo_then_today_shows_a_readable_list_overdue_first(db: Path) -> None:
    result = run("today", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Today, Mon 23 Nov 2026"
    assert lines[2].split()[:3] == ["2026-11-20", "3", "days"] and "overdue" in lines[2]
    assert "Thank-you email to Dana Whitfield" in result.stdout


def test_today_json_is_the_contract_and_matches_the_services(db: Path) -> None:
    result = run("today", "--json", db=db)
    assert result.returncode == 0, result.stderr
    tasks = json.loads(result.stdout)
    assert tasks and all(set(t) == TASK_KEYS for t in tasks)
    assert all(t["status"] == "open" and t["due"] <= AS_OF for t in tasks)
    store = open_store(str(db))
    with store.reading() as conn:
        expected = [task_json(t) for t in planning.today(conn, date.fromisoformat(AS_OF))[0]]
    assert tasks == expected


def test_plan_for_one_application_and_all_statuses(db: Path) -> None:
    open_only = json.loads(run("plan", "globex-analyst", "--json", db=db).stdout)
    everything = json.loads(run("plan", "globex-analyst", "--all", "--json", db=db).stdout)
    assert {t["application"] for t in open_only} == {"globex-analyst"}
    assert {t["status"] for t in everything} >= {"open", "done"}
    assert len(everything) > len(open_only)


def test_done_then_the_task_is_no_longer_open(db: Path) -> None:
    task = "northwind-office-manager:thank_you_email:r1:marcus-lee"
    result = run("done", task, db=db)
    assert result.returncode == 0 and "Done: thank you email (Marcus Lee)" in result.stdout
    ids = {t["id"] for t in json.loads(run("today", "--json", db=db).stdout)}
    assert task not in ids
    assert "already done" in one_line_error(run("done", task, db=db), 2)


def test_the_guard_exits_3_with_the_earliest_date_and_records_nothing(db: Path) -> None:
    assert run("log", "contact", "globex-analyst", "--kind", "check_in", "--person", "Hank Scorpio",
               db=db).returncode == 0
    before = run("export", db=db).stdout
    message = one_line_error(run("log", "contact", "globex-analyst", "--kind", "final_nudge", "--person",
                                 "Hank Scorpio", "--on", "2026-11-25", db=db), 3)
    assert "earliest allowed date is 2026-12-01" in message  # Thanksgiving is skipped
    assert run("export", db=db).stdout == before
    forced = run("log", "contact", "globex-analyst", "--kind", "final_nudge", "--person", "Hank Scorpio",
                 "--on", "2026-11-25", "--force", db=db)
    assert forced.returncode == 0 and "forced" in forced.stdout


def test_log_interview_with_flags_prints_the_plan(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    result = run("log", "interview", "acme-clerk", "--no-input", "--company", "Acme", "--role", "Clerk",
                 "--on", "2026-11-25",
                 "--interviewer", "Jane Doe; Engineer; jane@acme.example", "--interviewer", "Bob Roe",
                 "--topic", "Jane Doe: the new ledger", "--promise", "Jane Doe: my portfolio link",
                 "--decision-expected", "2026-12-04", db=db)
    assert result.returncode == 0, result.stderr
    assert "2026-11-25  thank you email" in result.stdout
    assert "hint: no email for Bob Roe" in result.stdout
    plan = json.loads(run("plan", "acme-clerk", "--json", db=db).stdout)
    check_in = next(t for t in plan if t["kind"] == "check_in")
    assert check_in["due"] == "2026-12-07"


def test_export_to_a_file_and_import_from_stdin(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    assert run("export", str(target), db=db).returncode == 0
    fresh = tmp_path / "fresh.sqlite3"
    result = run("import", "-", stdin=target.read_text(), db=fresh)
    assert result.returncode == 0 and "Imported 7 application(s), 7 new" in result.stdout
    assert run("export", db=fresh).stdout == target.read_text()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", r"$: not valid JSON at line 1, column 2"),
        ('{"format": "afterview/1", "applications": [{"id": "a", "company": "A", "colour": "red"}]}',
         "$.applications[0]: unknown field 'colour'"),
        ('{"format": "afterview/1", "applications": [{"id": "a", "company": "A", '
         '"interviews": [{"on": "2026-02-30"}]}]}', "$.applications[0].interviews[0].on: '2026-02-30' is not a real"),
        ('{"format": "afterview/1", "applications": [{"id": "a", "company": "A", "interviews": [{"on": '
         '"2026-12-01"}], "outcome": {"kind": "rejected", "on": "2026-11-01"}}]}', "is after the outcome"),
        ('{"format": "afterview/1", "applications": [{"id": "a", "company": "A", "interviews": [{"on": '
         '"2026-12-01", "employer_away": [{"from": "2026-12-10", "to": "2026-12-01"}]}]}]}',
         "employer_away[0].to: 2026-12-01 is before from"),
        ('{"format": "afterview/1", "applications": [{"id": "a", "company": "A", "country": "XX"}]}',
         "$.applications[0].country: unknown country code 'XX'"),
        ('{"format": "afterview/2"}', '$.format: expected "afterview/1"'),
    ],
    ids=["malformed", "unknown-field", "impossible-date", "interview-after-outcome", "to-before-from",
         "unknown-country", "wrong-format"],
)
def test_bad_documents_exit_2_with_one_line_and_write_nothing(db: Path, tmp_path: Path, document: str,
                                                              message: str) -> None:
    before = run("export", db=db).stdout
    path = tmp_path / "bad.json"
    path.write_text(document)
    assert message in one_line_error(run("import", str(path), db=db), 2)
    assert run("export", db=db).stdout == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2026-13-01", "today"), "is not a date; use YYYY-MM-DD"),
        (("done", "no-such-task"), "no task 'no-such-task'"),
        (("plan", "no-such-app"), "no application 'no-such-app'"),
        (("log", "outcome", "wayne-admin", "hired"), "'hired' is not an outcome"),
        (("log", "contact", "wayne-admin", "--kind", "wave", "--person", "X"),
         "--kind: 'wave' is not a kind of contact"),
        (("import", "/nonexistent.json"), "no such file"),
        (("--db", "postgresql://nobody@127.0.0.1:1/none", "today"), "cannot open the database"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_2(db: Path, args: tuple[str, ...], message: str) -> None:
    result = subprocess.run([SCRIPT, "--db", str(db), *args], capture_output=True, text=True, timeout=60)
    assert message in one_line_error(result, 2)


def test_a_badly_written_answer_to_improve_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    refused = run("log", "interview", "acme", "--company", "Acme", "--on", "2026-11-20", "--interviewer", "Jane Doe",
                  "--improve", " ; the figures", "--no-input", db=db)
    line = one_line_error(refused, 2)
    assert line.startswith("afterview: --improve ") and "'topic; what you would add; who asked'" in line
    assert run("plan", "acme", db=db).returncode != 0  # nothing was recorded


def test_logging_an_application_says_the_day_it_records_as_applied(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    today = run("log", "application", "zeta", "--company", "Zeta", db=db)
    assert today.stdout == f"Recorded application zeta (Zeta), applied on {AS_OF}.\n", today.stderr
    given = run("log", "application", "eta", "--company", "Eta", "--applied-on", "2026-11-02", db=db)
    assert given.stdout == "Recorded application eta (Eta), applied on 2026-11-02.\n", given.stderr
