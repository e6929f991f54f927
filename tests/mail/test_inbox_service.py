"""Replies found in a mailbox become facts: from an mbox export, and from a real IMAP server."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from afterview.services import inbox, outbox, planning
from afterview.services.demo import load_demo
from afterview.services.mail_settings import configure_imap, configure_smtp
from afterview.services.store import Store, open_store
from tests.mail.conftest import SMTP_PASSWORD, SMTP_USER, ImapServer, SmtpServer

AS_OF = date(2026, 11, 23)
SCRIPT = str(Path(sys.executable).with_name("afterview"))


def message(sender: str, subject: str, body: str, *, message_id: str, day: str = "24 Nov 2026",
            in_reply_to: str | None = None) -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: {sender}\r\nTo: alex.morgan@example.net\r\nSubject: {subject}\r\n"
            f"Date: Tue, {day} 10:15:00 -0500\r\nMessage-ID: {message_id}\r\n{thread}"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


def mbox(path: Path, *messages: bytes) -> Path:
    with path.open("wb") as out:
        for data in messages:
            out.write(b"From someone@example Tue Nov 24 10:15:00 2026\n" + data.replace(b"\r\n", b"\n") + b"\n")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "search.sqlite3"))
    load_demo(store, AS_OF)
    return store


def plan_of(store: Store, app: str) -> dict[str, str]:
    with store.reading() as conn:
        return {t.id: t.status for t in planning.plan(conn, AS_OF, application=app, include_all=True)}


def test_a_reply_in_an_mbox_cancels_the_check_in_and_a_second_scan_adds_nothing(store: Store,
                                                                                   tmp_path: Path) -> None:
    assert plan_of(store, "globex-analyst")["globex-analyst:check_in:r1"] == "open"
    path = mbox(tmp_path / "export.mbox",
                message("Hank Scorpio <hank@globex.example>", "Re: Operations Analyst",
                        "Thanks Alex, we are still deciding and will get back to you by December 4, 2026.",
                        message_id="<r1@globex.example>"),
                message("Newsletter <news@gmail.com>", "Ten tips", "Unrelated.", message_id="<n1@gmail.com>"),
                message("Someone <a.person@globex.example>", "Hello", "From the company domain.",
                        message_id="<r2@globex.example>", day="25 Nov 2026"))
    result = inbox.scan(store, AS_OF, mbox=path)
    assert [(r.application, r.why) for r in result.replies] == [("globex-analyst", "person"),
                                                                 ("globex-analyst", "domain")]
    # The date is suggested with its sentence; the plan does not move on a guess.
    assert result.replies[0].decision_expected == date(2026, 12, 4)
    assert "get back to you by December 4, 2026" in result.replies[0].decision_sentence
    number = dict(result.replies[0].kept)["decision_date"]
    assert any(f"afterview inbox confirm {number}" in line for line in result.lines())
    statuses = plan_of(store, "globex-analyst")
    assert statuses["globex-analyst:check_in:r1"] == "cancelled"
    assert "globex-analyst:check_in:r1:2026-11-24" not in statuses
    again = inbox.scan(store, AS_OF, mbox=path)
    assert again.replies == [] and again.already_seen == 2


def test_a_clear_offer_is_suggested_never_applied(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "offer.mbox", message(
        "Dana Whitfield <dana.whitfield@northwind.example>", "Your offer",
        "We are pleased to offer you the position of Office Manager.", message_id="<o1@northwind.example>"))
    result = inbox.scan(store, AS_OF, mbox=path)
    assert result.replies[0].suggestion == "offer"
    [(kind, number)] = result.replies[0].kept
    assert kind == "offer" and any(f"afterview inbox confirm {number}" in line for line in result.lines())
    with store.reading() as conn:
        assert "northwind-office-manager:acknowledge_offer" not in {t.id for t in planning.plan(conn, AS_OF)}


def test_replies_to_our_own_messages_are_found_over_imap_incrementally(
        store: Store, smtp_server: SmtpServer, imap_server: ImapServer, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_smtp(store, host=smtp_server.host, port=smtp_server.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", SMTP_PASSWORD)
    task = "hooli-ops:leverage:umbrella-pa"
    sent = outbox.deliver(store, outbox.queue(store, task, AS_OF), AS_OF)
    assert sent.state == "sent"
    configure_imap(store, host=imap_server.host, port=imap_server.port, security="none",
                   username=imap_server.user, folders=["INBOX"], sent_folder=None)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", imap_server.password)
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        # From a free-mail address nobody knows: only the thread ties it to the application.
        box.append(message("Gavin B <gavin.b.private@gmail.com>", "Re: our conversation", "Noted, thanks!",
                           message_id="<x1@mail.gmail.com>", in_reply_to=sent.message_id), "INBOX")
    first = inbox.scan(store, AS_OF)
    assert [(r.application, r.why) for r in first.replies] == [("hooli-ops", "thread")]
    assert inbox.scan(store, AS_OF).replies == []
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        box.append(message("Denise Carter <denise@hooli.example>", "Next steps", "Unfortunately we have "
                           "decided to move forward with other candidates.", message_id="<x2@hooli.example>"),
                   "INBOX")
    second = inbox.scan(store, AS_OF)
    assert [(r.application, r.suggestion) for r in second.replies] == [("hooli-ops", "rejected")]


def test_inbox_scan_through_the_cli(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "export.mbox", message("Hank Scorpio <hank@globex.example>", "Re: Analyst", "Thanks!",
                                                  message_id="<c1@globex.example>"))
    db = store.url.removeprefix("sqlite:///")
    result = subprocess.run([SCRIPT, "--db", db, "--as-of", "2026-11-23", "inbox", "scan", "--mbox", str(path)],
                            capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    assert "1 new reply" in result.stdout and "Globex: Re: Analyst" in result.stdout
