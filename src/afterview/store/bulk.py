"""Many rows at once: inserts without SQLAlchemy's per-row cost, and IN lists in pieces."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from typing import Any

import sqlalchemy as sa

# Rows sent to the database per statement: large enough that the statement's own cost
# vanishes, small enough that the values of a 100,000-row insert are never all in memory.
BATCH = 5000


def insert_many(conn: sa.Connection, table: sa.Table, names: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows, each a sequence of values in the order of `names`, batch by batch.

    A caller that passes a generator never holds every row at once. On SQLite each
    batch goes to the driver's executemany directly, each value bound as SQLAlchemy
    would (a day as YYYY-MM-DD, JSON as text, a flag as 0 or 1) but without building
    SQLAlchemy's parameters per row, which costs more than the insert itself at
    100,000 rows. Other databases take SQLAlchemy's insert of each batch.
    """
    if conn.dialect.name != "sqlite":
        for batch in batches(rows):
            conn.execute(sa.insert(table), [dict(zip(names, row, strict=True)) for row in batch])
        return
    binders = [(index, binder) for index, name in enumerate(names)
               if (binder := _sqlite_binder(table.c[name], conn.dialect)) is not None]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    driver_sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    for batch in batches(rows):
        conn.exec_driver_sql(driver_sql, [_bound(row, binders) for row in batch])


def _sqlite_binder(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    if isinstance(column.type, sa.Date) and not isinstance(column.type, sa.DateTime):
        # The text SQLAlchemy's own SQLite binding gives, made in C instead of by a format string.
        return date.isoformat
    return column.type.bind_processor(dialect)


def _bound(row: Sequence[Any], binders: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    if not binders:
        return tuple(row)
    values = list(row)
    for index, bind in binders:
        value = values[index]
        if value is not None:
            values[index] = bind(value)
    return tuple(values)


def batches(rows: Iterable[Sequence[Any]], size: int = BATCH) -> Iterator[list[Sequence[Any]]]:
    found = iter(rows)
    while batch := list(islice(found, size)):
        yield batch


def chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Long IN lists in pieces every database takes."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
