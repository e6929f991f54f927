"""The calendar feed in a real calendar client: khal shows every open follow-up of the demo search."""

from __future__ import annotations

import re
from pathlib import Path

from afterview.exchange.icalendar_export import task_summary
from afterview.services import planning
from afterview.services.store import open_store
from tests.support.khal import Khal
from tests.web.conftest import AS_OF, Web


def _feed_path(web: Web) -> str:
    page = web.form("/settings/calendar", {"action": "new"}).text
    found = re.search(r'>http://testserver(/calendar/[A-Za-z0-9_-]+\.ics)</textarea>', page)
    assert found, "no feed address on the page"
    return found.group(1)


def test_khal_shows_every_open_follow_up_from_the_feed(web: Web, demo_db: str, tmp_path: Path) -> None:
    feed = web.get(_feed_path(web))
    assert feed.status_code == 200
    ics = tmp_path / "feed.ics"
    ics.write_bytes(feed.content)
    store = open_store(demo_db)
    with store.reading() as conn:
        open_tasks = [t for t in planning.plan(conn, AS_OF) if t.status == "open"]
    store.engine.dispose()
    stored = [t for t in open_tasks if not t.id.startswith("keep_searching:")]
    assert len(stored) >= 25

    khal = Khal(tmp_path, zone="America/New_York")
    khal.import_file(ics)
    shown = khal.listing("2026-11-01", "365d")
    for task in stored:
        assert f"{task.id}:day@afterview|{task.due.isoformat()}|{task_summary(task)}" in shown, task.id
    # The interviews are there too, and nothing else that is open is missing or doubled.
    interviews = [line for line in shown if ":interview:" in line]
    assert interviews and len(set(shown)) == len(shown)


def test_the_feed_gives_to_dos_or_both_on_asking_and_refuses_other_words(web: Web) -> None:
    path = _feed_path(web)
    events = web.get(path).text
    todos = web.get(path + "?follow_ups=todos").text
    both = web.get(path + "?follow_ups=both").text
    assert "BEGIN:VTODO" not in events and events.count("BEGIN:VALARM") >= 25
    assert todos.count("BEGIN:VTODO") == both.count("BEGIN:VTODO") > 0
    assert both.count("BEGIN:VEVENT") == events.count("BEGIN:VEVENT") > todos.count("BEGIN:VEVENT")
    refused = web.get(path + "?follow_ups=tasks")
    assert refused.status_code == 400 and "not a way to write follow-ups" in refused.text
