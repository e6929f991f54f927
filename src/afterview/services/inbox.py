"""Noticing replies: the user's mailbox (IMAP, or an mbox, Maildir or .eml export) read for answers.

A message is a reply when it answers one of our Message-IDs, or comes from a
known person's address, or from the company's own mail domain (never a free-mail
domain everyone shares). Each reply becomes an inbound interaction — pending
check-ins are cancelled as the playbook says — in one transaction with the note
that it was seen, so a second scan adds nothing and a crash never leaves half a
reply. A clear offer or rejection is only suggested, for the user to confirm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from afterview.domain.model import Interaction
from afterview.mail.errors import MailError
from afterview.mail.imap import FolderState, ImapInbox
from afterview.mail.outcome import find_decision_date, suggest_outcome
from afterview.mail.replies import ReplyClassifier, ReplyMatch, is_shared_domain
from afterview.mail.scan import MailHeader, ScanReport, candidates, scan_eml, scan_maildir, scan_mbox
from afterview.services.errors import UserError
from afterview.services.facts import record_contact
from afterview.services.mail_settings import imap_settings
from afterview.services.planning import local_today
from afterview.services.review import take_review_replies
from afterview.services.store import Store
from afterview.store import repository as repo
from afterview.store import schema as t


@dataclass(frozen=True)
class FoundReply:
    application: str
    company: str
    sender: str
    received: date
    subject: str
    why: str
    suggestion: str | None
    decision_expected: date | None


@dataclass
class ScanResult:
    report: ScanReport
    replies: list[FoundReply] = field(default_factory=list)
    already_seen: int = 0

    def lines(self) -> list[str]:
        out = [f"{self.report.summary()}; {len(self.replies)} new repl{'y' if len(self.replies) == 1 else 'ies'}"
               + (f", {self.already_seen} seen before" if self.already_seen else "")]
        for reply in self.replies:
            out.append(f"  {reply.received}  {reply.company}: {reply.subject or '(no subject)'} — from "
                       f"{reply.sender} ({reply.why})")
            if reply.decision_expected:
                out.append(f"    a new decision date, {reply.decision_expected}: a new check-in is planned after it")
            if reply.suggestion:
                out.append(f"    this looks like {'an offer' if reply.suggestion == 'offer' else 'a rejection'}; "
                           f"confirm with: afterview log outcome {reply.application} {reply.suggestion} "
                           f"--on {reply.received}")
        return out


@dataclass(frozen=True)
class _Knowledge:
    classifier: ReplyClassifier
    names: dict[str, str]  # address -> person's name
    companies: dict[str, str]  # application id -> company
    seen: frozenset[str]
    timezone: str


def _knowledge(conn: sa.Connection) -> _Knowledge:
    apps = repo.read_applications(conn)
    # Later applications win a shared address: the newest is the one being answered.
    people = {p.email.lower(): a.id for a in apps for p in a.people if p.email}
    names = {p.email.lower(): p.name for a in apps for p in a.people if p.email}
    domains: dict[str, str] = {}
    for app in apps:
        for person in app.people:
            domain = (person.email or "").rpartition("@")[2].lower()
            # An agent's or a referrer's domain is not the employer's: they are matched by address only.
            if domain and person.role not in ("agent", "referrer") and not is_shared_domain(domain):
                domains[domain] = app.id
    sent_rows = conn.execute(sa.select(t.outbox.c.message_id, t.outbox.c.task_id)).all()
    sent = {row.message_id: row.task_id.split(":", 1)[0] for row in sent_rows}
    seen = frozenset(conn.execute(sa.select(t.mail_seen.c.message_key)).scalars())
    profile = repo.read_profile(conn)
    return _Knowledge(ReplyClassifier(sent, people, domains, [profile.email] if profile.email else []), names,
                      {a.id: a.company for a in apps}, seen, profile.timezone)


def _day(header: MailHeader, timezone: str, fallback: date) -> date:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if header.date is None:
        return fallback
    try:
        return header.date.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "US" names a folder of zones, not a zone
        return header.date.date()


def _record(store: Store, known: _Knowledge, header: MailHeader, match: ReplyMatch, as_of: date) -> FoundReply:
    received = _day(header, known.timezone, as_of)
    subject = header.subject
    body = header.text()
    suggestion = suggest_outcome(subject, body)
    decision = find_decision_date(body, received)
    with store.transaction() as conn:
        conn.execute(sa.insert(t.mail_seen).values(
            message_key=header.key, application_id=match.application_id, received_on=received,
            from_addr=match.person, subject=subject[:1000], suggestion=suggestion))
        record_contact(conn, match.application_id, Interaction(
            received, "in", "reply", known.names.get(match.person), "email", decision))
    return FoundReply(match.application_id, known.companies.get(match.application_id, ""), match.person, received,
                      subject, match.why, suggestion, decision)


def _consume(store: Store, known: _Knowledge, headers: Iterable[MailHeader], result: ScanResult,
             as_of: date, handled: set[str]) -> None:
    headers = take_review_replies(store, headers, as_of)  # a friend's review of a draft is not an employer's reply
    for header in candidates(headers, known.classifier.is_candidate, result.report):
        key = header.key
        if key in known.seen or key in handled:
            result.already_seen += 1
            continue
        match = known.classifier.classify(header)
        if match is None:
            continue
        handled.add(key)
        result.replies.append(_record(store, known, header, match, as_of))


def scan(store: Store, as_of: date | None = None, *, mbox: Path | None = None, maildir: Path | None = None,
         eml: Sequence[Path] = ()) -> ScanResult:
    """Read new mail from IMAP (incrementally) or from a file export, and record the replies."""
    with store.reading() as conn:
        known = _knowledge(conn)
        day = as_of or local_today(conn)
        imap = imap_settings(conn)
    result = ScanResult(ScanReport())
    handled: set[str] = set()
    try:
        if mbox is not None:
            _consume(store, known, scan_mbox(mbox, result.report), result, day, handled)
        elif maildir is not None:
            _consume(store, known, scan_maildir(maildir, result.report), result, day, handled)
        elif eml:
            _consume(store, known, scan_eml(eml, result.report), result, day, handled)
        elif imap is None:
            raise UserError("no mailbox set: run `afterview mail imap --host … --username …`, "
                            "or read a file with --mbox, --maildir or --eml")
        else:
            with ImapInbox(imap) as inbox:
                for folder in imap.folders:
                    source = f"imap:{imap.username}@{imap.host}:{imap.port}/{folder}"
                    folder_scan = inbox.scan(folder, _folder_state(store, source, folder), result.report)
                    _consume(store, known, folder_scan.headers, result, day, handled)
                    _save_folder_state(store, source, folder_scan.state)
    except MailError as problem:
        raise UserError(str(problem)) from None
    return result


def _folder_state(store: Store, source: str, folder: str) -> FolderState | None:
    with store.reading() as conn:
        row = conn.execute(sa.select(t.mail_state).where(t.mail_state.c.source == source)).mappings().first()
    if row is None or row["uidvalidity"] is None:
        return None
    return FolderState(folder, int(row["uidvalidity"]), int(row["last_uid"] or 0))


def _save_folder_state(store: Store, source: str, state: FolderState) -> None:
    with store.transaction() as conn:
        conn.execute(sa.delete(t.mail_state).where(t.mail_state.c.source == source))
        conn.execute(sa.insert(t.mail_state).values(source=source, uidvalidity=state.uidvalidity,
                                                    last_uid=state.last_uid))
