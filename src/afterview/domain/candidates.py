"""Candidate tasks before their status is known, and how facts settle that status.

A rule proposes a `Candidate`: what to do, for whom, by when, and since when it
exists. Whether it is open, done, cancelled or skipped then follows from the
facts alone: an outbound interaction of its kind (to its person) on or after the
day it was created completes it; a dismissal by the user completes or skips it;
an event after its creation (a reply, a later round, an outcome) cancels it if it
was not completed first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from afterview.domain.model import SOLO_KINDS, Dismissal, Interaction, Task

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """A stable, readable, ASCII id fragment: 'Dana O'Neil' -> 'dana-o-neil'.

    ASCII text keeps the fragment it has always had (ids users hold keep working).
    Other text keeps what reads in ASCII ('José Núñez' -> 'jose-nunez') and adds a
    short digest of the whole name, so that names in any script ('Иван Петров',
    'Мария Иванова') get fragments of their own instead of all becoming 'x'.
    """
    folded = text.casefold()
    if folded.isascii():
        return _NOT_SLUG.sub("-", folded).strip("-") or "x"
    identity = unicodedata.normalize("NFC", folded.strip())
    latin = unicodedata.normalize("NFKD", identity).encode("ascii", "ignore").decode("ascii")
    readable = _NOT_SLUG.sub("-", latin).strip("-") or "x"
    return f"{readable}-{_digest(identity)}"


def _digest(text: str, size: int = 6) -> str:
    return hashlib.blake2s(text.encode("utf-8"), digest_size=size).hexdigest()


@lru_cache(maxsize=16384)  # the same few hundred names come up again and again
def identity(name: str) -> str:
    """Two spellings name the same person when they match ignoring case and outer spaces."""
    return unicodedata.normalize("NFC", name.casefold().strip())


def same_person(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and identity(a) == identity(b)


class Names:
    """One id fragment per person, distinct for distinct people, within one id namespace.

    Fragments are claimed in the order the names are offered (callers offer them
    in the order they were recorded, which only ever grows at the end): the first
    person to reach a fragment keeps the plain `slug`, so ids already handed out
    stay as they are; a later, different person whose name slugs the same ('Ann
    Lee' after 'Ann-Lee') gets the slug and a '.'-suffix, which no plain slug can
    contain, so the two can never meet again.
    """

    __slots__ = ("_by_identity", "_by_name", "_taken")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_identity: dict[str, str] = {}
        self._by_name: dict[str, str] = {}  # the same spelling again: no need to fold it again
        self._taken: set[str] = set()
        for name in names:
            self.of(name)

    def of(self, name: str) -> str:
        found = self._by_name.get(name)
        if found is not None:
            return found
        key = identity(name)
        found = self._by_identity.get(key)
        if found is not None:
            self._by_name[name] = found
            return found
        fragment = slug(name)
        if fragment in self._taken:
            fragment = f"{fragment}.{_digest(key, 3)}"
            number = 2
            while fragment in self._taken:
                fragment = f"{slug(name)}.{_digest(key, 3)}{number}"
                number += 1
        self._taken.add(fragment)
        self._by_identity[key] = self._by_name[name] = fragment
        return fragment


@dataclass(slots=True)
class Candidate:
    id: str
    kind: str
    due: date
    created: date
    reason: str
    person: str | None = None
    deadline: date | None = None
    channel: str | None = None
    # Interactions on or after this day belong to a later round, not to this task.
    window_end: date | None = None
    # The first event after creation that makes the task moot, if any.
    cancel_on: date | None = None
    # Settled while deriving (a chain needs to know), else settled at the end.
    completed_on: date | None = None
    completed_as: str = "done"
    # The interview round the task belongs to, for tasks that belong to one.
    round: int | None = None

    def cancel_at(self, day: date | None) -> None:
        if day is not None and day >= self.created and (self.cancel_on is None or day < self.cancel_on):
            self.cancel_on = day

    def close_from(self, day: date | None) -> None:
        """The application closed on `day`: whatever is still open then (or created later) is moot."""
        if day is not None:
            self.cancel_at(max(day, self.created))

    def status(self) -> str:
        if self.completed_on is not None and (self.cancel_on is None or self.completed_on <= self.cancel_on):
            return self.completed_as
        return "cancelled" if self.cancel_on is not None else "open"

    def to_task(self, application: str | None, company: str | None) -> Task:
        # Positional, in Task's field order: a plan makes a hundred thousand of these.
        return Task(self.id, application, company, self.kind, self.person, self.due, self.deadline, self.status(),
                    self.channel, self.reason, self.created, self.round)


class Completions:
    """Hands out each outbound interaction to at most one task."""

    def __init__(self, interactions: Iterable[Interaction], dismissals: dict[str, Dismissal]) -> None:
        self._outbound = sorted(
            (i for i in interactions if i.direction == "out" and i.is_contact), key=lambda i: i.on
        )
        self._used: set[int] = set()
        self._dismissals = dismissals

    def dismissed(self, task_id: str) -> bool:
        """Did the user mark this task done or skip it?"""
        return task_id in self._dismissals

    def dismissal(self, task_id: str) -> Dismissal | None:
        """How the user marked this task by hand, if they did."""
        return self._dismissals.get(task_id)

    def settle(self, candidate: Candidate, until: date | None = None) -> date | None:
        """Find what completed `candidate` (a dismissal, or its first matching interaction).

        `until` bounds the interaction's day (inclusive): a contact made after the
        task was cancelled belongs to whatever task came next.
        """
        if candidate.completed_on is not None:
            return candidate.completed_on
        dismissal = self._dismissals.get(candidate.id)
        if dismissal is not None:
            candidate.completed_on = dismissal.on
            candidate.completed_as = dismissal.status
            return dismissal.on
        if candidate.kind in SOLO_KINDS:
            return None
        for index, interaction in enumerate(self._outbound):
            if index in self._used or interaction.kind != candidate.kind or interaction.on < candidate.created:
                continue
            if candidate.window_end is not None and interaction.on >= candidate.window_end:
                break
            if until is not None and interaction.on > until:
                break
            if candidate.person is not None and not same_person(candidate.person, interaction.person):
                continue
            self._used.add(index)
            candidate.completed_on = interaction.on
            return interaction.on
        return None
