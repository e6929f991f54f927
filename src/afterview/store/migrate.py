"""Bring a database to the current schema with Alembic, from the first table on.

Alembic is slow to import, so the common case (the schema is already current) is
answered with one query and no Alembic at all.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from afterview.store.queries import SCHEMA_REVISION

HEAD = SCHEMA_REVISION
MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(connection: sa.Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        if current_revision(connection) == HEAD:
            return
        from alembic import command

        command.upgrade(alembic_config(connection), "head")
