"""Test-wide isolation: every test run gets its own HOME, XDG folders and data folder.

pyenchant, Chromium and pytest itself write under HOME; Afterview writes to its
data folder. Pointing them all at a temporary folder keeps the user's real files
untouched and makes every run start clean.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="afterview-test-home-"))
for _var, _sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                   ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                   ("XDG_RUNTIME_DIR", "run")):
    _path = _SESSION_HOME / _sub
    _path.mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_path)
for _var in ("AFTERVIEW_DATABASE_URL", "AFTERVIEW_AS_OF", "AFTERVIEW_HOME", "EDITOR", "VISUAL"):
    os.environ.pop(_var, None)


# In CI every run explores the same generated cases, so a result does not depend on luck;
# on a developer's machine each run explores new ones and keeps what failed.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty data folder for each test."""
    home = tmp_path / "afterview-home"
    home.mkdir()
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    yield home


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield url


_database_counter = iter(range(1_000_000))


def fresh_database_name() -> str:
    """A database name no other test of this run uses."""
    return f"t{os.getpid()}_{next(_database_counter)}"


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL server."""
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_server_url, fresh_database_name()) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'afterview.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
