"""The rows of kept suggestions (schema.suggestions): written by the scan, settled by the user.

A new suggestion is not journalled (like the note that its message was seen, it is
the scan's memory: undoing a scan must not make it forget what it read); settling
one is, so `undo` after a confirm or a dismiss puts it back to pending. What an
import adds or settles is journalled too, so undoing the import takes it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from afterview.domain.backup import KeptSuggestion
from afterview.store import journal
from afterview.store import schema as t

TABLE = "suggestions"


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    message_key: str
    application: str
    kind: str
    sentence: str
    confidence: float | None
    received_on: date
    first_day: date | None
    last_day: date | None
    sender: str | None
    found_at: datetime
    state: str
    settled_on: date | None


def _row(r: sa.RowMapping) -> SuggestionRow:
    return SuggestionRow(r["id"], r["message_key"], r["application_id"], r["kind"], r["sentence"], r["confidence"],
                         r["received_on"], r["first_day"], r["last_day"], r["sender"], r["found_at"], r["state"],
                         r["settled_on"])


def add(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Keep new suggestions (pending); one for a message and kind already kept is left as it is.
    Returns each kind's number."""
    numbers: dict[str, int] = {}
    for values in rows:
        known = conn.execute(sa.select(t.suggestions.c.id).where(
            t.suggestions.c.message_key == values["message_key"], t.suggestions.c.kind == values["kind"])).scalar()
        if known is None:
            key = conn.execute(sa.insert(t.suggestions).values(state="pending", **values)).inserted_primary_key
            known = key[0] if key else None
        if known is not None:
            numbers.setdefault(values["kind"], int(known))
    return numbers


def read(conn: sa.Connection, *, state: str | None = None, ids: Sequence[int] | None = None) -> list[SuggestionRow]:
    """Suggestions of applications still on file and not put away, oldest message first."""
    query = (sa.select(t.suggestions).join(t.applications, t.applications.c.id == t.suggestions.c.application_id)
             .where(t.applications.c.archived.is_(False))
             .order_by(t.suggestions.c.received_on, t.suggestions.c.id))
    if state is not None:
        query = query.where(t.suggestions.c.state == state)
    if ids is not None:
        query = query.where(t.suggestions.c.id.in_(list(ids)))
    return [_row(r) for r in conn.execute(query).mappings()]


def settle(conn: sa.Connection, row: SuggestionRow, state: str, on: date) -> None:
    """Mark a suggestion confirmed or dismissed; the journal keeps it pending before, for undo."""
    journal.remember_kept(conn, TABLE, str(row.id), {"state": row.state, "settled_on": None})
    conn.execute(sa.update(t.suggestions).where(t.suggestions.c.id == row.id).values(state=state, settled_on=on))


def put_back(conn: sa.Connection, kept: dict[str, Any]) -> None:
    """Undo: each settled suggestion as it was before; one an import added is taken away."""
    for key, before in kept.items():
        if before is None:
            conn.execute(sa.delete(t.suggestions).where(t.suggestions.c.id == int(key)))
        else:
            conn.execute(sa.update(t.suggestions).where(t.suggestions.c.id == int(key)).values(
                state=before["state"], settled_on=before["settled_on"]))


def read_kept(conn: sa.Connection) -> tuple[KeptSuggestion, ...]:
    """Every suggestion of an application on file (put away or not), for a backup: by the day its
    message came, then by message and kind, so the same store always gives the same document."""
    query = (sa.select(t.suggestions).join(t.applications, t.applications.c.id == t.suggestions.c.application_id)
             .order_by(t.suggestions.c.received_on, t.suggestions.c.message_key, t.suggestions.c.kind))
    return tuple(KeptSuggestion(r.message_key, r.application, r.kind, r.sentence, r.received_on, r.found_at,
                                r.state, r.confidence, r.first_day, r.last_day, r.sender, r.settled_on)
                 for r in map(_row, conn.execute(query).mappings()))


def write_kept(conn: sa.Connection, kept: Sequence[KeptSuggestion], applications: set[str]) -> None:
    """Merge a backup's suggestions by message and kind: one not here is added as the backup has it;
    one still pending here takes the decision the backup records (it was settled elsewhere); one settled
    here stays as it is, so an older backup never brings it back. One of an application not in the store
    is left out (it would belong to nothing)."""
    here = {(r.message_key, r.kind): (r.id, r.state)
            for r in conn.execute(sa.select(t.suggestions.c.id, t.suggestions.c.message_key, t.suggestions.c.kind,
                                            t.suggestions.c.state))}
    for x in kept:
        if x.application not in applications:
            continue
        known = here.get((x.message, x.kind))
        if known is None:
            key = conn.execute(sa.insert(t.suggestions).values(
                message_key=x.message, application_id=x.application, kind=x.kind, sentence=x.sentence,
                confidence=x.confidence, received_on=x.received_on, first_day=x.first_day, last_day=x.last_day,
                sender=x.sender, found_at=x.found_at, state=x.state, settled_on=x.settled_on)).inserted_primary_key
            number = int(key[0]) if key else 0
            journal.remember_kept(conn, TABLE, str(number), None)
            here[(x.message, x.kind)] = (number, x.state)
        elif known[1] == "pending" and x.state != "pending":
            journal.remember_kept(conn, TABLE, str(known[0]), {"state": "pending", "settled_on": None})
            conn.execute(sa.update(t.suggestions).where(t.suggestions.c.id == known[0]).values(
                state=x.state, settled_on=x.settled_on))
            here[(x.message, x.kind)] = (known[0], x.state)
