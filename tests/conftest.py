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

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="afterview-test-home-"))
for _var, _sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                   ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                   ("XDG_RUNTIME_DIR", "run")):
    _path = _SESSION_HOME / _sub
    _path.mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_path)
for _var in ("AFTERVIEW_DATABASE_URL", "AFTERVIEW_AS_OF", "AFTERVIEW_HOME", "EDITOR", "VISUAL"):
    os.environ.pop(_var, None)


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty data folder for each test."""
    home = tmp_path / "afterview-home"
    home.mkdir()
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    yield home
