"""Opening the store: one place that turns `--db` into a ready, migrated database,
and the one way a use-case reads or writes it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from afterview.domain import calendars
from afterview.services.errors import NotFound, StoreUnavailable, UserError
from afterview.store import journal
from afterview.store.engine import WRITING, make_engine, resolve_url, sqlite_path
from afterview.store.migrate import upgrade

# PostgreSQL: every writing use-case holds this transaction-scoped advisory lock, so
# writers take turns exactly as they do on SQLite (BEGIN IMMEDIATE). A use-case's
# reads then see every earlier commit and nothing can change under it before it
# commits: no lost update, no duplicate row. Writes are short; readers never wait.
WRITE_LOCK_KEY = 0x41667465  # "Afte"


# Writers in this process queue here, before taking a connection: each then gets the database's
# lock at once instead of polling for it with sleeps (on SQLite a busy writer retries every
# 100 ms and can lose every round until its timeout) while holding a pooled connection that the
# writer it waits for, or a reader, may need. Other processes still meet at the database's lock.
_WRITERS: dict[str, threading.RLock] = {}
_WRITERS_GUARD = threading.Lock()


def _writer(url: str) -> threading.RLock:
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(url, threading.RLock())


@dataclass(frozen=True)
class Store:
    url: str
    engine: sa.Engine
    # True when opening it made a new SQLite file (so a door can say where, in case the path was mistyped).
    created: bool = False

    @contextmanager
    def transaction(self, action: str = "change") -> Iterator[sa.Connection]:
        """One use-case, one transaction: everything is written or nothing is.

        The write lock is taken before the first read, and the journal entry of
        what changed (with what it replaced) is written in the same transaction.
        `action` names the change in the history ("log interview acme", …).
        """
        calendars.load_library()  # the slow import before the lock, never while holding it
        try:
            with _writer(self.url), self.engine.connect() as connection:
                connection.execution_options(**{WRITING: True})
                with connection.begin():
                    if connection.dialect.name == "postgresql":
                        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                    journal.start(connection, action)
                    try:
                        yield connection
                        journal.finish(connection)
                    finally:
                        journal.discard(connection)
        except (sa.exc.OperationalError, sa.exc.InternalError) as problem:
            raise unavailable(problem, self.url) from None

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A consistent snapshot for reading (a deferred transaction, rolled back at the end)."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except (sa.exc.OperationalError, sa.exc.InternalError) as problem:
            raise unavailable(problem, self.url) from None


# Words in a driver's error that mean the store is there but cannot be used now (not a wrong address).
STORE_FAULTS = ("readonly", "read-only", "permission denied", "locked", "busy", "full", "no space", "disk i/o")


def unavailable(problem: sa.exc.DBAPIError, url: str) -> StoreUnavailable:
    """A store that cannot be written now, as one line saying why and what to do."""
    detail = (str(problem.orig).strip().splitlines() or ["unknown error"])[0] if problem.orig else str(problem)
    lowered = detail.lower()
    where = sqlite_path(url) or sa.engine.make_url(url).render_as_string()
    if "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
        return StoreUnavailable(f"the store {where} cannot be written (it is read-only); nothing was changed",
                                hint="check the file's permissions and the disk, then try again")
    if "locked" in lowered or "busy" in lowered or "lock timeout" in lowered:
        return StoreUnavailable(f"the store {where} is busy with another change; nothing was changed",
                                hint="try again in a moment")
    if "full" in lowered or "no space" in lowered or "disk i/o" in lowered:
        return StoreUnavailable(f"the disk holding {where} is full or cannot be written; nothing was changed",
                                hint="free some space, then try again")
    return StoreUnavailable(f"the store {where} cannot be used now ({detail}); nothing was changed",
                            hint="check that the database is reachable, then try again")


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    """The store `db` names, migrated. A SQLite file that does not exist yet is made, unless
    `create` is false: then nothing is made and the caller hears there is no store there."""
    url = resolve_url(db)
    path = sqlite_path(url)
    missing = path is not None and not path.exists()
    if missing and not create:
        raise NotFound(f"there is no store at {path}; nothing was created", code="no-store", field="db",
                       hint="check the path, or record something there first")
    try:
        engine = make_engine(url)
        upgrade(engine)
    except sa.exc.ArgumentError:
        raise UserError(f"{url!r} is not a database URL or file path", field="db",
                        hint="use a file path or e.g. postgresql://user@host/db") from None
    except sa.exc.OperationalError as problem:
        detail = str(problem.orig).strip().splitlines()[0] if problem.orig else "cannot connect"
        if any(word in detail.lower() for word in STORE_FAULTS):
            raise unavailable(problem, url) from None
        if path is not None and path.exists():  # there, but SQLite cannot keep its -wal and -shm beside it
            raise StoreUnavailable(f"the store {path} cannot be opened: it or its folder is read-only or not "
                                   f"accessible; nothing was changed",
                                   hint="check the permissions of the file and its folder") from None
        raise UserError(f"cannot open the database {sa.engine.make_url(url).render_as_string()}: {detail}") from None
    except ModuleNotFoundError as problem:
        raise UserError(f"the database driver {problem.name!r} is not installed; "
                        f"for PostgreSQL install afterview[postgres]") from None
    return Store(url, engine, created=missing)
