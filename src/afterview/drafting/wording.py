"""Small helpers that turn facts into phrases, shared by the templates and the checks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def long_day(d: date) -> str:
    """'Tuesday 3 March 2026': the date a letter spells out."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def stable_number(text: str) -> int:
    """A number that depends only on `text`, identical in every process (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def picker(group: str, ordinal: int) -> Callable[..., str]:
    """The `pick(slot, option, ...)` helper templates use to vary their wording.

    Notes in one group (the thank-you notes of one interview round) rotate through
    the options by the recipient's position in the group, from a starting point
    that a stable hash of the group and slot chooses. So two people in one round
    never get the same option for a slot (as long as the slot has enough options),
    and the same facts always give the same words.
    """

    def pick(slot: str, *options: str) -> str:
        if not options:
            return ""
        start = stable_number(f"{group}|{slot}")
        return options[(start + ordinal) % len(options)]

    return pick


_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


def urls_in(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:)]}'\"") for m in _URL.finditer(text)]


def excerpt(text: str, limit: int = 60) -> str:
    """`text` on one line, cut near `limit` at a word's end and never inside a link (a cut link reads as
    the wrong address); "…" marks the cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    for match in _URL.finditer(flat):
        end = match.start() + len(match.group(0).rstrip(".,;:)]}'\""))
        if match.start() < limit < end:
            return flat[:end] + ("…" if end < len(flat) else "")
    cut = flat.rfind(" ", 0, limit + 1)
    return flat[:cut if cut > 0 else limit].rstrip(" ,;:") + "…"
