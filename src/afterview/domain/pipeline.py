"""Where each application stands, and the weekly reminder to keep searching."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from afterview.domain.task import Task, sort_tasks
from afterview.domain.wording import count, day

if TYPE_CHECKING:  # the facts' dataclasses are not needed to list today's tasks (the launcher's fast path)
    from afterview.domain.model import Application

ACTIVE_STAGES = frozenset({"applied", "interviewing", "offer"})
STAGES: tuple[str, ...] = (
    "applied", "interviewing", "offer", "accepted", "declined", "rejected", "withdrawn", "no_response")


def no_response_from(tasks: Iterable[Task]) -> date | None:
    """The day an application went quiet for good: its move-on task falls due."""
    days = [t.due for t in tasks if t.kind == "move_on" and t.status != "cancelled"]
    return min(days) if days else None


def stage(app: Application, quiet_from: date | None, as_of: date) -> str:
    if app.outcome is not None and app.outcome.on <= as_of:
        return app.outcome.kind
    if quiet_from is not None and quiet_from <= as_of:
        return "no_response"
    if any(i.on <= as_of for i in app.interviews):
        return "interviewing"
    return "applied"


def is_active(app: Application, quiet_from: date | None, as_of: date) -> bool:
    return app.interested and stage(app, quiet_from, as_of) in ACTIVE_STAGES


def local_day(timezone: str | None, now: datetime | None = None) -> date:
    """Today's date where the user lives; the machine's own zone when theirs is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    moment = now or datetime.now(UTC)
    try:
        return moment.astimezone(ZoneInfo(timezone)).date() if timezone else moment.astimezone().date()
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "US" names a folder of zones, not a zone
        return moment.astimezone().date()


def week_monday(as_of: date) -> date:
    return as_of - timedelta(days=as_of.weekday())


def keep_searching_id(as_of: date) -> str:
    year, week, _ = as_of.isocalendar()
    return f"keep_searching:{year}-W{week:02d}"


def keep_searching(
    as_of: date, active: int, target: int, offer_accepted: bool, dismissed: str | None
) -> Task | None:
    """This week's reminder, due Monday, while the pipeline is below target and no offer is accepted.

    `dismissed`: what the user made of this week's reminder (done, skipped), if anything.
    """
    if offer_accepted or active >= target:
        return None
    ident = keep_searching_id(as_of)
    monday = week_monday(as_of)
    return Task(
        id=ident, application=None, company=None, kind="keep_searching", person=None,
        due=monday, deadline=None, status=dismissed or "open", channel=None,
        reason=(f"You have {count(active, 'active application')} against a target of {target}: "
                f"never stop looking until you hold an offer. Add applications this week "
                f"(week of {day(monday)})."),
        created=monday,
    )


def with_weekly(tasks: list[Task], total: int, weekly: Task | None, as_of: date,
                limit: int | None) -> tuple[list[Task], int]:
    """Today's first tasks and their count, with this week's reminder in its place when it is due."""
    if weekly is None or weekly.status != "open" or weekly.due > as_of:
        return tasks, total
    merged = sort_tasks([*tasks, weekly])
    return (merged if limit is None else merged[:limit]), total + 1
