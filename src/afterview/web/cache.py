"""Keeping rendered screens until the data changes.

Today and an Application page are read far more often than the data changes, and
rendering them costs more than serving them. A screen is kept under the store's
change counter (services.views.ChangeWatch), so any write, from this app or from
the CLI, makes the next request render afresh. Pages are kept with a random
placeholder where the session's CSRF token goes, and the token is put in on the
way out, so one rendering serves every session.

Right after a write every client asks for a screen that is no longer kept; one
rendering per screen and version serves them all (the others wait for it), so a
write costs one rendering of each screen, not one per client waiting.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.concurrency import run_in_threadpool

from afterview.services.views import ChangeWatch

# Random per process: no user text can contain it, so replacing it touches only the token slots.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class ScreenCache:
    def __init__(self, watch: ChangeWatch, size: int = 256) -> None:
        self.watch = watch
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, tuple[Hashable, str]] = OrderedDict()
        # The data each screen was last drawn from, with the drawing: after a write elsewhere (another
        # application, say) a screen whose data reads back the same is not drawn again.
        self._drawn: OrderedDict[Hashable, tuple[object, str]] = OrderedDict()
        # Renderings under way, by (key, version); touched only from the event loop.
        self._building: dict[tuple[Hashable, Hashable], asyncio.Future[str]] = {}

    def get(self, key: Hashable, version: Hashable | None = None) -> tuple[Hashable | None, str | None]:
        """The store's version (now, unless given), and the screen kept for `key` at that version (None if none)."""
        if version is None:
            version = self.watch.version()
        if version is None:
            return None, None
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == version:
                self._kept.move_to_end(key)
                return version, kept[1]
        return version, None

    def put(self, key: Hashable, version: Hashable | None, text: str) -> None:
        if version is None:
            return
        with self._lock:
            self._kept[key] = (version, text)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def drawn(self, key: Hashable, basis: object) -> str | None:
        """The screen last drawn for `key` if it was drawn from data equal to `basis`."""
        with self._lock:
            found = self._drawn.get(key)
        return found[1] if found is not None and found[0] == basis else None

    def draw(self, key: Hashable, basis: object, text: str) -> None:
        with self._lock:
            self._drawn[key] = (basis, text)
            self._drawn.move_to_end(key)
            while len(self._drawn) > self.size:
                self._drawn.popitem(last=False)

    async def kept(self, key: Hashable, build: Callable[[], str]) -> str:
        """The screen for `key` as the data is now: kept, being rendered for another request, or rendered here."""
        # Asking a database server is a round trip: never on the event loop, where it would hold up every request.
        version, text = self.get(key, await run_in_threadpool(self.watch.version) if self.watch.remote else None)
        if text is not None:
            return text
        if version is None:
            return await run_in_threadpool(build)
        flight = (key, version)
        building = self._building.get(flight)
        if building is None:
            building = asyncio.ensure_future(self._render(key, version, build))
            self._building[flight] = building
            building.add_done_callback(lambda _: self._building.pop(flight, None))
        # Shielded: a client that goes away does not cancel the rendering the others wait for.
        return await asyncio.shield(building)

    async def _render(self, key: Hashable, version: Hashable, build: Callable[[], str]) -> str:
        text = await run_in_threadpool(build)
        self.put(key, version, text)
        return text
