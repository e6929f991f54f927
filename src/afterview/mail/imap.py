"""Reading new mail from IMAP incrementally, and finding a sent message by its Message-ID.

Per folder the caller keeps a `FolderState` (UIDVALIDITY and the last UID seen)
and gives it back on the next scan: only newer UIDs are fetched. When the
server's UIDVALIDITY differs from the stored one the old UIDs mean nothing any
more, so the folder is read again from the start (`FolderScan.full_rescan`);
the store's message keys keep that from adding anything twice.

Folders are opened read-only (EXAMINE) and fetched with BODY.PEEK, so nothing is
marked as read. Headers come in batches; a body is fetched only when a caller
asks a candidate for it, while the connection is open.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError, MailboxLoginError

from afterview.mail.errors import MailError
from afterview.mail.header import BodyLoader, MailHeader
from afterview.mail.report import ScanReport
from afterview.mail.smtp import KEYRING_SERVICE

ImapSecurity = Literal["ssl", "starttls", "none"]
PASSWORD_ENV = "AFTERVIEW_IMAP_PASSWORD"
# Tried in this order when the server does not flag its Sent folder (RFC 6154).
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "[Gmail]/Sent Mail")
_BATCH = 500
_FETCH_UID = re.compile(rb"UID (\d+)")


@dataclass(frozen=True, slots=True)
class ImapSettings:
    host: str
    username: str
    port: int = 993
    security: ImapSecurity = "ssl"
    folders: tuple[str, ...] = ("INBOX",)
    sent_folder: str | None = None  # None: the folder the server flags \Sent, else a usual name
    timeout: float = 30.0
    cafile: str | None = None  # certificates to trust instead of the system's (a server with its own CA)


@dataclass(frozen=True, slots=True)
class FolderState:
    """What the caller persists per folder between scans."""

    folder: str
    uidvalidity: int
    last_uid: int = 0


@dataclass(slots=True)
class FolderScan:
    state: FolderState  # persist this once the headers are recorded
    headers: list[MailHeader] = field(default_factory=list)
    full_rescan: bool = False  # no usable state: the whole folder was read


def resolve_imap_password(settings: ImapSettings) -> str | None:
    """AFTERVIEW_IMAP_PASSWORD, else the keyring (service "afterview", the IMAP user name)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, settings.username)
    except Exception:
        # Any keyring trouble (no backend, locked store) means "no password there".
        return None


def _oneline(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class ImapInbox:
    """An open IMAP session: `with ImapInbox(settings) as inbox: inbox.scan("INBOX", state)`."""

    def __init__(self, settings: ImapSettings, password: str | None = None) -> None:
        self.settings = settings
        self._password = password
        self._box: BaseMailBox | None = None

    def __enter__(self) -> ImapInbox:
        settings = self.settings
        password = self._password if self._password is not None else resolve_imap_password(settings)
        if password is None:
            raise MailError(f"no IMAP password: set {PASSWORD_ENV} or store it with "
                            f"`keyring set {KEYRING_SERVICE} {settings.username}`")
        where = f"{settings.host}:{settings.port}"
        try:
            box: BaseMailBox
            if settings.security == "ssl":
                box = MailBox(settings.host, settings.port, timeout=settings.timeout,
                              ssl_context=ssl.create_default_context(cafile=settings.cafile))
            elif settings.security == "starttls":
                box = MailBoxStartTls(settings.host, settings.port, timeout=settings.timeout,
                                      ssl_context=ssl.create_default_context(cafile=settings.cafile))
            else:
                box = MailBoxUnencrypted(settings.host, settings.port, timeout=settings.timeout)
        except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
            raise MailError(f"cannot reach the IMAP server {where}: {_oneline(error)}") from None
        try:
            box.login(settings.username, password, initial_folder=None)
        except MailboxLoginError:
            box.client.shutdown()
            raise MailError(f"IMAP login refused for {settings.username} at {where}") from None
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailError(f"IMAP login to {where} failed: {_oneline(error)}") from None
        self._box = box
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        box, self._box = self._box, None
        if box is not None:
            # The session is over either way; a failed LOGOUT changes nothing.
            with contextlib.suppress(OSError, imaplib.IMAP4.error, ImapToolsError):
                box.logout()

    @property
    def box(self) -> BaseMailBox:
        if self._box is None:
            raise MailError("the IMAP session is not open")
        return self._box

    def _examine(self, folder: str) -> int:
        """Open `folder` read-only and return its UIDVALIDITY."""
        try:
            self.box.folder.set(folder, readonly=True)
            status = self.box.folder.status(folder, ["UIDVALIDITY"])
        except (ImapToolsError, imaplib.IMAP4.error) as error:
            raise MailError(f"cannot open IMAP folder {folder!r}: {_oneline(error)}") from None
        return int(status["UIDVALIDITY"])

    def scan(self, folder: str, state: FolderState | None, report: ScanReport | None = None) -> FolderScan:
        """The headers of messages new since `state` (all of them when the state is unusable)."""
        report = report if report is not None else ScanReport()
        uidvalidity = self._examine(folder)
        full = state is None or state.uidvalidity != uidvalidity or state.folder != folder
        last = 0 if full or state is None else state.last_uid
        try:
            # `n:*` always matches the highest UID, even below n: filter below.
            uids = [int(u) for u in self.box.uids(f"UID {last + 1}:*")]
        except (ImapToolsError, imaplib.IMAP4.error) as error:
            raise MailError(f"cannot search IMAP folder {folder!r}: {_oneline(error)}") from None
        uids = sorted(u for u in uids if u > last)
        result = FolderScan(FolderState(folder, uidvalidity, max([last, *uids])), full_rescan=full)
        for start in range(0, len(uids), _BATCH):
            result.headers.extend(self._fetch_headers(folder, uids[start : start + _BATCH], report))
        return result

    def _fetch_headers(self, folder: str, uids: list[int], report: ScanReport) -> Iterator[MailHeader]:
        try:
            status, data = self.box.client.uid("FETCH", ",".join(map(str, uids)),
                                               "(UID RFC822.SIZE BODY.PEEK[HEADER])")
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailError(f"cannot fetch from IMAP folder {folder!r}: {_oneline(error)}") from None
        if status != "OK":
            raise MailError(f"the IMAP server refused to fetch from {folder!r}")
        for item in data:
            if not isinstance(item, tuple):
                continue  # the closing ")" of each fetch response
            meta, raw = item
            found = _FETCH_UID.search(meta)
            if found is None:
                continue
            uid = int(found.group(1))
            size_match = re.search(rb"RFC822\.SIZE (\d+)", meta)
            where = f"{folder} uid {uid}"
            # BODY[HEADER] ends with the blank line; the block keeps the last field's newline only.
            block = raw[:-2] if raw.endswith(b"\r\n\r\n") else raw[:-1] if raw.endswith(b"\n\n") else raw
            report.messages += 1
            size = int(size_match.group(1)) if size_match else len(raw)
            report.bytes += size
            header = MailHeader(b"\n" + block, where, size, self._body_loader(folder, uid), report)
            header.check(report)
            yield header

    def _body_loader(self, folder: str, uid: int) -> BodyLoader:
        def load(limit: int | None) -> bytes:
            part = "BODY.PEEK[TEXT]" if limit is None else f"BODY.PEEK[TEXT]<0.{limit}>"
            try:
                if self.box.folder.get() != folder:
                    self.box.folder.set(folder, readonly=True)
                _, data = self.box.client.uid("FETCH", str(uid), f"({part})")
            except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
                raise MailError(f"cannot fetch {folder} uid {uid}: {_oneline(error)}") from None
            for item in data:
                if isinstance(item, tuple):
                    return bytes(item[1])
            return b""

        return load

    def sent_folder(self) -> str | None:
        """The Sent folder: as configured, else flagged \\Sent by the server, else a usual name."""
        if self.settings.sent_folder:
            return self.settings.sent_folder
        try:
            folders = self.box.folder.list()
        except (ImapToolsError, imaplib.IMAP4.error) as error:
            raise MailError(f"cannot list IMAP folders: {_oneline(error)}") from None
        for info in folders:
            if "\\Sent" in info.flags:
                return info.name
        names = {info.name.casefold(): info.name for info in folders}
        return next((names[n.casefold()] for n in SENT_NAMES if n.casefold() in names), None)

    def find_in_sent(self, message_id: str) -> bool:
        """Whether a message with this Message-ID is in the Sent folder (searched by header)."""
        if not message_id or any(c in message_id for c in '"\\\r\n'):
            raise MailError(f"not a usable Message-ID: {message_id!r}")
        folder = self.sent_folder()
        if folder is None:
            raise MailError("no Sent folder found on the IMAP server; set its name in the settings")
        self._examine(folder)
        try:
            return bool(self.box.uids(f'HEADER Message-ID "{message_id}"'))
        except (ImapToolsError, imaplib.IMAP4.error) as error:
            raise MailError(f"cannot search the Sent folder: {_oneline(error)}") from None


def find_in_sent(settings: ImapSettings, message_id: str, password: str | None = None) -> bool:
    """Open a session, look the Message-ID up in the Sent folder, close it."""
    with ImapInbox(settings, password) as inbox:
        return inbox.find_in_sent(message_id)

