"""Many writers at once lose nothing: CLI processes side by side on SQLite and PostgreSQL.

Each writing use-case takes the write lock before its first read (SQLite BEGIN
IMMEDIATE, a PostgreSQL advisory lock), so no writer works from a stale copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from afterview.domain.model import Interview, Person
from afterview.services import facts
from afterview.services.store import open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))
WRITERS = 8


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", url, "--as-of", "2026-11-30", *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)


def _together(url: str, commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return list(pool.map(lambda args: _run(url, *args), commands))


# Eight different people (names one typing slip apart, "Person 1" and "Person 2", would be asked about).
NAMES = ("Ann Lee", "Bob Roe", "Cara Diaz", "Dev Patel", "Eli Stone", "Fay Wong", "Gus Moreno", "Hana Sato")


def test_eight_people_logged_at_once_are_all_kept(database_url: str) -> None:
    url = database_url.replace("+psycopg", "")
    first = _run(url, "log", "interview", "acme", "--company", "Acme", "--on", "2026-11-25", "--no-input")
    assert first.returncode == 0, first.stderr
    results = _together(url, [["log", "person", "acme", "--name", NAMES[n], "--email", f"p{n}@acme.example"]
                              for n in range(WRITERS)])
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    with open_store(database_url).reading() as conn:
        from afterview.services.facts import load_application

        people = load_application(conn, "acme").people
    assert sorted(p.name for p in people) == sorted(NAMES[:WRITERS])


def test_eight_forced_contacts_at_once_are_all_stored(database_url: str) -> None:
    url = database_url.replace("+psycopg", "")
    _run(url, "log", "interview", "acme", "--company", "Acme", "--on", "2026-11-25", "--no-input",
         "--interviewer", "Jane Doe")
    results = _together(url, [["log", "contact", "acme", "--kind", "other", "--person", "Jane Doe", "--on",
                               f"2026-11-{26 + n % 4}", "--force"] for n in range(WRITERS)])
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    with open_store(database_url).reading() as conn:
        from afterview.services.facts import load_application

        contacts = [i for i in load_application(conn, "acme").interactions if i.kind == "other"]
    assert len(contacts) == WRITERS


def test_a_writer_imports_the_holiday_calendars_before_it_takes_the_lock(tmp_path: Path) -> None:
    """The holiday library imported all its ~300 country modules at once (most of a second on a busy
    machine); done inside the write lock, eight CLI writers at once waited past the busy timeout. The
    library is now loaded before the lock, and only the country the plan needs is loaded, inside it."""
    db = tmp_path / "search.sqlite3"
    store = open_store(str(db))
    facts.log_interview(store, "acme", Interview(on=date(2026, 11, 20), interviewers=("Jane Doe",)),
                        [Person("Jane Doe", email="jane@acme.example")], company="Acme", next_round=True)
    store.engine.dispose()
    probe = (
        "import sys\n"
        "from datetime import date\n"
        "import sqlalchemy as sa\n"
        "from afterview.services import facts\n"
        "from afterview.services.store import open_store\n"
        "store = open_store(sys.argv[1])\n"
        "seen = []\n"
        "sa.event.listen(store.engine, 'begin', lambda conn: seen.append('holidays.holiday_base' in sys.modules))\n"
        "facts.log_contact(store, 'acme', kind='other', person='Jane Doe', on=date(2026, 11, 23), force=True)\n"
        "countries = [m for m in sys.modules if m.startswith('holidays.countries.')]\n"
        "print(seen[-1], len(countries))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded_before_lock, countries = done.stdout.split()
    assert loaded_before_lock == "True"
    assert 1 <= int(countries) <= 3  # the profile's country (US), not all ~300
