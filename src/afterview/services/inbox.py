"""Noticing replies: the user's mailbox (IMAP, or an mbox, Maildir or .eml export) read for answers.

A message is about an application when it answers one of our Message-IDs, or comes
from a known person's address, or from the company's own mail domain (never a
free-mail domain everyone shares). What it means, then:
  * a reply from a person: an inbound interaction, so pending check-ins are cancelled
    as the playbook says; what it seems to say (an offer, a rejection, an invitation,
    a request for references, more time needed, a new decision date) is only
    suggested, with the sentence it came from, for the user to confirm;
  * an answer to one particular message of ours whose answer is not the employer's
    word on the application (the agent sending the contacts asked for, a reference
    or referrer answering): it settles that message and cancels nothing;
  * an auto-reply (out of office): nothing is recorded; a return date it names is
    offered as time away, for the user to confirm;
  * a bounce of one of our notes: the note is marked bounced, its task opens again,
    the address is flagged; nothing is cancelled;
  * a message that cannot be read (a charset that is no charset, a broken
    structure): recorded as unreadable with the reason, and the scan goes on.
Each message is recorded in one transaction with the note that it was seen, so a
second scan adds nothing and a crash never leaves half a reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from afterview.domain.model import AwayPeriod, Interaction
from afterview.mail.errors import MailError
from afterview.mail.findings import Finding, understand
from afterview.mail.imap import FolderState, ImapInbox
from afterview.mail.replies import ReplyClassifier, ReplyMatch, is_shared_domain
from afterview.mail.scan import MailHeader, ScanReport, candidates, scan_eml, scan_maildir, scan_mbox
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import record_contact, save_application
from afterview.services.mail_settings import imap_settings
from afterview.services.outbox import mark_bounced
from afterview.services.planning import local_today
from afterview.services.review import take_review_replies
from afterview.services.store import Store
from afterview.store import repository as repo
from afterview.store import schema as t
from afterview.store import suggestion_rows

# Tasks whose message is answered by someone other than the employer, or on another
# matter than the decision: the answer settles that message and is no status reply.
ANSWER_ONLY_KINDS = frozenset({"ask_agent_for_contacts", "alert_references", "thank_referrer"})
READING_WORDS = {"offer": "an offer", "rejected": "a rejection", "invitation": "an invitation to a next round",
                  "references": "a request for references", "more_time": "they need more time"}


@dataclass(frozen=True)
class FoundReply:
    application: str
    company: str
    sender: str
    received: date
    subject: str
    why: str
    suggestion: str | None  # the outcome to confirm ("offer" or "rejected"), if any
    decision_expected: date | None  # a date to confirm, never recorded without the user
    kind: str = "reply"  # reply, answer, auto_reply, bounce
    readings: tuple[tuple[str, str, float], ...] = ()  # (what it seems to say, the sentence, confidence)
    decision_sentence: str = ""
    away: tuple[date, date, str] | None = None  # an auto-reply's days away, to confirm
    task: str | None = None  # the task of ours a bounce or an answer is about
    note: str = ""
    kept: tuple[tuple[str, int], ...] = ()  # each reading's number in the kept suggestions (kind, number)


@dataclass(frozen=True)
class Unreadable:
    where: str  # the Message-ID, else the position in the source
    reason: str


@dataclass
class ScanResult:
    report: ScanReport
    replies: list[FoundReply] = field(default_factory=list)
    already_seen: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)

    def lines(self) -> list[str]:
        found = [r for r in self.replies if r.kind == "reply"]
        out = [f"{self.report.summary()}; {len(found)} new repl{'y' if len(found) == 1 else 'ies'}"
               + (f", {self.already_seen} seen before" if self.already_seen else "")]
        if self.unreadable:
            n = len(self.unreadable)
            out.append(f"{n} message{'' if n == 1 else 's'} could not be read (skipped, the scan went on):")
            out.extend(f"  {u.where}: {u.reason}" for u in self.unreadable[:20])
        for reply in self.replies:
            out.extend(_reply_lines(reply))
        return out


def _reply_lines(reply: FoundReply) -> list[str]:
    head = f"  {reply.received}  {reply.company}: {reply.subject or '(no subject)'} — from {reply.sender}"
    if reply.kind == "bounce":
        return [f"{head} (bounce)", f"    {reply.note}; the task {reply.task} is open again: check the address"]
    if reply.kind == "answer":
        return [f"{head} (answers your {reply.task})", "    it answers that message only; no check-in changed"]
    if reply.kind == "auto_reply":
        out = [f"{head} (automatic reply: not a reply, nothing changed)"]
        if reply.away:
            start, end, sentence = reply.away
            out += [f"    away from {start} until {end}: \"{sentence}\"", *_settle_lines(reply, "away")]
        return out
    out = [f"{head} ({reply.why})"]
    if reply.decision_expected:
        out += [f"    a new decision date, {reply.decision_expected}? \"{reply.decision_sentence}\"",
                *_settle_lines(reply, "decision_date")]
    for kind, sentence, confidence in reply.readings:
        out.append(f"    this looks like {READING_WORDS[kind]} ({confidence:.0%}): \"{sentence}\"")
        out.extend(_settle_lines(reply, kind))
    return out


def _settle_lines(reply: FoundReply, kind: str) -> list[str]:
    """Where a reading is kept: nothing is applied until the user confirms it (services/suggestions.py)."""
    number = dict(reply.kept).get(kind)
    if number is None:
        return []
    return [f"    kept as suggestion #{number}: afterview inbox confirm {number} (or dismiss {number}); "
            f"all pending: afterview inbox suggestions"]


@dataclass(frozen=True)
class _Knowledge:
    classifier: ReplyClassifier
    names: dict[str, str]  # address -> person's name
    companies: dict[str, str]  # application id -> company
    countries: dict[str, str | None]  # application id -> employer's country
    seen: frozenset[str]
    timezone: str
    sent_kinds: dict[str, tuple[str, str]]  # our Message-ID -> (task id, task kind)


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
    # What each of our messages was about, from its task's own fields (never read out of the id).
    sent_rows = conn.execute(
        sa.select(t.outbox.c.message_id, t.outbox.c.task_id, t.tasks.c.application_id, t.tasks.c.kind)
        .select_from(t.outbox.outerjoin(t.tasks, t.tasks.c.id == t.outbox.c.task_id))).all()
    sent = {row.message_id: row.application_id for row in sent_rows if row.application_id}
    sent_kinds = {row.message_id: (row.task_id, row.kind or "") for row in sent_rows}
    seen = frozenset(conn.execute(sa.select(t.mail_seen.c.message_key)).scalars())
    profile = repo.read_profile(conn)
    return _Knowledge(ReplyClassifier(sent, people, domains, [profile.email] if profile.email else []), names,
                      {a.id: a.company for a in apps}, {a.id: a.country or profile.country for a in apps}, seen,
                      profile.timezone, sent_kinds)


def _seen_row(header: MailHeader, app: str | None, received: date | None, sender: str, subject: str,
              kind: str, suggestion: str | None = None) -> dict[str, object]:
    """The note that a message was read: what it was (`kind`) and the outcome it suggested, if any."""
    return {"message_key": header.key[:300], "application_id": app or None, "received_on": received,
            "from_addr": sender[:320], "subject": subject[:1000], "kind": kind, "suggestion": suggestion}


def _record(store: Store, known: _Knowledge, header: MailHeader, match: ReplyMatch, finding: Finding,
            as_of: date) -> FoundReply | None:
    app, received, subject = match.application_id, finding.received, finding.subject
    company = known.companies.get(app, "")
    base = FoundReply(app, company, match.person, received, subject, match.why, None, None, kind=finding.kind)
    with store.transaction(f"inbox scan: {finding.kind} from {match.person}"[:200]) as conn:
        if finding.kind == "bounce" and finding.bounce is not None:
            bounce = finding.bounce
            entry = mark_bounced(conn, list(bounce.returned_ids), set(bounce.permanent), bounce.reason,
                                 max(received, as_of), datetime.now(UTC)) if bounce.permanent else None
            conn.execute(sa.insert(t.mail_seen).values(**_seen_row(
                header, entry.task_id.split(":", 1)[0] if entry else None, received, match.person, subject,
                "bounce")))
            if entry is None:
                return None
            app = entry.task_id.split(":", 1)[0]
            return replace(base, application=app, company=known.companies.get(app, ""), task=entry.task_id,
                           note=entry.last_error or "")
        if finding.kind == "ignored":
            conn.execute(sa.insert(t.mail_seen).values(**_seen_row(header, app, received, match.person, subject,
                                                                    "ignored")))
            return None
        if finding.kind == "auto_reply":
            conn.execute(sa.insert(t.mail_seen).values(**_seen_row(header, app, received, match.person, subject,
                                                                    "auto_reply")))
            kept = suggestion_rows.add(conn, _kept(header, app, match.person, finding))
            return replace(base, away=finding.away, kept=tuple(kept.items()))
        if finding.kind == "answer":
            conn.execute(sa.insert(t.mail_seen).values(**_seen_row(header, app, received, match.person, subject,
                                                                    "answer")))
            return replace(base, task=known.sent_kinds.get(match.answers or "", ("", ""))[0])
        outcome = next((r.kind for r in finding.readings if r.kind in ("offer", "rejected")), None)
        conn.execute(sa.insert(t.mail_seen).values(**_seen_row(header, app, received, match.person, subject,
                                                                "reply", outcome)))
        record_contact(conn, app, Interaction(received, "in", "reply", known.names.get(match.person), "email"))
        kept = suggestion_rows.add(conn, _kept(header, app, match.person, finding))
    decision = finding.decision
    return replace(base, suggestion=outcome, decision_expected=decision.day if decision else None,
                   decision_sentence=decision.sentence if decision else "",
                   readings=tuple((r.kind, r.sentence, r.confidence) for r in finding.readings),
                   kept=tuple(kept.items()))


def _kept(header: MailHeader, app: str, sender: str, finding: Finding) -> list[dict[str, object]]:
    """What a message seems to say, as suggestions kept until the user confirms or dismisses each
    (services/suggestions.py), so a scan nobody watches (tick, worker, the web's loop) loses none."""
    base = {"message_key": header.key[:300], "application_id": app, "received_on": finding.received,
            "sender": sender[:320], "found_at": datetime.now(UTC)}
    rows: list[dict[str, object]] = [
        {**base, "kind": r.kind, "sentence": r.sentence, "confidence": r.confidence} for r in finding.readings]
    if finding.decision is not None:
        rows.append({**base, "kind": "decision_date", "sentence": finding.decision.sentence, "confidence": None,
                     "first_day": finding.decision.day})
    if finding.away is not None:
        start, end, sentence = finding.away
        rows.append({**base, "kind": "away", "sentence": sentence, "confidence": None, "first_day": start,
                     "last_day": end})
    return rows


def _record_unreadable(store: Store, header: MailHeader, reason: str) -> Unreadable:
    """The message could not be read: note it with the reason (in place of its subject) so the scan goes on."""
    try:
        key, where = header.key, header.message_id or header.location
    except Exception:  # the header itself is unusable: its place in the source is all there is
        key = where = header.location
    with store.transaction(f"inbox scan: unreadable {where}"[:200]) as conn:
        if conn.execute(sa.select(t.mail_seen.c.message_key).where(t.mail_seen.c.message_key == key[:300])).first():
            return Unreadable(where, reason)
        conn.execute(sa.insert(t.mail_seen).values(message_key=key[:300], subject=f"unreadable: {reason}"[:1000],
                                                   kind="unreadable"))
    return Unreadable(where, reason)


def _consume(store: Store, known: _Knowledge, headers: Iterable[MailHeader], result: ScanResult,
             as_of: date, handled: set[str]) -> None:
    headers = take_review_replies(store, headers, as_of)  # a friend's review of a draft is not an employer's reply
    for header in candidates(headers, _safe_candidate(known, result), result.report):
        try:
            key = header.key
            if key in known.seen or key in handled:
                result.already_seen += 1
                continue
            match = known.classifier.classify(header)
            if match is None:
                continue
            handled.add(key)
            answered = known.sent_kinds.get(match.answers or "", ("", ""))[1]
            finding = understand(header, match, timezone=known.timezone, country=known.countries.get(
                match.application_id), as_of=as_of, answers_only=answered in ANSWER_ONLY_KINDS)
        except MailError:
            raise  # the source itself failed (a connection lost): the scan stops and keeps its place
        except Exception as problem:  # any message at all must not stop the scan: see `_reason`
            result.unreadable.append(_record_unreadable(store, header, _reason(problem)))
            continue
        found = _record(store, known, header, match, finding, as_of)
        if found is not None:
            result.replies.append(found)


def _safe_candidate(known: _Knowledge, result: ScanResult):  # type: ignore[no-untyped-def]
    """`is_candidate`, with a message it cannot even classify taken as a candidate (and so found unreadable)."""
    def check(header: MailHeader) -> bool:
        try:
            return known.classifier.is_candidate(header)
        except Exception:  # read again in `_consume`, which records why
            return True
    return check


def _reason(problem: BaseException) -> str:
    """Why a message could not be read, in one line."""
    text = " ".join(str(problem).split())[:300]
    return f"{type(problem).__name__}: {text}" if text else type(problem).__name__


def scan(store: Store, as_of: date | None = None, *, mbox: Path | None = None, maildir: Path | None = None,
         eml: Sequence[Path] = ()) -> ScanResult:
    """Read new mail from IMAP (incrementally) or from a file export, and record what it says."""
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


def record_away(store: Store, app_id: str, start: date, end: date) -> AwayPeriod:
    """Record days the employer is away (an out-of-office the user confirmed) on the application's
    latest interview, so the decision calendar skips them and the check-in moves past them."""
    if end < start:
        raise UserError(f"the time away ends ({end}) before it starts ({start})",
                        hint="give the last day away on or after the first")
    with store.transaction(f"time away for {app_id}") as conn:
        return away_in(conn, app_id, start, end)


def away_in(conn: sa.Connection, app_id: str, start: date, end: date) -> AwayPeriod:
    """`record_away` inside the caller's transaction (a confirmed suggestion); the caller checked the order."""
    found = repo.read_applications(conn, [app_id])
    if not found:
        raise NotFound(f"no application {app_id!r}",
                       hint="`afterview plan` lists the applications with tasks")
    app = found[0]
    if not app.interviews:
        raise UserError(f"{app.company} has no interview on file; time away delays a decision after one",
                        hint="log the interview first")
    period = AwayPeriod(start, end)
    latest = max(app.interviews, key=lambda i: i.on)
    if period not in latest.employer_away:
        changed = replace(latest, employer_away=(*latest.employer_away, period))
        after = replace(app, interviews=tuple(changed if i is latest else i for i in app.interviews))
        save_application(conn, app, after)
    return period


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
