"""What a message the scan read *was* (`mail_seen.kind`) apart from the outcome it suggested.

Before this revision `mail_seen.suggestion` held either the outcome a reply suggested
(offer, rejected) or, for everything else, the message's class (answer, auto_reply,
bounce, ignored, unreadable): two meanings in one column. The class moves to `kind`
(every row before held a reply unless its suggestion named a class); `suggestion`
keeps the outcome only.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CLASSES = ("answer", "auto_reply", "bounce", "ignored", "unreadable")
_IN_CLASSES = "suggestion IN ('answer', 'auto_reply', 'bounce', 'ignored', 'unreadable')"


def upgrade() -> None:
    with op.batch_alter_table("mail_seen", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text(f"UPDATE mail_seen SET kind = suggestion, suggestion = NULL WHERE {_IN_CLASSES}"))
    conn.execute(sa.text("UPDATE mail_seen SET kind = 'reply' WHERE kind IS NULL"))


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE mail_seen SET suggestion = kind WHERE kind IS NOT NULL AND kind <> 'reply'"))
    with op.batch_alter_table("mail_seen", schema=None) as batch_op:
        batch_op.drop_column("kind")
