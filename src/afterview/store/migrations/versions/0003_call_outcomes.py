"""Phone calls: how a call went (reached, voicemail, no answer) and what was said.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Both nullable: every interaction recorded before is simply not a call.
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("call", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("note")
        batch.drop_column("call")
