"""A second set of eyes [004]: a friend reads a note before it goes.

`request_review` sends the checked draft to a friend from the user's own SMTP
server, as a review request with its own Message-ID. The friend's answer threads
to that request (In-Reply-To or References), so the inbox scan hands every
message it reads to `take_review_replies` first: a reply to a review request
becomes a comment on the draft (shown on the Draft page) and is not read as an
employer's reply. A setting can hold sending until a review is back, or until the
note's deadline is one business day away, whichever comes first.

Requests and comments are kept per task under one settings key each
(`review.<hash of the task id>`), as plain JSON.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from afterview.domain import emails
from afterview.domain.model import Task
from afterview.domain.playbook import employer_calendar
from afterview.mail.errors import MailError
from afterview.mail.header import MailHeader, normalize_message_id
from afterview.mail.smtp import attach_files, build_message, make_message_id, send
from afterview.services.drafts import attachments_of, checked_draft, word_task
from afterview.services.errors import UserError
from afterview.services.mail_settings import smtp_settings
from afterview.services.store import Store
from afterview.store import keepings
from afterview.store import repository as repo
from afterview.store import schema as t

PREFIX = "review."
HOLD_KEY = "review.hold"
MAX_COMMENT_CHARS = 20_000
_QUOTE_HEAD = re.compile(r"^\s*(?:On .{0,200} wrote:|-{2,}\s*Original Message\s*-{2,}|From: .*)\s*$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class ReviewRequest:
    message_id: str
    to: str
    sent_at: datetime


@dataclass(frozen=True)
class ReviewComment:
    message_key: str
    sender: str
    received: date
    text: str


@dataclass(frozen=True)
class Reviews:
    task_id: str
    requests: tuple[ReviewRequest, ...] = ()
    comments: tuple[ReviewComment, ...] = ()

    @property
    def is_back(self) -> bool:
        return bool(self.comments)


def _key(task_id: str) -> str:
    return PREFIX + hashlib.blake2b(task_id.encode("utf-8"), digest_size=16).hexdigest()


def _read(conn: sa.Connection, task_id: str) -> dict[str, Any]:
    value = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == _key(task_id))).scalar()
    return dict(value) if isinstance(value, dict) else {"task": task_id, "requests": [], "comments": []}


def _write(conn: sa.Connection, value: dict[str, Any]) -> None:
    # The review's exchange (requests sent, comments read by the scan) is a record of mail, not a
    # change the user makes: undo leaves it alone.
    keepings.put_setting(conn, _key(value["task"]), value, journaled=False)


def _reviews(value: dict[str, Any]) -> Reviews:
    requests = tuple(ReviewRequest(r["message_id"], r["to"], datetime.fromisoformat(r["sent_at"]))
                     for r in value.get("requests", ()))
    comments = tuple(ReviewComment(c["message_key"], c["from"], date.fromisoformat(c["received"]), c["text"])
                     for c in value.get("comments", ()))
    return Reviews(value["task"], requests, comments)


def reviews_for(store: Store, task_id: str) -> Reviews:
    with store.reading() as conn:
        return _reviews(_read(conn, task_id))


def _friend(address: str) -> str:
    why = emails.problem(address.strip())
    if why is not None:
        raise UserError(f"{address!r} is not an email address ({why})", field="to",
                        hint="give your friend's address, like sam@example.org")
    return address.strip()


def request_body(draft_text: str, me: str) -> str:
    """What the friend reads: a short ask, then the note exactly as it would go."""
    return (f"Hello,\n\nWould you read the note below before I send it? A second pair of eyes catches what I "
            f"miss: a wrong name, a clumsy sentence, anything that reads oddly. Just reply to this email with "
            f"your comments.\n\nThank you!\n{me}\n\n"
            f"----- the note -----\n{draft_text}\n----- end of the note -----\n")


def request_review(store: Store, task_id: str, to: str, as_of: date, *, now: datetime | None = None) -> Reviews:
    """Send the task's draft to a friend for review from the user's own SMTP server."""
    friend = _friend(to)
    now = now or datetime.now(UTC)
    with store.reading() as conn:
        task = word_task(conn, task_id, as_of)
        checked = checked_draft(conn, task, None, as_of)
        profile = repo.read_profile(conn)
        settings = smtp_settings(conn, profile.email or "", profile.name)
        files = attachments_of(conn, task)
    if not profile.email:
        raise UserError("your own email address is not set", field="email",
                        hint="add \"email\" to your profile first")
    if settings is None:
        raise UserError("no mail server is set, so the request cannot go out",
                        hint="run `afterview mail smtp --host …` first")
    draft = checked.draft
    message_id = make_message_id(f"{task_id}:review:{now.isoformat()}")
    subject = f"Would you read this before I send it? {draft.subject or draft.format}"
    try:
        message = build_message(from_address=profile.email, from_name=profile.name, to=friend, subject=subject,
                                body=request_body(draft.text, profile.name or profile.email),
                                message_id=message_id, date=now)
        attach_files(message, files)
    except MailError as problem:
        raise UserError(str(problem)) from None
    result = send(settings, message)
    if result.status != "sent":
        raise UserError(f"the review request was not sent: {result.reason}", code="mail",
                        hint="check the mail server settings and try again")
    with store.transaction() as conn:
        value = _read(conn, task_id)
        value["requests"] = [*value.get("requests", []),
                             {"message_id": message_id, "to": friend, "sent_at": now.isoformat()}]
        _write(conn, value)
        return _reviews(value)


def _request_ids(conn: sa.Connection) -> dict[str, str]:
    """Every review request's Message-ID -> its task id."""
    rows = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key.like(PREFIX + "%"),
                                                            t.settings.c.key != HOLD_KEY)).scalars()
    found: dict[str, str] = {}
    for value in rows:
        if isinstance(value, dict):
            for request in value.get("requests", ()):
                found[normalize_message_id(request["message_id"]).lower()] = value["task"]
    return found


def comment_text(text: str) -> str:
    """The friend's own words: the quoted request and anything under an 'On … wrote:' line left out."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _QUOTE_HEAD.match(line) or line.startswith("----- the note -----"):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()[:MAX_COMMENT_CHARS]


def _record_comment(store: Store, task_id: str, header: MailHeader, received: date) -> None:
    with store.transaction() as conn:
        value = _read(conn, task_id)
        comments = value.get("comments", [])
        if any(c["message_key"] == header.key for c in comments):
            return  # a second scan of the same reply adds nothing
        value["comments"] = [*comments, {"message_key": header.key, "from": header.from_address,
                                         "received": received.isoformat(), "text": comment_text(header.text())}]
        _write(conn, value)


def take_review_replies(store: Store, headers: Iterable[MailHeader], as_of: date) -> Iterator[MailHeader]:
    """Every message but the replies to review requests, which are recorded as comments on their draft.

    The inbox scan calls this on each stream of messages it reads, before looking for employers' replies.
    """
    with store.reading() as conn:
        ids = _request_ids(conn)
    if not ids:
        yield from headers
        return
    for header in headers:
        try:
            task_id = next((ids[m] for raw in header.thread_ids()
                            if (m := normalize_message_id(raw.decode("ascii", "replace")).lower()) in ids), None)
            if task_id is not None:
                received = header.date.date() if header.date is not None else as_of
                _record_comment(store, task_id, header, received)
                continue
        except UserError:
            raise  # the store itself cannot be used: the scan stops with one line
        except Exception:
            pass
        yield header


def set_hold(store: Store, hold: bool) -> None:
    """Hold every note until a review is back (or its deadline is a business day away), or stop holding."""
    with store.transaction("hold notes for review" if hold else "stop holding notes") as conn:
        keepings.put_setting(conn, HOLD_KEY, bool(hold))


def holding(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == HOLD_KEY)).scalar())


def hold_reason(conn: sa.Connection, task: Task, as_of: date) -> str | None:
    """Why `task`'s note must wait for its review, or None when it may go."""
    if not holding(conn) or _reviews(_read(conn, task.id)).is_back:
        return None
    last_day = task.deadline or task.due
    if task.application is not None:
        app = repo.read_applications(conn, [task.application])[0]
        release = employer_calendar(app, repo.read_profile(conn)).add(as_of, 1)
    else:
        release = as_of
    if release >= last_day:
        return None  # the deadline is a business day away: the note goes, reviewed or not
    asked = bool(_read(conn, task.id).get("requests"))
    return ("this note is held until a friend's review is back" + (" (a request is out)" if asked else "")
            + f", or until {last_day.isoformat()} is one business day away")
