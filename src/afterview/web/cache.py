"""Keeping rendered screens until the data changes.

Today and an Application page are read far more often than the data changes, and
rendering them costs more than serving them. A screen is kept under the store's
change counter (services.views.ChangeWatch), so any write, from this app or from
the CLI, makes the next request render afresh. Pages are kept with a random
placeholder where the session's CSRF token goes, and the token is put in on the
way out, so one rendering serves every session.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from afterview.services.views import ChangeWatch

# Random per process: no user text can contain it, so replacing it touches only the token slots.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class ScreenCache:
    def __init__(self, watch: ChangeWatch, size: int = 256) -> None:
        self.watch = watch
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, tuple[int, str]] = OrderedDict()

    def get(self, key: Hashable) -> tuple[int | None, str | None]:
        """The store's version now, and the screen kept for `key` at that version (None if none)."""
        version = self.watch.version()
        if version is None:
            return None, None
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == version:
                self._kept.move_to_end(key)
                return version, kept[1]
        return version, None

    def put(self, key: Hashable, version: int | None, text: str) -> None:
        if version is None:
            return
        with self._lock:
            self._kept[key] = (version, text)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def through(self, key: Hashable, build: Callable[[], str]) -> str:
        version, text = self.get(key)
        if text is None:
            text = build()
            self.put(key, version, text)
        return text
