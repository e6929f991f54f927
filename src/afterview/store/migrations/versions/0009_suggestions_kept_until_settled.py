"""What the scan read in a message (an offer, a rejection, a new decision date, time away …),
kept as a suggestion until the user confirms or dismisses it.

Before this revision the scan only printed its readings, so a scan run in the
background (tick, worker, the web's loop) showed them to nobody.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_key", sa.String(length=300), nullable=False),
        sa.Column("application_id", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("message_key", "kind", name="uq_suggestions_message_key_kind"),
    )
    op.create_index("ix_suggestions_state", "suggestions", ["state"])


def downgrade() -> None:
    op.drop_index("ix_suggestions_state", table_name="suggestions")
    op.drop_table("suggestions")
