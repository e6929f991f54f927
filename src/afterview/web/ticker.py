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
    """One pass of the outbox every call, and the inbox scan every `scan_every` seconds when IMAP is set.

    Each part is guarded on its own: a mail server that is down is logged and never stops the other.
    Both are bounded by the mail connections' own timeouts (30 s each).
    """
    from afterview.services import inbox, outbox
    from afterview.services.errors import UserError
    from afterview.services.mail_settings import IMAP_KEY, read_setting
    from afterview.services.planning import local_today

    last_scan: list[float] = []

    def today() -> date:
        if fixed_day is not None:
            return fixed_day
        with store.reading() as conn:
            return local_today(conn)

    def tick() -> None:
        try:
            for entry in outbox.tick(store, today()):
                log.info("outbox: message %s for %s is %s%s", entry.id, entry.recipient, entry.state,
                         f" ({entry.last_error})" if entry.last_error else "")
        except UserError as problem:
            log.warning("outbox: %s", problem.message)
        except Exception:
            log.exception("the outbox pass failed; it is tried again on the next tick")
        if last_scan and clock() - last_scan[-1] < scan_every:
            return
        last_scan[:] = [clock()]
        try:
            with store.reading() as conn:
                configured = bool(read_setting(conn, IMAP_KEY))
            if configured:
                result = inbox.scan(store, fixed_day)
                if result.replies:
                    log.info("inbox: %s", result.lines()[0])
        except UserError as problem:  # e.g. no password yet, or the server refused the login: one line
            log.warning("inbox: %s", problem.message)
        except Exception:
            log.exception("the inbox scan failed; it is tried again in %s s", scan_every)

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
