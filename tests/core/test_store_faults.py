"""A store that cannot be used, and a mistyped `--db`: one clear line and exit 2, nothing written.

Through the installed `afterview` script, on real files: a read-only file, a read-only folder, a
write lock held by another connection past the busy timeout, a file size limit (a full disk), and
a path that does not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.faults import file_size_limit, read_only, settle, write_lock_held

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"
WRITE = ["log", "person", "northwind-office-manager", "--name", "Zed Quill", "--email", "zed@example.org"]


def run(db: Path, *args: str, preexec: Callable[[], Any] | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, preexec_fn=preexec,
                          stdin=subprocess.DEVNULL)


def one_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "search.sqlite3"
    assert run(db, "demo").returncode == 0
    settle(db)
    return db


def export(db: Path) -> str:
    result = run(db, "export")
    assert result.returncode == 0, result.stderr
    return result.stdout


# ---- a mistyped --db ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["today"], ["plan"], ["export"], ["history"], ["outbox"], ["profile"],
                                     ["calendar", "export", "plan.ics"], ["people", "export"]])
def test_reading_a_store_that_is_not_there_says_so_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "searches"
    folder.mkdir()
    typo = folder / "serach.sqlite3"
    line = one_line(run(typo, *command))
    assert line.startswith("afterview: --db: there is no store at ") and str(typo) in line
    assert "nothing was created" in line
    assert list(folder.iterdir()) == []


def test_writing_to_a_new_path_creates_the_store_and_says_where(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    result = run(db, "log", "interview", "acme", "--company", "Acme", "--on", AS_OF, "--no-input")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"afterview: a new store was created at {db}"
    assert db.exists()
    again = run(db, "log", "person", "acme", "--name", "Jane Doe")
    assert again.returncode == 0 and again.stderr == ""  # said once, when it was made
    assert "Jane Doe" in export(db)


# ---- a store that cannot be written ---------------------------------------------------------------------


def test_a_read_only_file_refuses_a_write_in_one_line_and_still_reads(store: Path) -> None:
    before = export(store)
    with read_only(store):
        line = one_line(run(store, *WRITE))
        assert "cannot be written" in line and "read-only" in line and "nothing was changed" in line
        assert run(store, "today").returncode == 0
    assert export(store) == before


def test_a_read_only_folder_refuses_in_one_line(store: Path) -> None:
    before = export(store)
    settle(store)
    with read_only(store.parent):
        line = one_line(run(store, *WRITE))
        assert str(store) in line and "read-only" in line
        assert "Zed Quill" not in line
    assert export(store) == before


def test_a_store_locked_past_the_busy_timeout_says_it_is_busy(store: Path) -> None:
    before = export(store)
    with write_lock_held(store):
        line = one_line(run(store, *WRITE, env={"AFTERVIEW_BUSY_TIMEOUT_MS": "300"}))
    assert "busy" in line and "try again" in line and "nothing was changed" in line
    assert export(store) == before
    assert run(store, *WRITE).returncode == 0  # once the lock is gone, the same command goes through


def test_a_full_disk_refuses_the_write_in_one_line(store: Path) -> None:
    before = export(store)
    settle(store)
    # Room for SQLite's 32 KiB index of the write-ahead log, none for the log of a change that touches many
    # pages (a small change may fit in the log's first pages, which a checkpoint leaves for reuse).
    line = one_line(run(store, "delete", "northwind-office-manager", "--yes",
                        preexec=lambda: file_size_limit(32 * 1024)))
    assert "full" in line and "nothing was changed" in line
    assert export(store) == before
