"""The one exception type the mail layer raises to its callers.

Its message is a single line the CLI can print as it is: what went wrong and,
where there is one, how to fix it. Secrets never appear in it.
"""

from __future__ import annotations


class MailError(Exception):
    """A mail operation failed in a way the user can act on; `str()` is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
