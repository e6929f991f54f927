"""How dates and people appear in the reasons a user reads."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 10: "ten"}


@lru_cache(maxsize=8192)  # a plan mentions the same few hundred days many times over
def day(d: date) -> str:
    """'Fri 27 Nov 2026': unambiguous in every country, unlike 11/27."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def count(n: int, noun: str) -> str:
    word = _NUMBERS.get(n, str(n))
    return f"{word} {noun}" if n == 1 else f"{word} {noun}s"


def who(name: str | None, fallback: str) -> str:
    return name if name else fallback


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def when(due: date, deadline: date | None, status: str, today: date) -> str:
    """'3 days overdue', 'due today', 'in 4 days' for a task, as a person reads it.

    A task past its due day but not its deadline (a thank-you sent the day after
    the interview is still on time) says how long is left rather than 'overdue'.
    """
    if status != "open":
        return status
    delta = (due - today).days
    if delta < 0 and deadline is not None and deadline >= today:
        left = (deadline - today).days
        return "deadline today" if left == 0 else f"deadline in {_days(left)}"
    if delta < 0:
        return f"{_days(-delta)} overdue"
    if delta == 0:
        return "due today"
    return "tomorrow" if delta == 1 else f"in {_days(delta)}"


def is_late(due: date, deadline: date | None, status: str, today: date) -> bool:
    """Past the last day it should have been done (the deadline, else the due day)."""
    return status == "open" and (deadline or due) < today
