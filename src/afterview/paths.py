"""Where Afterview keeps the user's data: one folder, set by AFTERVIEW_HOME."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    home = os.environ.get("AFTERVIEW_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("afterview", appauthor=False))


def cache_dir() -> Path:
    """Where Afterview keeps what it can work out again (never the user's data)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("afterview", appauthor=False))
