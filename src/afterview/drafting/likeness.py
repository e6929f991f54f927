"""The too-alike check: notes to two people at one company must differ in more than the name [002].

Both texts are compared with the recipients' names taken out (full names and each
part of them, so "Dear Jane" and "Dear Bob" count as the same words), folded to
lower case, with punctuation and runs of spaces reduced to single spaces. The
score is rapidfuzz's `fuzz.ratio` (0-100, an edit-based similarity of the whole
texts); a pair scoring above `ALIKE_THRESHOLD` is too alike.

The threshold sits between the two cases it must tell apart. Measured on
real thank-you notes: a copy with only the name swapped scores 100; with a word
or a sentence changed as well, the 90s; with about half the sentences rewritten,
the 80s. Composed notes, which draw on each person's topics and rotate their
phrasing, score 45-70 (short cards up to about 80). Above 90 is too alike:
a new name and a tweak here and there do not make a personal note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from afterview.drafting.context import CheckContext
from afterview.drafting.spelling import WORD
from afterview.drafting.types import Finding

ALIKE_THRESHOLD = 90.0
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str, names: Iterable[str]) -> str:
    parts = sorted({w for name in names for w in [name, *WORD.findall(name)] if w}, key=len, reverse=True)
    if parts:
        text = re.sub(r"\b(?:" + "|".join(re.escape(p) for p in parts) + r")\b", " ", text, flags=re.IGNORECASE)
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def likeness(a: str, b: str, names: Iterable[str] = ()) -> float:
    """How alike two notes are, 0-100, ignoring the given names."""
    names = list(names)
    return fuzz.ratio(normalise(a, names), normalise(b, names))


def _shared_stretch(text: str, other: str) -> tuple[int, int]:
    """The longest stretch of `text` that also appears in `other`: what to rewrite first."""
    best = (0, len(text))
    longest = 0
    for op in Indel.opcodes(text.casefold(), other.casefold()):
        if op.tag == "equal" and op.src_end - op.src_start > longest:
            longest = op.src_end - op.src_start
            best = (op.src_start, op.src_end)
    start, end = best
    # Trim to whole words and visible text so the highlight reads cleanly.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else (0, len(text))


def too_alike(text: str, context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    if not text.strip():
        return findings
    for other in context.other_notes:
        names = [n for n in (context.recipient, other.recipient) if n]
        score = likeness(text, other.text, names)
        if score <= ALIKE_THRESHOLD:
            continue
        whom = other.recipient or other.task
        findings.append(Finding(
            "too-alike", "error",
            f"This note is {score:.0f}% alike the one to {whom} (the limit is {ALIKE_THRESHOLD:.0f}%): "
            f"rewrite the highlighted part in other words and draw on what you discussed with "
            f"{context.recipient or 'this person'}.",
            _shared_stretch(text, other.text)))
    return findings
