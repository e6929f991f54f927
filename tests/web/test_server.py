"""`afterview serve`: safe binding, the throw-away demo, the background tick, the CLI commands."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview.services.errors import UserError
from afterview.web import server
from afterview.web.ticker import run_ticks


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                            ("localhost", True), ("0.0.0.0", False), ("192.168.1.4", False),
                                            ("example.org", False), ("::", False)])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert server.is_loopback(host) is loopback


def test_serving_beyond_loopback_needs_a_password(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="set-password"):
        server.serve(db=str(tmp_path / "s.sqlite3"), host="0.0.0.0", port=9)


def test_the_demo_is_a_throw_away_copy(tmp_path: Path) -> None:
    from datetime import date

    with server.demo_database(date(2026, 11, 23)) as path:
        count = sqlite3.connect(path).execute("SELECT count(*) FROM applications").fetchone()[0]
        assert count == 7
    assert not Path(path).exists()


def test_the_tick_runs_keeps_going_after_errors_and_stops_when_cancelled() -> None:
    calls: list[int] = []

    def tick() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the outbox hiccuped")

    asyncio.run(run_ticks(tick, 0.001, limit=3))
    assert len(calls) == 3

    async def cancelled() -> None:
        task = asyncio.create_task(run_ticks(lambda: None, 3600))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())


def test_the_app_calls_the_tick_while_it_runs(tmp_path: Path) -> None:
    from afterview.web import create_app

    calls: list[int] = []
    app = create_app(db=str(tmp_path / "t.sqlite3"), tick=lambda: calls.append(1), tick_interval=0.01)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            await asyncio.sleep(0.1)

    asyncio.run(run())
    assert len(calls) >= 2


def test_cli_set_password_and_serve_help(tmp_path: Path) -> None:
    from afterview.cli import web_commands  # noqa: F401  (registers the commands)
    from afterview.cli.main import app
    from afterview.services import accounts
    from afterview.services.store import open_store

    db = str(tmp_path / "c.sqlite3")
    result = CliRunner().invoke(app, ["--db", db, "user", "set-password", "--username", "me"],
                                input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    assert accounts.verify(open_store(db), "me", "a long enough secret")
    assert "--demo" in CliRunner().invoke(app, ["serve", "--help"]).output
