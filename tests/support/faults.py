"""Real store faults for tests: a read-only file or folder, a held write lock, a file size limit.

As root (CI), file modes do not stop writes, so a read-only store is made immutable with chattr
(the test is skipped where the filesystem has no such flag); as anyone else, by its mode bits.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` (a file or a folder) cannot be written while the block runs, even by root."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("this filesystem cannot make a file immutable (chattr +i)")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another connection holds SQLite's write lock (BEGIN IMMEDIATE) while the block runs."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def file_size_limit(limit: int) -> None:
    """For a child process (preexec_fn): no file may grow past `limit` bytes, as on a full disk.

    Python ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing the process.
    """
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


@contextmanager
def this_process_file_size_limit(limit: int) -> Iterator[None]:
    """The same limit on this process while the block runs (an in-process web app's writes)."""
    before = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, before[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)


def settle(db: Path) -> None:
    """Fold the write-ahead log into the file and remove it and its index, as after the last
    connection closed cleanly: the next writer has to make them afresh (call with nothing open)."""
    conn = sqlite3.connect(db)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "the store is still in use"
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
