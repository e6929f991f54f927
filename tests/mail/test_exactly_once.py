"""Exactly once, by construction: 20 senders of one task at one instant deliver one message.

The senders are CLI processes, service calls, background ticks and two Send clicks on the
Draft page, against a real SMTP server (aiosmtpd) on a real SQLite file and a real
PostgreSQL database. Before the outbox had its one-live-message index, such races
delivered two to five copies.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from benchmarks.double_send import AS_OF, TASKS, prepare, race, smtp_server

from afterview.services import outbox
from afterview.services.errors import Conflict
from afterview.services.store import open_store
from afterview.store import schema as t


@pytest.mark.slow
def test_twenty_concurrent_senders_deliver_one_message(database_url: str) -> None:
    with smtp_server() as (inbox, port):
        prepare(database_url, port)
        result = race(database_url, TASKS[0], inbox, cli=8, service=8, ticks=2, web=2)
    assert sum(result.outcomes.values()) == 21  # the 20 senders and the settling tick
    assert result.deliveries == 1, result.outcomes
    calm = ("sent", "queued", "already", "busy", "web: sent or queued")
    strange = {o: n for o, n in result.outcomes.items() if not (o in calm or o.startswith(("tick: ", "settling")))}
    assert strange == {}
    store = open_store(database_url)
    with store.reading() as conn:
        states = conn.execute(sa.select(t.outbox.c.state).where(t.outbox.c.task_id == TASKS[0])).scalars().all()
    assert states == ["sent"]


def test_the_database_refuses_a_second_live_message_for_a_task(database_url: str) -> None:
    """The index itself, below the service's check: a raw second insert is refused."""
    with smtp_server() as (_, port):
        prepare(database_url, port)
    store = open_store(database_url)
    first = outbox.queue(store, TASKS[0], AS_OF)
    with pytest.raises(Conflict, match="already in the outbox"):
        outbox.queue(store, TASKS[0], AS_OF)
    now = datetime.now(UTC)
    row = {"task_id": TASKS[0], "message_id": "<another@afterview.local>", "recipient": first.recipient,
           "subject": "s", "body": "b", "state": "queued", "send_after": now, "attempts": 0,
           "created_at": now, "updated_at": now}
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as conn:
        conn.execute(sa.insert(t.outbox).values(**row))
    # A failed message is history: a new one for the same task may be queued after it.
    with store.transaction() as conn:
        conn.execute(sa.update(t.outbox).where(t.outbox.c.id == first.id).values(state="failed"))
        conn.execute(sa.insert(t.outbox).values(**row))
    assert [e.state for e in outbox.entries(store, TASKS[0])] == ["failed", "queued"]


def test_the_migration_keeps_every_message_of_an_older_store_and_marks_second_copies(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from afterview.store.engine import make_engine
    from afterview.store.migrate import alembic_config, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for number, (task, state) in enumerate([("a", "queued"), ("a", "sent"), ("a", "failed"), ("b", "queued"),
                                                ("b", "queued"), ("c", "sent")]):
            conn.execute(sa.insert(t.outbox).values(
                task_id=task, message_id=f"<{number}@x>", recipient="r@x.example", subject="s", body="b",
                state=state, send_after=now, attempts=0, created_at=now, updated_at=now))
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.outbox.c.task_id, t.outbox.c.state).order_by(t.outbox.c.id)).all()
    assert [tuple(r) for r in rows] == [("a", "duplicate"), ("a", "sent"), ("a", "failed"), ("b", "queued"),
                                        ("b", "duplicate"), ("c", "sent")]
