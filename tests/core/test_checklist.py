"""`afterview log interview` at a real terminal asks the close-of-interview checklist."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("afterview"))

ANSWERS = [
    ("When was the interview?", "2026-11-25"),
    ("interviewer", "Jane Doe; Head of Finance; jane@acme.example"),
    ("interviewer", "Bob Roe; Engineer"),
    ("interviewer", ""),
    ("What did you discuss with Jane Doe?", "the new ledger, month-end close"),
    ("Did you promise Jane Doe anything", "the budget checklist, https://jane-doe.example/portfolio"),
    ("Is 'the budget checklist' a file to attach?", "/no/such/budget-checklist.pdf"),  # asked again
    ("does not exist", "{file}"),  # the path of a file that is there
    ("What did you discuss with Bob Roe?", ""),
    ("Did you promise Bob Roe anything", ""),
    ("Does Jane Doe decide on the hire", "y"),
    ("Does Bob Roe decide on the hire", "n"),
    ("Who is the person to follow up with?", "bob"),  # not a name given: asked again
    ("Please give one of the names above", "jane doe"),
    ("When do they expect to make a decision?", "2026-12-04"),
    ("Will there be second interviews?", ""),
    ("Did they say when to follow up?", ""),
    ("Any holiday or time away", ""),
    ("Will they check references?", "y"),
    ("How do you rate your chances?", "medium"),
    ("what went smoothly?", "rapport with Jane"),
    ("where did you fall short?", "payroll software"),
    ("which topics did your answers cover well?", "the new ledger"),
    ("an answer you would improve", "payroll software"),
    ("What would you add to your answer about payroll software?", "three years of Sage payroll"),
    ("Who asked?", "Jane Doe"),
    ("How did you apply?", "referral"),
    ("Who referred you?", "Priya Shah; Analyst; priya@friends.example; +1 212 555 0111"),
]


def _read_until(fd: int, text: str, seen: list[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(seen):
        if time.monotonic() > deadline:
            raise AssertionError(f"never asked {text!r}; screen so far: {''.join(seen)[-500:]}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode(errors="replace"))
            except OSError:
                break


def test_the_checklist_is_asked_and_the_answers_become_the_plan(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    checklist = tmp_path / "budget-checklist.pdf"
    checklist.write_bytes(b"%PDF-1.4 the budget checklist")
    controller, terminal = pty.openpty()
    process = subprocess.Popen([SCRIPT, "--db", str(db), "--as-of", "2026-11-25", "log", "interview", "acme",
                                "--company", "Acme"], stdin=terminal, stdout=terminal, stderr=terminal,
                               close_fds=True)
    os.close(terminal)
    seen: list[str] = []
    try:
        for question, answer in ANSWERS:
            _read_until(controller, question, seen)
            seen = []  # the next question must appear after this answer
            os.write(controller, answer.replace("{file}", str(checklist)).encode() + b"\r")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    plan = json.loads(subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-25", "plan", "acme", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    kinds = {(t["kind"], t["person"]) for t in plan}
    assert ("thank_you_email", "Jane Doe") in kinds and ("thank_you_email", "Bob Roe") in kinds
    check_in = next(t for t in plan if t["kind"] == "check_in")
    assert check_in["due"] == "2026-12-07"
    exported = json.loads(subprocess.run([SCRIPT, "--db", str(db), "export"], capture_output=True, text=True,
                                         check=True).stdout)
    interview = exported["applications"][0]["interviews"][0]
    assert interview["notes"]["Jane Doe"] == {
        "topics": ["the new ledger", "month-end close"],
        "promised": ["the budget checklist", "https://jane-doe.example/portfolio"],
        "files": {"the budget checklist": str(checklist)}}
    assert interview["references_will_be_checked"] is True and interview["chances"] == "medium"
    # Who decides, who to follow up with, and the referral with its referrer.
    application = exported["applications"][0]
    people = {p["name"]: p for p in application["people"]}
    assert people["Jane Doe"]["role"] == "hiring_manager" and people["Bob Roe"]["role"] == "interviewer"
    assert people["Priya Shah"] == {"name": "Priya Shah", "role": "referrer", "title": "Analyst",
                                    "email": "priya@friends.example", "phone": "+1 212 555 0111"}
    assert application["source"] == "referral"
    assert interview["follow_up"] == {"person": "Jane Doe"}
    assert ("thank_referrer", "Priya Shah") in kinds and check_in["person"] == "Jane Doe"
    assert interview["debrief"] == {
        "went_well": "rapport with Jane", "fell_short": "payroll software", "strong_topics": ["the new ledger"],
        "improve": [{"topic": "payroll software", "addition": "three years of Sage payroll", "asked_by": "Jane Doe"}]}
