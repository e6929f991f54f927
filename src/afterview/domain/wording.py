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
