"""One tick: everything that happens without the user asking, in one place.

`afterview tick` (cron), `afterview worker` (a loop of its own) and the web
server's background loop all call `tick`: send what is due in the outbox (after
settling what a crash left uncertain), read new mail when a mailbox is set up,
and whatever else is due on a schedule (the morning digest). Each part is guarded
on its own: a mail server that is down, or a store that cannot be written right
now, is one line in the report and never stops the other parts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from afterview.services.errors import UserError
from afterview.services.store import Store

log = logging.getLogger("afterview.tick")

# Extra scheduled parts (the morning digest …): each takes (store, day, now) and returns report lines.
Part = Callable[[Store, date, datetime | None], list[str]]
EXTRA_PARTS: list[tuple[str, Part]] = []


@dataclass
class TickReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def tick(store: Store, on: date | None = None, *, scan: bool = True, now: datetime | None = None) -> TickReport:
    """Send, settle and scan once. `on` is the user's today (their time zone) unless given."""
    from afterview.services import digest, inbox, outbox
    from afterview.services.mail_settings import IMAP_KEY, read_setting
    from afterview.services.planning import local_today

    report = TickReport()
    try:
        with store.reading() as conn:
            day = on or local_today(conn)
            mailbox = bool(read_setting(conn, IMAP_KEY))
    except UserError as problem:
        report.problems.append(f"store: {problem.line()}")
        return report

    def guarded(name: str, part: Callable[[], list[str]]) -> None:
        try:
            report.lines.extend(part())
        except UserError as problem:
            report.problems.append(f"{name}: {problem.line()}")
        except Exception as problem:  # one bad part never stops the others, nor the loop around them
            log.debug("%s failed", name, exc_info=True)
            first = (str(problem).strip().splitlines() or [""])[0]
            report.problems.append(f"{name}: unexpected {type(problem).__name__}: {first}; tried again next tick")

    def send() -> list[str]:
        return [outbox.describe(entry) for entry in outbox.tick(store, day, now)]

    guarded("outbox", send)
    if scan and mailbox:
        guarded("inbox", lambda: inbox.scan(store, on).lines()[:1])
    guarded("digest", lambda: digest.send_if_due(store, day, now))
    for name, extra in EXTRA_PARTS:
        guarded(name, lambda extra=extra: extra(store, day, now))  # type: ignore[misc]
    return report
