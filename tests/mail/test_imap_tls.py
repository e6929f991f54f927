"""IMAP over TLS against a real dovecot with a certificate the test makes: implicit TLS and STARTTLS."""

from __future__ import annotations

import imaplib
import ssl

import pytest

from afterview.mail.errors import MailError
from afterview.mail.imap import ImapInbox, ImapSettings
from afterview.mail.replies import ReplyClassifier
from afterview.mail.scan import ScanReport
from tests.mail.conftest import TlsImapServer
from tests.mail.messages import message
from tests.mail.test_poison import poison


def _settings(server: TlsImapServer, security: str, *, trusted: bool = True) -> ImapSettings:
    port = server.tls_port if security == "ssl" else server.port
    return ImapSettings(host=server.host, port=port, security=security, username=server.user,  # type: ignore[arg-type]
                        timeout=10, cafile=server.cafile if trusted else None)


def _append(server: TlsImapServer, folder: str, *raw: bytes) -> None:
    context = ssl.create_default_context(cafile=server.cafile)
    with imaplib.IMAP4_SSL(server.host, server.tls_port, ssl_context=context) as client:
        client.login(server.user, server.password)
        client.create(folder)
        for data in raw:
            client.append(folder, None, None, data.replace(b"\n", b"\r\n"))


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_scan_over_tls_finds_the_reply_after_a_poison_message(imap_tls_server: TlsImapServer,
                                                                 security: str) -> None:
    folder = f"Tls-{security}"
    _append(imap_tls_server, folder, poison("rot13", "body", 90), message(
        2, sender="hr@acme.example", body="Unfortunately we decided to move forward with other candidates.\n"))
    classifier = ReplyClassifier({}, {}, {"acme.example": "acme"})
    report = ScanReport()
    with ImapInbox(_settings(imap_tls_server, security), imap_tls_server.password) as inbox:
        scanned = inbox.scan(folder, None, report)
        found = [h for h in scanned.headers if classifier.is_candidate(h)]
        assert [h.message_id for h in found] == ["<m2@acme.example>"]
        assert "move forward with other candidates" in found[0].text()  # the body is fetched over the same session
    assert report.messages == 2 and scanned.state.last_uid == 2


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_certificate_the_client_does_not_trust_is_refused(imap_tls_server: TlsImapServer, security: str) -> None:
    with pytest.raises(MailError, match="certificate verify failed"), \
            ImapInbox(_settings(imap_tls_server, security, trusted=False), imap_tls_server.password):
        pass
