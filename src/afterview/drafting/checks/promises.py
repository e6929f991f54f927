"""The missing-promise check: what you promised a person at the interview must be in their note.

How an item counts as mentioned (fuzzy on purpose, since nobody quotes their own notes):
1. a URL in the promised item appears in the text, or
2. enough of its key words appear in the text, anywhere (URLs included, so
   "https://maria.example/portfolio" mentions "portfolio"). Key words are the
   item's words of three letters or more, minus the wrapping of a promise ("link",
   "copy", "send", "my", ...). A key word matches a word of the text with
   rapidfuzz ratio >= 80 (portfolio ~ portfolios, sample ~ samples); words under
   five letters must match exactly. One or two key words must all appear; of
   three or more, two thirds must.
"""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz, process

from afterview.drafting.context import CheckContext
from afterview.drafting.types import Finding
from afterview.drafting.wording import urls_in

# The wrapping of a promise, not what was promised.
_WRAPPING = frozenset({
    "link", "links", "url", "copy", "copies", "version", "send", "sending", "share", "sharing", "the", "and",
    "for", "you", "your", "our", "with", "that", "this", "some", "about", "from", "promised", "promise",
    "will", "would", "file", "pdf", "attach", "attached", "attachment", "over", "also", "more", "info",
    "information", "details", "her", "him", "them", "their", "its",
})
_LETTERS = re.compile(r"[^\W\d_]+")
MATCH_RATIO = 80


def key_words(item: str) -> list[str]:
    words = [w.casefold() for w in _LETTERS.findall(re.sub(r"https?://\S+", " ", item))]
    keys = [w for w in words if len(w) >= 3 and w not in _WRAPPING]
    return keys or [w for w in words if len(w) >= 3]


def is_mentioned(item: str, text: str) -> bool:
    folded = text.casefold()
    if any(url.casefold() in folded for url in urls_in(item)):
        return True
    keys = key_words(item)
    if not keys:
        return True  # nothing to look for: nothing to report
    words = set(_LETTERS.findall(folded))
    found = 0
    for key in keys:
        if key in words or (len(key) >= 5 and process.extractOne(
                key, words, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO) is not None):
            found += 1
    return found >= (len(keys) if len(keys) <= 2 else math.ceil(len(keys) * 2 / 3))


def _anchor(text: str) -> tuple[int, int]:
    """Where to point for something missing: the last paragraph before the sign-off, else the first line."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    if not lines:
        return (0, len(text))
    return lines[-3] if len(lines) >= 3 else lines[0]


def missing_promises(text: str, context: CheckContext) -> list[Finding]:
    if not text.strip():
        return []
    who = context.recipient or "this person"
    return [Finding(
        "missing-promise", "error",
        f"You promised {who} “{item}”, but this note does not mention it: add it "
        f"(looked for: {', '.join(key_words(item)) or item}).",
        _anchor(text)) for item in context.promised if not is_mentioned(item, text)]
