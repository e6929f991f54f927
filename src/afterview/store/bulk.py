"""Many rows at once: inserts without SQLAlchemy's per-row cost, and IN lists in pieces."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa


def insert_many(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows at once.

    On SQLite the rows go to the driver's executemany directly, each value through
    the same bind processor SQLAlchemy would use (a day as YYYY-MM-DD, JSON as
    text), without building SQLAlchemy's parameters per row, which costs more than
    the insert itself at 100,000 rows. Other databases take the ordinary insert.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(sa.insert(table), rows)
        return
    names = list(rows[0])
    processors = [table.c[name].type.bind_processor(conn.dialect) for name in names]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    statement = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    values = [tuple(value if process is None or value is None else process(value)
                    for process, value in zip(processors, (row[name] for name in names), strict=True))
              for row in rows]
    conn.exec_driver_sql(statement, values)


def chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Long IN lists in pieces every database takes."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
