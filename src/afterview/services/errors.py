"""Errors a user can cause: each carries one line saying what is wrong and how to fix it."""

from __future__ import annotations

from datetime import date


class UserError(Exception):
    """Bad input or an impossible request. The interfaces print the message and exit 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserError):
    pass


class Refused(UserError):
    """The not-pestering guard refused a contact; `--force` records it anyway (exit 3)."""

    exit_code = 3

    def __init__(self, reason: str, earliest: date | None) -> None:
        when = f"; the earliest allowed date is {earliest.isoformat()}" if earliest else ""
        super().__init__(f"Not recorded: {reason}{when}. Use --force to record it anyway.")
        self.reason = reason
        self.earliest = earliest
