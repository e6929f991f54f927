"""Tasks carry their interview round as a field (nothing reads it out of a task id).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("round", sa.Integer(), nullable=True))
    # Once, for plans stored before: their ids name the round (":r2:"); from now on the plan carries it.
    conn = op.get_bind()
    tasks = sa.table("tasks", sa.column("id", sa.String), sa.column("round", sa.Integer))
    for (task_id,) in conn.execute(sa.select(tasks.c.id)).all():
        found = re.search(r":r(\d{1,3})(?::|$)", task_id)
        if found:
            conn.execute(sa.update(tasks).where(tasks.c.id == task_id).values(round=int(found.group(1))))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("round")
