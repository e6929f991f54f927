"""The journal: every change to the user's facts, with what it replaced.

Each writing use-case gathers, while it runs, the state before it of everything
it changes (an application with its people, interviews and contacts; the
profile; the references; a dismissal; a task that became history), and writes
one journal entry in the same transaction. Nothing the user recorded is lost by
a later change: it stays here, and `undo` puts the newest change back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from afterview.store import schema as t

# The key under which a writing connection keeps the entry being gathered.
INFO_KEY = "afterview.journal"


@dataclass
class Entry:
    """What one use-case changed: the state before it, by kind and key (None: it did not exist)."""

    action: str
    applications: dict[str, Any] = field(default_factory=dict)
    dismissals: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    profile: Any = None
    references: Any = None
    touched_profile: bool = False
    touched_references: bool = False
    # What the user keeps besides the facts (a draft's text, a snooze, a setting, a queued message),
    # by table and key: undoing a snooze takes back the snooze, not the change before it.
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.applications or self.dismissals or self.tasks or self.touched_profile
                    or self.touched_references or self.kept)

    def plain(self) -> dict[str, Any]:
        found: dict[str, Any] = {"applications": self.applications, "dismissals": self.dismissals,
                                 "tasks": self.tasks}
        if self.touched_profile:
            found["profile"] = self.profile
        if self.touched_references:
            found["references"] = self.references
        if self.kept:
            found["kept"] = self.kept
        return found


def start(conn: sa.Connection, action: str) -> None:
    conn.info[INFO_KEY] = Entry(action)


def current(conn: sa.Connection) -> Entry | None:
    """The entry being gathered, or None when this connection is not journalling (migrations, undo)."""
    entry = conn.info.get(INFO_KEY)
    return entry if isinstance(entry, Entry) else None


def remember_kept(conn: sa.Connection, table: str, key: str, before: Any) -> None:
    """Note a kept row's state before this use-case first changes it (None: there was none)."""
    entry = current(conn)
    if entry is not None:
        entry.kept.setdefault(table, {}).setdefault(key, before)


def finish(conn: sa.Connection) -> int | None:
    """Write the gathered entry (if anything changed); returns its number."""
    entry = conn.info.pop(INFO_KEY, None)
    if not isinstance(entry, Entry) or entry.empty():
        return None
    result = conn.execute(sa.insert(t.journal).values(
        at=datetime.now(UTC), action=entry.action[:200], changes=entry.plain(), undone=False))
    key = result.inserted_primary_key
    return int(key[0]) if key else None


def discard(conn: sa.Connection) -> None:
    conn.info.pop(INFO_KEY, None)


@dataclass(frozen=True)
class Record:
    number: int
    at: datetime
    action: str
    changes: dict[str, Any]
    undone: bool


def _record(row: sa.RowMapping) -> Record:
    return Record(row["id"], row["at"], row["action"], dict(row["changes"] or {}), bool(row["undone"]))


def newest(conn: sa.Connection) -> Record | None:
    """The newest change not yet taken back."""
    query = sa.select(t.journal).where(t.journal.c.undone.is_(False)).order_by(t.journal.c.id.desc()).limit(1)
    row = conn.execute(query).mappings().first()
    return _record(row) if row else None


def history(conn: sa.Connection, limit: int = 50) -> list[Record]:
    query = sa.select(t.journal).order_by(t.journal.c.id.desc()).limit(limit)
    return [_record(row) for row in conn.execute(query).mappings()]


def mark_undone(conn: sa.Connection, number: int) -> None:
    conn.execute(sa.update(t.journal).where(t.journal.c.id == number).values(undone=True))
