"""One live outbox message per task, enforced by a partial unique index; session epochs.

A store written before this revision may already hold two live messages for one
task (two senders raced). Nothing is deleted: the message that best stands for
what happened is kept live (one that was sent, else one on its way, else the
oldest) and the others are marked `duplicate` with a note, so the index can hold.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LIVE = "state NOT IN ('failed', 'duplicate')"
# Which live message of a task stays live: sent beats uncertain beats sending beats queued; then the oldest.
_PREFERENCE = {"sent": 0, "uncertain": 1, "sending": 2, "queued": 3}
_NOTE = "a second message for the same task, found when one live message per task began to be enforced"


def _mark_duplicates(conn: sa.Connection) -> None:
    rows = conn.execute(sa.text(f"SELECT id, task_id, state FROM outbox WHERE {LIVE} ORDER BY id")).all()
    by_task: dict[str, list[tuple[int, str]]] = {}
    for row_id, task_id, state in rows:
        by_task.setdefault(task_id, []).append((row_id, state))
    for messages in by_task.values():
        if len(messages) < 2:
            continue
        keep = min(messages, key=lambda m: (_PREFERENCE.get(m[1], 4), m[0]))
        for row_id, _ in messages:
            if row_id != keep[0]:
                conn.execute(sa.text("UPDATE outbox SET state = 'duplicate', last_error = :note WHERE id = :id"),
                             {"note": _NOTE, "id": row_id})


def upgrade() -> None:
    _mark_duplicates(op.get_bind())
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ux_outbox_live_task", ["task_id"], unique=True,
                              sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ux_outbox_live_task", sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
