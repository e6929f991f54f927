"""Choosing and opening the database: one SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from afterview.paths import data_dir
from afterview.store import schema


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from `--db`, the environment, or the data folder's default file.

    A plain file path is accepted too, because that is what most people will type.
    """
    value = db or os.environ.get("AFTERVIEW_DATABASE_URL")
    if not value:
        return f"sqlite:///{data_dir() / 'afterview.sqlite3'}"
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # The driver this package ships with is psycopg 3.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def busy_timeout_ms() -> int:
    value = os.environ.get("AFTERVIEW_BUSY_TIMEOUT_MS", "")
    return int(value) if value.isdigit() else 10_000


def _configure_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL: readers (the web app, `today`) never wait for a writer, and a crash
    # cannot corrupt the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # The web server's background loop and a CLI command may write at the same
    # moment: wait for the lock (up to 10 s) instead of failing with "database is locked".
    # AFTERVIEW_BUSY_TIMEOUT_MS shortens the wait where a quick answer matters more (tests).
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    # In WAL mode NORMAL is still crash-safe; FULL only adds an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Up to 32 MB of pages in memory (the default is 2 MB): an import or a full replan
    # rewrites indexes bigger than that, and spilling them mid-transaction costs more than the writes.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


# Connections opened for a use-case that writes carry this execution option.
WRITING = "afterview_writing"


def _begin_sqlite(connection: sa.Connection) -> None:
    """Begin every transaction ourselves, at its start.

    Python's sqlite3 driver would only begin at the first write, so a use-case's
    reads ran outside its transaction and two writers could each read, then both
    write from what they read: one lost the other's facts. A writing use-case
    takes SQLite's write lock before its first read (BEGIN IMMEDIATE; waiting up
    to the busy timeout for another writer); a reading one gets a consistent
    snapshot (a plain, deferred BEGIN).
    """
    writing = connection.get_execution_options().get(WRITING, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _driver_autocommit(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Stop the driver from beginning (late) on its own: `_begin_sqlite` does it.
    dbapi_connection.isolation_level = None


def make_engine(url: str) -> sa.Engine:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _configure_sqlite)
        sa.event.listen(engine, "connect", _driver_autocommit)
        sa.event.listen(engine, "begin", _begin_sqlite)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    schema.for_dialect(engine.dialect.name)
    return engine
