"""The outbox: each checked note is sent at most once.

A message moves queued -> sending -> sent, or to failed (the server refused it,
with its reason) or uncertain (the text was handed over and the connection broke
before the server answered). The row is marked `sending` and committed before
the message leaves, so a crash at any point leaves evidence: a message still
`sending` after its lease, or `uncertain`, is never sent again blindly — its
Message-ID is looked up in the Sent folder over IMAP, and if it is not found
the user decides (`afterview outbox resolve`).

Sending records the outbound interaction in the same transaction that marks the
message sent, so the task it fulfils is done exactly when the message is.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import TypeVar

import sqlalchemy as sa

from afterview.domain.model import Interaction
from afterview.mail.errors import MailError
from afterview.mail.imap import find_in_sent
from afterview.mail.smtp import SendResult, SmtpSettings, attach_files, build_message, make_message_id, send
from afterview.services.drafts import attachments_for_task, checked_draft, email_address, word_task
from afterview.services.errors import Conflict, NotFound, Refused, StoreUnavailable, UserError
from afterview.services.facts import guard_verdict, record_contact
from afterview.services.mail_settings import imap_settings, smtp_settings
from afterview.services.review import hold_reason
from afterview.services.store import Store
from afterview.store import repository as repo
from afterview.store import schema as t
from afterview.store.bounces import bounced_addresses as bounced_addresses

# A message left `sending` this long belongs to a run that died mid-send.
LEASE = timedelta(minutes=10)
# How long the outcome of a send waits for a busy store (each try waits the store's own busy timeout too).
RECORD_PATIENCE = 30.0
T = TypeVar("T")
# Retryable failures wait longer each time: 1, 2, 4 … minutes, at most a day.
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    task_id: str
    message_id: str
    recipient: str
    subject: str
    state: str
    send_after: datetime
    attempts: int
    last_error: str | None


def _entry(row: sa.RowMapping) -> OutboxEntry:
    send_after = row["send_after"]
    if send_after.tzinfo is None:  # SQLite hands back naive datetimes; they were stored as UTC
        send_after = send_after.replace(tzinfo=UTC)
    return OutboxEntry(row["id"], row["task_id"], row["message_id"], row["recipient"], row["subject"], row["state"],
                       send_after, row["attempts"], row["last_error"])


def entries(store: Store, task_id: str | None = None) -> list[OutboxEntry]:
    """The outbox, oldest first; only one task's messages when `task_id` is given."""
    query = sa.select(t.outbox).order_by(t.outbox.c.id)
    if task_id is not None:
        query = query.where(t.outbox.c.task_id == task_id)
    with store.reading() as conn:
        return [_entry(row) for row in conn.execute(query).mappings()]


def _guard(conn: sa.Connection, task_id: str, on: date) -> None:
    task = repo.read_task(conn, task_id)
    if task is None or task.application is None:
        return
    app = repo.read_applications(conn, [task.application])[0]
    verdict = guard_verdict(conn, app, task.kind, on)
    if not verdict.allowed:
        raise Refused(verdict.reason, verdict.earliest)


def queue(store: Store, task_id: str, as_of: date, *, at: datetime | None = None,
          now: datetime | None = None) -> OutboxEntry:
    """Put a task's checked draft in the outbox; errors in the checks and the cadence guard refuse it."""
    now = now or datetime.now(UTC)
    send_after = at.astimezone(UTC) if at is not None else now
    with store.transaction() as conn:
        task = word_task(conn, task_id, as_of)
        if task.status != "open":
            raise UserError(f"task {task_id!r} is already {task.status}; nothing to send")
        held = hold_reason(conn, task, as_of)
        if held is not None:
            raise UserError(f"not sent: {held}", code="held-for-review",
                            hint=f"ask a friend with `afterview review {task_id} --to EMAIL`, or turn the hold off")
        checked = checked_draft(conn, task, None, as_of)
        errors = [f for f in checked.findings if f.severity == "error"]
        if errors:
            raise UserError(f"not sent: the draft has {len(errors)} error(s), first: {errors[0].message}; "
                            f"fix them with `afterview draft {task_id} --edit`")
        draft = checked.draft
        recipient = email_address(draft)
        live = conn.execute(sa.select(t.outbox.c.state).where(
            t.outbox.c.task_id == task_id, sa.text(t.OUTBOX_LIVE))).scalar()
        if live is not None:
            raise already_in_outbox(task_id, live)
        _guard(conn, task_id, send_after.date() if at is not None else as_of)
        # The random part keeps two racing senders' Message-IDs apart, so the one-live-message
        # index (not the Message-ID) is what decides which of them wins.
        seed = f"{task_id}:{now.isoformat()}:{secrets.token_hex(8)}"
        row = {"task_id": task_id, "message_id": make_message_id(seed),
               "recipient": recipient, "subject": draft.subject, "body": draft.body, "state": "queued",
               "send_after": send_after, "attempts": 0, "created_at": now, "updated_at": now}
        try:
            new_id = conn.execute(sa.insert(t.outbox).values(**row).returning(t.outbox.c.id)).scalar_one()
        except sa.exc.IntegrityError:
            # Another sender queued this task between our check and our insert; the index refused
            # the second copy. The transaction is rolled back on the way out: nothing half written.
            raise already_in_outbox(task_id, None) from None
        return _entry(conn.execute(sa.select(t.outbox).where(t.outbox.c.id == new_id)).mappings().one())


def already_in_outbox(task_id: str, state: str | None) -> Conflict:
    """The answer to every second sender of a task: one message per task, and it exists."""
    where = f" ({state})" if state else ""
    return Conflict(f"task {task_id!r} is already in the outbox{where}; no second copy was made",
                    code="already-queued", hint="see `afterview outbox`")


def _claim(store: Store, entry_id: int, now: datetime) -> bool:
    """Mark the message `sending`, committed, before it leaves; False if another run has it."""
    with store.transaction() as conn:
        claimed = conn.execute(sa.update(t.outbox).where(t.outbox.c.id == entry_id, t.outbox.c.state == "queued")
                               .values(state="sending", updated_at=now)).rowcount
    return claimed == 1


def _settle(conn: sa.Connection, entry_id: int, state: str, now: datetime, **values: object) -> None:
    conn.execute(sa.update(t.outbox).where(t.outbox.c.id == entry_id).values(state=state, updated_at=now, **values))


def _mark_sent(conn: sa.Connection, entry: OutboxEntry, on: date, now: datetime) -> None:
    """Sent, and the contact recorded: one transaction, so the task is done exactly when the note went."""
    _settle(conn, entry.id, "sent", now, last_error=None)
    task = repo.read_task(conn, entry.task_id)
    if task is not None and task.application is not None:
        record_contact(conn, task.application, Interaction(max(on, task.created), "out", task.kind, task.person,
                                                           "email"))


def deliver(store: Store, entry: OutboxEntry, on: date, now: datetime | None = None) -> OutboxEntry:
    """Send one queued message now; returns its new state."""
    now = now or datetime.now(UTC)
    if not _claim(store, entry.id, now):
        return entry
    try:
        prepared = _retrying(lambda: _prepare(store, entry, on, now))
    except StoreUnavailable:
        # Nothing left: put the message back in the queue for the next tick rather than leave it
        # `sending`, which would make it look as if it might have gone.
        _retrying(lambda: _release(store, entry.id, now))
        raise
    if isinstance(prepared, OutboxEntry):
        return prepared
    settings, message = prepared
    result = send(settings, message)
    return _retrying(lambda: _record_result(store, entry, result, on, now))


def _release(store: Store, entry_id: int, now: datetime) -> None:
    with store.transaction() as conn:
        conn.execute(sa.update(t.outbox).where(t.outbox.c.id == entry_id, t.outbox.c.state == "sending")
                     .values(state="queued", updated_at=now))


def _prepare(store: Store, entry: OutboxEntry, on: date,
             now: datetime) -> OutboxEntry | tuple[SmtpSettings, EmailMessage]:
    """The message ready to hand over, or the entry settled without sending (refused, no server, unbuildable)."""
    with store.reading() as conn:
        row = conn.execute(sa.select(t.outbox).where(t.outbox.c.id == entry.id)).mappings().one()
        profile = repo.read_profile(conn)
        settings = smtp_settings(conn, profile.email or "", profile.name)
        files = attachments_for_task(conn, entry.task_id)
    with store.transaction() as conn:
        try:
            _guard(conn, entry.task_id, on)
        except Refused as refused:
            _settle(conn, entry.id, "failed", now, last_error=refused.message)
            return replace(entry, state="failed", last_error=refused.message)
    if settings is None or not profile.email:
        reason = "no mail server set: run `afterview mail smtp --host …`" if settings is None else \
            "your own email address is not set in the profile"
        with store.transaction() as conn:
            _settle(conn, entry.id, "queued", now, last_error=reason)
        return replace(entry, state="queued", last_error=reason)
    try:
        message = build_message(from_address=profile.email, from_name=profile.name, to=row["recipient"],
                                subject=row["subject"], body=row["body"], message_id=row["message_id"])
        attach_files(message, files)  # the files promised to the recipient, read as they are now
    except MailError as problem:
        with store.transaction() as conn:
            _settle(conn, entry.id, "failed", now, last_error=str(problem))
        return replace(entry, state="failed", last_error=str(problem))
    return settings, message


def _retrying(step: Callable[[], T]) -> T:
    """Wait for a busy store, within a bound, before giving up; each try is a whole transaction.

    Above all, what the server answered must be recorded. Giving up there leaves the message
    `sending`; after its lease the next tick treats it as uncertain and looks for it in the
    Sent folder, so even then it is never sent twice.
    """
    deadline = time.monotonic() + RECORD_PATIENCE
    pause = 0.05
    while True:
        try:
            return step()
        except StoreUnavailable:
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _record_result(store: Store, entry: OutboxEntry, result: SendResult, on: date, now: datetime) -> OutboxEntry:
    with store.transaction() as conn:
        attempts = entry.attempts + 1
        if result.status == "sent":
            _mark_sent(conn, entry, on, now)
            return replace(entry, state="sent", attempts=attempts, last_error=None)
        if result.status == "uncertain":
            _settle(conn, entry.id, "uncertain", now, attempts=attempts, last_error=result.reason)
            return replace(entry, state="uncertain", attempts=attempts, last_error=result.reason)
        if result.retryable and attempts < MAX_ATTEMPTS:
            later = now + min(timedelta(minutes=2 ** (attempts - 1)), timedelta(days=1))
            _settle(conn, entry.id, "queued", now, attempts=attempts, last_error=result.reason, send_after=later)
            return replace(entry, state="queued", attempts=attempts, last_error=result.reason, send_after=later)
        _settle(conn, entry.id, "failed", now, attempts=attempts, last_error=result.reason)
        return replace(entry, state="failed", attempts=attempts, last_error=result.reason)


def _recover(store: Store, on: date, now: datetime) -> list[OutboxEntry]:
    """Messages a dead run left `sending`, and uncertain ones: look them up in Sent before anything else."""
    with store.transaction() as conn:
        conn.execute(sa.update(t.outbox).where(t.outbox.c.state == "sending", t.outbox.c.updated_at < now - LEASE)
                     .values(state="uncertain", last_error="the sending run stopped before the server answered",
                             updated_at=now))
        doubtful = [_entry(r) for r in conn.execute(sa.select(t.outbox).where(t.outbox.c.state == "uncertain"))
                    .mappings()]
        imap = imap_settings(conn)
    settled = []
    for entry in doubtful:
        if imap is None:
            continue
        try:
            found = find_in_sent(imap, entry.message_id)
        except MailError as problem:
            with store.transaction() as conn:
                _settle(conn, entry.id, "uncertain", now, last_error=f"{entry.last_error}; Sent folder: {problem}")
            continue
        if found:
            with store.transaction() as conn:
                _mark_sent(conn, entry, on, now)
            settled.append(replace(entry, state="sent"))
    return settled


def tick(store: Store, on: date, now: datetime | None = None) -> list[OutboxEntry]:
    """One pass over the outbox (cron, or the web server's loop): recover, then send what is due."""
    now = now or datetime.now(UTC)
    changed = _recover(store, on, now)
    with store.reading() as conn:
        due = [_entry(r) for r in conn.execute(
            sa.select(t.outbox).where(t.outbox.c.state == "queued", t.outbox.c.send_after <= now)
            .order_by(t.outbox.c.send_after)).mappings()]
    for entry in due:
        changed.append(deliver(store, entry, on, now))
    return changed


def describe(entry: OutboxEntry) -> str:
    """One line about a message, the same in the CLI, the web and the tick's log."""
    why = f" ({entry.last_error})" if entry.last_error else ""
    return f"#{entry.id} to {entry.recipient}: {entry.state}{why}"


def resolve(store: Store, entry_id: int, *, sent: bool, on: date, now: datetime | None = None) -> OutboxEntry:
    """The user settles an uncertain message: it did go out (record it), or send it again now.

    "Send it again" means the same from every door: back in the queue and sent at once.
    """
    settled = _resolve(store, entry_id, sent=sent, on=on, now=now)
    return settled if sent else deliver(store, settled, on, now)


def _resolve(store: Store, entry_id: int, *, sent: bool, on: date, now: datetime | None = None) -> OutboxEntry:
    now = now or datetime.now(UTC)
    with store.transaction() as conn:
        row = conn.execute(sa.select(t.outbox).where(t.outbox.c.id == entry_id)).mappings().first()
        if row is None:
            raise NotFound(f"no outbox message {entry_id}; `afterview outbox` lists them")
        entry = _entry(row)
        if entry.state != "uncertain":
            raise UserError(f"message {entry_id} is {entry.state}, not uncertain; nothing to resolve")
        if sent:
            _mark_sent(conn, entry, on, now)
            return replace(entry, state="sent")
        _settle(conn, entry.id, "queued", now, send_after=now)
        return replace(entry, state="queued")


# --- Bounces: a note that never arrived ---------------------------------------------------------------------------

# A bounced message has its own state, `bounced`: history like `failed` (its task can be
# sent again once the address is fixed: see `t.OUTBOX_LIVE`), with the server's words.


def _sent_entry(conn: sa.Connection, message_ids: list[str], addresses: set[str]) -> OutboxEntry | None:
    """The sent message a bounce is about: by the Message-ID it returns, else the latest sent to a failed address."""
    if message_ids:
        row = conn.execute(sa.select(t.outbox).where(t.outbox.c.message_id.in_(list(message_ids)),
                                                     t.outbox.c.state == "sent")).mappings().first()
        if row is not None:
            return _entry(row)
    if addresses:
        row = conn.execute(sa.select(t.outbox).where(sa.func.lower(t.outbox.c.recipient).in_(list(addresses)),
                                                     t.outbox.c.state == "sent")
                           .order_by(t.outbox.c.updated_at.desc(), t.outbox.c.id.desc())).mappings().first()
        if row is not None:
            return _entry(row)
    return None


def mark_bounced(conn: sa.Connection, message_ids: list[str], addresses: set[str], reason: str,
                 on: date, now: datetime | None = None) -> OutboxEntry | None:
    """A sent message bounced (inside the caller's transaction): mark it, and open its task again.

    The contact that sending recorded is taken back, since the note never reached
    anyone; the outbox row keeps the evidence (when it went, and the server's words).
    Nothing else changes: no task is cancelled. Returns the entry, or None when the
    bounce is about no message of ours.
    """
    now = now or datetime.now(UTC)
    entry = _sent_entry(conn, message_ids, {a.lower() for a in addresses})
    if entry is None:
        return None
    why = (f"the address {entry.recipient} bounced" + (f" ({reason})" if reason else ""))[:2000]
    _settle(conn, entry.id, "bounced", now, last_error=why)
    task = repo.read_task(conn, entry.task_id)
    if task is not None and task.application is not None:
        _take_back_contact(conn, task.id, task.application, task.kind, task.person, on)
    return replace(entry, state="bounced", last_error=why)


def _take_back_contact(conn: sa.Connection, task_id: str, app_id: str, kind: str, person: str | None,
                       on: date) -> None:
    from afterview.services.facts import save_application
    from afterview.services.planning import replan

    found = repo.read_applications(conn, [app_id])
    if not found:
        return
    app = found[0]
    sent = [n for n, i in enumerate(app.interactions) if i.direction == "out" and i.kind == kind
            and i.person == person and i.channel == "email" and i.on <= on]
    if sent:
        latest = max(sent, key=lambda n: app.interactions[n].on)
        save_application(conn, app, replace(app, interactions=app.interactions[:latest]
                                            + app.interactions[latest + 1 :]))
    # Done stays done, except here: the note never arrived, so its task follows the facts again
    # (and, open again, says which address bounced: see `store.bounces`).
    replan(conn, {app_id}, release=[task_id])


def flagged_addresses(store: Store, among: Iterable[str]) -> dict[str, str]:
    """`bounced_addresses` among these, in its own read: what a list of people shows beside an address."""
    with store.reading() as conn:
        return bounced_addresses(conn, among)
