"""What a scan met on its way: message counts and warnings counted by kind.

A scan never stops on one bad message. It skips it or reads what it can and
counts a warning here, so the user learns "3 truncated, 1 bad charset" in one
line instead of a traceback, and the counts make the tests exact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# The kinds of warning, each with the words a user sees.
WARNING_KINDS: dict[str, str] = {
    "not_mailbox": "the file holds no mail messages",
    "preamble": "bytes before the first message were skipped",
    "truncated": "message ends inside its header",
    "malformed_header": "header lines that are not 'Name: value'",
    "oversized_header": "header too large to be real, message skipped",
    "missing_message_id": "no Message-ID",
    "missing_from": "no From address",
    "bad_date": "unreadable Date",
    "bad_charset": "unknown or wrong character set",
    "large_message": "very large message, body read only in part",
    "empty_message": "empty message skipped",
    "unreadable": "file could not be read",
}

# How many example locations to keep per kind: enough to find the culprits,
# bounded so a mailbox of a million broken messages keeps memory flat.
_EXAMPLES_PER_KIND = 5


@dataclass(slots=True)
class ScanReport:
    """Counts of one scan. Readers add to it while they run; callers read it after."""

    messages: int = 0
    bytes: int = 0
    candidates: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def warn(self, kind: str, where: str = "") -> None:
        if kind not in WARNING_KINDS:
            raise ValueError(f"unknown scan warning kind {kind!r}")
        self.warnings[kind] += 1
        kept = self.examples.setdefault(kind, [])
        if where and len(kept) < _EXAMPLES_PER_KIND:
            kept.append(where)

    @property
    def warning_count(self) -> int:
        return sum(self.warnings.values())

    def summary(self) -> str:
        """One line for the user, e.g. `1200 messages, 2 candidates; warnings: 3 truncated`."""
        line = f"{self.messages} messages, {self.candidates} candidate replies"
        if self.warnings:
            parts = [f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(self.warnings.items())]
            line += "; warnings: " + ", ".join(parts)
        return line
