"""The outbox against a real SMTP server (aiosmtpd) and a real IMAP server (dovecot)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from imap_tools import MailBoxUnencrypted

from afterview.services import drafts, facts, outbox, people, planning
from afterview.services.demo import load_demo
from afterview.services.errors import Refused, UserError
from afterview.services.mail_settings import configure_imap, configure_smtp
from afterview.services.store import Store, open_store
from afterview.store import schema as t
from tests.mail.conftest import REFUSED_RECIPIENT, SMTP_PASSWORD, SMTP_USER, ImapServer, SmtpServer

AS_OF = date(2026, 11, 23)
DANA = "northwind-office-manager:thank_you_email:r1:dana-whitfield"
MARCUS = "northwind-office-manager:thank_you_email:r1:marcus-lee"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "search.sqlite3"))
    load_demo(store, AS_OF)
    return store


@pytest.fixture
def smtp(store: Store, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    configure_smtp(store, host=smtp_server.host, port=smtp_server.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", SMTP_PASSWORD)
    return smtp_server


def status_of(store: Store, task_id: str) -> str:
    with store.reading() as conn:
        return planning.find_task(conn, task_id, AS_OF).status


def test_a_note_is_sent_once_and_completes_its_task(store: Store, smtp: SmtpServer) -> None:
    entry = outbox.queue(store, DANA, AS_OF)
    sent = outbox.deliver(store, entry, AS_OF)
    assert sent.state == "sent"
    assert len(smtp.inbox.envelopes) == 1
    envelope = smtp.inbox.envelopes[0]
    message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
    assert envelope.rcpt_tos == ["dana.whitfield@northwind.example"]
    assert message["Message-ID"] == entry.message_id
    assert "seating plan" in message.get_content()
    assert status_of(store, DANA) == "done"
    assert outbox.tick(store, AS_OF) == []
    with pytest.raises(UserError, match="already done"):
        outbox.queue(store, DANA, AS_OF)
    assert len(smtp.inbox.envelopes) == 1


def test_errors_in_the_checks_block_sending(store: Store, smtp: SmtpServer) -> None:
    text = drafts.draft_for(store, DANA, AS_OF).draft.text.replace("friendly", "realy friendly")
    drafts.save_edit(store, DANA, text, AS_OF)
    with pytest.raises(UserError, match="error"):
        outbox.queue(store, DANA, AS_OF)
    assert outbox.entries(store) == [] and smtp.inbox.envelopes == []


def test_the_cadence_guard_is_enforced_at_send_time(store: Store, smtp: SmtpServer) -> None:
    facts.complete(store, "globex-analyst:check_in:r1", AS_OF)
    nudge = "globex-analyst:final_nudge:r1"
    with pytest.raises(Refused) as refused:
        outbox.queue(store, nudge, AS_OF + timedelta(days=1))
    assert refused.value.earliest == date(2026, 12, 1)
    assert outbox.entries(store) == []


def test_a_refused_login_fails_with_the_servers_reason(store: Store, smtp_server: SmtpServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    configure_smtp(store, host=smtp_server.host, port=smtp_server.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", "wrong")
    result = outbox.deliver(store, outbox.queue(store, DANA, AS_OF), AS_OF)
    assert result.state == "failed" and "login refused" in (result.last_error or "")
    assert "wrong" not in (result.last_error or "")
    assert status_of(store, DANA) == "open"


def test_an_unreachable_host_keeps_the_message_queued_for_later(store: Store, closed_port: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    configure_smtp(store, host="127.0.0.1", port=closed_port, security="none", username=None)
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    result = outbox.deliver(store, outbox.queue(store, DANA, AS_OF, now=now), AS_OF, now=now)
    assert result.state == "queued" and "cannot reach" in (result.last_error or "")
    assert result.send_after > now
    assert outbox.tick(store, AS_OF, now=now) == []  # not due again yet


def test_a_rejected_recipient_fails(store: Store, smtp: SmtpServer) -> None:
    people.save_person(store, "northwind-office-manager",
                      facts_person("Marcus Lee", REFUSED_RECIPIENT))
    result = outbox.deliver(store, outbox.queue(store, MARCUS, AS_OF), AS_OF)
    assert result.state == "failed" and "550" in (result.last_error or "")
    assert smtp.inbox.envelopes == []


def facts_person(name: str, email: str):  # type: ignore[no-untyped-def]
    from afterview.domain.model import Person

    return Person(name, "interviewer", "Finance Lead", email)


def test_later_sends_wait_for_their_time(store: Store, smtp: SmtpServer) -> None:
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    entry = outbox.queue(store, DANA, AS_OF, at=now + timedelta(hours=2), now=now)
    assert entry.state == "queued"
    assert outbox.tick(store, AS_OF, now=now + timedelta(hours=1)) == []
    assert [e.state for e in outbox.tick(store, AS_OF, now=now + timedelta(hours=2))] == ["sent"]
    assert len(smtp.inbox.envelopes) == 1


def _crash_mid_send(store: Store, entry_id: int, when: datetime) -> None:
    """What a run that died after handing the message over leaves behind."""
    with store.transaction() as conn:
        conn.execute(sa.update(t.outbox).where(t.outbox.c.id == entry_id).values(state="sending", updated_at=when))


def _put_in_sent(imap: ImapServer, message: bytes) -> None:
    with MailBoxUnencrypted(imap.host, imap.port).login(imap.user, imap.password) as box:
        box.append(message, "Sent")


def test_a_crash_mid_send_is_settled_from_the_sent_folder_not_sent_again(
        store: Store, smtp: SmtpServer, imap_server: ImapServer, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_imap(store, host=imap_server.host, port=imap_server.port, security="none",
                   username=imap_server.user, folders=["INBOX"], sent_folder=None)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", imap_server.password)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    delivered = outbox.queue(store, DANA, AS_OF, now=now)
    lost = outbox.queue(store, MARCUS, AS_OF, now=now)
    for entry in (delivered, lost):
        _crash_mid_send(store, entry.id, now)
    # The first one had reached the server (the client keeps a copy in Sent); the second had not.
    _put_in_sent(imap_server, f"Message-ID: {delivered.message_id}\r\nSubject: x\r\n\r\nbody\r\n".encode())
    later = now + timedelta(minutes=30)
    changed = outbox.tick(store, AS_OF, now=later)
    assert [(e.id, e.state) for e in changed] == [(delivered.id, "sent")]
    states = {e.id: e.state for e in outbox.entries(store)}
    assert states == {delivered.id: "sent", lost.id: "uncertain"}
    assert smtp.inbox.envelopes == []  # nothing was sent again
    assert status_of(store, DANA) == "done" and status_of(store, MARCUS) == "open"
    # The user checked: it never went. Only now is it sent again, once, at once (the same from every door).
    assert outbox.resolve(store, lost.id, sent=False, on=AS_OF, now=later).state == "sent"
    assert outbox.tick(store, AS_OF, now=later) == []
    assert len(smtp.inbox.envelopes) == 1
