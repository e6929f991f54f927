"""The same operations through every door give the same facts and the same answers.

Each door gets its own store, filled alike: the CLI (the installed `afterview` script in a
subprocess), the JSON API and the HTML forms (the in-process app). The same operations go through
each; then the stored facts (the export, every task's status, the snoozes) must be equal. The same
invalid inputs must be refused by each with the same code and field, and change nothing: the CLI
with exit 2 and one line naming its own flag, the API with 4xx JSON `{"code", "field", …}`, the
form with its page again and the message next to the input.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from afterview.cli.main import flag_of
from afterview.domain.model import Interview, Person
from afterview.services import facts, planning
from afterview.services.documents import export_document
from afterview.services.store import open_store
from afterview.web import create_app
from tests.web.conftest import AS_OF, Web

SCRIPT = str(Path(sys.executable).with_name("afterview"))
JANE_THANKS = "acme:thank_you_email:r1:jane-doe"
RAJ_THANKS = "globex:thank_you_email:r1:raj-patel"


def seed(db: Path) -> None:
    store = open_store(str(db))
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 18), interviewers=("Jane Doe",),
                                                 decision_expected=date(2026, 11, 25)),
                        [Person("Jane Doe", title="Director", email="jane@acme.example")], company="Acme",
                        next_round=True, applied_on=date(2026, 11, 2))
    store.engine.dispose()


def stored(db: Path) -> dict[str, Any]:
    """Everything a door can change: the facts (as exported), each task's status and date, the snoozes."""
    store = open_store(str(db))
    try:
        with store.reading() as conn:
            tasks = sorted((t.id, t.status, t.due.isoformat()) for t in planning.plan(conn, AS_OF, include_all=True))
        document = json.loads(export_document(store))
    finally:
        store.engine.dispose()
    with sqlite3.connect(db) as conn:
        snoozes = sorted(conn.execute("SELECT task_id, until_day FROM snoozes"))
    return {"document": document, "tasks": tasks, "snoozes": snoozes}


@dataclass(frozen=True)
class Op:
    """One operation as each door says it."""

    name: str
    cli: list[str]
    api: tuple[str, str, dict[str, Any] | None]
    form: tuple[str, dict[str, str]]
    # The form's answer: a redirect to the page, or the form again when there was nothing to record.
    form_status: int = 303


def _reply(name: str, person: str, form_status: int = 303) -> Op:
    said = {"person": person, "on": "2026-11-21", "decision_expected": "2026-12-02"}
    return Op(name, ["log", "reply", "acme", "--person", person, "--on", "2026-11-21", "--decision-expected",
                     "2026-12-02"],
              ("POST", "/api/applications/acme/replies", said), ("/applications/acme/replies", said), form_status)


OPS = [
    Op("log an interview (a new application)",
       ["log", "interview", "globex", "--company", "Globex", "--on", "2026-11-20", "--interviewer", "Raj Patel",
        "--decision-expected", "2026-12-01", "--no-input"],
       ("POST", "/api/interviews", {"company": "Globex", "on": "2026-11-20", "interviewers": [{"name": "Raj Patel"}],
                                    "decision_expected": "2026-12-01"}),
       ("/interviews/new", {"company": "Globex", "on": "2026-11-20", "iv-0-name": "Raj Patel",
                            "decision_expected": "2026-12-01"})),
    Op("add a person",
       ["log", "person", "acme", "--name", "Sam Ortiz", "--role", "recruiter", "--email", "sam@acme.example"],
       ("POST", "/api/applications/acme/people", {"name": "Sam Ortiz", "role": "recruiter",
                                                  "email": "sam@acme.example"}),
       ("/applications/acme/people", {"name": "Sam Ortiz", "role": "recruiter", "email": "sam@acme.example"})),
    Op("change one detail of a person",
       ["log", "person", "acme", "--name", "Jane Doe", "--phone", "555-0100"],
       ("PATCH", f"/api/applications/acme/people/{quote('Jane Doe')}", {"phone": "555-0100"}),
       ("/applications/acme/people/edit", {
           "person": "Jane Doe", "name": "Jane Doe", "role": "interviewer", "title": "Director",
           "email": "jane@acme.example", "phone": "555-0100", "was-name": "Jane Doe", "was-role": "interviewer",
           "was-title": "Director", "was-email": "jane@acme.example", "was-phone": ""})),
    Op("log a contact",
       ["log", "contact", "acme", "--kind", "other", "--person", "Jane Doe", "--on", "2026-11-19", "--force"],
       ("POST", "/api/applications/acme/contacts", {"kind": "other", "person": "Jane Doe", "on": "2026-11-19",
                                                    "force": True}),
       ("/applications/acme/contacts", {"kind": "other", "person": "Jane Doe", "on": "2026-11-19",
                                        "force": "on"})),
    _reply("log a reply", "Jane Doe"),
    _reply("log the same reply again (recorded once)", "jane doe", form_status=200),
    Op("done", ["done", RAJ_THANKS], ("POST", f"/api/tasks/{RAJ_THANKS}/done", None),
       (f"/tasks/{RAJ_THANKS}/done", {"next": "/"})),
    Op("skip", ["skip", JANE_THANKS, "--why", "thanked her in person"],
       ("POST", f"/api/tasks/{JANE_THANKS}/skip", {"why": "thanked her in person"}),
       (f"/tasks/{JANE_THANKS}/skip", {"next": "/", "why": "thanked her in person"})),
    Op("snooze", ["snooze", "keep_searching:2026-W48"], ("POST", "/api/tasks/keep_searching:2026-W48/snooze", None),
       ("/tasks/keep_searching:2026-W48/snooze", {"next": "/"})),
    Op("log an outcome", ["log", "outcome", "globex", "offer", "--on", "2026-11-23", "--deadline", "2026-11-30"],
       ("POST", "/api/applications/globex/outcome", {"kind": "offer", "on": "2026-11-23", "deadline": "2026-11-30"}),
       ("/applications/globex/outcome", {"kind": "offer", "on": "2026-11-23", "deadline": "2026-11-30"})),
    Op("log a next round with its debrief",
       ["log", "interview", "acme", "--on", "2026-11-22", "--interviewer", "Jane Doe", "--went-well", "the case study",
        "--strong-topic", "the ledger migration", "--improve", "the budget question; the 2025 figures; Jane Doe",
        "--no-input"],
       ("POST", "/api/interviews", {"application": "acme", "on": "2026-11-22", "interviewers": [{"name": "Jane Doe"}],
                                    "went_well": "the case study", "strong_topics": ["the ledger migration"],
                                    "improve_topic": "the budget question", "improve_addition": "the 2025 figures",
                                    "improve_asked_by": "Jane Doe"}),
       ("/interviews/new", {"application": "acme", "on": "2026-11-22", "iv-0-name": "Jane Doe",
                            "went_well": "the case study", "strong_topics": "the ledger migration",
                            "improve_topic": "the budget question", "improve_addition": "the 2025 figures",
                            "improve_asked_by": "Jane Doe"})),
]


def cli(db: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF.isoformat(), *args], capture_output=True,
                          text=True, env=os.environ.copy(), timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def doors(tmp_path: Path) -> Iterator[dict[str, Any]]:
    paths = {name: tmp_path / f"{name}.sqlite3" for name in ("cli", "api", "form")}
    for path in paths.values():
        seed(path)
    api, form = Web(create_app(db=str(paths["api"]), as_of=AS_OF)), Web(create_app(db=str(paths["form"]),
                                                                                    as_of=AS_OF))
    yield {"paths": paths, "api": api, "form": form}
    api.close()
    form.close()


def test_the_same_operations_store_the_same_facts_through_every_door(doors: dict[str, Any]) -> None:
    paths, api, form = doors["paths"], doors["api"], doors["form"]
    for op in OPS:
        done = cli(paths["cli"], op.cli)
        assert done.returncode == 0, (op.name, done.stderr)
        method, url, body = op.api
        answer = api.api(method, url, body)
        assert answer.status_code == 200, (op.name, answer.text)
        submitted = form.form(op.form[0], op.form[1], follow_redirects=False)
        assert submitted.status_code == op.form_status, (op.name, submitted.status_code,
                                                          _form_errors(submitted.text))
        facts_cli = stored(paths["cli"])
        assert stored(paths["api"]) == facts_cli, op.name
        assert stored(paths["form"]) == facts_cli, op.name
    final = stored(paths["cli"])
    statuses = dict((t[0], t[1]) for t in final["tasks"])
    assert statuses[RAJ_THANKS] == "done" and statuses[JANE_THANKS] == "skipped"
    assert final["snoozes"] == [("keep_searching:2026-W48", "2026-11-24")]
    jane = next(p for p in final["document"]["applications"][0]["people"] if p["name"] == "Jane Doe")
    assert (jane["title"], jane["email"], jane["phone"]) == ("Director", "jane@acme.example", "555-0100")
    debrief = final["document"]["applications"][0]["interviews"][-1]["debrief"]
    assert debrief["strong_topics"] == ["the ledger migration"]
    assert debrief["improve"] == [{"topic": "the budget question", "addition": "the 2025 figures",
                                   "asked_by": "Jane Doe"}]


def _form_errors(page: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="e-([^"]+)">([^<]*)<', page))


@dataclass(frozen=True)
class Bad:
    """One invalid input as each door says it, and the one answer every door must give."""

    name: str
    code: str
    field: str
    cli: list[str]
    api: tuple[str, str, dict[str, Any] | None]
    form: tuple[str, dict[str, str]]
    form_input: str | None  # the input the form shows the message by (None: the store's own error page)


BAD = [
    Bad("a blank name", "blank", "name", ["log", "person", "acme", "--name", ""],
        ("POST", "/api/applications/acme/people", {"name": ""}),
        ("/applications/acme/people", {"name": "", "role": "interviewer"}), "person-new-name"),
    Bad("an unknown role", "not-a-choice", "role", ["log", "person", "acme", "--name", "Max Moe", "--role", "overlord"],
        ("POST", "/api/applications/acme/people", {"name": "Max Moe", "role": "overlord"}),
        ("/applications/acme/people", {"name": "Max Moe", "role": "overlord"}), "person-new-role"),
    Bad("a decision date before the interview", "date-order", "decision_expected",
        ["log", "interview", "acme", "--on", "2026-11-22", "--decision-expected", "2026-11-10", "--no-input"],
        ("POST", "/api/interviews", {"application": "acme", "on": "2026-11-22", "decision_expected": "2026-11-10"}),
        ("/interviews/new", {"application": "acme", "on": "2026-11-22", "decision_expected": "2026-11-10"}),
        "decision_expected"),
    Bad("an unknown follow-up person", "unknown-person", "follow_up_person",
        ["log", "interview", "acme", "--on", "2026-11-22", "--follow-up-person", "Nobody Known", "--no-input"],
        ("POST", "/api/interviews", {"application": "acme", "on": "2026-11-22", "follow_up_person": "Nobody Known"}),
        ("/interviews/new", {"application": "acme", "on": "2026-11-22", "follow_up_person": "Nobody Known"}),
        "follow_up_person"),
    Bad("an application that does not exist", "not-found", "application",
        ["log", "contact", "nope", "--kind", "other", "--person", "Jane Doe"],
        ("POST", "/api/applications/nope/contacts", {"kind": "other", "person": "Jane Doe"}),
        ("/applications/nope/contacts", {"kind": "other", "person": "Jane Doe"}), None),
    Bad("a reply from someone not on the application", "unknown-person", "person",
        ["log", "reply", "acme", "--person", "Jane Do"],
        ("POST", "/api/applications/acme/replies", {"person": "Jane Do"}),
        ("/applications/acme/replies", {"person": "Jane Do"}), "reply-person"),
    Bad("a contact with someone not on the application", "unknown-person", "person",
        ["log", "contact", "acme", "--kind", "other", "--person", "Jane Do", "--force"],
        ("POST", "/api/applications/acme/contacts", {"kind": "other", "person": "Jane Do", "force": True}),
        ("/applications/acme/contacts", {"kind": "other", "person": "Jane Do", "force": "on"}), "contact-person"),
    Bad("someone new whose name looks like someone's listed", "look-alike-person", "name",
        ["log", "person", "acme", "--name", "Jane Doh"],
        ("POST", "/api/applications/acme/people", {"name": "Jane Doh"}),
        ("/applications/acme/people", {"name": "Jane Doh", "role": "interviewer"}), "person-new-name"),
    Bad("a round already on file", "interview-exists", "round",
        ["log", "interview", "acme", "--round", "1", "--on", "2026-11-22", "--no-input"],
        ("POST", "/api/interviews", {"application": "acme", "round": 1, "on": "2026-11-22"}),
        ("/interviews/new", {"application": "acme", "round": "1", "on": "2026-11-22"}), "round"),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda b: b.name)
def test_the_same_mistake_gets_the_same_answer_from_every_door(doors: dict[str, Any], bad: Bad) -> None:
    paths, api, form = doors["paths"], doors["api"], doors["form"]
    before = {name: stored(path) for name, path in paths.items()}

    refused = cli(paths["cli"], bad.cli)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    named = "afterview: " if bad.field == "application" else f"afterview: {flag_of(bad.field)}: "
    assert lines[0].startswith(named), lines[0]

    method, url, body = bad.api
    answer = api.api(method, url, body)
    assert 400 <= answer.status_code < 500, answer.text
    assert (answer.json()["code"], answer.json()["field"]) == (bad.code, bad.field), answer.json()
    assert answer.json()["message"] and "--" not in answer.json()["message"]

    page = form.form(bad.form[0], bad.form[1], follow_redirects=False)
    if bad.form_input is None:
        assert page.status_code == 404 and "no application" in page.text
    else:
        assert page.status_code == 422, page.status_code
        shown = _form_errors(page.text)
        assert bad.form_input in shown, (bad.form_input, shown)
        assert answer.json()["message"].split(";")[0] in shown[bad.form_input].replace("&#39;", "'")

    for name, path in paths.items():
        assert stored(path) == before[name], name  # nothing half-written, by any door



# ---- lengths: one declared limit (domain.limits), the same at every door -----------------------------


def test_a_text_within_its_declared_limit_is_accepted_by_every_door(doors: dict[str, Any]) -> None:
    """A 1,500-character reason and a 300-character topic are within the spec (2,000 and 500):
    the API once refused the reason past 1,000 and the form refused the topic past 200."""
    paths, api, form = doors["paths"], doors["api"], doors["form"]
    why, topic = "w" * 1500, "t" * 300
    assert cli(paths["cli"], ["skip", JANE_THANKS, "--why", why]).returncode == 0
    assert api.api("POST", f"/api/tasks/{JANE_THANKS}/skip", {"why": why}).status_code == 200
    assert form.form(f"/tasks/{JANE_THANKS}/skip", {"next": "/", "why": why},
                     follow_redirects=False).status_code == 303
    done = cli(paths["cli"], ["log", "interview", "acme", "--on", "2026-11-22", "--interviewer", "Jane Doe",
                              "--topic", f"Jane Doe: {topic}", "--no-input"])
    assert done.returncode == 0, done.stderr
    answer = api.api("POST", "/api/interviews", {"application": "acme", "on": "2026-11-22",
                                                 "interviewers": [{"name": "Jane Doe", "topics": [topic]}]})
    assert answer.status_code == 200, answer.text
    page = form.form("/interviews/new", {"application": "acme", "on": "2026-11-22", "iv-0-name": "Jane Doe",
                                         "iv-0-topics": topic}, follow_redirects=False)
    assert page.status_code == 303, _form_errors(page.text)
    facts_cli = stored(paths["cli"])
    assert stored(paths["api"]) == facts_cli and stored(paths["form"]) == facts_cli


def test_a_text_past_its_declared_limit_gets_the_same_answer_from_every_door(doors: dict[str, Any]) -> None:
    paths, api, form = doors["paths"], doors["api"], doors["form"]
    before = {name: stored(path) for name, path in paths.items()}
    why = "w" * 2001
    refused = cli(paths["cli"], ["skip", JANE_THANKS, "--why", why])
    assert refused.returncode == 2 and refused.stderr.startswith("afterview: --why: "), refused.stderr
    assert "2,001 characters long; at most 2,000 are allowed" in refused.stderr
    answer = api.api("POST", f"/api/tasks/{JANE_THANKS}/skip", {"why": why})
    assert 400 <= answer.status_code < 500
    assert (answer.json()["code"], answer.json()["field"]) == ("too-long", "why"), answer.json()
    assert "2,001 characters long; at most 2,000 are allowed" in answer.json()["message"]
    page = form.form(f"/tasks/{JANE_THANKS}/skip", {"next": "/", "why": why}, follow_redirects=False)
    assert page.status_code == 422 and "2,001 characters long; at most 2,000 are allowed" in page.text
    for name, path in paths.items():
        assert stored(path) == before[name], name
