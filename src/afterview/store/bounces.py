"""Tasks whose note bounced: the reason they show until the note goes out again.

A bounce is kept in the outbox (state `bounced`, with the server's words), not in
the facts; so every derivation of the plan asks here which open tasks it must
word as "the address … bounced", and the stored task carries that reason to every
door (CLI, web, API, feed) like any other. A later message for the task that went
out, or is on its way, ends it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from afterview.domain.model import Task
from afterview.store import schema as t

ADVICE = "check the address (and correct it on the application), then send the note again"


def bounced_tasks(conn: sa.Connection) -> dict[str, str]:
    """Task id -> what bounced ("the address … bounced (the server's words)"), for tasks whose
    latest outbox message bounced. One indexed look-up; nothing more when no mail ever bounced."""
    bounced = sa.select(t.outbox.c.task_id).where(t.outbox.c.state == "bounced")
    rows = conn.execute(sa.select(t.outbox.c.task_id, t.outbox.c.state, t.outbox.c.last_error)
                        .where(t.outbox.c.task_id.in_(bounced)).order_by(t.outbox.c.id)).all()
    latest: dict[str, tuple[str, str]] = {}
    for task_id, state, error in rows:
        latest[task_id] = (state, error or "")
    return {task_id: why for task_id, (state, why) in latest.items() if state == "bounced"}


def bounce_reason(why: str, reason: str) -> str:
    """The reason an open task shows when its note bounced: what happened, what to do, then why it is planned."""
    what = why.rstrip(". ")
    return f"{what[:1].upper()}{what[1:]}: {ADVICE}. {reason}".strip()


def with_bounces(conn: sa.Connection, tasks: Iterable[Task]) -> list[Task]:
    """The derived tasks, each open task whose note bounced worded with its own reason."""
    listed = list(tasks)
    found = bounced_tasks(conn)
    if not found:
        return listed
    return [x._replace(reason=bounce_reason(found[x.id], x.reason)) if x.status == "open" and x.id in found else x
            for x in listed]


def bounced_addresses(conn: sa.Connection, among: Iterable[str] | None = None) -> dict[str, str]:
    """Recipients whose mail bounced, each with the reason, unless a later message to them went through;
    only those `among` these addresses when given (a page's people: a few rows, not the whole outbox)."""
    query = sa.select(t.outbox.c.recipient, t.outbox.c.state, t.outbox.c.last_error).where(
        t.outbox.c.state.in_(["bounced", "sent"])).order_by(t.outbox.c.updated_at, t.outbox.c.id)
    if among is not None:
        wanted = sorted({a.lower() for a in among if a})
        if not wanted:
            return {}
        query = query.where(sa.func.lower(t.outbox.c.recipient).in_(wanted))
    rows = conn.execute(query).all()
    flagged: dict[str, str] = {}
    for recipient, state, error in rows:
        address = recipient.lower()
        if state == "sent":
            flagged.pop(address, None)
        else:
            flagged[address] = error or f"the address {recipient} bounced"
    return flagged
