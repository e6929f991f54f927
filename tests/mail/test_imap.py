"""Incremental IMAP scanning and the Sent-folder lookup, against a real dovecot."""

from __future__ import annotations

import pytest
from imap_tools import MailBoxUnencrypted

from afterview.mail.errors import MailError
from afterview.mail.imap import FolderState, ImapInbox, ImapSettings, find_in_sent
from afterview.mail.replies import ReplyClassifier
from afterview.mail.scan import ScanReport
from afterview.mail.smtp import build_message, make_message_id
from tests.mail.conftest import ImapServer
from tests.mail.messages import message


def _settings(server: ImapServer, folder: str) -> ImapSettings:
    return ImapSettings(host=server.host, port=server.port, security="none", username=server.user,
                        folders=(folder,), timeout=10)


def _append(server: ImapServer, folder: str, *raw: bytes) -> None:
    with MailBoxUnencrypted(server.host, server.port).login(server.user, server.password) as box:
        for data in raw:
            box.append(data, folder)


def _flags(server: ImapServer, folder: str) -> list[tuple[str, ...]]:
    with MailBoxUnencrypted(server.host, server.port).login(server.user, server.password, folder) as box:
        return [m.flags for m in box.fetch(mark_seen=False, headers_only=True)]


def test_incremental_scan(imap_server: ImapServer, folder: str) -> None:
    _append(imap_server, folder, message(1), message(2, sender="hr@acme.example", body="Unfortunately we "
                                                             "decided to move forward with other candidates.\n"))
    settings = _settings(imap_server, folder)
    report = ScanReport()
    with ImapInbox(settings, imap_server.password) as inbox:
        first = inbox.scan(folder, None, report)
        assert first.full_rescan
        assert [h.message_id for h in first.headers] == ["<m1@acme.example>", "<m2@acme.example>"]
        assert first.headers[1].subject == "Hello" and first.headers[1].from_address == "hr@acme.example"
        assert first.headers[1].location == f"{folder} uid 2"
        # A candidate's body, fetched on demand without marking it read.
        classifier = ReplyClassifier(sent={}, people={}, domains={"acme.example": "app"})
        match = classifier.classify(first.headers[1])
        assert match is not None and match.application_id == "app"
        assert "move forward with other candidates" in first.headers[1].text()
        assert first.state.last_uid == 2
        second = inbox.scan(folder, first.state)
        assert second.headers == [] and not second.full_rescan and second.state == first.state
    assert report.messages == 2 and not report.warnings
    assert all("\\Seen" not in flags for flags in _flags(imap_server, folder))

    _append(imap_server, folder, message(3))
    with ImapInbox(settings, imap_server.password) as inbox:
        third = inbox.scan(folder, second.state)
    assert [h.message_id for h in third.headers] == ["<m3@acme.example>"]
    assert third.state.last_uid == 3


def test_uidvalidity_change_rescans_everything(imap_server: ImapServer, folder: str) -> None:
    _append(imap_server, folder, message(1), message(2))
    settings = _settings(imap_server, folder)
    with ImapInbox(settings, imap_server.password) as inbox:
        before = inbox.scan(folder, None)
    # Deleting and re-creating a folder gives it a new UIDVALIDITY: old UIDs mean nothing.
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        box.folder.delete(folder)
        box.folder.create(folder)
    _append(imap_server, folder, message(1))
    with ImapInbox(settings, imap_server.password) as inbox:
        after = inbox.scan(folder, before.state)
        stale = inbox.scan(folder, FolderState(folder, before.state.uidvalidity, 99))
    assert after.state.uidvalidity != before.state.uidvalidity
    assert after.full_rescan and [h.message_id for h in after.headers] == ["<m1@acme.example>"]
    assert stale.full_rescan and len(stale.headers) == 1


def test_find_in_sent(imap_server: ImapServer) -> None:
    ours = make_message_id("task-7:2025-03-03T10:00")
    sent = build_message(from_address="sam@seeker.example", to="ann@acme.example", subject="Thank you",
                         body="Thanks.\n", message_id=ours)
    _append(imap_server, "Sent", bytes(sent))
    settings = _settings(imap_server, "INBOX")
    assert find_in_sent(settings, ours, imap_server.password)
    assert not find_in_sent(settings, make_message_id("task-7:other"), imap_server.password)
    with pytest.raises(MailError, match="not a usable Message-ID"):
        find_in_sent(settings, '<a"b@x>', imap_server.password)


def test_refused_login_and_unreachable_server(imap_server: ImapServer, closed_port: int) -> None:
    with pytest.raises(MailError, match=r"^IMAP login refused for seeker at 127\.0\.0\.1:\d+$"):
        ImapInbox(_settings(imap_server, "INBOX"), "wrong").__enter__()
    bad = ImapSettings(host="127.0.0.1", port=closed_port, security="none", username="x", timeout=5)
    with pytest.raises(MailError, match="cannot reach the IMAP server"):
        find_in_sent(bad, "<a@b>", "pw")
