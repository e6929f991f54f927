"""Kept screens on both databases: kept while nothing changes, fresh after any write, one rendering per change.

Today and an Application page are kept until the store changes (web.cache). A
write through the web, or from the CLI in another process, must show on the very
next request; on PostgreSQL as on SQLite.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from afterview.services import views
from afterview.services.store import open_store
from tests.web.conftest import AS_OF, Web, with_demo

APP = "northwind-office-manager"
THANK_DANA = f"{APP}:thank_you_email:r1:dana-whitfield"
THANK_MARCUS = f"{APP}:thank_you_email:r1:marcus-lee"
SCRIPT = str(Path(sys.executable).with_name("afterview"))


@pytest.fixture
def demo_db(database_url: str) -> str:
    """The demo search on each database (the `web` fixture serves it)."""
    return with_demo(database_url)


def _today_ids(web: Web) -> set[str]:
    return {t["id"] for t in web.get("/api/today?limit=1000").json()["tasks"]}


def test_the_store_version_holds_while_reading_and_moves_with_a_commit_elsewhere(demo_db: str) -> None:
    """Without a version nothing can be kept (PostgreSQL had none); with one, no write may go unseen."""
    from afterview.services import facts

    store = open_store(demo_db)
    watch = views.ChangeWatch(store)
    try:
        before = watch.version()
        assert before is not None
        views.today_view(store, AS_OF, 50)
        views.application_view(store, APP, AS_OF)
        assert watch.version() == before  # reading changes nothing
        facts.complete(open_store(demo_db), THANK_DANA, AS_OF)  # another connection, as the CLI would
        assert watch.version() != before
    finally:
        watch.close()
        store.engine.dispose()


def test_pages_are_kept_until_a_write(web: Web) -> None:
    web.get("/")
    web.get(f"/applications/{APP}")
    screens = web.app.state.web.screens
    kept = len(screens._kept)
    assert kept >= 2  # both screens are kept, on either database
    first = web.get(f"/applications/{APP}").text
    assert web.get(f"/applications/{APP}").text == first


@pytest.mark.parametrize("write", ["done", "snooze", "contact"])
def test_today_and_the_application_are_fresh_after_a_write_from_the_web(web: Web, write: str) -> None:
    assert THANK_DANA in _today_ids(web)
    page = web.get(f"/applications/{APP}").text
    assert f'id="task-{THANK_DANA}"' in web.get("/").text
    if write == "contact":
        answer = web.api("POST", f"/api/applications/{APP}/contacts",
                          {"kind": "thank_you_email", "person": "Dana Whitfield", "force": True})
    else:
        answer = web.api("POST", f"/api/tasks/{THANK_DANA}/{write}")
    assert answer.status_code == 200, answer.text
    assert THANK_DANA not in _today_ids(web)
    assert f'id="task-{THANK_DANA}"' not in web.get("/").text
    assert web.get(f"/applications/{APP}").text != page


def test_today_and_the_application_are_fresh_after_a_write_from_the_cli(web: Web, demo_db: str) -> None:
    page = web.get(f"/applications/{APP}").text
    assert f'id="task-{THANK_MARCUS}"' in web.get("/").text
    done = subprocess.run([SCRIPT, "--db", demo_db, "--as-of", AS_OF.isoformat(), "done", THANK_MARCUS],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f'id="task-{THANK_MARCUS}"' not in web.get("/").text
    assert THANK_MARCUS not in _today_ids(web)
    assert web.get(f"/applications/{APP}").text != page


def test_one_rendering_serves_every_request_waiting_after_a_write(web: Web, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """Twenty clients asking for Today right after a write wait for one rendering, not twenty."""
    web.get("/")
    assert web.api("POST", f"/api/tasks/{THANK_DANA}/done").status_code == 200
    readings: list[int] = []
    real = views.today_view

    def counted(*args: object, **kwargs: object) -> views.TodayView:
        readings.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "today_view", counted)

    async def together() -> list[str]:
        answers = await asyncio.gather(*(web.client.get("/") for _ in range(20)))
        return [a.text for a in answers]

    pages = web.runner.run(together())
    assert len(readings) == 1
    assert all(f'id="task-{THANK_DANA}"' not in page for page in pages)


def test_a_write_to_one_application_does_not_draw_another_applications_page_again(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    other = "hooli-ops"  # another company: nothing of its plan depends on northwind's contacts
    mine, theirs = web.get(f"/applications/{APP}").text, web.get(f"/applications/{other}").text
    drawn: list[str] = []
    env = web.app.state.web.env
    real = env.get_template

    def counted(name: str, *args: object, **kwargs: object) -> object:
        drawn.append(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(env, "get_template", counted)
    answer = web.api("POST", f"/api/applications/{APP}/contacts",
                     {"kind": "other", "person": "Dana Whitfield", "force": True})
    assert answer.status_code == 200, answer.text
    assert web.get(f"/applications/{other}").text == theirs  # read again, found the same, not drawn again
    assert drawn == []
    assert web.get(f"/applications/{APP}").text != mine  # the written one is drawn afresh
    assert drawn[:1] == ["application.html"]


def _held_rendering(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Today's next reading waits for `release` (after setting `started`): a rendering under way."""
    started, release = threading.Event(), threading.Event()
    real = views.today_view

    def held(*args: object, **kwargs: object) -> views.TodayView:
        started.set()
        release.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "today_view", held)
    return started, release


async def _when_set(event: threading.Event) -> None:
    assert await asyncio.get_running_loop().run_in_executor(None, event.wait, 30)


def _second_session(web: Web) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=web.client._transport, base_url="http://testserver")


def test_while_today_is_drawn_again_another_session_is_given_the_last_page(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after a write one request draws Today again; others meanwhile get the page drawn
    before, at once, instead of queueing behind it (their sessions wrote nothing since)."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.runner.run(other.get("/")).text
    assert web.api("POST", f"/api/tasks/{THANK_DANA}/done").status_code == 200
    started, release = _held_rendering(monkeypatch)

    async def meanwhile() -> tuple[str, str]:
        drawing = asyncio.ensure_future(web.client.get("/"))  # the session that wrote: it waits
        await _when_set(started)
        try:
            last = await asyncio.wait_for(other.get("/"), 20)
        finally:
            release.set()
        return last.text, (await drawing).text

    last, fresh = web.runner.run(meanwhile())
    web.runner.run(other.aclose())
    assert f'id="task-{THANK_DANA}"' in last  # the page as it was a moment ago
    assert f'id="task-{THANK_DANA}"' not in fresh


def test_a_session_is_never_given_a_page_older_than_its_own_write(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another session's request draws Today again after this one's write; this session's own
    request meanwhile waits for that drawing rather than take the page from before its write."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.get("/").text
    assert THANK_DANA in _today_ids(web)
    assert web.api("POST", f"/api/tasks/{THANK_DANA}/done").status_code == 200
    started, release = _held_rendering(monkeypatch)

    async def meanwhile() -> tuple[str, str]:
        drawing = asyncio.ensure_future(other.get("/"))
        await _when_set(started)
        mine = asyncio.ensure_future(web.client.get("/"))
        json = asyncio.ensure_future(web.client.get("/api/today?limit=1000"))
        await asyncio.sleep(0.2)  # time for a wrong answer to come back first
        release.set()
        await drawing
        return (await mine).text, (await json).text

    page, listed = web.runner.run(meanwhile())
    web.runner.run(other.aclose())
    assert f'id="task-{THANK_DANA}"' not in page
    assert THANK_DANA not in listed


def test_a_page_drawn_before_a_newer_one_does_not_replace_it(web: Web) -> None:
    screens = web.app.state.web.screens
    screens.put("key", 7, "newer")
    screens.put("key", 6, "older, finished later")
    assert screens.get("key", 7) == (7, "newer")
