"""A store that cannot be written, on the web: a clear page, a 503 JSON error, one log line per tick.

Real faults on a real SQLite file: another connection holding the write lock past the busy
timeout, and a file made read-only (immutable as root).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from afterview.services.store import open_store
from afterview.web import create_app
from afterview.web.ticker import mail_tick
from tests.support.faults import read_only, settle, write_lock_held
from tests.web.conftest import AS_OF, Web
from tests.web.test_pages import THANK_DANA


@pytest.fixture(autouse=True)
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_BUSY_TIMEOUT_MS", "300")


def _export(web: Web) -> object:
    return web.get("/api/export").json()


def test_a_locked_store_answers_503_json_and_a_clear_page(web: Web, demo_db: str) -> None:
    before = _export(web)
    token = web.csrf()
    with write_lock_held(Path(demo_db)):
        api = web.request("POST", f"/api/tasks/{THANK_DANA}/done", headers={"x-csrf-token": token})
        page = web.post(f"/tasks/{THANK_DANA}/done", data={"csrf_token": token, "next": "/"})
    assert api.status_code == 503
    body = api.json()
    assert body["code"] == "store-unavailable" and "busy" in body["message"] and body["hint"]
    assert page.status_code == 503 and "text/html" in page.headers["content-type"]
    assert "busy with another change; nothing was changed" in page.text and "Traceback" not in page.text
    assert _export(web) == before


def test_a_read_only_store_answers_503_and_changes_nothing(demo_db: str) -> None:
    settle(Path(demo_db))
    with read_only(Path(demo_db)):
        web = Web(create_app(db=demo_db, as_of=AS_OF))  # started on a store it can read, not write
        try:
            before = _export(web)
            token = web.csrf()
            api = web.request("POST", f"/api/tasks/{THANK_DANA}/skip", json={"why": "met them by phone"},
                              headers={"x-csrf-token": token})
            page = web.post(f"/tasks/{THANK_DANA}/skip", data={"csrf_token": token, "next": "/",
                                                              "why": "met them by phone"})
            after = _export(web)
        finally:
            web.close()
    assert api.status_code == 503 and api.json()["code"] == "store-unavailable"
    assert "read-only" in api.json()["message"]
    assert page.status_code == 503 and "read-only" in page.text and "Traceback" not in page.text
    assert after == before


def test_the_background_tick_logs_one_line_per_tick_and_no_traceback(
        demo_db: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(demo_db)
    tick = mail_tick(store, AS_OF)
    store.engine.dispose()
    settle(Path(demo_db))
    with write_lock_held(Path(demo_db)), caplog.at_level(logging.INFO):
        for _ in range(3):
            tick()
    store.engine.dispose()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 3, [r.getMessage() for r in warnings]
    assert all("busy" in r.getMessage() and r.exc_info is None for r in warnings)
    assert "Traceback" not in caplog.text
