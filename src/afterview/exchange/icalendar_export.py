"""The plan as iCalendar (RFC 5545): interviews as VEVENTs, follow-ups as all-day
VEVENTs with an alarm, as VTODOs, or both.

All-day events are the default: khal and the calendar subscriptions of common
calendar apps show events only and pass over to-dos, so a plan written as
to-dos alone showed the interviews and none of the follow-ups. To-do apps get
VTODOs on asking.

Every component carries a UID derived only from the facts (the task id, the
application and the interview round), so importing a newer export into the same
calendar updates the entries instead of adding copies; a task's event and its
to-do have UIDs of their own, so one calendar may hold both. DTSTAMP comes from
the caller's `now`, which keeps the output byte-for-byte reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from afterview.domain.model import Application, Interview, Task

PRODID = "-//Afterview//Follow-up plan//EN"
UID_DOMAIN = "afterview"
# The reminder fires at this local time on the day a task is due: early enough
# to act on it that day, late enough not to ring before breakfast.
ALARM_TIME = time(9, 0)
# The same hour for an all-day event, counted from the start of its day where the
# calendar shows it (a relative trigger: the way calendar apps write their own).
EVENT_ALARM = timedelta(hours=ALARM_TIME.hour, minutes=ALARM_TIME.minute)
INTERVIEW_LENGTH = timedelta(hours=1)

# How follow-ups are written: as all-day events, as to-dos, or both.
FOLLOW_UP_FORMS: tuple[str, ...] = ("events", "todos", "both")

# What each kind of task asks the user to do, in words for a calendar list,
# with the word that joins it to the person it is for.
_ACTIONS: dict[str, tuple[str, str | None]] = {
    "debrief": ("Debrief the interview", None),
    "thank_you_email": ("Email a thank-you note", "to"),
    "thank_you_card": ("Send a thank-you card", "to"),
    "thank_referrer": ("Thank your referrer", None),
    "alert_references": ("Warn your reference", None),
    "check_in": ("Check in about the decision", "with"),
    "final_nudge": ("Send one last follow-up", "to"),
    "move_on": ("Move on if there is still no reply", None),
    "keep_searching": ("Keep searching: add applications", None),
    "acknowledge_offer": ("Acknowledge the offer", "to"),
    "decide_offer": ("Decide on the offer", None),
    "leverage": ("Mention your other offer", "to"),
    "decline_offer": ("Decline the offer", "to"),
    "withdraw": ("Withdraw the application", "with"),
    "reply_to_rejection": ("Reply to the rejection", "from"),
    "reapply": ("Consider reapplying", None),
    "keep_in_touch": ("Keep in touch", "with"),
    "ask_agent_for_contacts": ("Ask the agent for contact details", None),
}

# Closed tasks are written only when asked, so that re-importing closes them too.
_CLOSED_STATUS = {"done": "COMPLETED", "cancelled": "CANCELLED", "skipped": "CANCELLED"}


class CalendarProblem(ValueError):
    """The plan cannot be written as iCalendar; the message is one line."""


def task_uid(task: Task) -> str:
    return f"{task.id}@{UID_DOMAIN}"


def task_event_uid(task: Task) -> str:
    return f"{task.id}:day@{UID_DOMAIN}"


def interview_uid(app: Application, interview: Interview) -> str:
    # The round, not the date: a rescheduled interview keeps its calendar entry.
    return f"{app.id}:interview:r{interview.round}@{UID_DOMAIN}"


def task_summary(task: Task) -> str:
    """'Email a thank-you note to Jane Doe (Acme)'."""
    action, joiner = _ACTIONS.get(task.kind, (task.kind.replace("_", " ").capitalize(), "for"))
    if task.person and joiner is None:
        # 'Warn your reference Ann Ref', 'Thank your referrer Sam Lee'.
        joiner = "" if task.kind in ("alert_references", "thank_referrer") else "for"
    to = f" {joiner} {task.person}".replace("  ", " ") if task.person else ""
    at = f" ({task.company})" if task.company else ""
    return f"{action}{to}{at}"


def task_description(task: Task) -> str:
    lines = [task.reason]
    if task.person:
        lines.append(f"Recipient: {task.person}")
    if task.channel:
        lines.append(f"Channel: {task.channel.replace('_', ' ')}")
    if task.deadline:
        lines.append(f"Deadline: {task.deadline.isoformat()}")
    lines.append(f"Task: {task.id}")
    return "\n".join(lines)


def interview_summary(app: Application, interview: Interview) -> str:
    what = f"{app.role} at {app.company}" if app.role else app.company
    extras = [f"round {interview.round}"] if interview.round > 1 else []
    if interview.format:
        extras.append(interview.format)
    return f"Interview: {what}" + (f" ({', '.join(extras)})" if extras else "")


def interview_description(app: Application, interview: Interview) -> str:
    lines = []
    for name in interview.interviewers:
        person = app.person(name)
        title = f", {person.title}" if person and person.title else ""
        lines.append(f"With {person.name if person else name}{title}")
    if interview.decision_expected:
        lines.append(f"Decision expected: {interview.decision_expected.isoformat()}")
    lines.append(f"Application: {app.id}")
    return "\n".join(lines)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:  # "US" is a folder of zones
        raise CalendarProblem(f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin") from error


def _start_time(app: Application, interview: Interview) -> time | None:
    if not interview.at:
        return None
    try:
        return time.fromisoformat(interview.at)
    except ValueError as error:
        raise CalendarProblem(
            f"application {app.id}: interview on {interview.on.isoformat()} has time {interview.at!r}; "
            "expected HH:MM") from error


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _todo(task: Task, zone: ZoneInfo, stamp: datetime) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("uid", task_uid(task))
    todo.add("dtstamp", stamp)
    todo.add("summary", task_summary(task))
    todo.add("description", task_description(task))
    # A date, not a time: the playbook plans days; the alarm supplies the hour.
    todo.add("due", task.due)
    todo.add("status", _CLOSED_STATUS.get(task.status, "NEEDS-ACTION"))
    todo.add("categories", ["Afterview", task.kind.replace("_", " ")])
    if task.status == "open":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", task_summary(task))
        # Absolute triggers must be UTC (RFC 5545 3.8.6.3); computing it here
        # from the user's zone keeps it right in every client and across DST.
        alarm.add("trigger", _utc(datetime.combine(task.due, ALARM_TIME, tzinfo=zone)),
                  parameters={"VALUE": "DATE-TIME"})
        todo.add_component(alarm)
    return todo


def _task_event(task: Task, stamp: datetime) -> icalendar.Event:
    """The task as an all-day event on its due day: free time, with an alarm while it is open."""
    event = icalendar.Event()
    event.add("uid", task_event_uid(task))
    event.add("dtstamp", stamp)
    closed = task.status != "open"
    summary = task_summary(task)
    event.add("summary", f"{task.status.capitalize()}: {summary}" if closed else summary)
    event.add("description", task_description(task))
    event.add("dtstart", task.due)
    event.add("dtend", task.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    event.add("status", "CANCELLED" if closed else "CONFIRMED")
    event.add("categories", ["Afterview", task.kind.replace("_", " ")])
    if not closed:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", EVENT_ALARM)
        event.add_component(alarm)
    return event


def _event(app: Application, interview: Interview, zone: ZoneInfo, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", interview_uid(app, interview))
    event.add("dtstamp", stamp)
    event.add("summary", interview_summary(app, interview))
    event.add("description", interview_description(app, interview))
    start = _start_time(app, interview)
    if start is None:
        # No time on file: an all-day event on the interview's date.
        event.add("dtstart", interview.on)
        event.add("dtend", interview.on + timedelta(days=1))
    else:
        begin = datetime.combine(interview.on, start, tzinfo=zone)
        event.add("dtstart", begin)
        event.add("dtend", begin + INTERVIEW_LENGTH)
    event.add("categories", ["Afterview", "interview"])
    return event


def _vtimezone(name: str, days: list[date]) -> icalendar.Timezone:
    # Only the transitions around the exported dates: a short, stable block.
    first = datetime.combine(min(days) - timedelta(days=366), time())
    last = datetime.combine(max(days) + timedelta(days=366), time())
    return icalendar.Timezone.from_tzid(name, first_date=first.date(), last_date=last.date())


def plan_to_ics(
    tasks: Iterable[Task],
    interviews: Iterable[tuple[Application, Interview]],
    *,
    timezone: str,
    calendar_name: str,
    now: datetime,
    closed: bool = False,
    follow_ups: str = "events",
) -> bytes:
    """The calendar file for the open tasks (all tasks with `closed`) and the interviews.

    `follow_ups` is one of FOLLOW_UP_FORMS: the tasks as all-day events, as to-dos, or both.
    """
    if follow_ups not in FOLLOW_UP_FORMS:
        raise CalendarProblem(f"{follow_ups!r} is not a way to write follow-ups; use one of "
                              f"{', '.join(FOLLOW_UP_FORMS)}")
    zone = _zone(timezone)
    stamp = _utc(now if now.tzinfo else now.replace(tzinfo=zone))
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", calendar_name)
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", timezone)

    timed: list[date] = []
    events: list[icalendar.Event] = []
    seen: set[str] = set()
    for app, interview in sorted(interviews, key=lambda pair: (pair[1].on, pair[0].id, pair[1].round)):
        uid = interview_uid(app, interview)
        if uid in seen:
            raise CalendarProblem(f"application {app.id} has two interviews in round {interview.round}; "
                                  "give each interview its own round")
        seen.add(uid)
        events.append(_event(app, interview, zone, stamp))
        if interview.at:
            timed.append(interview.on)
    if timed and timezone != "UTC":
        calendar.add_component(_vtimezone(timezone, timed))
    for event in events:
        calendar.add_component(event)
    wanted = [t for t in sorted(tasks, key=lambda t: (t.due, t.id))
              if t.status == "open" or (closed and t.status in _CLOSED_STATUS)]
    if follow_ups in ("events", "both"):
        for task in wanted:
            calendar.add_component(_task_event(task, stamp))
    if follow_ups in ("todos", "both"):
        for task in wanted:
            calendar.add_component(_todo(task, zone, stamp))
    data: bytes = calendar.to_ical()
    return data
