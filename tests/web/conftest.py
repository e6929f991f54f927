"""An in-process web app over a fresh store, driven through httpx's ASGI transport."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from afterview.services.demo import load_demo
from afterview.services.mail_settings import configure_smtp
from afterview.services.store import open_store
from afterview.web import create_app
from tests.web.mailserver import Received, free_port, start_server

AS_OF = date(2026, 11, 23)  # a Monday


class Web:
    """A synchronous face on an httpx AsyncClient, so that tests read top to bottom."""

    def __init__(self, app: FastAPI, client: str = "203.0.113.5") -> None:
        self.app = app
        self.runner = asyncio.Runner()
        transport = httpx.ASGITransport(app=app, client=(client, 40000))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.runner.run(self.client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def csrf(self) -> str:
        token = self.get("/api/session").json()["csrf_token"]
        assert isinstance(token, str)
        return token

    def form(self, url: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        """Submit a form the way a browser does: with the hidden CSRF field."""
        return self.post(url, data={"csrf_token": self.csrf(), **data}, **kwargs)

    def api(self, method: str, url: str, body: Any = None) -> httpx.Response:
        """Call the JSON API the way a script does: the CSRF header on writes."""
        headers = {"x-csrf-token": self.csrf()} if method != "GET" else {}
        return self.request(method, url, json=body, headers=headers)

    def close(self) -> None:
        self.runner.run(self.client.aclose())
        self.runner.close()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "web.sqlite3")


def with_demo(db: str) -> str:
    """The demo search loaded into the store at `db` (a path or URL), which is returned."""
    store = open_store(db)
    load_demo(store, AS_OF)
    store.engine.dispose()
    return db


@pytest.fixture
def demo_db(db_path: str) -> str:
    return with_demo(db_path)


@pytest.fixture
def web(demo_db: str) -> Iterator[Web]:
    """The app over the demo search, with today fixed."""
    client = Web(create_app(db=demo_db, as_of=AS_OF))
    yield client
    client.close()


@pytest.fixture
def empty_web(tmp_path: Path) -> Iterator[Web]:
    """The app over a store of its own with nothing in it."""
    client = Web(create_app(db=str(tmp_path / "empty.sqlite3"), as_of=AS_OF))
    yield client
    client.close()


@pytest.fixture
def smtp(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Received]:
    """A real SMTP server on loopback (no login), set as the demo search's outgoing server."""
    received = Received()
    port = free_port()
    controller = start_server(received, port)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", "not-asked-for-by-this-server")
    store = open_store(demo_db)
    configure_smtp(store, host="127.0.0.1", port=port, security="none", username=None)
    store.engine.dispose()
    try:
        yield received
    finally:
        controller.stop()
