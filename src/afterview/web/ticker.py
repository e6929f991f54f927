"""The background loop `serve` runs: calls `tick()` every minute (queued sends, new replies).

The tick runs in a worker thread so that a slow one never stalls the pages; one
tick at a time (a slow tick delays the next rather than piling up); an error is
logged and the loop goes on; stopping the server cancels the loop at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import date

from starlette.concurrency import run_in_threadpool

from afterview.services.store import Store

log = logging.getLogger("afterview.web")

Tick = Callable[[], object]


def no_tick() -> None:
    """Nothing to do (tests, and apps built without a mail loop)."""


# Reading the mailbox costs a login and a folder listing: once every few minutes is soon enough
# for a reply to show, and keeps a slow mail server from making every tick long.
SCAN_EVERY = 300.0


def mail_tick(store: Store, fixed_day: date | None = None, *, scan_every: float = SCAN_EVERY,
              clock: Callable[[], float] = time.monotonic) -> Tick:
    """The one tick (services.tick) every call; its inbox scan at most every `scan_every` seconds.

    Whatever goes wrong is one log line per tick (a store that cannot be written, a
    mail server that is down), never a traceback; the loop goes on.
    """
    from afterview.services.tick import tick as tick_once

    last_scan: list[float] = []

    def tick() -> None:
        scan = not last_scan or clock() - last_scan[-1] >= scan_every
        if scan:
            last_scan[:] = [clock()]
        report = tick_once(store, fixed_day, scan=scan)
        for line in report.lines:
            log.info("tick: %s", line)
        for problem in report.problems:
            log.warning("tick: %s", problem)

    return tick


async def run_ticks(tick: Tick, interval: float, *, limit: int | None = None) -> None:
    """Call `tick` every `interval` seconds until cancelled (or `limit` times, for tests)."""
    done = 0
    while limit is None or done < limit:
        try:
            await run_in_threadpool(tick)
        except Exception:
            log.exception("the background tick failed; trying again in %s s", interval)
        done += 1
        await asyncio.sleep(interval)
