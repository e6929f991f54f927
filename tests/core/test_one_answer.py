"""The same answer from every door: one today (snoozes honoured everywhere), one tick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar

from afterview.domain.model import Interview, Person
from afterview.exchange.icalendar_export import task_event_uid
from afterview.services import exchange, facts, planning, views
from afterview.services.store import open_store

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = date(2026, 11, 25)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF.isoformat(), *args], capture_output=True,
                          text=True, env=os.environ.copy(), timeout=60)


def test_a_snoozed_task_is_off_today_in_the_cli_the_fast_path_the_web_and_the_feed(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    store = open_store(str(db))
    facts.log_interview(store, "acme", Interview(on=AS_OF, interviewers=("Jane Doe",)), [Person("Jane Doe")],
                        company="Acme", next_round=True)
    task, until = views.snooze(store, "acme:thank_you_email:r1:jane-doe", AS_OF)
    assert until > AS_OF
    with store.reading() as conn:
        assert task.id not in {t.id for t in planning.today(conn, AS_OF)[0]}
    assert task.id not in {t.id for t in views.today_view(store, AS_OF, 50).tasks}
    fast = _cli(db, "today", "--json")  # piped: the standard-library path
    assert fast.returncode == 0, fast.stderr
    assert task.id not in {t["id"] for t in json.loads(fast.stdout)}
    feed = icalendar.Calendar.from_ical(exchange.calendar(store))
    event = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == task_event_uid(task))
    assert event.decoded("DTSTART") == until  # the feed shows it the day it comes back
    with store.reading() as conn:
        assert task.id in {t.id for t in planning.today(conn, until)[0]}  # back on the day it was snoozed to


def test_tick_and_worker_are_the_same_tick(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    open_store(str(db))
    once = _cli(db, "tick")
    assert once.returncode == 0, once.stderr
    looped = _cli(db, "worker", "--ticks", "2", "--interval", "1")
    assert looped.returncode == 0 and looped.stderr == "", looped.stderr
