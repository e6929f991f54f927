"""Many rows at once: inserts and reads without SQLAlchemy's per-row cost, and IN lists in pieces."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
        conn.exec_driver_sql(driver_sql, [_converted(row, binders) for row in batch])


def _sqlite_binder(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    if isinstance(column.type, sa.Date) and not isinstance(column.type, sa.DateTime):
        # The text SQLAlchemy's own SQLite binding gives, made in C instead of by a format string.
        return date.isoformat
    return column.type.bind_processor(dialect)


def _converted(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    """The row with each (index, convert) applied to its value; None stays None (SQL NULL both ways)."""
    if not converters:
        return tuple(row)
    values = list(row)
    for index, convert in converters:
        value = values[index]
        if value is not None:
            values[index] = convert(value)
    return tuple(values)


def batches(rows: Iterable[Sequence[Any]], size: int = BATCH) -> Iterator[list[Sequence[Any]]]:
    found = iter(rows)
    while batch := list(islice(found, size)):
        yield batch


def chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Long IN lists in pieces every database takes."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


# Up to this many ids, a read is of a few applications' rows (one fact recorded, one page shown).
FEW = 50


def select_rows(conn: sa.Connection, query: sa.Select[Any], *, few: bool = False) -> list[tuple[Any, ...]]:
    """The rows of a select as plain tuples, each value as SQLAlchemy's types would give it.

    On SQLite the statement goes to the driver directly and only the columns that
    need it are converted (a day from its YYYY-MM-DD text, JSON from its text, a
    flag from 0 or 1): SQLAlchemy's per-row, per-value processing cost more than the
    read itself for a whole search (200,000 rows). Other databases take SQLAlchemy's
    own read, whose drivers hand back days and JSON already made. So does a read of
    `few` rows: the driver path compiles its statement every time, which costs more than
    a few rows' processing; SQLAlchemy keeps each statement compiled.
    """
    if conn.dialect.name != "sqlite" or few:
        return [tuple(row) for row in conn.execute(query)]
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        rows: list[tuple[Any, ...]] = cursor.execute(str(compiled), params).fetchall()
    finally:
        cursor.close()
    readers = [(index, reader) for index, column in enumerate(query.selected_columns)
               if (reader := _sqlite_reader(column.type)) is not None]
    return [_converted(row, readers) for row in rows] if readers else rows


def _sqlite_reader(kind: sa.types.TypeEngine[Any]) -> Callable[[Any], Any] | None:
    if isinstance(kind, sa.Date) and not isinstance(kind, sa.DateTime):
        return date.fromisoformat
    if isinstance(kind, sa.JSON):
        return json.loads
    if isinstance(kind, sa.Boolean):
        return bool
    if isinstance(kind, (sa.String, sa.Integer)):
        return None
    raise TypeError(f"no plain reading for a {kind!r} column")  # a new column type: say how to read it here


# Rows below which filling an empty table first and indexing it after gains nothing worth a rebuild.
INDEX_AFTER = 20_000


@contextmanager
def indexes_built_after(conn: sa.Connection, table: sa.Table, rows: int) -> Iterator[None]:
    """Fill an empty SQLite table with many rows, then build its indexes once.

    Keeping two secondary indexes up to date row by row cost a third of a
    100,000-task import; building them from the filled table is one sorted pass.
    DDL is part of the transaction in SQLite, so a failed fill leaves the indexes
    as they were. A table that already holds rows keeps its indexes (rebuilding
    them would cost what the rows already there cost), and so do other databases.
    """
    indexes = [index for index in table.indexes if not index.unique]
    if conn.dialect.name != "sqlite" or rows < INDEX_AFTER or not indexes or \
            conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
        yield  # (a few rows, the common case, cost no look at the table)
        return
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)
