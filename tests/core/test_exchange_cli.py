"""Calendars, vCards, business cards and spreadsheets through the real `afterview` entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from tests.exchange.card_images import fake_cards, render

SCRIPT = str(Path(sys.executable).with_name("afterview"))


def run(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-23", *args], capture_output=True, text=True,
                          timeout=120, input=stdin, env=os.environ.copy())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite3"
    assert run(path, "demo").returncode == 0
    return path


def people(db: Path, app: str) -> list[dict[str, str]]:
    exported = json.loads(run(db, "export").stdout)
    return next(a for a in exported["applications"] if a["id"] == app)["people"]


def test_calendar_export_has_every_task_and_interview_with_stable_uids(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    assert run(db, "calendar", "export", str(target), "--follow-ups", "both").returncode == 0
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    todos = [c for c in parsed.walk("VTODO")]
    events = [c for c in parsed.walk("VEVENT")]
    plan = json.loads(run(db, "plan", "--all", "--json").stdout)
    stored = [t for t in plan if t["application"]]
    assert {str(c["UID"]) for c in todos} >= {f"{t['id']}@afterview" for t in stored}
    exported = json.loads(run(db, "export").stdout)
    interviews = sum(len(a.get("interviews", [])) for a in exported["applications"])
    assert len(events) == interviews + len(todos)
    assert {str(c["UID"]) for c in events} >= {f"{t['id']}:day@afterview" for t in stored}
    again = tmp_path / "again.ics"
    run(db, "calendar", "export", str(again), "--follow-ups", "both")
    assert {str(c["UID"]) for c in icalendar.Calendar.from_ical(again.read_bytes()).walk("VTODO")} == {
        str(c["UID"]) for c in todos}
    # By default the follow-ups are all-day events only, the form every calendar app shows.
    plain = icalendar.Calendar.from_ical(run(db, "calendar", "export").stdout.encode())
    assert plain.walk("VTODO") == [] and len(plain.walk("VEVENT")) == len(events)
    wrong = run(db, "calendar", "export", "--follow-ups", "tasks")
    assert wrong.returncode == 2 and wrong.stderr.strip() == (
        "afterview: --follow-ups: 'tasks' is not a way to write follow-ups; use one of events, todos, both")


def test_vcards_attach_people_and_merge_duplicates(db: Path, tmp_path: Path) -> None:
    cards = tmp_path / "people.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bill Lumbergh\r\nN:Lumbergh;Bill;;;\r\nTITLE:Division Manager\r\n"
        "EMAIL:bill@initech.example\r\nTEL:+1 212 555 0111\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Milton Waddams\r\nORG:Initech\r\nEMAIL:milton@initech.example\r\n"
        "END:VCARD\r\n", encoding="utf-8")
    result = run(db, "people", "import", str(cards), "--application", "initech-coordinator")
    assert result.returncode == 0, result.stderr
    assert "added Milton Waddams" in result.stdout and "merged Bill Lumbergh" in result.stdout
    found = {p["name"]: p for p in people(db, "initech-coordinator")}
    assert found["Bill Lumbergh"]["email"] == "bill@initech.example"
    assert list(found).count("Bill Lumbergh") == 1
    again = run(db, "people", "import", str(cards), "--application", "initech-coordinator")
    assert "already on file" in again.stdout and len(people(db, "initech-coordinator")) == len(found)
    # Bill now has an email, so the agent no longer needs asking for it... but Joanna still does.
    plan = json.loads(run(db, "plan", "initech-coordinator", "--json").stdout)
    assert "no email for Joanna Smith" in next(t for t in plan if t["kind"] == "ask_agent_for_contacts")["reason"]


def test_a_broken_vcard_imports_nothing(db: Path, tmp_path: Path) -> None:
    before = run(db, "export").stdout
    broken = tmp_path / "broken.vcf"
    broken.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Person\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Half\r\n",
                      encoding="utf-8")
    result = run(db, "people", "import", str(broken), "--application", "initech-coordinator")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "card 2" in result.stderr
    assert run(db, "export").stdout == before


def test_a_business_card_photo_is_read_and_saved(db: Path, tmp_path: Path) -> None:
    card = fake_cards(1, seed=3)[0]
    photo = tmp_path / "card.png"
    render(card, variant=0, seed=3).save(photo)
    result = run(db, "card", "scan", str(photo), "--application", "wayne-admin", "--yes")
    assert result.returncode == 0, result.stderr
    saved = {p["name"]: p for p in people(db, "wayne-admin")}
    assert card.name in saved and saved[card.name]["email"].lower() == card.email.lower()


def test_a_photo_that_is_not_a_card_is_refused(db: Path, tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "wall.png"
    Image.new("RGB", (800, 500), (200, 190, 170)).save(blank)
    result = run(db, "card", "scan", str(blank), "--application", "wayne-admin", "--yes")
    assert result.returncode == 2 and "business card" in result.stderr
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert run(db, "card", "scan", str(empty), "--application", "wayne-admin", "--yes").returncode == 2


def test_a_spreadsheet_dry_run_changes_nothing_then_imports_all(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Employer;Job Title;Date Applied\nAcme;Clerk;2026-11-02\nBlue Harbor;Analyst;2026-11-05\n",
                     encoding="utf-8")
    before = run(db, "export").stdout
    dry = run(db, "import-csv", str(sheet), "--map", "company=Employer,role=Job Title,applied_on=Date Applied",
              "--dry-run")
    assert dry.returncode == 0 and "would create 2 application(s)" in dry.stdout
    assert run(db, "export").stdout == before
    done = run(db, "import-csv", str(sheet), "--map", "company=Employer,role=Job Title,applied_on=Date Applied")
    assert done.returncode == 0 and "Created 2 application(s)" in done.stdout
    companies = {a["company"] for a in json.loads(run(db, "export").stdout)["applications"]}
    assert {"Acme", "Blue Harbor"} <= companies


def test_a_spreadsheet_with_the_wrong_delimiter_is_explained(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Employer;Job Title\nAcme;Clerk\n", encoding="utf-8")
    result = run(db, "import-csv", str(sheet), "--delimiter", ",")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "delimiter" in result.stderr
