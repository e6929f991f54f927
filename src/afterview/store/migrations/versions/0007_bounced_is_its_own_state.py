"""A bounced message has its own outbox state, `bounced`, instead of `failed` with a mark in its text.

Before this revision a bounce was stored as `failed` whose `last_error` began with
"bounced: ". Those rows become `bounced` with the mark taken off, so nothing reads
the kind of a failure out of its words. A bounced message is history like a failed
one (its task may be sent again), so the one-live-message index leaves it out too.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_LIVE = "state NOT IN ('failed', 'duplicate')"
LIVE = "state NOT IN ('failed', 'duplicate', 'bounced')"
MARK = "bounced: "


def _live_index(live: str) -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ux_outbox_live_task")
        batch_op.create_index("ux_outbox_live_task", ["task_id"], unique=True,
                              sqlite_where=sa.text(live), postgresql_where=sa.text(live))


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, last_error FROM outbox WHERE state = 'failed'")).all()
    for row_id, error in rows:
        if (error or "").startswith(MARK):
            conn.execute(sa.text("UPDATE outbox SET state = 'bounced', last_error = :why WHERE id = :id"),
                         {"why": error[len(MARK):], "id": row_id})
    _live_index(LIVE)


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, last_error FROM outbox WHERE state = 'bounced'")).all()
    for row_id, error in rows:
        conn.execute(sa.text("UPDATE outbox SET state = 'failed', last_error = :why WHERE id = :id"),
                     {"why": (MARK + (error or ""))[:2000], "id": row_id})
    _live_index(OLD_LIVE)
