"""The exported plan parses with icalendar and vobject, and the real khal client reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from afterview.domain.model import Application, Interview, Task
from afterview.exchange.icalendar_export import CalendarProblem, plan_to_ics, task_summary
from tests.support.facts import application, interview, plan_of

NOW = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)


def _facts() -> tuple[list[Task], list[tuple[Application, Interview]]]:
    acme = application("acme", role="Data Analyst", interviews=(
        interview("2026-11-03", "Jane Doe", "Bob Roe", at="10:30", format="video"),
        interview("2026-11-12", "Jane Doe", round=2)))
    globex = application("globex", interviews=(interview("2026-11-05", "Jane Doe", at="14:00"),))
    tasks = plan_of(acme, globex)
    return tasks, [(app, i) for app in (acme, globex) for i in app.interviews]


def _export(tz: str = "America/New_York", **kw: object) -> bytes:
    tasks, interviews = _facts()
    return plan_to_ics(tasks, interviews, timezone=tz, calendar_name="Job search", now=NOW, **kw)  # type: ignore[arg-type]


def test_every_open_task_is_a_vtodo_with_due_date_alarm_and_stable_uid() -> None:
    tasks, _ = _facts()
    calendar = icalendar.Calendar.from_ical(_export())
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    open_tasks = [t for t in tasks if t.status == "open"]
    assert set(todos) == {f"{t.id}@afterview" for t in open_tasks}
    for task in open_tasks:
        todo = todos[f"{task.id}@afterview"]
        assert todo.decoded("due") == task.due
        assert str(todo["status"]) == "NEEDS-ACTION"
        assert str(todo["summary"]) == task_summary(task)
        assert task.reason in str(todo["description"])
        if task.person:
            assert f"Recipient: {task.person}" in str(todo["description"])
        (alarm,) = todo.walk("VALARM")
        trigger = alarm.decoded("trigger")
        # 9:00 in New York on the due day, written in UTC.
        assert trigger == datetime.combine(task.due, datetime.min.time(), UTC) + timedelta(hours=14)


def test_summaries_are_plain_words() -> None:
    tasks, _ = _facts()
    words = {task_summary(t) for t in tasks}
    assert "Email a thank-you note to Jane Doe (Acme)" in words
    assert "Check in about the decision with Bob Roe (Acme)" in words
    assert "Debrief the interview (Globex)" in words


def test_interviews_are_events_in_their_time_zone_or_all_day() -> None:
    calendar = icalendar.Calendar.from_ical(_export())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"acme:interview:r1@afterview", "acme:interview:r2@afterview",
                           "globex:interview:r1@afterview"}
    first = events["acme:interview:r1@afterview"]
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert start.isoformat() == "2026-11-03T10:30:00-05:00"
    assert end - start == timedelta(hours=1)
    assert first["dtstart"].params["TZID"] == "America/New_York"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    all_day = events["acme:interview:r2@afterview"]
    assert all_day.decoded("dtstart") == date(2026, 11, 12)
    assert all_day.decoded("dtend") == date(2026, 11, 13)
    assert str(all_day["summary"]) == "Interview: Data Analyst at Acme (round 2)"


def test_output_is_deterministic_and_vobject_reads_it() -> None:
    data = _export()
    assert data == _export()
    assert b"DTSTAMP:20261103T180000Z" in data
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.contents["vtodo"]) == len([t for t in _facts()[0] if t.status == "open"])
    assert len(parsed.contents["vevent"]) == 3
    first = next(e for e in parsed.contents["vevent"] if e.uid.value == "acme:interview:r1@afterview")
    assert first.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert all(todo.valarm.trigger.value.tzinfo is not None for todo in parsed.contents["vtodo"])


def test_closed_tasks_are_written_only_when_asked() -> None:
    tasks, interviews = _facts()
    done = [Task(**{**{f: getattr(t, f) for f in t.__slots__}, "status": "done"}) for t in tasks[:1]]
    without = icalendar.Calendar.from_ical(
        plan_to_ics(done, interviews, timezone="UTC", calendar_name="c", now=NOW))
    assert without.walk("VTODO") == []
    with_closed = icalendar.Calendar.from_ical(
        plan_to_ics(done, interviews, timezone="UTC", calendar_name="c", now=NOW, closed=True))
    (todo,) = with_closed.walk("VTODO")
    assert str(todo["status"]) == "COMPLETED"
    assert todo.walk("VALARM") == []


def test_bad_time_zone_and_bad_time_are_one_line_problems() -> None:
    tasks, interviews = _facts()
    with pytest.raises(CalendarProblem, match="unknown time zone 'Mars/Olympus'"):
        plan_to_ics(tasks, interviews, timezone="Mars/Olympus", calendar_name="c", now=NOW)
    broken = [(application("acme"), Interview(on=date(2026, 11, 3), at="25:99"))]
    with pytest.raises(CalendarProblem, match=r"time '25:99'; expected HH:MM") as raised:
        plan_to_ics([], broken, timezone="UTC", calendar_name="c", now=NOW)
    assert "\n" not in str(raised.value)


# --- the real khal client ---------------------------------------------------------

def _khal(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("khal") is None:
        pytest.fail("khal is not installed; run scripts/system-packages")
    vdir = tmp_path / "calendars" / "jobs"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[jobs]]\n"
        f"path = {vdir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        "[default]\ndefault_calendar = jobs\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n", "utf-8")
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return config, env


def _run(config: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["khal", "-c", str(config), *args], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_khal_imports_the_interviews_and_a_second_import_updates_instead_of_duplicating(tmp_path: Path) -> None:
    config, env = _khal(tmp_path)
    ics = tmp_path / "plan.ics"
    ics.write_bytes(_export())
    _run(config, env, "import", "--batch", "-a", "jobs", str(ics))
    listing = _run(config, env, "list", "-f", "{uid}|{start}|{title}", "2026-11-01", "30d")
    lines = [line for line in listing.splitlines() if "|" in line]
    # khal shows times in its own zone: 10:30 in New York is 16:30 in Berlin.
    assert "acme:interview:r1@afterview|2026-11-03 16:30|Interview: Data Analyst at Acme (video)" in lines
    assert "acme:interview:r2@afterview|2026-11-12|Interview: Data Analyst at Acme (round 2)" in lines
    assert len(lines) == 3
    at = _run(config, env, "at", "-f", "{title}", "2026-11-03", "17:00")
    assert "Interview: Data Analyst at Acme (video)" in at

    _run(config, env, "import", "--batch", "-a", "jobs", str(ics))
    again = _run(config, env, "list", "-f", "{uid}|{start}|{title}", "2026-11-01", "30d")
    assert sorted(line for line in again.splitlines() if "|" in line) == sorted(lines)
    assert len(list((tmp_path / "calendars" / "jobs").iterdir())) == 3

    # The interview moved to 15:00: the next export updates the entry in place.
    tasks, interviews = _facts()
    app, first = interviews[0]
    moved = [(app, Interview(on=first.on, at="15:00", format=first.format, interviewers=first.interviewers)),
             *interviews[1:]]
    ics.write_bytes(plan_to_ics(tasks, moved, timezone="America/New_York", calendar_name="Job search", now=NOW))
    _run(config, env, "import", "--batch", "-a", "jobs", str(ics))
    updated = _run(config, env, "list", "-f", "{uid}|{start}|{title}", "2026-11-01", "30d")
    assert "acme:interview:r1@afterview|2026-11-03 21:00|Interview: Data Analyst at Acme (video)" in updated
    assert len([line for line in updated.splitlines() if "|" in line]) == 3
