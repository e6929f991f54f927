"""Deciding whether a message is the employer answering us, and what it says.

A message is a reply to an application, first rule that matches wins:
  1. `thread`: its In-Reply-To or References names a Message-ID we sent;
  2. `person`: it comes from the address of a person on file;
  3. `domain`: it comes from the company's mail domain (or a sub-domain of it).
Domains shared by everyone (free mail, job boards and applicant-tracking
services that send for many companies) never match by domain: a message from
someone@gmail.com says nothing about which company wrote. Automatic replies
(out-of-office notices, `Auto-Submitted`) and messages from the user's own
addresses are never replies.

Mail sent by a program (`automatic`) is classified too, with its kind: an
out-of-office from an interviewer matches the application it is about, and the
caller decides what it means (never a reply). A bounce matches when it is one at
all and the user has sent mail: it names our message, not the sender's company.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from afterview.mail.automatic import (
    BOUNCE_INITIALS,
    BOUNCE_SENDERS,
    AutomaticKind,
    automatic_kind,
    is_delivery_report,
    looks_like_bounce,
)
from afterview.mail.header import MailHeader, normalize_message_id
from afterview.mail.outcome import find_decision_date, suggest_outcome

__all__ = ["FREE_MAIL_DOMAINS", "SHARED_SERVICE_DOMAINS", "ReplyClassifier", "ReplyMatch", "find_decision_date",
           "is_shared_domain", "suggest_outcome"]

MatchReason = Literal["thread", "person", "domain", "bounce"]

# Mail providers where anyone can have an address. `name.*` stands for every
# country domain of that provider (gmx.de, gmx.net, yahoo.co.uk …).
FREE_MAIL_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.*", "live.*", "msn.com", "yahoo.*",
    "ymail.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.*",
    "web.de", "aol.com", "mail.com", "zoho.com", "yandex.*", "mail.ru", "fastmail.com", "tutanota.com",
    "tuta.io", "hey.com", "t-online.de", "freenet.de", "orange.fr", "free.fr", "laposte.net",
    "libero.it", "qq.com", "163.com", "126.com", "naver.com", "seznam.cz", "wp.pl", "o2.pl",
})
# Services that send mail on behalf of many employers: a domain match there would
# tie one company's message to another's application.
SHARED_SERVICE_DOMAINS: frozenset[str] = frozenset({
    "linkedin.com", "indeed.com", "greenhouse.io", "lever.co", "myworkday.com", "myworkdayjobs.com",
    "smartrecruiters.com", "workable.com", "ashbyhq.com", "recruitee.com", "personio.de", "bamboohr.com",
    "icims.com", "successfactors.com", "taleo.net", "jobvite.com", "teamtailor.com",
})


def _wildcards(domains: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(d for d in domains if not d.endswith(".*"))
    prefixes = tuple(d[:-1] for d in domains if d.endswith(".*"))
    return exact, prefixes


_SHARED_EXACT, _SHARED_PREFIXES = _wildcards(FREE_MAIL_DOMAINS | SHARED_SERVICE_DOMAINS)
_DOMAIN_CACHE_SIZE = 100_000
_UNKNOWN: object = object()


def is_shared_domain(domain: str) -> bool:
    """True for free-mail and multi-employer service domains (and their sub-domains)."""
    labels = domain.lower().strip(".").split(".")
    for start in range(len(labels) - 1):
        suffix = ".".join(labels[start:])
        if suffix in _SHARED_EXACT:
            return True
        # `yahoo.*` covers yahoo.de and yahoo.co.uk, not yahoo.example.com.
        if len(labels) - start <= 3 and suffix.startswith(_SHARED_PREFIXES):
            return True
    return False


@dataclass(frozen=True, slots=True)
class ReplyMatch:
    """A message found to answer an application."""

    application_id: str
    why: MatchReason
    person: str  # the sender's address
    received: datetime | None
    message_id: str  # the message's stable key (`MailHeader.key`)
    answers: str | None = None  # our Message-ID it answers, for the `thread` rule
    automatic: AutomaticKind | None = None  # sent by a program: never a reply


class ReplyClassifier:
    """Classify headers against what the store knows, given as plain mappings.

    `sent`: our Message-ID -> application id; `people`: address -> application id;
    `domains`: company mail domain -> application id; `own`: the user's addresses.

    `is_candidate` runs on every message of a scan, so the rules work on what
    the header finds without decoding: the From address, and the raw Message-IDs
    it answers looked up as bytes. A sender's domain is judged once per domain.
    """

    def __init__(self, sent: Mapping[str, str], people: Mapping[str, str], domains: Mapping[str, str],
                 own: Iterable[str] = ()) -> None:
        self._sent = {normalize_message_id(k): v for k, v in sent.items() if normalize_message_id(k)}
        # The same keys as bytes, for looking up raw Message-IDs without decoding them.
        # A raw ID that is not ASCII is decoded first (see `_ours`), as `MailHeader` does.
        self._sent_raw = {k.encode("ascii"): k for k in self._sent if k.isascii()}
        self._people = {k.strip().lower(): v for k, v in people.items()}
        self._domains = {k.strip().lower().lstrip("@"): v for k, v in domains.items()
                         if not is_shared_domain(k.strip().lstrip("@"))}
        self._own = frozenset(a.strip().lower() for a in own)
        self._any_sent = bool(self._sent)  # bounces matter once the user has sent mail
        # Sender domain -> application (or None). A mailbox has a few thousand
        # domains and millions of messages; the bound keeps memory flat anyway.
        self._by_domain: dict[str, str | None] = {}

    def _domain_match(self, address: str) -> str | None:
        domain = address.rpartition("@")[2]
        found = self._by_domain.get(domain, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._by_domain) >= _DOMAIN_CACHE_SIZE:
                self._by_domain.clear()
            found = self._by_domain[domain] = self._match_domain(domain)
        return found  # type: ignore[return-value]

    def _match_domain(self, domain: str) -> str | None:
        if not domain or is_shared_domain(domain):
            return None
        labels = domain.split(".")
        for start in range(len(labels) - 1):
            found = self._domains.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def _ours(self, thread_ids: list[bytes]) -> str | None:
        """Our Message-ID among the raw IDs a message answers (nearest first), if any."""
        for raw in thread_ids:
            if raw.isascii():
                ours = self._sent_raw.get(raw)
            else:  # decoded as `MailHeader` decodes it, then compared
                decoded = raw.decode("ascii", "replace")
                ours = decoded if decoded in self._sent else None
            if ours is not None:
                return ours
        return None

    def _rule(self, header: MailHeader) -> tuple[str, MatchReason, str | None] | None:
        """(application, rule, our Message-ID answered) of the first rule that matches.

        Automatic replies are not excluded here: that needs more fields, read for matches only.
        """
        sender = header.from_address
        if sender in self._own:
            return None
        if self._sent:
            thread_ids = header.thread_ids()
            ours = self._ours(thread_ids) if thread_ids else None
            if ours is not None:
                return self._sent[ours], "thread", ours
        app = self._people.get(sender)
        if app is not None:
            return app, "person", None
        app = self._domain_match(sender) if self._domains else None
        return (app, "domain", None) if app is not None else None

    def classify(self, header: MailHeader) -> ReplyMatch | None:
        """The application a message is about and how it was found, its `automatic` kind
        set when a program sent it; None when it is about no application."""
        found = self._rule(header)
        if found is None:
            if self._any_sent and looks_like_bounce(header):
                return ReplyMatch("", "bounce", header.from_address, header.date, header.key, None, "bounce")
            return None
        app, why, ours = found
        return ReplyMatch(app, why, header.from_address, header.date, header.key, ours, automatic_kind(header))

    def is_candidate(self, header: MailHeader) -> bool:
        """Predicate for `scan.candidates`: worth reading the body of (`classify` says what it is).

        It runs on every message of a scan, most of which match nothing: so the rules of
        `_rule` are asked here without building their answer, and the bounce test after
        them is the sender's prefix (already read) and one search of the header block.
        """
        sender = header.from_address
        if sender not in self._own:
            if self._sent:
                thread_ids = header.thread_ids()
                if thread_ids and self._ours(thread_ids) is not None:
                    return True
            if sender in self._people or (self._domains and self._domain_match(sender) is not None):
                return True
        return self._any_sent and ((sender[:1] in BOUNCE_INITIALS and sender.startswith(BOUNCE_SENDERS))
                                   or is_delivery_report(header))
