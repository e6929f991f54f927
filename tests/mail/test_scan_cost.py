"""The scan's cheap paths read the same as what they replace.

Seen (callgrind, an 8 MB corpus): reading a candidate's meaning cost twice what the older
outcome reading did, most of it `str.translate` making punctuation blanks (about 65,000
instructions for a 300-character reply); ASCII text now goes through `bytes.translate`.
These tests hold each shortcut to the code it stands for.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.mail import dates, outcome
from afterview.mail.blanks import blanked, byte_table

_TABLES = [outcome._PUNCTUATION, dates._ASCII_NOT_WORD]
# Every ASCII character, the punctuation of the table and some letters beyond ASCII.
_CHARS = st.sampled_from([*map(chr, range(128)), "«", "»", "¿", "¡", "’", "é", "ü", "ß", "\u00a0", "€"])


@pytest.mark.parametrize("table", _TABLES, ids=["reply punctuation", "date words"])
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(_CHARS, max_size=80), st.text(max_size=40)))
def test_blanked_is_str_translate(table: dict[int, str], text: str) -> None:
    assert blanked(text, table, byte_table(table)) == text.translate(table)


def test_every_ascii_character_is_blanked_as_str_translate_blanks_it() -> None:
    every = "".join(map(chr, range(128))) * 2
    for table in _TABLES:
        assert blanked(every, table, byte_table(table)) == every.translate(table)


def test_a_table_that_cannot_work_byte_for_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="one ASCII character"):
        byte_table(str.maketrans({".": "  "}))
    with pytest.raises(ValueError, match="one ASCII character"):
        byte_table(str.maketrans({".": "é"}))


def test_the_words_of_a_reply_are_the_words_str_translate_gives() -> None:
    text = 'Re: Offer!\n"We are pleased to offer you" the role (senior/lead); next steps: <call> *soon*?'
    whole = outcome._normal(text)
    assert blanked(whole, outcome._PUNCTUATION, outcome._ASCII_PUNCTUATION).split() == \
        whole.translate(outcome._PUNCTUATION).split()
    assert outcome.read_reply("Offer!", 'We are pleased to offer you the role (senior/lead).')[0].kind == "offer"



_REPLY_CHARS = st.sampled_from([*" .,;:!?()\"/<>*'-\n", "«", "»", "é", "’",
                                *"we are pleased to offer you the role unfortunately references next round"])
_PHRASES = st.sampled_from([*outcome.OFFER_PHRASES[:6], *outcome.REJECTION_PHRASES[:6], *outcome.WEAK_REJECTION[:3],
                            *outcome.INVITATION_PHRASES[:6], *outcome.REFERENCES_PHRASES[:4],
                            *outcome.MORE_TIME_PHRASES[:6], "counteroffer letter", "re-references"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(st.text(_REPLY_CHARS, max_size=12), _PHRASES), max_size=8))
def test_the_lists_a_reply_touches_are_found_as_with_a_set_of_its_words(parts: list[str]) -> None:
    subject, body = " ".join(parts[:2]), " ".join(parts[2:])
    whole = outcome._normal(f"{subject}\n{body}")
    words = set(whole.translate(outcome._PUNCTUATION).split())
    before = {name for word in words.intersection(outcome._INDEX) for name, phrase in outcome._INDEX[word]
              if phrase in whole}
    assert outcome._Text(subject, body).hits == before
