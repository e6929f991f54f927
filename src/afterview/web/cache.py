"""Keeping rendered screens until the data changes.

Today and an Application page are read far more often than the data changes, and
rendering them costs more than serving them. A screen is kept under the store's
change counter (services.views.ChangeWatch), so any write, from this app or from
the CLI, makes the next request render afresh. Pages are kept with a random
placeholder where the session's CSRF token goes, and the token is put in on the
way out, so one rendering serves every session.

Right after a write every client asks for a screen that is no longer kept; one
rendering per screen and version serves them all (the others wait for it), so a
write costs one rendering of each screen, not one per client waiting; a change made
elsewhere (the CLI) shows on every request after it.

Today is drawn again by every write made here before the write answers (`refresh`),
so its readers do not wait for it: one that comes while a request that may write is
under way is given the last page at once, the truth as of a moment before a write that
has not answered yet (and, once the data moved, drawing it is that request's to do).
Only a session that wrote since that page was drawn waits instead (a write marks its
session, see FreshAfterWrites): nobody is shown a page older than their own last write.

Versions are numbered here in the order they are seen (an epoch), so "drawn before
or after this session's write" is a comparison of two numbers on either database.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterview.services.views import ChangeWatch
from afterview.web.security import SAFE_METHODS, Session

# How many screens (Today's variants) a write draws again before it answers.
EAGER_SCREENS = 4

# Random per process: no user text can contain it, so replacing it touches only the token slots.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class ScreenCache:
    def __init__(self, watch: ChangeWatch, size: int = 256) -> None:
        self.watch = watch
        self.size = size
        # Epochs are this process's own numbers: a session's mark from another run asks for nothing.
        self.run = secrets.token_hex(8)
        self._lock = threading.Lock()
        self._seeing = threading.Lock()
        self._seen: Hashable | None = None
        self._epoch = 0
        self._kept: OrderedDict[Hashable, tuple[int, str]] = OrderedDict()
        # The data each screen was last drawn from, with the drawing: after a write elsewhere (another
        # application, say) a screen whose data reads back the same is not drawn again.
        self._drawn: OrderedDict[Hashable, tuple[object, str]] = OrderedDict()
        # Renderings under way, by (key, epoch), and how many per key are a write's own (`refresh`);
        # touched only from the event loop.
        self._building: dict[tuple[Hashable, int], asyncio.Future[str]] = {}
        self._refreshing: Counter[Hashable] = Counter()
        # Screens drawn again as part of a write's answer (Today), with how to draw each.
        self._eager: OrderedDict[Hashable, Callable[[], str]] = OrderedDict()
        # Requests that may write, not answered yet: each draws the eager screens again before it answers.
        self.writing = 0

    def epoch(self) -> int | None:
        """The store's version now, as a number that grows each time the version is seen to change
        (None: it cannot tell, and nothing is kept)."""
        # Asked and numbered under one lock, so that a newer version never gets the smaller number.
        with self._seeing:
            version = self.watch.version()
            if version is None:
                return None
            if version != self._seen:
                self._seen = version
                self._epoch += 1
            return self._epoch

    async def epoch_now(self) -> int | None:
        # Asking a database server is a round trip: never on the event loop, where it would hold up every request.
        return await run_in_threadpool(self.epoch) if self.watch.remote else self.epoch()

    def get(self, key: Hashable, epoch: int | None = None) -> tuple[int | None, str | None]:
        """The store's epoch (now, unless given), and the screen kept for `key` at that epoch (None if none)."""
        if epoch is None:
            epoch = self.epoch()
        if epoch is None:
            return None, None
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == epoch:
                self._kept.move_to_end(key)
                return epoch, kept[1]
        return epoch, None

    def put(self, key: Hashable, epoch: int | None, text: str) -> None:
        if epoch is None:
            return
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] > epoch:
                return  # a newer rendering finished first: it stays
            self._kept[key] = (epoch, text)
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

    def fresh_from(self, session: Session) -> int:
        """The oldest epoch this session may be shown: the one seen right after its last write."""
        mark = session.data.get("written")
        if isinstance(mark, list) and len(mark) == 2 and mark[0] == self.run and isinstance(mark[1], int):
            return mark[1]
        return 0

    async def note_write(self, session: Session) -> None:
        """After a request that may have written (it has finished its transaction): this session is
        shown nothing drawn from data older than what is there now."""
        epoch = await self.epoch_now()
        if epoch is not None:
            session.data["written"] = [self.run, epoch]
            session.modified = True

    async def kept(self, key: Hashable, build: Callable[[], str], fresh_from: int = 0, *,
                   eager: bool = False) -> str:
        """The screen for `key` as the data is now: kept, being rendered for another request, or rendered here.

        While a newer rendering is under way, the last one is served if it is not older than
        `fresh_from` (the session's own last write): the request is answered as if it had come
        a moment earlier, instead of queueing behind the rendering. An `eager` screen is drawn
        again by every write made here before it answers (`refresh`), so no reader waits for it.
        """
        if eager:
            self._eager[key] = build
            self._eager.move_to_end(key)
            while len(self._eager) > EAGER_SCREENS:
                self._eager.popitem(last=False)
        epoch = await self.epoch_now()
        if epoch is None:
            return await run_in_threadpool(build)
        with self._lock:
            last = self._kept.get(key)
        if last is not None and last[0] == epoch:
            return last[1]
        redrawn = self._refreshing[key] or (self.writing and key in self._eager)
        if last is not None and last[0] >= fresh_from and redrawn:
            return last[1]  # a write not answered yet draws it again: this request came before it
        return await self._flight(key, epoch, build)

    async def refresh(self) -> None:
        """Draw the eager screens again for the data as it is now (after a write made here)."""
        epoch = await self.epoch_now()
        if epoch is None:
            return
        stale = []
        for key, build in list(self._eager.items()):
            with self._lock:
                last = self._kept.get(key)
            if last is None or last[0] != epoch:
                stale.append(self._refreshed(key, epoch, build))
        # A rendering that fails here fails again for the reader who asks, who hears why; the
        # write has been made either way and is answered as such.
        await asyncio.gather(*stale, return_exceptions=True)

    async def _refreshed(self, key: Hashable, epoch: int, build: Callable[[], str]) -> str:
        self._refreshing[key] += 1
        try:
            return await self._flight(key, epoch, build)
        finally:
            self._refreshing[key] -= 1
            if self._refreshing[key] <= 0:
                del self._refreshing[key]

    async def _flight(self, key: Hashable, epoch: int, build: Callable[[], str]) -> str:
        """The one rendering of `key` at `epoch`: joined when under way, else started here."""
        flight = (key, epoch)
        building = self._building.get(flight)
        if building is None:
            building = asyncio.ensure_future(self._render(key, epoch, build))
            self._building[flight] = building
            building.add_done_callback(lambda _: self._building.pop(flight, None))
        # Shielded: a client that goes away does not cancel the rendering the others wait for.
        return await asyncio.shield(building)

    async def _render(self, key: Hashable, epoch: int, build: Callable[[], str]) -> str:
        text = await run_in_threadpool(build)
        self.put(key, epoch, text)
        return text


class FreshAfterWrites:
    """Marks the session of every request that may write (not GET, HEAD or OPTIONS) as it answers, so
    that its next page is drawn from data that holds the write (ScreenCache.fresh_from), and draws the
    eager screens again first: the write pays for Today's new rendering, not the readers after it.
    Inside the session middleware, which writes the mark into the session's cookie."""

    def __init__(self, app: ASGIApp, screens: ScreenCache) -> None:
        self.app = app
        self.screens = screens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        self.screens.writing += 1
        try:
            await self._answered(scope, receive, send)
        finally:
            self.screens.writing -= 1

    async def _answered(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            session = scope.get("afterview.session")
            if message["type"] == "http.response.start" and isinstance(session, Session):
                await self.screens.note_write(session)  # the use-case has committed by its answer
                await self.screens.refresh()
            await send(message)

        await self.app(scope, receive, marked)
