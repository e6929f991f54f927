"""The values the drafting package hands out: drafts, findings and its one-line errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DraftFormat = Literal["email", "card", "call"]
Severity = Literal["error", "warning"]


class TemplateProblem(ValueError):
    """A template that cannot be used; `str()` is one line naming the file and line."""


class TextProblem(ValueError):
    """A text file the user pointed at that cannot be read; `str()` is one line."""


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    email: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    task: str
    to: Recipient | None
    subject: str | None
    body: str
    format: DraftFormat

    @property
    def text(self) -> str:
        """Subject and body together: what the checks should read."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    # Character offsets into the checked text: text[start:end] is the offending text.
    span: tuple[int, int]
