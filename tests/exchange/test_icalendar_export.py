"""The exported plan parses with icalendar and vobject, and the real khal client reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from afterview.domain.model import Application, Interview, Task
from afterview.exchange.icalendar_export import CalendarProblem, plan_to_ics, task_summary
from tests.support.facts import application, interview, plan_of
from tests.support.khal import Khal

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
    calendar = icalendar.Calendar.from_ical(_export(follow_ups="todos"))
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
    calendar = icalendar.Calendar.from_ical(_export(follow_ups="todos"))
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
    data = _export(follow_ups="both")
    assert data == _export(follow_ups="both")
    assert b"DTSTAMP:20261103T180000Z" in data
    parsed = vobject.readOne(data.decode("utf-8"))
    open_count = len([t for t in _facts()[0] if t.status == "open"])
    assert len(parsed.contents["vtodo"]) == open_count
    assert len(parsed.contents["vevent"]) == 3 + open_count
    first = next(e for e in parsed.contents["vevent"] if e.uid.value == "acme:interview:r1@afterview")
    assert first.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert all(todo.valarm.trigger.value.tzinfo is not None for todo in parsed.contents["vtodo"])


def test_closed_tasks_are_written_only_when_asked() -> None:
    tasks, interviews = _facts()
    done = [t._replace(status="done") for t in tasks[:1]]
    without = icalendar.Calendar.from_ical(
        plan_to_ics(done, interviews, timezone="UTC", calendar_name="c", now=NOW, follow_ups="both"))
    assert without.walk("VTODO") == [] and len(without.walk("VEVENT")) == 3
    with_closed = icalendar.Calendar.from_ical(
        plan_to_ics(done, interviews, timezone="UTC", calendar_name="c", now=NOW, closed=True, follow_ups="both"))
    (todo,) = with_closed.walk("VTODO")
    assert str(todo["status"]) == "COMPLETED"
    assert todo.walk("VALARM") == []
    (event,) = [e for e in with_closed.walk("VEVENT") if str(e["uid"]) == f"{done[0].id}:day@afterview"]
    assert str(event["status"]) == "CANCELLED" and str(event["summary"]).startswith("Done: ")
    assert event.walk("VALARM") == []


def test_bad_time_zone_and_bad_time_are_one_line_problems() -> None:
    tasks, interviews = _facts()
    with pytest.raises(CalendarProblem, match="unknown time zone 'Mars/Olympus'"):
        plan_to_ics(tasks, interviews, timezone="Mars/Olympus", calendar_name="c", now=NOW)
    broken = [(application("acme"), Interview(on=date(2026, 11, 3), at="25:99"))]
    with pytest.raises(CalendarProblem, match=r"time '25:99'; expected HH:MM") as raised:
        plan_to_ics([], broken, timezone="UTC", calendar_name="c", now=NOW)
    assert "\n" not in str(raised.value)


def test_follow_ups_are_all_day_events_with_an_alarm_by_default() -> None:
    tasks, _ = _facts()
    calendar = icalendar.Calendar.from_ical(_export())
    assert calendar.walk("VTODO") == []
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    open_tasks = [t for t in tasks if t.status == "open"]
    assert open_tasks
    for task in open_tasks:
        event = events[f"{task.id}:day@afterview"]
        assert event.decoded("dtstart") == task.due and event.decoded("dtend") == task.due + timedelta(days=1)
        assert str(event["summary"]) == task_summary(task)
        assert task.reason in str(event["description"])
        assert str(event["transp"]) == "TRANSPARENT" and str(event["status"]) == "CONFIRMED"
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(hours=9)  # 9:00 on the day, wherever it is shown
    assert len(events) == 3 + len(open_tasks)


def test_an_unknown_form_of_follow_ups_is_a_one_line_problem() -> None:
    with pytest.raises(CalendarProblem, match="'tasks' is not a way to write follow-ups; use one of events"):
        _export(follow_ups="tasks")


# --- the real khal client ---------------------------------------------------------

def test_khal_imports_the_interviews_and_a_second_import_updates_instead_of_duplicating(tmp_path: Path) -> None:
    khal = Khal(tmp_path)
    ics = tmp_path / "plan.ics"
    ics.write_bytes(_export(follow_ups="todos"))
    khal.import_file(ics)
    lines = khal.listing("2026-11-01", "30d")
    # khal shows times in its own zone: 10:30 in New York is 16:30 in Berlin.
    assert "acme:interview:r1@afterview|2026-11-03 16:30|Interview: Data Analyst at Acme (video)" in lines
    assert "acme:interview:r2@afterview|2026-11-12|Interview: Data Analyst at Acme (round 2)" in lines
    assert len(lines) == 3
    at = khal.run("at", "-f", "{title}", "2026-11-03", "17:00")
    assert "Interview: Data Analyst at Acme (video)" in at

    khal.import_file(ics)
    assert sorted(khal.listing("2026-11-01", "30d")) == sorted(lines)
    assert len(list((tmp_path / "calendars" / "jobs").iterdir())) == 3

    # The interview moved to 15:00: the next export updates the entry in place.
    tasks, interviews = _facts()
    app, first = interviews[0]
    moved = [(app, Interview(on=first.on, at="15:00", format=first.format, interviewers=first.interviewers)),
             *interviews[1:]]
    ics.write_bytes(plan_to_ics(tasks, moved, timezone="America/New_York", calendar_name="Job search", now=NOW,
                                follow_ups="todos"))
    khal.import_file(ics)
    updated = khal.listing("2026-11-01", "30d")
    assert "acme:interview:r1@afterview|2026-11-03 21:00|Interview: Data Analyst at Acme (video)" in updated
    assert len(updated) == 3


def test_khal_shows_every_open_follow_up_on_its_day_and_a_done_one_is_marked_on_reimport(tmp_path: Path) -> None:
    khal = Khal(tmp_path)
    tasks, interviews = _facts()
    open_tasks = [t for t in tasks if t.status == "open"]
    ics = tmp_path / "plan.ics"
    ics.write_bytes(_export())
    khal.import_file(ics)
    shown = khal.listing("2026-11-01", "400d")
    for task in open_tasks:
        assert f"{task.id}:day@afterview|{task.due.isoformat()}|{task_summary(task)}" in shown
    assert len(shown) == len(open_tasks) + 3

    # The thank-you was sent: the next export, imported again, updates that day in place.
    first = open_tasks[0]
    done = first._replace(status="done")
    ics.write_bytes(plan_to_ics([done, *open_tasks[1:]], interviews, timezone="America/New_York",
                                calendar_name="Job search", now=NOW, closed=True))
    khal.import_file(ics)
    again = khal.listing("2026-11-01", "400d")
    assert len(again) == len(shown)
    assert f"{first.id}:day@afterview|{first.due.isoformat()}|Done: {task_summary(first)}" in again
