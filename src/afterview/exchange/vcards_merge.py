"""Bringing imported people together with the ones on file, never doubling anyone.

The same person is the same name (ignoring case and spacing) or the same email.
A match fills the fields the record lacks; a field that both have with different
values keeps the one on file and is reported, so the user decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from afterview.domain.model import Person
from afterview.exchange.vcards import CardPerson

_FIELDS = ("title", "email", "phone")


@dataclass(frozen=True, slots=True)
class MergeReport:
    added: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()  # 'Jane Doe: added email, phone'
    duplicates: tuple[str, ...] = ()  # already on file with nothing new
    conflicts: tuple[str, ...] = field(default=())  # one line each: what differs and what was kept

    def lines(self) -> list[str]:
        out = [f"added {name}" for name in self.added]
        out += [f"merged {line}" for line in self.merged]
        out += [f"already on file: {name}" for name in self.duplicates]
        out += [f"conflict: {line}" for line in self.conflicts]
        return out


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _same_value(kind: str, a: str, b: str) -> bool:
    if kind == "phone":
        # '+1 212 555 0100' and '+12125550100' are one number.
        return re.sub(r"[^\d+]", "", a) == re.sub(r"[^\d+]", "", b)
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _find(people: list[Person], card: CardPerson) -> int | None:
    key = _name_key(card.name)
    email = card.email.casefold() if card.email else None
    for index, person in enumerate(people):
        if email and person.email and person.email.casefold() == email:
            return index
    for index, person in enumerate(people):
        if _name_key(person.name) == key:
            return index
    return None


def merge_people(
    existing: list[Person], incoming: list[CardPerson], *, default_role: str = "interviewer"
) -> tuple[list[Person], MergeReport]:
    """The people on file plus the incoming ones, each person once, and what happened to each card."""
    people = list(existing)
    added: list[str] = []
    merged: list[str] = []
    duplicates: list[str] = []
    conflicts: list[str] = []
    for card in incoming:
        index = _find(people, card)
        if index is None:
            people.append(Person(name=" ".join(card.name.split()), role=card.role or default_role,
                                 title=card.title, email=card.email, phone=card.phone))
            added.append(card.name)
            continue
        person = people[index]
        filled: dict[str, str] = {}
        if _name_key(person.name) != _name_key(card.name):
            conflicts.append(f"{person.name}: the card with the same email is named {card.name!r}; "
                             f"kept {person.name!r}")
        for kind in _FIELDS:
            ours, theirs = getattr(person, kind), getattr(card, kind)
            if not theirs:
                continue
            if not ours:
                filled[kind] = theirs
            elif not _same_value(kind, ours, theirs):
                conflicts.append(f"{person.name}: {kind} on file is {ours!r}, the card says {theirs!r}; "
                                 f"kept {ours!r}")
        if filled:
            people[index] = replace(person, **filled)
            merged.append(f"{person.name}: added {', '.join(filled)}")
        else:
            duplicates.append(person.name)
    return people, MergeReport(tuple(added), tuple(merged), tuple(duplicates), tuple(conflicts))
