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
from typing import Any

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


def _count_readings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per reading of Today's data from here on."""
    readings: list[int] = []
    real = views.today_view

    def counted(*args: object, **kwargs: object) -> views.TodayView:
        readings.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "today_view", counted)
    return readings


def test_one_rendering_serves_every_request_waiting_after_a_write(web: Web, demo_db: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty clients asking for Today right after a write elsewhere wait for one rendering, not twenty."""
    from afterview.services import facts

    web.get("/")
    facts.complete(open_store(demo_db), THANK_DANA, AS_OF)  # another connection, as the CLI would
    readings = _count_readings(monkeypatch)

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


def _held_rendering(monkeypatch: pytest.MonkeyPatch, fail_first: bool = False
                    ) -> tuple[threading.Event, threading.Event]:
    """Today's next reading waits for `release` (after setting `started`): a rendering under way.
    With `fail_first`, the reading before it fails (a rendering that went wrong)."""
    started, release = threading.Event(), threading.Event()
    real = views.today_view
    failing = [fail_first]

    def held(*args: object, **kwargs: object) -> views.TodayView:
        if failing.pop() if failing else False:
            raise RuntimeError("a rendering that went wrong")
        started.set()
        release.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "today_view", held)
    return started, release


async def _when_set(event: threading.Event) -> None:
    assert await asyncio.get_running_loop().run_in_executor(None, event.wait, 30)


def _second_session(web: Web) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=web.client._transport, base_url="http://testserver")


def _done(client: httpx.AsyncClient, token: str, task: str) -> Any:
    return client.post(f"/api/tasks/{task}/done", headers={"x-csrf-token": token})


def test_while_a_write_draws_today_again_another_session_is_given_the_last_page(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write draws Today again before it answers; a reader meanwhile gets the page drawn before, at
    once, instead of queueing behind it: the truth as of a moment before a write still under way."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.runner.run(other.get("/")).text
    token = web.csrf()
    started, release = _held_rendering(monkeypatch)

    async def meanwhile() -> tuple[str, int, str]:
        writing = asyncio.ensure_future(_done(web.client, token, THANK_DANA))
        await _when_set(started)
        try:
            last = await asyncio.wait_for(other.get("/"), 20)
        finally:
            release.set()
        answer = await writing
        return last.text, answer.status_code, (await other.get("/")).text

    last, status, after = web.runner.run(meanwhile())
    web.runner.run(other.aclose())
    assert status == 200
    assert f'id="task-{THANK_DANA}"' in last  # the page as it was a moment ago
    assert f'id="task-{THANK_DANA}"' not in after  # once the write has answered, never again


def test_a_session_is_never_given_a_page_older_than_its_own_write(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """This session's write could not draw Today again (it failed); while another write draws it,
    this session's request waits for that drawing rather than take the page from before its write."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.get("/").text
    assert THANK_DANA in _today_ids(web)
    started, release = _held_rendering(monkeypatch, fail_first=True)
    assert web.api("POST", f"/api/tasks/{THANK_DANA}/done").status_code == 200
    token = web.runner.run(other.get("/api/session")).json()["csrf_token"]

    async def meanwhile() -> tuple[str, str]:
        writing = asyncio.ensure_future(_done(other, token, THANK_MARCUS))
        await _when_set(started)
        mine = asyncio.ensure_future(web.client.get("/"))
        listed = asyncio.ensure_future(web.client.get("/api/today?limit=1000"))
        await asyncio.sleep(0.2)  # time for a wrong answer to come back first
        release.set()
        await writing
        return (await mine).text, (await listed).text

    page, listed = web.runner.run(meanwhile())
    web.runner.run(other.aclose())
    assert f'id="task-{THANK_DANA}"' not in page
    assert THANK_DANA not in listed


def test_a_page_drawn_before_a_newer_one_does_not_replace_it(web: Web) -> None:
    screens = web.app.state.web.screens
    screens.put("key", 7, "newer")
    screens.put("key", 6, "older, finished later")
    assert screens.get("key", 7) == (7, "newer")


def test_a_write_through_the_web_draws_today_again_before_it_answers(web: Web, monkeypatch: pytest.MonkeyPatch
                                                                     ) -> None:
    """The write pays for Today's new rendering: whoever asks for Today next is served at once."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.runner.run(other.get("/")).text
    assert web.api("POST", f"/api/tasks/{THANK_DANA}/done").status_code == 200
    readings = _count_readings(monkeypatch)
    page = web.runner.run(other.get("/")).text
    web.runner.run(other.aclose())
    assert f'id="task-{THANK_DANA}"' not in page
    assert readings == []


def test_between_a_writes_commit_and_its_answer_a_reader_gets_the_last_page_without_drawing(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write has committed but not answered (it is about to draw Today again): a reader then is
    served the page from before it, at once, rather than draw Today itself."""
    other = _second_session(web)
    assert f'id="task-{THANK_DANA}"' in web.runner.run(other.get("/")).text
    token = web.csrf()
    screens = web.app.state.web.screens
    committed, release = threading.Event(), asyncio.Event()
    real = screens.note_write

    async def held(session: Any) -> None:
        committed.set()
        await release.wait()
        await real(session)

    monkeypatch.setattr(screens, "note_write", held)

    async def meanwhile() -> tuple[str, list[int], int, str]:
        writing = asyncio.ensure_future(_done(web.client, token, THANK_DANA))
        await _when_set(committed)
        readings = _count_readings(monkeypatch)
        try:
            last = await asyncio.wait_for(other.get("/"), 20)
            counted = list(readings)
        finally:
            release.set()
        answer = await writing
        return last.text, counted, answer.status_code, (await other.get("/")).text

    last, readings, status, after = web.runner.run(meanwhile())
    web.runner.run(other.aclose())
    assert status == 200
    assert f'id="task-{THANK_DANA}"' in last and readings == []
    assert f'id="task-{THANK_DANA}"' not in after
