"""A mistake in the checklist costs one question, not every answer; input that ends early records nothing."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from afterview.domain.model import Interview, Person, PersonNotes
from afterview.services import facts
from afterview.services.errors import UserError
from afterview.services.store import open_store
from afterview.store import repository as repo
from tests.core.test_checklist import SCRIPT, _read_until


def _export(db: Path) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([SCRIPT, "--db", str(db), "export"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_bad_answer_asks_that_question_again_and_keeps_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    controller, terminal = pty.openpty()
    process = subprocess.Popen([SCRIPT, "--db", str(db), "--as-of", "2026-11-25", "log", "interview", "acme",
                                "--company", "Acme", "--on", "2026-11-25", "--interviewer", "Jane Doe"],
                               stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    seen: list[str] = []
    script = [
        ("When do they expect to make a decision?", "2026-10-01"),  # before the interview: asked again
        ("before the interview", "2026-12-04"),
        ("Will there be second interviews?", ""), ("Did they say when to follow up?", ""),
        ("Any holiday or time away", ""), ("Will they check references?", "n"),
        ("How do you rate your chances?", "certain"),  # not a rating: asked again, not the whole form
        ("Please answer low, medium or high", "high"),
    ]
    try:
        for question, answer in script:
            _read_until(controller, question, seen)
            seen = []
            os.write(controller, answer.encode() + b"\r")
        _answer_the_rest_blank(process, controller)  # the debrief questions
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    interview = _export(db)["applications"][0]["interviews"][0]
    assert interview["decision_expected"] == "2026-12-04" and interview["chances"] == "high"


def _answer_the_rest_blank(process: subprocess.Popen[bytes], controller: int) -> None:
    """Leave every further question blank (a prompt ends with ': '), however slowly it is asked."""
    screen = ""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.5)
        if not ready:
            continue
        try:
            screen += os.read(controller, 4096).decode(errors="replace")
        except OSError:
            break
        if screen.endswith(": "):
            os.write(controller, b"\r")
            screen = ""


def test_answers_piped_in_that_end_early_record_nothing(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    subprocess.run([SCRIPT, "--db", str(db), "profile", "set", "--name", "Alex Morgan"], check=True,
                   capture_output=True)
    result = subprocess.run([SCRIPT, "--db", str(db), "log", "interview", "acme", "--company", "Acme"],
                            input="2026-11-25\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "nothing was recorded" in result.stderr and "--no-input" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _export(db).get("applications", []) == []


def test_a_blank_name_is_refused_and_the_profile_kept(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    subprocess.run([SCRIPT, "--db", str(db), "profile", "set", "--name", "Alex Morgan", "--country", "GB"],
                   check=True, capture_output=True)
    result = subprocess.run([SCRIPT, "--db", str(db), "profile", "set", "--name", " "], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith("afterview: --name: ")
    subprocess.run([SCRIPT, "--db", str(db), "profile", "set", "--timezone", "Europe/London"], check=True,
                   capture_output=True)
    profile = _export(db)["profile"]
    assert (profile["name"], profile["country"], profile["timezone"]) == ("Alex Morgan", "GB", "Europe/London")


def _piped(db: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-12-02", "log", "interview", "c1", "--company",
                           "Contoso GmbH", "--role", "Controller", "--on", "2026-11-30"], input=answers,
                          capture_output=True, text=True, timeout=120)


def test_no_to_did_you_promise_anything_is_no_promise(tmp_path: Path) -> None:
    """'n' once became a promise called "n", and the draft said "I have attached the n"."""
    db = tmp_path / "search.sqlite3"
    done = _piped(db, "Anna Schmidt; CFO; anna@contoso.example\n\ngrowth plans\nn\ny\n" + "\n" * 16)
    assert done.returncode == 0, done.stderr
    assert "is a file" not in done.stdout and "a file to attach" not in done.stdout
    interview = _export(db)["applications"][0]["interviews"][0]
    assert interview["notes"] == {"Anna Schmidt": {"topics": ["growth plans"]}}
    for nothing in ("no", "Nothing.", "none"):
        again = _piped(tmp_path / f"{nothing}.sqlite3", f"Anna Schmidt\n\n\n{nothing}\n" + "\n" * 17)
        assert again.returncode == 0, again.stderr
        assert "promised" not in json.dumps(_export(tmp_path / f"{nothing}.sqlite3"))


@pytest.mark.parametrize(("answers", "said"), [
    # A promised file that is not there ('y' meant "yes, it is a file").
    ("Anna Schmidt\n\n\nthe budget sheet\ny\n" + "\n" * 16, "the file y does not exist"),
    # Not a rating: asked again, the next line was read as the rating and the rest slid one question down.
    ("\n".join(["Anna Schmidt", "", "", "", "", "", "", "", "", "", "", "certain", "high", *[""] * 8]),
     "please answer low, medium or high"),
    ("Anna Schmidt\n\n\n\nmaybe\n" + "\n" * 16, "please answer y or n"),
])
def test_a_wrong_answer_piped_in_stops_and_records_nothing(tmp_path: Path, answers: str, said: str) -> None:
    db = tmp_path / "search.sqlite3"
    done = _piped(db, answers)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "nothing was recorded" in lines[0] and said in lines[0], lines[0]
    assert _export(db).get("applications", []) == []


def test_a_promised_file_is_checked_by_the_service_too(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "search.sqlite3"))
    there = tmp_path / "portfolio.pdf"
    there.write_bytes(b"%PDF-1.4")
    for path, why in ((tmp_path / "missing.pdf", "does not exist"), (tmp_path, "is not a file")):
        notes = PersonNotes((), ("the portfolio",), (("the portfolio", str(path)),))
        with pytest.raises(UserError) as refused:
            facts.log_interview(store, "c1", Interview(on=date(2026, 11, 30), interviewers=("Anna Schmidt",),
                                                       notes={"Anna Schmidt": notes}),
                                [Person("Anna Schmidt")], company="Contoso GmbH", next_round=True)
        assert (refused.value.code, refused.value.field) == ("no-file", "promise") and why in refused.value.message
    with store.reading() as conn:
        assert repo.read_applications(conn) == []  # nothing half-written
    notes = PersonNotes((), ("the portfolio",), (("the portfolio", str(there)),))
    logged = facts.log_interview(store, "c1", Interview(on=date(2026, 11, 30), interviewers=("Anna Schmidt",),
                                                        notes={"Anna Schmidt": notes}),
                                 [Person("Anna Schmidt")], company="Contoso GmbH", next_round=True)
    assert logged.interview.notes["Anna Schmidt"].file_for("the portfolio") == str(there)


def test_the_missing_decision_date_hint_gives_the_plans_own_check_in_day(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    base = ["log", "interview", "a1", "--company", "Alpha Ltd", "--on", "2026-12-01", "--interviewer", "Ann Lee",
            "--no-input"]
    plain = _hint_of(run(db, *base))
    assert "the check-in is planned for Tue 8 Dec 2026 (no decision date was given" in plain, plain
    second = _hint_of(run(tmp_path / "other.sqlite3", *base, "--second-round", "2026-12-14"))
    # No check-in before the second interview they expect: the hint says the plan's day, not "a week".
    assert "a week after the interview" not in second and "Mon 14 Dec 2026" in second, second
    assert "the check-in is planned for " in second


def _hint_of(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stdout.splitlines() if line.startswith("hint: no decision date"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-12-01", *args], capture_output=True, text=True,
                          timeout=120, env=os.environ.copy(), stdin=subprocess.DEVNULL)
