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


def possessive(name: str, apostrophe: str = "'") -> str:
    """"Acme's", but "Northwind Traders'": a name that ends in s takes the apostrophe alone.

    The one place possessives are made, for plan reasons, pages and notes alike.
    """
    name = name.rstrip()
    return name + apostrophe if name[-1:] in ("s", "S") else name + apostrophe + "s"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def when(due: date, deadline: date | None, status: str, today: date) -> str:
    """'3 days overdue', 'due today', 'in 4 days' for a task, as a person reads it.

    A task with a deadline is measured against the deadline once its due day has
    passed: within it, how long is left (a thank-you sent the day after the
    interview is still on time); past it, how long ago it passed, counted from
    the deadline and not from the due day.
    """
    if status != "open":
        return status
    delta = (due - today).days
    if delta < 0 and deadline is not None:
        left = (deadline - today).days
        if left == 0:
            return "deadline today"
        if left > 0:
            return f"deadline in {_days(left)}"
        return "deadline passed yesterday" if left == -1 else f"deadline passed {_days(-left)} ago"
    if delta < 0:
        return f"{_days(-delta)} overdue"
    if delta == 0:
        return "due today"
    return "tomorrow" if delta == 1 else f"in {_days(delta)}"


def kind_label(kind: str | None) -> str:
    """'thank_you_email' -> 'Thank-you email', for people rather than programs."""
    if not kind:
        return ""
    text = kind.replace("thank_you", "thank-you").replace("_", " ")
    return text[:1].upper() + text[1:]


def is_late(due: date, deadline: date | None, status: str, today: date) -> bool:
    """Past the last day it should have been done (the deadline, else the due day)."""
    return status == "open" and (deadline or due) < today


def snooze_refusal(deadline: date, today: date) -> str:
    """Why a task with a deadline cannot be put off past it, and what to do instead."""
    if deadline == today:
        return "its deadline is today; do it today or skip it"
    if deadline < today:
        return f"its deadline passed on {day(deadline)}; do it today or skip it"
    return f"its deadline is {day(deadline)}, before it could come back; do it by then or skip it"
