"""What one matched message means: a reply and what it says, an answer to one of our
messages, an auto-reply (with the days its sender is away), or a bounce.

Pure reading of the message, no store: `services.inbox` records what this finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.mail.bounces import Bounce, read_bounce
from afterview.mail.dates import FoundDate, find_dates
from afterview.mail.header import MailHeader
from afterview.mail.outcome import Reading, decision_dates, read_reply
from afterview.mail.replies import ReplyMatch

FindingKind = Literal["reply", "answer", "auto_reply", "bounce", "ignored"]

# Sentences of an out-of-office notice that name the day its sender is back.
_RETURN_CUES = (
    "back", "return", "until", "away", "out of", "absent", "zurück", "wieder", "bis", "abwesend", "retour",
    "jusqu", "absent", "regres", "vuelta", "hasta", "ausente", "rientr", "fino al", "assente", "terug", "tot en met",
    "afwezig", "volto", "retorn", "até", "ausente",
)
# Words saying the date is the first day back, not the last day away.
_BACK_WORDS = ("back", "return", "zurück", "wieder", "retour", "regres", "vuelta", "rientr", "terug", "volto",
               "retorn")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    received: date
    subject: str
    readings: tuple[Reading, ...] = ()
    decision: FoundDate | None = None
    away: tuple[date, date, str] | None = None  # first day, last day, the sentence
    bounce: Bounce | None = None
    notes: tuple[str, ...] = field(default=())


def local_time(header: MailHeader, timezone: str, fallback: date) -> datetime:
    """The message's Date as a naive datetime in the user's zone (noon of `fallback` without one)."""
    sent = header.date
    if sent is None:
        return datetime.combine(fallback, datetime.min.time()).replace(hour=12)
    try:
        return sent.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "US" names a folder of zones, not a zone
        return sent.replace(tzinfo=None)


def _away(text: str, sent: datetime, country: str | None) -> tuple[date, date, str] | None:
    for found in find_dates(text, sent, country=country, cues=_RETURN_CUES):
        low = found.sentence.casefold()
        last = found.day - timedelta(days=1) if any(w in low for w in _BACK_WORDS) else found.day
        if last >= sent.date():
            return sent.date(), last, found.sentence
    return None


def understand(header: MailHeader, match: ReplyMatch, *, timezone: str, country: str | None, as_of: date,
               answers_only: bool = False) -> Finding:
    """Read a message the classifier matched. `answers_only`: it threads to a message of ours whose
    answer settles that message only (a request for contacts), so it is no status reply."""
    sent = local_time(header, timezone, as_of)
    received = sent.date()
    subject = header.subject
    if match.automatic == "bounce":
        bounce = read_bounce(header)
        return Finding("bounce" if bounce else "ignored", received, subject, bounce=bounce)
    if match.automatic in ("bulk", "list"):
        return Finding("ignored", received, subject)
    body = header.text()
    if match.automatic == "auto_reply":
        return Finding("auto_reply", received, subject, away=_away(body, sent, country))
    if answers_only:
        return Finding("answer", received, subject)
    dates = decision_dates(body, sent, country=country)
    return Finding("reply", received, subject, tuple(read_reply(subject, body)), dates[0] if dates else None)
