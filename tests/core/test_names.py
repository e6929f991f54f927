"""Names as the user types them: a reply or a contact names someone on file, a near name is caught
before it becomes a second person, and the same reply logged twice is recorded once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from afterview.domain import names
from afterview.domain.model import Interview, Person
from afterview.services import facts, people
from afterview.services.errors import Conflict, UserError
from afterview.services.store import Store, open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-12-16", *args], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy(), stdin=subprocess.DEVNULL)


def exported(db: Path) -> dict[str, Any]:
    return json.loads(run(db, "export").stdout)  # type: ignore[no-any-return]


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite3"
    done = run(path, "log", "interview", "a1", "--company", "Alpha Ltd", "--role", "Analyst", "--on", "2026-12-01",
               "--interviewer", "Ann Lee; CFO; ann@alpha.example", "--no-input")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    made = open_store(str(tmp_path / "search.sqlite3"))
    facts.log_interview(made, "a1", Interview(on=date(2026, 12, 1), interviewers=("Ann Lee",)),
                        [Person("Ann Lee", title="CFO")], company="Alpha Ltd", next_round=True)
    return made


@pytest.mark.parametrize(("typed", "on_file", "alike"), [
    ("Anne Lee", "Ann Lee", True),        # one letter more
    ("Ann Lea", "Ann Lee", True),         # one letter changed
    ("Nan Lee", "Ann Lee", True),         # two letters swapped
    ("Ann-Lee", "Ann Lee", True),         # the same letters
    ("Jose Nunez", "José Núñez", True),   # the same letters without accents
    ("ann lee", "Ann Lee", False),        # the same person, not a look-alike
    ("Ann Leigh", "Ann Lee", False),      # three edits: may well be someone else
    ("Dana Cole", "Ann Lee", False),
])
def test_a_look_alike_is_one_slip_away_or_the_same_letters(typed: str, on_file: str, alike: bool) -> None:
    assert names.look_alike(typed, on_file) is alike


def test_the_name_meant_is_the_nearest_one_on_file_when_it_is_near() -> None:
    listed = ["Bob Roe", "Ann Lee", "Dana Cole"]
    assert names.meant("Ann Leigh", listed) == "Ann Lee"
    assert names.meant("dana", listed) == "Dana Cole"
    assert names.meant("Xavier Quint", listed) is None
    assert names.meant("Ann", []) is None


def test_a_reply_from_someone_not_on_the_application_is_refused_naming_who_was_meant(db: Path) -> None:
    before = exported(db)
    line = one_line(run(db, "log", "reply", "a1", "--person", "Ann Leigh"))
    assert line.startswith("afterview: --person: no one called 'Ann Leigh' on a1; did you mean Ann Lee?"), line
    assert "afterview log person a1" in line
    line = one_line(run(db, "log", "contact", "a1", "--kind", "other", "--person", "Ann Leigh"))
    assert line.startswith("afterview: --person: no one called 'Ann Leigh' on a1; did you mean Ann Lee?"), line
    far = one_line(run(db, "log", "reply", "a1", "--person", "Xavier Quint"))
    assert "a1 lists Ann Lee" in far, far
    assert exported(db) == before  # nothing written


def test_a_reply_names_the_person_as_spelt_on_file(store: Store) -> None:
    facts.log_reply(store, "a1", on=date(2026, 12, 3), person="  ann lee ")
    contact = facts.log_contact(store, "a1", kind="other", person="ANN LEE", on=date(2026, 12, 4), force=True)
    assert contact.person == "Ann Lee"
    with store.reading() as conn:
        app = facts.load_application(conn, "a1")
    assert [(i.direction, i.person) for i in app.interactions] == [("in", "Ann Lee"), ("out", "Ann Lee")]


def test_a_reply_from_no_one_in_particular_is_still_recorded(store: Store) -> None:
    logged = facts.log_reply(store, "a1", on=date(2026, 12, 3))
    assert logged.recorded and logged.reply.person is None


def test_the_same_reply_logged_twice_is_recorded_once(db: Path) -> None:
    first = run(db, "log", "reply", "a1", "--person", "Ann Lee", "--on", "2026-12-10")
    assert first.returncode == 0 and first.stdout.startswith("Recorded the reply"), first.stderr
    history = run(db, "history").stdout
    again = run(db, "log", "reply", "a1", "--person", "ann lee", "--on", "2026-12-10")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Already recorded: a reply from Ann Lee on 2026-12-10; nothing changed"), \
        again.stdout
    replies = [i for i in exported(db)["applications"][0]["interactions"] if i["direction"] == "in"]
    assert len(replies) == 1
    assert run(db, "history").stdout == history  # not even an empty entry to undo
    # What says more is another fact: a new decision date; and a second reply said to be one.
    assert run(db, "log", "reply", "a1", "--person", "Ann Lee", "--on", "2026-12-10", "--decision-expected",
               "2026-12-20").returncode == 0
    assert run(db, "log", "reply", "a1", "--person", "Ann Lee", "--on", "2026-12-10", "--again").returncode == 0
    replies = [i for i in exported(db)["applications"][0]["interactions"] if i["direction"] == "in"]
    assert len(replies) == 3


def test_a_name_one_slip_from_someone_listed_needs_the_word_that_they_are_new(db: Path) -> None:
    before = exported(db)
    line = one_line(run(db, "log", "person", "a1", "--name", "Anne Lee", "--email", "anne@alpha.example"))
    assert line.startswith("afterview: --name: 'Anne Lee' looks like Ann Lee, already on a1; did you mean Ann Lee?")
    assert "--new" in line
    assert "did you mean Ann Lee?" in one_line(run(db, "log", "person", "a1", "--name", "Ann-Lee"))
    assert exported(db) == before
    added = run(db, "log", "person", "a1", "--name", "Anne Lee", "--email", "anne@alpha.example", "--new")
    assert added.returncode == 0, added.stderr
    assert [p["name"] for p in exported(db)["applications"][0]["people"]] == ["Ann Lee", "Anne Lee"]
    # Someone listed is changed by their name as before, in any case.
    assert run(db, "log", "person", "a1", "--name", "ann lee", "--phone", "555-0100").returncode == 0


def test_renaming_someone_onto_another_persons_name_names_the_rename_flag(db: Path) -> None:
    assert run(db, "log", "person", "a1", "--name", "Lukas Weber", "--role", "recruiter").returncode == 0
    assert run(db, "log", "person", "a1", "--name", "Lucas Webber", "--new").returncode == 0
    before = exported(db)
    line = one_line(run(db, "log", "person", "a1", "--name", "Lucas Webber", "--rename", "Lukas Weber"))
    assert line.startswith("afterview: --rename: 'Lukas Weber' is already someone else on a1"), line
    assert exported(db) == before
    # A rename that only fixes the case of someone's own name is no clash.
    assert run(db, "log", "person", "a1", "--name", "Lucas Webber", "--rename", "lucas webber").returncode == 0


def test_the_services_refuse_alike_for_every_door(store: Store) -> None:
    with pytest.raises(Conflict) as look_alike:
        people.save_person(store, "a1", Person("Ann Le"))
    assert (look_alike.value.code, look_alike.value.field) == ("look-alike-person", "name")
    assert "--" not in look_alike.value.line()  # no door's own words
    with pytest.raises(UserError) as unknown:
        facts.log_reply(store, "a1", on=date(2026, 12, 3), person="Ann Leigh")
    assert (unknown.value.code, unknown.value.field) == ("unknown-person", "person")
    assert "afterview" not in unknown.value.line()
    assert people.save_person(store, "a1", Person("Ann Le"), new=True).name == "Ann Le"


def test_a_second_round_with_an_interviewer_one_slip_from_someone_listed_asks_first(db: Path) -> None:
    before = exported(db)
    line = one_line(run(db, "log", "interview", "a1", "--on", "2026-12-08", "--interviewer", "Anne Lee; CFO",
                        "--no-input"))
    assert "'Anne Lee' looks like Ann Lee, already on a1; did you mean Ann Lee?" in line and "--new" in line, line
    assert exported(db) == before  # no round 2, no second Ann
    added = run(db, "log", "interview", "a1", "--on", "2026-12-08", "--interviewer", "Anne Lee; CFO", "--new",
                "--no-input")
    assert added.returncode == 0, added.stderr
    assert [p["name"] for p in exported(db)["applications"][0]["people"]] == ["Ann Lee", "Anne Lee"]
    # The same person in any case is no newcomer: no question.
    again = run(db, "log", "interview", "a1", "--on", "2026-12-15", "--interviewer", "ann lee", "--no-input")
    assert again.returncode == 0, again.stderr


def test_the_service_asks_the_same_for_every_door(store: Store) -> None:
    met = [Person("Ann Le")]
    with pytest.raises(Conflict) as look_alike:
        facts.log_interview(store, "a1", Interview(on=date(2026, 12, 8), interviewers=("Ann Le",)), met,
                            next_round=True)
    assert (look_alike.value.code, look_alike.value.field) == ("look-alike-person", "interviewer")
    logged = facts.log_interview(store, "a1", Interview(on=date(2026, 12, 8), interviewers=("Ann Le",)), met,
                                 next_round=True, new=True)
    assert logged.interview.round == 2
