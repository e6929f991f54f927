"""Checks on the mechanics of a text: doubled words, leftover placeholders, length."""

from __future__ import annotations

import re

from afterview.drafting.types import DraftFormat, Finding

# "had had" and "that that" are sometimes exactly right; every other repeat is a slip.
_REPEAT_OK = frozenset({"had", "that"})
_DOUBLED = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE)

_PLACEHOLDERS = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"            # template syntax left in the text
    r"|\{[A-Za-z_][\w .]{0,40}\}"                 # {name}
    r"|\[[^\[\]\n]{1,40}\](?!\()"                 # [Name], but not a Markdown link [text](url)
    r"|<[A-Za-z_][A-Za-z _-]{0,40}>"              # <company>, but not <a@b.example> or <https://…>
    r"|\b(?:TODO|FIXME|XXX|TBD|TKTK)\b"           # notes to self
    r"|_{3,}",                                    # a blank to fill in
)

# Words, per format. Cards are short by nature [004]; a call script is what you say in a minute or two.
LENGTH_LIMITS: dict[str, int] = {"email": 300, "card": 80, "call": 250}
_WORDS = re.compile(r"\S+")


def doubled_words(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        if word.casefold() in _REPEAT_OK:
            continue
        findings.append(Finding(
            "doubled-word", "error",
            f"“{word}” appears twice in a row: delete one of them.",
            (match.start(1), match.end(3))))
    return findings


def placeholders(text: str) -> list[Finding]:
    return [Finding(
        "placeholder", "error",
        f"Leftover placeholder “{match.group(0)}”: replace it with the real text before sending.",
        (match.start(), match.end())) for match in _PLACEHOLDERS.finditer(text)]


def length(text: str, fmt: DraftFormat) -> list[Finding]:
    limit = LENGTH_LIMITS[fmt]
    words = list(_WORDS.finditer(text))
    if len(words) <= limit:
        return []
    start = words[limit].start()
    noun = {"email": "an email", "card": "a card", "call": "a call script"}[fmt]
    return [Finding(
        "length", "warning",
        f"{len(words)} words is long for {noun} (keep it under {limit}): cut from here on.",
        (start, words[-1].end()))]
