"""The morning digest: once a day, at an hour the user chose, an email of what is due today and what is late.

Off until the user sets an hour. The tick calls `send_if_due` every time it
runs (cron, `afterview worker`, the web server's loop); the digest goes out the
first time a tick runs at or after that hour in the user's time zone, and not
again that day. The day is claimed in the store before the message is sent, so
two workers never both send it; if sending fails the claim is given back and
the next tick tries again. A day with nothing due and nothing late sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from afterview.domain import wording
from afterview.domain.listing import task_block
from afterview.domain.model import Task
from afterview.services.errors import UserError
from afterview.services.mail_settings import SMTP_KEY, read_setting, smtp_settings, write_setting
from afterview.services.planning import today
from afterview.services.store import Store
from afterview.store import repository as repo
from afterview.store import schema as t

SETTING_KEY = "digest"  # {"hour": 0-23}; absent: off
SENT_KEY = "digest.sent_on"  # the last day a digest went out (or was claimed)
WIDTH = 72  # mail readers wrap at about this


@dataclass(frozen=True)
class Digest:
    day: date
    late: list[Task]
    due: list[Task]

    @property
    def empty(self) -> bool:
        return not self.late and not self.due

    def subject(self) -> str:
        parts = [f"{len(self.due)} due today"] + ([f"{len(self.late)} late"] if self.late else [])
        return f"Afterview, {wording.day(self.day)}: {', '.join(parts)}"

    def body(self) -> str:
        lines = [f"Your follow-ups for {wording.day(self.day)}."]
        for title, tasks in (("Late", self.late), ("Due today", self.due)):
            if not tasks:
                continue
            lines += ["", f"{title} ({len(tasks)})"]
            for task in tasks:
                lines += ["", *task_block(task, self.day, WIDTH)]
        if self.empty:
            lines += ["", "Nothing is due and nothing is late."]
        lines += ["", "Mark each one done, or skip it, on the Today page or with",
                  "`afterview done` and `afterview skip`. This digest comes once a day;",
                  "turn it off in Settings or with `afterview digest off`."]
        return "\n".join(lines) + "\n"


def digest_hour(store: Store) -> int | None:
    """The hour the digest goes out in the user's time zone, or None when it is off."""
    with store.reading() as conn:
        return _hour(conn)


def _hour(conn: sa.Connection) -> int | None:
    value = read_setting(conn, SETTING_KEY)
    hour = value.get("hour") if isinstance(value, dict) else None
    return hour if isinstance(hour, int) and 0 <= hour <= 23 else None


def set_digest_hour(store: Store, hour: int | None) -> int | None:
    """Turn the digest on at `hour` (0-23, the user's time zone) or off with None; returns the setting."""
    if hour is not None and not 0 <= hour <= 23:
        raise UserError(f"{hour} is not an hour of the day", field="hour", hint="give a whole number from 0 to 23")
    with store.transaction("digest on" if hour is not None else "digest off") as conn:
        if hour is not None:
            _deliverable(conn)
        write_setting(conn, SETTING_KEY, {"hour": hour} if hour is not None else {})
    return hour


def _deliverable(conn: sa.Connection) -> str:
    """The user's own address, when the digest can be sent; else why not."""
    profile = repo.read_profile(conn)
    if not profile.email:
        raise UserError("the digest goes to your own email address, and none is set", code="no-email",
                        hint="set your email in the profile first")
    if not read_setting(conn, SMTP_KEY):
        raise UserError("the digest is sent through your outgoing mail server, and none is set", code="no-smtp",
                        hint="set up outgoing mail (SMTP) first")
    return profile.email


def build(store: Store, day: date) -> Digest:
    """What the digest for `day` says: the late tasks and those due that day, in plan order."""
    with store.reading() as conn:
        tasks, _ = today(conn, day)
    late = [t for t in tasks if wording.is_late(t.due, t.deadline, t.status, day)]
    due = [t for t in tasks if not wording.is_late(t.due, t.deadline, t.status, day)]
    return Digest(day, late, due)


def send_if_due(store: Store, day: date, now: datetime | None = None) -> list[str]:
    """The tick's part: send `day`'s digest if it is on, its hour has come and it has not gone out yet.

    Returns the lines for the tick's report (none when there was nothing to do).
    """
    now = now or datetime.now(UTC)
    with store.reading() as conn:
        hour = _hour(conn)
        if hour is None or read_setting(conn, SENT_KEY) == day.isoformat():
            return []
        zone = repo.read_profile(conn).timezone
    local = now.astimezone(ZoneInfo(zone)) if now.tzinfo else now
    if local.hour < hour:
        return []
    digest = build(store, day)
    claimed, previous = _claim(store, day)
    if not claimed:
        return []  # another worker claimed this day first
    if digest.empty:
        return [f"digest: nothing due or late on {day.isoformat()}; nothing sent"]
    try:
        return [_send(store, digest)]
    except BaseException:
        _release(store, day, previous)
        raise


def _claim(store: Store, day: date) -> tuple[bool, str | None]:
    """Mark `day` as sent unless someone did: (whether this caller claimed it, the earlier mark to give back)."""
    with store.transaction(f"digest {day.isoformat()}") as conn:
        before = read_setting(conn, SENT_KEY)
        if before == day.isoformat():
            return False, None
        write_setting(conn, SENT_KEY, day.isoformat(), journaled=False)
        return True, before if isinstance(before, str) else None


def _release(store: Store, day: date, previous: str | None) -> None:
    with store.transaction(f"digest {day.isoformat()} not sent") as conn:
        if read_setting(conn, SENT_KEY) == day.isoformat():
            if previous is None:
                conn.execute(sa.delete(t.settings).where(t.settings.c.key == SENT_KEY))
            else:
                write_setting(conn, SENT_KEY, previous, journaled=False)


def _send(store: Store, digest: Digest) -> str:
    from afterview.mail.errors import MailError
    from afterview.mail.smtp import build_message, make_message_id, send

    with store.reading() as conn:
        address = _deliverable(conn)
        profile = repo.read_profile(conn)
        settings = smtp_settings(conn, address, profile.name)
    assert settings is not None  # _deliverable checked it
    try:
        message = build_message(from_address=address, from_name=profile.name or "Afterview", to=address,
                                to_names=[profile.name] if profile.name else [],
                                subject=digest.subject(), body=digest.body(),
                                message_id=make_message_id(f"digest:{digest.day.isoformat()}:{address}"))
    except MailError as problem:
        raise UserError(f"the digest cannot be written: {problem}", code="no-email") from None
    result = send(settings, message)
    if result.status == "uncertain":
        # It may have arrived: trying again could send it twice, and a digest is not worth that.
        return f"digest: the server did not confirm it ({result.reason}); not sent again today"
    if not result.accepted:
        raise UserError(f"the digest was not sent: {result.reason}", code="digest-not-sent",
                        hint="it is tried again at the next tick")
    return f"digest: sent to {address} ({len(digest.due)} due today, {len(digest.late)} late)"
