"""Telling people apart by name: who is already on file, and which name on file was probably meant.

Two spellings that match ignoring case are the same person (`candidates.same_person`).
Two that differ by one slip of the keyboard, or only by case, accents, spaces and
punctuation ('Anne Lee' and 'Ann Lee', 'Jose Nunez' and 'José Núñez') look alike: a
second entry under such a name is far more often a typo than a second person, so it
is only added when the user says so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from afterview.domain.candidates import identity, same_person

# How like a name on file a name must be (rapidfuzz's WRatio, 0-100) to be offered as "did you mean".
# 'Ann Leigh' for 'Ann Lee' scores 75 and 'Ann' for 'Ann Lee' 90; unrelated names score below 50.
SUGGEST_FROM = 70


def letters(name: str) -> str:
    """The name's letters and digits alone, without case or accents: 'José Núñez-Ruiz' -> 'josenunezruiz'."""
    parts = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in parts if c.isalnum() and not unicodedata.combining(c))


def look_alike(a: str, b: str) -> bool:
    """Different spellings that are easily one person mistyped: one edit apart, or the same letters."""
    if same_person(a, b):
        return False
    return letters(a) == letters(b) or DamerauLevenshtein.distance(identity(a), identity(b)) <= 1


def first_look_alike(name: str, among: Iterable[str]) -> str | None:
    """The first name of `among` that `name` looks like (see `look_alike`), if any."""
    return next((other for other in among if look_alike(name, other)), None)


def on_file(name: str, among: Iterable[str]) -> str | None:
    """The spelling on file of the person `name` names (ignoring case and outer spaces), if any."""
    return next((other for other in among if same_person(other, name)), None)


def meant(name: str, among: Iterable[str]) -> str | None:
    """The name on file most like `name`, when one is like enough to be what the user meant."""
    choices = [other for other in among if other.strip()]
    if not choices:
        return None
    found = process.extractOne(name, choices, scorer=fuzz.WRatio, processor=_plain, score_cutoff=SUGGEST_FROM)
    return found[0] if found is not None else None


def _plain(name: str) -> str:
    """Lower case, no accents, words kept apart: what a comparison of spellings should see."""
    parts = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in parts if not unicodedata.combining(c)).split())
