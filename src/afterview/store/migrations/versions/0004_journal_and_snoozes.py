"""The journal of changes (history and undo), snoozes as their own table, archived applications.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
    )
    snoozes = op.create_table(
        "snoozes",
        sa.Column("task_id", sa.String(length=300), primary_key=True),
        sa.Column("until_day", sa.Date(), nullable=False),
    )
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Snoozes used to live in one settings value; move them to their table.
    conn = op.get_bind()
    row = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'snoozed.tasks'")).first()
    if row is not None:
        value = row[0] if isinstance(row[0], dict) else json.loads(row[0] or "{}")
        rows = []
        for task_id, until in (value or {}).items():
            try:
                rows.append({"task_id": str(task_id)[:300], "until_day": date.fromisoformat(str(until))})
            except ValueError:
                continue
        if rows:
            op.bulk_insert(snoozes, rows)
        conn.execute(sa.text("DELETE FROM settings WHERE key = 'snoozed.tasks'"))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("archived")
    op.drop_table("snoozes")
    op.drop_table("journal")
