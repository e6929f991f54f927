"""The tone check: any note that pleads [002][004]."""

from __future__ import annotations

import re
from functools import cache

from afterview.drafting.context import CheckContext
from afterview.drafting.types import Finding


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    def one(phrase: str) -> str:
        words = [re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split()]
        return r"\b" + r"\s+".join(words) + r"\b"

    # Longest first, so "please let me know" wins over "let me know" at the same place.
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(one(p) for p in ordered) or r"(?!x)x", re.IGNORECASE)


def _find(text: str, phrases: tuple[str, ...], message: str) -> list[Finding]:
    return [Finding("tone", "warning", message.format(phrase=m.group(0)), (m.start(), m.end()))
            for m in _pattern(phrases).finditer(text)]


def tone(text: str, context: CheckContext) -> list[Finding]:
    """Pleading in any note (a warning); asking in a thank-you and ultimatums are errors in `checks.purpose`."""
    return _find(text, context.desperate_phrases,
                 "“{phrase}” sounds desperate: stay enthusiastic and say what you would bring instead.")
