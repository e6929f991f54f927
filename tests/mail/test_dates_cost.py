"""Reading dates costs what the sentence needs, and reads the same.

Seen: `dateparser` was asked about every sentence that spoke of a decision, though a
date it finds is kept only when it holds a digit; reading the meaning of a whole scan's
candidates took ten times as long as reading their headers. Now it is asked only about
sentences holding a digit, and the relative words (durations, weekdays, parts of a
month, next week) of a language are looked for only when the sentence holds a word one
of them needs. These tests hold the shortcuts to what they skip.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser.search
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.mail import dates
from afterview.mail import languages as words
from afterview.mail.outcome import decision_dates

SENT = datetime(2026, 3, 12, 10, 0)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sentences the real `dateparser` is asked about."""
    sentences: list[str] = []
    real = dateparser.search.search_dates

    def search_dates(text: str, *args: object, **kwargs: object) -> object:
        sentences.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dateparser.search, "search_dates", search_dates)
    return sentences


def test_dateparser_reads_only_the_sentences_that_hold_a_digit(asked: list[str]) -> None:
    text = ("Thank you for your time. We will make a decision next week and let you know. "
            "We will get back to you by March 31.")
    found = decision_dates(text, SENT)
    assert [(f.day, f.phrase) for f in found] == [(date(2026, 3, 20), "next week"), (date(2026, 3, 31), "by March 31")]
    assert asked == ["We will get back to you by March 31."]


# Words that make a date in any of the languages, and some that do not, to build sentences of.
_VOCABULARY = sorted({
    *(name for lang in words.LANGUAGES for name in words.month_names(lang)),
    *(name for lang in words.LANGUAGES for name in words.weekday_names(lang)),
    *(n for lang in words.LANGUAGES for n in words.NUMBERS[lang]),
    *(u for lang in words.LANGUAGES for u in words.UNITS[lang]),
    *(n for lang in words.LANGUAGES for n in words.NEXT[lang]),
    *(w for lang in words.LANGUAGES for w in words.THIS_WEEK[lang]),
    *(p for lang in words.LANGUAGES for p in words.MONTH_PART[lang]),
    *words.BUSINESS, "week", "weekend", "mid-", "3", "14", "120", "the", "we", "decision", "of", "de",
})
_READERS = (dates._durations, dates._weekdays, dates._month_parts, dates._next_weeks)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", " ", "  ", "-", ", ", "\t"]), min_size=12, max_size=12),
       st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
def test_the_words_a_sentence_holds_open_every_reading_that_finds_something(
        parts: list[str], gaps: list[str], base: date) -> None:
    low = "".join(word + gap for word, gap in zip(parts, gaps, strict=False)).casefold()
    every = sorted(found for lang in words.LANGUAGES for read in _READERS for found in read(low, lang, base))
    assert sorted(dates._relative(low, base)) == every


# The sentence boundary as first written; the shipped one tests for a blank first, which is faster.
_FIRST_SENTENCE = re.compile(r"(?<=\D[.!?;])\s+|\n\s*\n|\n(?=[-*•])")
_PIECES = st.sampled_from(["a", "Z", "7", "٣", "é", ".", "!", "?", ";", ",", " ", "  ", "\n", "\n\n", "\t",
                           "\xa0", "\u2028", "-", "*", "•", "_", "ß"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_sentences_end_where_they_ended_before(text: str) -> None:
    assert dates._SENTENCE.split(text) == _FIRST_SENTENCE.split(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_words_of_a_text_are_the_runs_of_word_characters(text: str) -> None:
    assert dates._words_of(text) == frozenset(re.findall(r"\w+", text))
