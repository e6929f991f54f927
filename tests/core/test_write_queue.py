"""Writers in one process (the web app's threads) queue for the store instead of timing each other out.

Under the mixed web load, a writer waiting on SQLite's lock polled for it and could
lose every round until its busy timeout: the write answered 503 after 10 s while the
store was merely busy. Writers of one process now wait their turn in the process.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from afterview.services.store import open_store
from afterview.store import schema as t

WRITERS = 6


def test_writers_of_one_process_all_land_though_each_holds_the_lock_past_the_timeout(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_BUSY_TIMEOUT_MS", "50")
    store = open_store(database_url)

    def write(n: int) -> None:
        with store.transaction(f"setting {n}") as conn:
            conn.execute(sa.insert(t.settings).values(key=f"queue-{n}", value=n))
            time.sleep(0.15)  # a write longer than the others will wait for the database's lock

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))  # any writer refused raises here
    with store.reading() as conn:
        keys = set(conn.execute(sa.select(t.settings.c.key)).scalars())
    assert {f"queue-{n}" for n in range(WRITERS)} <= keys
    store.engine.dispose()
