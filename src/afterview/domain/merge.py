"""Merging an imported job search into the one already kept.

Applications, people, references and dismissals are matched by their natural
keys (id, name, task id); interviews by round; interactions by what they record.
What the incoming document says wins; what it does not mention is kept, down to
a single field: a backup made before a phone number was recorded does not take the
phone number away, nor does a document without an interview's notes take the
notes. Merging the same document twice gives the same result as merging it once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import fields, replace
from typing import Any, TypeVar

from afterview.domain.model import Application, Interaction, Interview, JobSearch, Person

T = TypeVar("T")


def _union(old: Iterable[T], new: Iterable[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    """Old items in their order, replaced by new ones with the same key; unmatched new ones appended."""
    incoming = {key(item): item for item in new}
    merged = [incoming.pop(key(item), item) for item in old]
    return tuple(merged + list(incoming.values()))


def _interaction_key(i: Interaction) -> Hashable:
    return (i.on, i.direction, i.kind, (i.person or "").casefold(), i.channel)


def _unsaid(value: Any) -> bool:
    return value is None or value is False or value == "" or value == () or value == {}


def _filled(old: T, new: T) -> T:
    """`new`, with every field it leaves unsaid (None, empty, false) taken from `old`."""
    kept = {f.name: getattr(old, f.name) for f in fields(new)  # type: ignore[arg-type]
            if _unsaid(getattr(new, f.name)) and not _unsaid(getattr(old, f.name))}
    return replace(new, **kept) if kept else new  # type: ignore[type-var]


def _merge_person(old: Person, new: Person) -> Person:
    return _filled(old, new)


def _merge_interview(old: Interview, new: Interview) -> Interview:
    merged = _filled(old, new)
    if new.notes and old.notes:  # notes by person: those the document names win, the others are kept
        merged = replace(merged, notes={**old.notes, **new.notes})
    return merged


def _union_merged(old: Iterable[T], new: Iterable[T], key: Callable[[T], Hashable],
                  merge: Callable[[T, T], T]) -> tuple[T, ...]:
    before = {key(item): item for item in old}
    return _union(old, (merge(before[key(item)], item) if key(item) in before else item for item in new), key)


def merge_application(old: Application, new: Application) -> Application:
    return replace(
        _filled(old, new),
        people=_union_merged(old.people, new.people, lambda p: p.name.casefold(), _merge_person),
        interviews=_union_merged(old.interviews, new.interviews, lambda i: i.round, _merge_interview),
        interactions=_union(old.interactions, new.interactions, _interaction_key),
        outcome=new.outcome if new.outcome is not None else old.outcome,
    )


def merge_search(old: JobSearch, new: JobSearch, *, profile_given: bool = True) -> JobSearch:
    known = {a.id: a for a in old.applications}
    applications = _union(
        old.applications,
        (merge_application(known[a.id], a) if a.id in known else a for a in new.applications),
        lambda a: a.id,
    )
    return JobSearch(
        profile=new.profile if profile_given else old.profile,
        references=_union(old.references, new.references, lambda r: r.name.casefold()),
        applications=applications,
        dismissals=_union(old.dismissals, new.dismissals, lambda d: d.task),
    )
