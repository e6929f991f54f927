"""Everything a backup holds besides the facts: the user's own wording and what was sent.

The facts (`JobSearch`) are what the plan is derived from. A backup also keeps
what the user made on top of them, so that a restore gives back the same
search and not only the same facts: the drafts they edited, the outbox with
the words that actually went out, the tasks they snoozed, their settings (never
a password or a token) and the task statuses they made (done, skipped), which
a later change of facts or rules never takes back, and what the inbox scan read
that the user has still to confirm or dismiss (and how they settled the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from afterview.domain.model import JobSearch, Task


@dataclass(frozen=True, slots=True)
class SavedDraft:
    """The user's own wording of a task's note (the subject only for an email)."""

    task: str
    body: str
    subject: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One message of the outbox exactly as queued and, when `state` is sent, as it went out."""

    task: str
    message_id: str
    recipient: str
    subject: str
    body: str
    state: str
    send_after: datetime
    created_at: datetime
    updated_at: datetime
    attempts: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Snooze:
    task: str
    until: date


@dataclass(frozen=True, slots=True)
class SeenMessage:
    """A message the inbox scan already read (so a scan after a restore adds no reply twice)."""

    key: str
    application: str | None = None
    received_on: date | None = None
    sender: str | None = None
    subject: str | None = None
    suggestion: str | None = None  # the outcome a reply suggested (offer, rejected), for the user to confirm
    kind: str | None = None  # what the message was: one of SEEN_KINDS


# What a message the scan read was. Documents written before `kind` kept it in `suggestion`.
SEEN_KINDS = ("reply", "answer", "auto_reply", "bounce", "ignored", "unreadable")


def seen_message(key: str, application: str | None, received_on: date | None, sender: str | None,
                 subject: str | None, suggestion: str | None, kind: str | None) -> SeenMessage:
    """A read message from a document, an older one's class taken out of `suggestion` into `kind`."""
    if kind is None and suggestion in SEEN_KINDS:
        kind, suggestion = suggestion, None
    return SeenMessage(key, application, received_on, sender, subject, suggestion, kind or "reply")


@dataclass(frozen=True, slots=True)
class MailboxPlace:
    """Where the scan of one mailbox folder stopped."""

    source: str
    uidvalidity: int | None = None
    last_uid: int | None = None


# What the scan can read in a message (services/suggestions.py says what confirming each does),
# and where the user left it.
SUGGESTION_KINDS = ("offer", "rejected", "invitation", "references", "more_time", "decision_date", "away")
SUGGESTION_STATES = ("pending", "confirmed", "dismissed")


@dataclass(frozen=True, slots=True)
class KeptSuggestion:
    """What the scan read in one message (an offer, a new decision date, days away …), kept until the
    user confirms or dismisses it: one per message and kind."""

    message: str  # the key of the message it was read in (as in `SeenMessage.key`)
    application: str
    kind: str  # one of SUGGESTION_KINDS
    sentence: str  # the words it was read from
    received_on: date
    found_at: datetime
    state: str = "pending"  # one of SUGGESTION_STATES
    confidence: float | None = None  # None for a date: read from words, not weighed
    first_day: date | None = None  # the decision date, or the first day away
    last_day: date | None = None  # the last day away
    sender: str | None = None
    settled_on: date | None = None


@dataclass(frozen=True)
class Backup:
    """A whole search as the user left it: the facts and all they made on top of them."""

    search: JobSearch = field(default_factory=JobSearch)
    drafts: tuple[SavedDraft, ...] = ()
    outbox: tuple[OutboxMessage, ...] = ()
    snoozes: tuple[Snooze, ...] = ()
    # Stored settings by key (mail servers, spelling words, review requests …), as plain JSON.
    settings: dict[str, Any] = field(default_factory=dict)
    # Tasks whose status the user made (done, skipped): kept as they are by every later plan.
    task_history: tuple[Task, ...] = ()
    mail_seen: tuple[SeenMessage, ...] = ()
    mailbox_places: tuple[MailboxPlace, ...] = ()
    suggestions: tuple[KeptSuggestion, ...] = ()


OUTBOX_STATES = ("queued", "sending", "sent", "failed", "uncertain", "duplicate", "bounced")

# Words that mark a secret wherever they appear in a setting's keys: never written to a backup.
SECRET_WORDS = ("password", "passwd", "secret", "token", "credential", "api_key", "apikey")


def is_secret(key: str) -> bool:
    folded = key.casefold()
    return any(word in folded for word in SECRET_WORDS)


def without_secrets(value: Any) -> Any:
    """A setting's value with every field whose name marks a secret left out, at any depth."""
    if isinstance(value, dict):
        return {k: without_secrets(v) for k, v in value.items() if not is_secret(str(k))}
    if isinstance(value, list):
        return [without_secrets(v) for v in value]
    return value
