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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from afterview.mail.header import MailHeader, normalize_message_id
from afterview.mail.outcome import find_decision_date, suggest_outcome

__all__ = ["FREE_MAIL_DOMAINS", "SHARED_SERVICE_DOMAINS", "ReplyClassifier", "ReplyMatch", "find_decision_date",
           "is_shared_domain", "suggest_outcome"]

MatchReason = Literal["thread", "person", "domain"]

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


class ReplyClassifier:
    """Classify headers against what the store knows, given as plain mappings.

    `sent`: our Message-ID -> application id; `people`: address -> application id;
    `domains`: company mail domain -> application id; `own`: the user's addresses.
    """

    def __init__(self, sent: Mapping[str, str], people: Mapping[str, str], domains: Mapping[str, str],
                 own: Iterable[str] = ()) -> None:
        self._sent = {normalize_message_id(k): v for k, v in sent.items() if normalize_message_id(k)}
        self._people = {k.strip().lower(): v for k, v in people.items()}
        self._domains = {k.strip().lower().lstrip("@"): v for k, v in domains.items()
                         if not is_shared_domain(k.strip().lstrip("@"))}
        self._own = frozenset(a.strip().lower() for a in own)

    def _domain_match(self, address: str) -> str | None:
        domain = address.rpartition("@")[2]
        if not domain or is_shared_domain(domain):
            return None
        labels = domain.split(".")
        for start in range(len(labels) - 1):
            found = self._domains.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def classify(self, header: MailHeader) -> ReplyMatch | None:
        sender = header.from_address
        if sender in self._own:
            return None
        ours = None
        if self._sent:
            parent = header.in_reply_to
            if parent is not None and parent in self._sent:
                ours = parent
            else:
                ours = next((ref for ref in reversed(header.references) if ref in self._sent), None)
        if ours is not None:
            app, why = self._sent[ours], "thread"
        elif sender in self._people:
            app, why = self._people[sender], "person"
        else:
            found = self._domain_match(sender) if self._domains else None
            if found is None:
                return None
            app, why = found, "domain"
        if header.is_automatic:
            return None
        return ReplyMatch(app, why, sender, header.date, header.key, ours)  # type: ignore[arg-type]

    def is_candidate(self, header: MailHeader) -> bool:
        """Predicate for `scan.candidates`: worth reading the body of."""
        return self.classify(header) is not None
