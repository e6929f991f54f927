"""The background loop `serve` runs: calls `tick()` every minute (queued sends, reminders).

The tick runs in a worker thread so that a slow one never stalls the pages; one
tick at a time (a slow tick delays the next rather than piling up); an error is
logged and the loop goes on; stopping the server cancels the loop at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("afterview.web")

Tick = Callable[[], object]


def no_tick() -> None:
    """Nothing to do yet: the outbox and inbox scan plug in here."""


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
