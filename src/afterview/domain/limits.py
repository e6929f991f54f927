"""The limits on every value a user can give, declared once.

This module is the spec: the JSON Schema's lengths, patterns and ranges are written
from it (`python -m afterview.exchange.schema_limits`), the tables' String lengths
are read from it, and every door (CLI, web form, JSON API, importers) checks typed
values with `check_text`, `check_day` and `check_number` before anything is stored.
So SQLite (which stores any length) and PostgreSQL (which refuses a NUL or one
character too many) accept exactly the same values, and whatever is accepted
exports and imports again.

The bounds are generous for a person's job search and small enough that no input,
however hostile, costs unbounded time or memory.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date


class LimitError(ValueError):
    """A value outside its declared limits; `field` names it, `message` says what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Text:
    """A text field: at most `max_length` characters; one line unless `multiline`.

    Whether a field may be empty is a rule of the model (domain.validate), not a limit.
    """

    max_length: int
    multiline: bool = False


# Lengths shared with the tables (store/schema.py reads these names).
NAME = 200
EMAIL = 320
PHONE = 60
COUNTRY = 2
SUBDIVISION = 10
TIMEZONE = 64
APPLICATION_ID = 120
TASK_ID = 500  # an application id, a kind, a round and a person: within 400 characters

TEXTS: dict[str, Text] = {
    "name": Text(NAME),
    "company": Text(NAME),
    "role": Text(NAME),
    "title": Text(NAME),
    "relationship": Text(NAME),
    "person": Text(NAME),
    "email": Text(EMAIL),
    "phone": Text(PHONE),
    "country": Text(COUNTRY),
    "subdivision": Text(SUBDIVISION),
    "timezone": Text(TIMEZONE),
    "application_id": Text(APPLICATION_ID),
    "task_id": Text(TASK_ID),
    "strength": Text(NAME),
    "topic": Text(500),
    "file": Text(1000),
    "question": Text(2000, multiline=True),
    "debrief": Text(10_000, multiline=True),
    "why": Text(2000, multiline=True),
    "note": Text(2000, multiline=True),  # what was said on a call or in a reply, in the user's words
    "time": Text(5),  # HH:MM; its own pattern says the rest
    # Mail settings: a server's name (DNS allows 253), the user name it knows you by, a folder.
    "host": Text(255),
    "username": Text(EMAIL),
    "folder": Text(NAME),
    "subject": Text(500),
    "body": Text(50_000, multiline=True),
}


@dataclass(frozen=True)
class Number:
    minimum: int
    maximum: int


NUMBERS: dict[str, Number] = {
    "round": Number(1, 50),
    "pipeline_target": Number(0, 1000),
    "cadence": Number(0, 365),
}

# Every date anyone gives: far enough either way for any real job search, and far from the
# calendar's own ends, so that date arithmetic (a deadline plus months) can never overflow.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
# An employer's away period (a holiday closure, a hiring freeze) of at most a year.
LONGEST_AWAY_DAYS = 366

# Whole documents and files: the size read at most, how deep JSON may nest, and list lengths.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024  # a 10,000-application search is about 20 MB
MAX_DEPTH = 20  # the afterview/1 document itself nests 8 deep
MAX_CSV_BYTES = 32 * 1024 * 1024
MAX_CSV_ROWS = 50_000
MAX_VCARD_BYTES = 16 * 1024 * 1024
MAX_VCARDS = 5_000
MAX_ITEMS: dict[str, int] = {
    "applications": 50_000,
    "references": 200,
    "strengths": 50,
    "people": 500,
    "interviews": 50,
    "interviewers": 100,
    "interactions": 2_000,
    "employer_away": 50,
    "notes": 100,  # topics, promises, files, questions per person or debrief
    "dismissals": 500_000,
}

# NUL breaks PostgreSQL text, other control characters break a line or a terminal, and a lone
# surrogate cannot be encoded at all. Multi-line text keeps tab and newline.
_ONE_LINE_BAD = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_MULTILINE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The same rules as JSON Schema patterns (ECMA-262 and Python's re read them alike).
ONE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f]*$"
MULTILINE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
DAY_PATTERN = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"


def text_limit(field: str) -> Text:
    try:
        return TEXTS[field]
    except KeyError:
        raise KeyError(f"no text limit declared for {field!r}; add it to afterview.domain.limits.TEXTS") from None


def too_long(length: int, maximum: int) -> str:
    """How a text past its limit is described, the same by every door and importer."""
    return f"is {length:,} characters long; at most {maximum:,} are allowed"


def check_text(field: str, value: str | None, *, kind: str | None = None) -> None:
    """Refuse text longer than its limit or holding characters no store keeps; None passes.

    `kind` names the declared limit when the field's own name is not one (e.g. field
    "interviewers" of kind "name").
    """
    if value is None:
        return
    limit = text_limit(kind or field)
    if len(value) > limit.max_length:
        raise LimitError(field, too_long(len(value), limit.max_length))
    bad = (_MULTILINE_BAD if limit.multiline else _ONE_LINE_BAD).search(value)
    if bad is not None:
        what = "a NUL byte" if bad.group() == "\x00" else \
            "a broken character" if "\ud800" <= bad.group() <= "\udfff" else \
            "a line break" if bad.group() in "\r\n" else f"the control character U+{ord(bad.group()):04X}"
        raise LimitError(field, f"holds {what}; remove it")


def check_day(field: str, value: date | None) -> None:
    """Refuse a date outside FIRST_DAY .. LAST_DAY; None passes."""
    if value is None:
        return
    if not FIRST_DAY <= value <= LAST_DAY:
        raise LimitError(field, f"{value.isoformat()} is outside the years {FIRST_DAY.year}–{LAST_DAY.year}; "
                                f"check the year")


def check_number(field: str, value: int | float | None, *, kind: str | None = None) -> None:
    """Refuse a number that is not a whole number within its declared range; None passes."""
    if value is None:
        return
    limit = NUMBERS[kind or field]
    if isinstance(value, bool) or (isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
        raise LimitError(field, f"{value!r} is not a whole number")
    if not limit.minimum <= value <= limit.maximum:
        shown = f"{value:.6g}" if isinstance(value, float) or abs(value) < 10**15 else "a number far too large"
        raise LimitError(field, f"{shown} is outside {limit.minimum}–{limit.maximum}")


def check_period(field: str, start: date, end: date) -> None:
    """An away period: both ends within the limits, in order, and at most a year long."""
    check_day(field, start)
    check_day(field, end)
    if (end - start).days > LONGEST_AWAY_DAYS:
        raise LimitError(field, f"{start.isoformat()} to {end.isoformat()} is longer than "
                                f"{LONGEST_AWAY_DAYS} days; give the part that matters")


def check_count(field: str, count: int) -> None:
    """Refuse a list longer than its declared limit."""
    limit = MAX_ITEMS[field]
    if count > limit:
        raise LimitError(field, f"has {count:,} entries; at most {limit:,} are accepted")
