"""An index on the company's folded name: recording one fact finds the applications to the
same company (their contacts space the check-ins) without walking every application.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_applications_company_lower", "applications", [sa.text("lower(company)")])


def downgrade() -> None:
    # A later revision's downgrade may have rebuilt the table on SQLite, which cannot carry an index
    # on an expression across: then it is gone already.
    op.drop_index("ix_applications_company_lower", table_name="applications", if_exists=True)
