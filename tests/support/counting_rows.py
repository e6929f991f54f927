"""Counting the rows SQLite hands back: a guard that a use-case reads what it needs, not the store."""

from __future__ import annotations

import sqlite3
from functools import partial
from typing import Any

import pytest


class RowCounter:
    """How many rows every counting connection has handed back since it was last set to 0."""

    rows = 0


class _CountingCursor(sqlite3.Cursor):
    def fetchone(self) -> Any:
        row = super().fetchone()
        RowCounter.rows += row is not None
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = super().fetchmany(self.arraysize if size is None else size)
        RowCounter.rows += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        RowCounter.rows += len(rows)
        return rows

    def __next__(self) -> Any:
        row = super().__next__()
        RowCounter.rows += 1
        return row


class _CountingConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _CountingCursor) -> Any:
        return super().cursor(factory)


def count_sqlite_rows(monkeypatch: pytest.MonkeyPatch) -> type[RowCounter]:
    """Every SQLite connection opened from here on counts the rows it hands back."""
    monkeypatch.setattr(sqlite3.dbapi2, "connect", partial(sqlite3.dbapi2.connect, factory=_CountingConnection))
    return RowCounter
