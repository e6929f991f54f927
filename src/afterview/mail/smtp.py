"""Building and sending one message over SMTP, saying exactly how far it got.

The outbox must never send twice, so `send` tells apart:
  * `failed` — the server did not take the message (unreachable host, refused
    login, refused sender or recipients, a 4xx/5xx answer to the message).
    Nothing was delivered; `retryable` says whether trying again later can help.
  * `uncertain` — the message text was handed over and the connection broke
    before the server's answer. It may have been delivered: the outbox marks it
    uncertain and looks its Message-ID up in the Sent folder before any retry.
  * `sent` — the server answered 250 to the message.
The password comes from AFTERVIEW_SMTP_PASSWORD or the system keyring (service
"afterview", the SMTP user name as account); it is never stored or logged, and
no reason text contains it.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Literal

from afterview.mail.errors import MailError

Security = Literal["starttls", "ssl", "none"]
SendStatus = Literal["sent", "failed", "uncertain"]
PASSWORD_ENV = "AFTERVIEW_SMTP_PASSWORD"
KEYRING_SERVICE = "afterview"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: Security = "starttls"
    username: str | None = None
    from_address: str = ""
    from_name: str = ""
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.security not in ("starttls", "ssl", "none"):
            raise MailError(f"unknown SMTP security {self.security!r}: use starttls, ssl or none")


@dataclass(frozen=True, slots=True)
class SendResult:
    status: SendStatus
    reason: str = ""  # one line, for the user and the outbox's record
    retryable: bool = False  # for `failed`: whether a later try can succeed
    refused: dict[str, str] = field(default_factory=dict)  # recipient -> server's reason

    @property
    def accepted(self) -> bool:
        return self.status == "sent"


def resolve_password(settings: SmtpSettings) -> str | None:
    """The SMTP password from the environment, else the keyring; None when neither has one."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not settings.username:
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, settings.username)
    except Exception:
        # Any keyring trouble (no backend, locked store, no D-Bus) means "no password there".
        return None


def make_message_id(seed: str, domain: str = "afterview.local") -> str:
    """A Message-ID that is the same for the same seed, e.g. the outbox's `task-id:queued-at`.

    Stable ids let the outbox find a message it may have sent already.
    """
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]
    return f"<{digest}@{domain}>"


def _address(address: str, name: str = "") -> Address:
    try:
        return Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError) as error:
        raise MailError(f"not a usable e-mail address: {address!r} ({error})") from None


def build_message(*, from_address: str, to: str | Sequence[str], subject: str, body: str, message_id: str,
                  from_name: str = "", to_names: Sequence[str] = (), date: datetime | None = None,
                  in_reply_to: str | None = None, references: Sequence[str] = (),
                  cc: Sequence[str] = ()) -> EmailMessage:
    """A standards-conforming text message; non-ASCII names and text are encoded as RFC 2047/MIME require.

    The same object serves for sending and for writing an .eml file (`bytes(message)`).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise MailError("a message needs at least one recipient")
    message = EmailMessage()
    message["From"] = _address(from_address, from_name)
    names = list(to_names) + [""] * (len(recipients) - len(to_names))
    message["To"] = [_address(a, n) for a, n in zip(recipients, names, strict=False)]
    if cc:
        message["Cc"] = [_address(a) for a in cc]
    message["Subject"] = subject
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = " ".join(references)
    # Quoted-printable keeps non-ASCII text 7-bit clean: no reliance on 8BITMIME.
    message.set_content(body, cte=None if body.isascii() else "quoted-printable")
    return message


# A note's attachments are a document or two; mail servers commonly refuse messages over 25 MB.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def attach_files(message: EmailMessage, paths: Sequence[Path | str]) -> EmailMessage:
    """Add each file as an attachment (its type guessed from its name); one-line `MailError` when one cannot go."""
    total = 0
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MailError(f"the file to attach, {path}, does not exist") from None
        except OSError as exc:
            raise MailError(f"the file to attach, {path}, cannot be read ({exc.strerror or exc})") from None
        total += len(data)
        if total > MAX_ATTACHMENT_BYTES:
            raise MailError(f"the attachments are over {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB with {path.name}: "
                            f"send a link to the file instead")
        kind, _ = mimetypes.guess_type(path.name)
        maintype, _, subtype = (kind or "application/octet-stream").partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)
    return message


def _recipients(message: EmailMessage) -> list[str]:
    found: list[str] = []
    for name in ("To", "Cc", "Bcc"):
        for header in message.get_all(name, []):
            found.extend(a.addr_spec for a in getattr(header, "addresses", ()))
    return found


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {' '.join(text.split())}"


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        client.starttls(context=context)
    return client


def send(settings: SmtpSettings, message: EmailMessage, *, password: str | None = None) -> SendResult:
    """Send `message`; never raises for a network or server problem, the result says what happened."""
    recipients = _recipients(message)
    if not recipients:
        return SendResult("failed", "the message has no recipient")
    sender = settings.from_address or message["From"].addresses[0].addr_spec
    where = f"{settings.host}:{settings.port}"
    if settings.username and password is None:
        password = resolve_password(settings)
        if password is None:
            return SendResult("failed", f"no SMTP password: set {PASSWORD_ENV} or store it with "
                              f"`keyring set {KEYRING_SERVICE} {settings.username}`")
    try:
        client = _connect(settings)
    except (OSError, smtplib.SMTPException) as error:
        return SendResult("failed", f"cannot reach the SMTP server {where}: {_oneline(error)}", retryable=True)
    try:
        return _transact(client, settings, password, sender, recipients, message)
    finally:
        with contextlib.suppress(OSError):
            client.close()


def _transact(client: smtplib.SMTP, settings: SmtpSettings, password: str | None, sender: str,
              recipients: list[str], message: EmailMessage) -> SendResult:
    """Everything up to DATA fails safely; after the text is handed over only a reply settles it."""
    try:
        client.ehlo_or_helo_if_needed()
        if settings.username and password is not None:
            client.login(settings.username, password)
        code, answer = client.mail(sender)
        if code != 250:
            return SendResult("failed", f"sender {sender} refused: {code} {_text(answer)}", retryable=code < 500)
        refused: dict[str, str] = {}
        for rcpt in recipients:
            code, answer = client.rcpt(rcpt)
            if code not in (250, 251):
                refused[rcpt] = f"{code} {_text(answer)}"
        if len(refused) == len(recipients):
            first = next(iter(refused.items()))
            return SendResult("failed", f"recipient {first[0]} refused: {first[1]}", refused=refused)
        code, answer = client.docmd("DATA")
        if code != 354:
            return SendResult("failed", f"server refused the message: {code} {_text(answer)}", retryable=code < 500)
    except smtplib.SMTPAuthenticationError as error:
        return SendResult("failed", f"login refused for {settings.username}: {_reply(error)}")
    except smtplib.SMTPNotSupportedError:
        return SendResult("failed", "the server does not offer login (AUTH); check the port and security setting")
    except smtplib.SMTPResponseException as error:
        return SendResult("failed", f"server said {_reply(error)}", retryable=error.smtp_code < 500)
    except (OSError, smtplib.SMTPException) as error:
        return SendResult("failed", f"connection lost before sending: {_oneline(error)}", retryable=True)
    data = smtplib.quotedata(message.as_string(policy=message.policy.clone(linesep="\r\n", max_line_length=78)))
    payload = data.encode("utf-8") + (b"" if data.endswith("\r\n") else b"\r\n") + b".\r\n"
    try:
        client.send(payload)
        code, answer = client.getreply()
    except (OSError, smtplib.SMTPException) as error:
        return SendResult("uncertain", f"connection lost after the message was handed over: {_oneline(error)}")
    if code != 250:
        return SendResult("failed", f"server refused the message: {code} {_text(answer)}", retryable=code < 500,
                          refused=refused)
    # The message is accepted; a failed goodbye changes nothing.
    with contextlib.suppress(OSError, smtplib.SMTPException):
        client.quit()
    note = f"; refused: {', '.join(refused)}" if refused else ""
    return SendResult("sent", f"accepted by {settings.host}{note}", refused=refused)


def _text(answer: bytes) -> str:
    return " ".join(answer.decode("utf-8", "replace").split())


def _oneline(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    text = " ".join(str(error).split()) or type(error).__name__
    return text
