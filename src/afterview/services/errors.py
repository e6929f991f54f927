"""Errors a user can cause, as data: a code, the field it is about, a message and a hint.

Each interface words them for itself: the CLI names its own flag for the field and
exits non-zero, the web puts the message by the form field, the API answers 4xx JSON
with the code and the field. No interface parses another's wording.
"""

from __future__ import annotations

from datetime import date
from typing import Any


class UserError(Exception):
    """Bad input or an impossible request. The CLI prints one line and exits 2.

    `message` says what is wrong in words that fit every door (no flag names);
    `hint` says how to fix it; `field` is the typed input's field name (e.g.
    "decision_expected"), so the CLI can name its flag and the web its form field.
    """

    exit_code = 2
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.hint = hint

    def line(self) -> str:
        """The message and its hint as one line."""
        if self.hint:
            return f"{self.message.rstrip('.')}; {self.hint}"
        return self.message

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "message": self.message, "hint": self.hint}


class NotFound(UserError):
    default_code = "not-found"


class Conflict(UserError):
    """The request would replace something already recorded; the user must say so (e.g. `replace`)."""

    default_code = "conflict"


class StoreUnavailable(UserError):
    """The store cannot be written now: read-only, full, or locked past the timeout."""

    default_code = "store-unavailable"


class Refused(UserError):
    """The not-pestering guard refused a contact; forcing records it anyway (exit 3)."""

    exit_code = 3
    default_code = "cadence"

    def __init__(self, reason: str, earliest: date | None) -> None:
        when = f"; the earliest allowed date is {earliest.isoformat()}" if earliest else ""
        super().__init__(f"Not recorded: {reason}{when}.", code="cadence", field=None,
                         hint="force it to record it anyway")
        self.reason = reason
        self.earliest = earliest

    def line(self) -> str:
        return f"{self.message} Use --force to record it anyway."
