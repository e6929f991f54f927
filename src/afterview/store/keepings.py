"""Reading and writing what a backup keeps besides the facts (domain.backup).

Writing merges by each row's natural key (a task id, a Message-ID, a setting's
key), so restoring the same backup twice gives the same store as restoring it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from afterview.domain.backup import (
    MailboxPlace,
    OutboxMessage,
    SavedDraft,
    SeenMessage,
    Snooze,
    is_secret,
    without_secrets,
)
from afterview.domain.model import Task
from afterview.store import journal, suggestion_rows
from afterview.store import schema as t
from afterview.store.plan_writing import HISTORY_STATUSES, task_row
from afterview.store.repository import read_tasks
from afterview.store.snoozes import put_snooze


def read_drafts(conn: sa.Connection) -> tuple[SavedDraft, ...]:
    rows = conn.execute(sa.select(t.drafts).order_by(t.drafts.c.task_id)).mappings()
    return tuple(SavedDraft(r["task_id"], r["body"], r["subject"], r["updated_at"]) for r in rows)


def write_drafts(conn: sa.Connection, drafts: Iterable[SavedDraft]) -> None:
    for d in drafts:
        put_draft(conn, d.task, d.subject, d.body, d.updated_at)


def put_draft(conn: sa.Connection, task_id: str, subject: str | None, body: str,
              updated_at: datetime | None) -> None:
    """Keep a draft's text (the one before it stays in the journal, for undo)."""
    before = conn.execute(sa.select(t.drafts.c.subject, t.drafts.c.body, t.drafts.c.updated_at)
                          .where(t.drafts.c.task_id == task_id)).first()
    if before is not None and (before.subject, before.body) == (subject, body):
        return
    journal.remember_kept(conn, "drafts", task_id, None if before is None else {
        "subject": before.subject, "body": before.body,
        "updated_at": before.updated_at.isoformat() if before.updated_at else None})
    conn.execute(sa.delete(t.drafts).where(t.drafts.c.task_id == task_id))
    conn.execute(sa.insert(t.drafts).values(task_id=task_id, subject=subject, body=body, updated_at=updated_at))


def put_setting(conn: sa.Connection, key: str, value: Any, *, journaled: bool = True) -> None:
    """Keep a setting; the value before stays in the journal unless it is the program's own bookkeeping."""
    before = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == key)).first()
    if before is not None and before.value == value:
        return
    if journaled:
        journal.remember_kept(conn, "settings", key, None if before is None else {"value": before.value})
    conn.execute(sa.delete(t.settings).where(t.settings.c.key == key))
    conn.execute(sa.insert(t.settings).values(key=key, value=value))


def put_back(conn: sa.Connection, kept: dict[str, dict[str, Any]]) -> None:
    """Undo: every kept row a change touched, as it was before (None: it did not exist)."""
    for task_id, before in kept.get("drafts", {}).items():
        conn.execute(sa.delete(t.drafts).where(t.drafts.c.task_id == task_id))
        if before is not None:
            conn.execute(sa.insert(t.drafts).values(task_id=task_id, subject=before["subject"], body=before["body"],
                                                    updated_at=datetime.fromisoformat(before["updated_at"])
                                                    if before["updated_at"] else None))
    for key, before in kept.get("settings", {}).items():
        conn.execute(sa.delete(t.settings).where(t.settings.c.key == key))
        if before is not None:
            conn.execute(sa.insert(t.settings).values(key=key, value=before["value"]))
    for task_id, before in kept.get("snoozes", {}).items():
        conn.execute(sa.delete(t.snoozes).where(t.snoozes.c.task_id == task_id))
        if before is not None:
            conn.execute(sa.insert(t.snoozes).values(task_id=task_id, until_day=date.fromisoformat(before["until"])))
    suggestion_rows.put_back(conn, kept.get(suggestion_rows.TABLE, {}))
    for message_id in kept.get("outbox", {}):
        # A message an undone import queued is taken back while it has not gone; one sent since stays on record.
        conn.execute(sa.delete(t.outbox).where(t.outbox.c.message_id == message_id,
                                               t.outbox.c.state.in_(("queued", "held"))))


def read_outbox(conn: sa.Connection) -> tuple[OutboxMessage, ...]:
    rows = conn.execute(sa.select(t.outbox).order_by(t.outbox.c.created_at, t.outbox.c.message_id)).mappings()
    return tuple(OutboxMessage(r["task_id"], r["message_id"], r["recipient"], r["subject"], r["body"], r["state"],
                               r["send_after"], r["created_at"], r["updated_at"], r["attempts"] or 0,
                               r["last_error"]) for r in rows)


def write_outbox(conn: sa.Connection, messages: Sequence[OutboxMessage]) -> int:
    """Add the messages not yet here; returns how many. A message already here (same Message-ID)
    keeps its stored state: a restore never makes a message sendable again. A second live message
    for a task that already has one is not added (one live message per task)."""
    known = set(conn.execute(sa.select(t.outbox.c.message_id)).scalars())
    live = set(conn.execute(sa.select(t.outbox.c.task_id).where(sa.text(t.OUTBOX_LIVE))).scalars())
    added = 0
    for m in messages:
        if m.message_id in known:
            continue
        if m.state not in t.OUTBOX_HISTORY:
            if m.task in live:
                continue
            live.add(m.task)
        journal.remember_kept(conn, "outbox", m.message_id, None)
        conn.execute(sa.insert(t.outbox).values(
            task_id=m.task, message_id=m.message_id, recipient=m.recipient, subject=m.subject, body=m.body,
            state=m.state, send_after=m.send_after, attempts=m.attempts, last_error=m.last_error,
            created_at=m.created_at, updated_at=m.updated_at))
        known.add(m.message_id)
        added += 1
    return added


def read_snoozes(conn: sa.Connection) -> tuple[Snooze, ...]:
    rows = conn.execute(sa.select(t.snoozes).order_by(t.snoozes.c.task_id))
    return tuple(Snooze(r.task_id, r.until_day) for r in rows)


def write_snoozes(conn: sa.Connection, snoozes: Iterable[Snooze]) -> None:
    for s in snoozes:
        put_snooze(conn, s.task, s.until)


def read_settings(conn: sa.Connection) -> dict[str, Any]:
    """Every stored setting except secrets (none should be stored; this makes sure none leaves)."""
    rows = conn.execute(sa.select(t.settings).order_by(t.settings.c.key))
    return {r.key: without_secrets(r.value) for r in rows if not is_secret(r.key)}


def write_settings(conn: sa.Connection, settings: dict[str, Any]) -> None:
    for key, value in settings.items():
        if not is_secret(key):
            put_setting(conn, key, without_secrets(value))


def read_task_history(conn: sa.Connection) -> tuple[Task, ...]:
    return tuple(sorted(read_tasks(conn, statuses=HISTORY_STATUSES), key=lambda x: x.id))


def write_task_history(conn: sa.Connection, tasks: Iterable[Task], applications: set[str]) -> None:
    """Store the tasks the user closed, as closed; the plan derived next keeps them so. A task of an
    application not in the store is left out (it would belong to nothing)."""
    wanted = [x for x in tasks
              if x.status in HISTORY_STATUSES and (x.application is None or x.application in applications)]
    if not wanted:
        return
    ids = [x.id for x in wanted]
    for start in range(0, len(ids), 500):
        conn.execute(sa.delete(t.tasks).where(t.tasks.c.id.in_(ids[start:start + 500])))
    conn.execute(sa.insert(t.tasks), [task_row(x) for x in wanted])


def read_mail_seen(conn: sa.Connection) -> tuple[SeenMessage, ...]:
    rows = conn.execute(sa.select(t.mail_seen).order_by(t.mail_seen.c.message_key)).mappings()
    return tuple(SeenMessage(r["message_key"], r["application_id"], r["received_on"], r["from_addr"], r["subject"],
                             r["suggestion"], r["kind"]) for r in rows)


def write_mail_seen(conn: sa.Connection, seen: Sequence[SeenMessage]) -> None:
    """Add the messages not noted yet (a message once read stays read)."""
    known = set(conn.execute(sa.select(t.mail_seen.c.message_key)).scalars())
    rows = [{"message_key": m.key, "application_id": m.application, "received_on": m.received_on,
             "from_addr": m.sender, "subject": m.subject, "suggestion": m.suggestion, "kind": m.kind}
            for m in seen if m.key not in known]
    if rows:
        conn.execute(sa.insert(t.mail_seen), rows)


def read_mailbox_places(conn: sa.Connection) -> tuple[MailboxPlace, ...]:
    rows = conn.execute(sa.select(t.mail_state).order_by(t.mail_state.c.source))
    return tuple(MailboxPlace(r.source, r.uidvalidity, r.last_uid) for r in rows)


def write_mailbox_places(conn: sa.Connection, places: Iterable[MailboxPlace]) -> None:
    for p in places:
        conn.execute(sa.delete(t.mail_state).where(t.mail_state.c.source == p.source))
        conn.execute(sa.insert(t.mail_state).values(source=p.source, uidvalidity=p.uidvalidity, last_uid=p.last_uid))
