"""Merging an imported job search into the one already kept.

Applications, people, references and dismissals are matched by their natural
keys (id, name, task id); interviews by round; interactions by what they record.
What the incoming document says wins; what it does not mention is kept. Merging
the same document twice gives the same result as merging it once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from afterview.domain.model import Application, Interaction, JobSearch

T = TypeVar("T")


def _union(old: Iterable[T], new: Iterable[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    """Old items in their order, replaced by new ones with the same key; unmatched new ones appended."""
    incoming = {key(item): item for item in new}
    merged = [incoming.pop(key(item), item) for item in old]
    return tuple(merged + list(incoming.values()))


def _interaction_key(i: Interaction) -> Hashable:
    return (i.on, i.direction, i.kind, (i.person or "").casefold(), i.channel)


def merge_application(old: Application, new: Application) -> Application:
    return replace(
        new,
        people=_union(old.people, new.people, lambda p: p.name.casefold()),
        interviews=_union(old.interviews, new.interviews, lambda i: i.round),
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
