"""Opening the store: one place that turns `--db` into a ready, migrated database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from afterview.services.errors import UserError
from afterview.store.engine import make_engine, resolve_url
from afterview.store.migrate import upgrade


@dataclass(frozen=True)
class Store:
    url: str
    engine: sa.Engine

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One use-case, one transaction: everything is written or nothing is."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection:
            yield connection


def open_store(db: str | None = None) -> Store:
    url = resolve_url(db)
    try:
        engine = make_engine(url)
        upgrade(engine)
    except sa.exc.ArgumentError:
        raise UserError(f"--db: {url!r} is not a database URL or file path; "
                        f"use a file path or e.g. postgresql://user@host/db") from None
    except sa.exc.OperationalError as problem:
        detail = str(problem.orig).strip().splitlines()[0] if problem.orig else "cannot connect"
        raise UserError(f"cannot open the database {sa.engine.make_url(url).render_as_string()}: {detail}") from None
    except ModuleNotFoundError as problem:
        raise UserError(f"the database driver {problem.name!r} is not installed; "
                        f"for PostgreSQL install afterview[postgres]") from None
    return Store(url, engine)
