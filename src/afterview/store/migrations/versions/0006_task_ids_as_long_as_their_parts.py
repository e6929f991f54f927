"""Task ids as long as their parts allow: an application id, a kind, a round and a person's name.

The longest id (a 120-character application id and a 200-character name) did not
fit the 300 characters PostgreSQL was given and was refused there while SQLite,
which ignores declared lengths, kept it. Only PostgreSQL needs the change.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TASK_ID_COLUMNS = (("tasks", "id"), ("dismissals", "task_id"), ("drafts", "task_id"), ("outbox", "task_id"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps text of any length whatever the declared type says
    for table, column in TASK_ID_COLUMNS:
        op.alter_column(table, column, type_=sa.String(500), existing_type=sa.String(300))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in TASK_ID_COLUMNS:
        op.alter_column(table, column, type_=sa.String(300), existing_type=sa.String(500))
