"""Sending against a real SMTP server (aiosmtpd on loopback); no mock of smtplib."""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy

import pytest

from afterview.mail.errors import MailError
from afterview.mail.smtp import (
    PASSWORD_ENV,
    SmtpSettings,
    build_message,
    make_message_id,
    resolve_password,
    send,
)
from tests.mail.conftest import REFUSED_RECIPIENT, SMTP_PASSWORD, SMTP_USER, SmtpServer
from tests.support.postgres import free_port


def _settings(port: int, host: str = "127.0.0.1") -> SmtpSettings:
    return SmtpSettings(host=host, port=port, security="none", username=SMTP_USER,
                        from_address="sam@seeker.example", timeout=5)


def _message(to: str | list[str] = "ann@acme.example") -> email.message.EmailMessage:
    return build_message(from_address="sam@seeker.example", from_name="Sam Sœker", to=to,
                         to_names=["Zoë Müller"] if isinstance(to, str) else (), subject="Merci — thank you",
                         body="Dear Zoë,\nthank you for today.\n", message_id=make_message_id("task-1:2025-03-03"),
                         date=datetime(2025, 3, 3, 17, 0, tzinfo=UTC), in_reply_to="<x@acme.example>",
                         references=["<x@acme.example>"])


def test_message_id_is_stable_and_well_formed() -> None:
    assert make_message_id("task-1:t") == make_message_id("task-1:t")
    assert make_message_id("task-1:t") != make_message_id("task-1:u")
    assert make_message_id("a", "mail.example").endswith("@mail.example>")


def test_built_message_is_standards_conforming() -> None:
    raw = bytes(_message())
    assert raw.isascii()  # non-ASCII names and text are encoded, no 8-bit on the wire
    assert b"=?utf-8?" in raw
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert str(parsed["From"]) == "Sam Sœker <sam@seeker.example>"
    assert str(parsed["To"]) == "Zoë Müller <ann@acme.example>"
    assert parsed["Subject"] == "Merci — thank you"
    assert parsed["Message-ID"] == make_message_id("task-1:2025-03-03")
    assert parsed["Date"] == "Mon, 03 Mar 2025 17:00:00 +0000"
    assert parsed.get_content() == "Dear Zoë,\nthank you for today.\n"


def test_bad_address_is_a_one_line_error() -> None:
    with pytest.raises(MailError, match="not a usable e-mail address"):
        build_message(from_address="sam@seeker.example", to="not an address <", subject="s", body="b",
                      message_id="<a@b>")


def test_send_delivers_once(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, SMTP_PASSWORD)
    result = send(_settings(smtp_server.port), _message())
    assert result.status == "sent" and result.accepted
    assert len(smtp_server.inbox.envelopes) == 1
    envelope = smtp_server.inbox.envelopes[0]
    assert envelope.rcpt_tos == ["ann@acme.example"]
    delivered = email.message_from_bytes(envelope.original_content or b"", policy=policy.default)
    assert delivered["Message-ID"] == make_message_id("task-1:2025-03-03")
    assert delivered.get_content().replace("\r\n", "\n") == "Dear Zoë,\nthank you for today.\n"


def test_refused_login_fails_safely_and_never_shows_the_password(smtp_server: SmtpServer) -> None:
    result = send(_settings(smtp_server.port), _message(), password="wrong-Secret-42")
    assert result.status == "failed" and not result.retryable
    assert result.reason.startswith(f"login refused for {SMTP_USER}: 535")
    assert "wrong-Secret-42" not in repr(result) and "\n" not in result.reason
    assert smtp_server.inbox.envelopes == []


def test_missing_password_is_reported(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert resolve_password(_settings(smtp_server.port)) is None
    result = send(_settings(smtp_server.port), _message())
    assert result.status == "failed" and PASSWORD_ENV in result.reason


def test_rejected_recipient(smtp_server: SmtpServer) -> None:
    result = send(_settings(smtp_server.port), _message(REFUSED_RECIPIENT), password=SMTP_PASSWORD)
    assert result.status == "failed" and not result.retryable
    assert result.reason == f"recipient {REFUSED_RECIPIENT} refused: 550 5.1.1 no such user here"
    partly = send(_settings(smtp_server.port), _message([REFUSED_RECIPIENT, "ann@acme.example"]),
                  password=SMTP_PASSWORD)
    assert partly.status == "sent" and list(partly.refused) == [REFUSED_RECIPIENT]
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes] == [["ann@acme.example"]]


def test_unreachable_host_is_safe_to_retry(closed_port: int) -> None:
    result = send(_settings(closed_port), _message(), password="x")
    assert result.status == "failed" and result.retryable
    assert result.reason == f"cannot reach the SMTP server 127.0.0.1:{closed_port}: connection refused"


@pytest.fixture
def drops_after_data() -> Iterator[int]:
    """A bare SMTP server that takes the message text and hangs up before answering it."""
    port = free_port()
    listener = socket.create_server(("127.0.0.1", port))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 test ESMTP\r\n")
            for line in lines:
                if line.upper().startswith((b"EHLO", b"HELO")):
                    connection.sendall(b"250 test\r\n")
                elif line.upper().startswith((b"MAIL", b"RCPT")):
                    connection.sendall(b"250 OK\r\n")
                elif line.upper().startswith(b"DATA"):
                    connection.sendall(b"354 go ahead\r\n")
                elif line == b".\r\n":
                    return  # the text is in; hang up without a word

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    thread.join(timeout=5)
    listener.close()


def test_connection_lost_after_data_is_uncertain(drops_after_data: int) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=drops_after_data, security="none",
                            from_address="sam@seeker.example", timeout=5)
    result = send(settings, _message())
    assert result.status == "uncertain"
    assert result.reason.startswith("connection lost after the message was handed over")
