"""Plan rules as a job seeker meets them through `afterview`: no snooze past a deadline, no application
date the user never gave, no reference alert or offer acknowledgement left open after the ending."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from afterview.services import views
from afterview.services.store import open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))
PROFILE = ("profile", "set", "--name", "Priya Shah", "--country", "GB", "--subdivision", "ENG",
           "--timezone", "Europe/London", "--strength", "finance operations")


def run(db: Path, as_of: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", as_of, *args], capture_output=True, text=True,
                          timeout=60, env=os.environ.copy())


def ok(db: Path, as_of: str, *args: str) -> str:
    done = run(db, as_of, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def plan(db: Path, as_of: str, app: str) -> list[dict[str, str]]:
    tasks = json.loads(ok(db, as_of, "plan", app, "--all", "--json"))
    assert isinstance(tasks, list)
    return tasks


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "rules.sqlite3"
    ok(path, "2026-11-25", *PROFILE)
    return path


def test_snooze_never_hides_a_task_past_its_deadline(db: Path) -> None:
    # thank_you_email: deadline bd(D,2) [000][002]; a snooze that outlives it would hide its last day.
    ok(db, "2026-11-25", "log", "interview", "k1", "--company", "Kappa Ltd", "--on", "2026-11-25",
       "--interviewer", "Ann Lee; CFO; ann@kappa.example", "--no-input")
    before = ok(db, "2026-11-27", "export")
    refused = run(db, "2026-11-27", "snooze", "k1:thank_you_email:r1:ann-lee")
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert refused.stderr.strip().splitlines() == [
        "afterview: its deadline is today; do it today or skip it"], refused.stderr
    assert ok(db, "2026-11-27", "export") == before  # nothing written
    # Before its last day, a snooze to the next business day is still fine.
    assert "Snoozed" in ok(db, "2026-11-25", "snooze", "k1:thank_you_email:r1:ann-lee")


def test_log_interview_stores_no_application_date_the_user_did_not_give(db: Path) -> None:
    ok(db, "2026-11-25", "log", "interview", "x1", "--company", "X Ltd", "--on", "2026-11-23", "--no-input")
    ok(db, "2026-11-25", "log", "interview", "y1", "--company", "Y Ltd", "--on", "2026-11-23",
       "--applied-on", "2026-11-02", "--no-input")
    apps = {a["id"]: a for a in json.loads(ok(db, "2026-11-25", "export"))["applications"]}
    assert apps["x1"].get("applied_on") is None  # an absent date is left out of the document
    assert apps["y1"]["applied_on"] == "2026-11-02"
    bad = run(db, "2026-11-25", "log", "interview", "z1", "--company", "Z Ltd", "--applied-on", "yesterday-ish",
              "--no-input")
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "--applied-on" in bad.stderr, bad.stderr
    # What relied on the date still works without it: the stage and the plan.
    stages = views.pipeline_view(open_store(str(db)), date(2026, 11, 25)).entries
    assert [e.applied_on for e in stages["interviewing"] if e.id == "x1"] == [None]
    assert any(t["kind"] == "check_in" for t in plan(db, "2026-11-25", "x1"))


def test_after_accepting_an_offer_no_reference_alert_or_acknowledgement_stays_open(db: Path) -> None:
    as_of = "2026-12-16"
    ok(db, as_of, "references", "add", "--name", "Grace Liu", "--email", "grace@example.org")
    ok(db, as_of, "log", "interview", "a1", "--company", "Alpha Ltd", "--role", "Analyst", "--on", "2026-12-01",
       "--interviewer", "Ann Lee; CFO; ann@alpha.example", "--no-input")
    ok(db, as_of, "log", "interview", "b1", "--company", "Beta Ltd", "--role", "Analyst", "--on", "2026-12-14",
       "--interviewer", "Bob Roe; CFO; bob@beta.example", "--references-checked", "--no-input")
    ok(db, as_of, "log", "outcome", "a1", "offer", "--deadline", "2026-12-18")
    ok(db, as_of, "log", "outcome", "a1", "accepted")
    beta = {t["kind"]: t["status"] for t in plan(db, as_of, "b1")}
    assert (beta["withdraw"], beta["alert_references"]) == ("open", "cancelled")
    alpha = {t["kind"]: t["status"] for t in plan(db, as_of, "a1")}
    assert alpha["acknowledge_offer"] == "cancelled"
