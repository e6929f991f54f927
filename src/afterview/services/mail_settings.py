"""Where the user's mail goes out and comes in: SMTP and IMAP settings, kept in the store.

Passwords are never stored: they come from AFTERVIEW_SMTP_PASSWORD /
AFTERVIEW_IMAP_PASSWORD or the system keyring at the moment they are needed.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from afterview.mail.imap import ImapSettings
from afterview.mail.smtp import SmtpSettings
from afterview.services.errors import UserError
from afterview.services.store import Store
from afterview.store import keepings
from afterview.store import schema as t

SMTP_KEY = "mail.smtp"
IMAP_KEY = "mail.imap"
SECURITY = ("starttls", "ssl", "none")


def read_setting(conn: sa.Connection, key: str) -> Any:
    return conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == key)).scalar()


def write_setting(conn: sa.Connection, key: str, value: Any, *, journaled: bool = True) -> None:
    """A setting the user changed (the one before stays in the journal), or with journaled=False the
    program's own bookkeeping, which undo must never take back in place of what the user did."""
    keepings.put_setting(conn, key, value, journaled=journaled)


def _checked(host: str, port: int, security: str) -> None:
    if not host.strip():
        raise UserError("the mail server's name is missing", field="host", code="required",
                        hint="give it, e.g. smtp.example.org")
    if not 0 < port < 65536:
        raise UserError(f"{port} is not a port number", field="port", code="number-range",
                        hint="give a number from 1 to 65535")
    if security not in SECURITY:
        raise UserError(f"{security!r} is not a kind of connection security", field="security",
                        code="not-a-choice", hint=f"use one of {', '.join(SECURITY)}")


def configure_smtp(store: Store, *, host: str, port: int, security: str, username: str | None) -> None:
    _checked(host, port, security)
    with store.transaction() as conn:
        write_setting(conn, SMTP_KEY, {"host": host.strip(), "port": port, "security": security,
                                       "username": username})


def configure_imap(store: Store, *, host: str, port: int, security: str, username: str,
                   folders: list[str], sent_folder: str | None, cafile: str | None = None) -> None:
    _checked(host, port, security)
    if security == "starttls":
        raise UserError("IMAP here supports ssl or none (plain, for a server on this machine)",
                        field="security", code="not-a-choice", hint="choose ssl, or none for a local server")
    trusted = checked_cafile(cafile)
    with store.transaction() as conn:
        write_setting(conn, IMAP_KEY, {"host": host.strip(), "port": port, "security": security,
                                       "username": username, "folders": folders or ["INBOX"],
                                       "sent_folder": sent_folder, "cafile": trusted})


_PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
_CAFILE_HINT = "give the PEM file of the certificate authority your mail server's certificate comes from"


def checked_cafile(cafile: str | None) -> str | None:
    """The absolute path of a CA file to trust (a company's or a self-signed server's), checked now
    so that a typo is told at once rather than as a failed scan later; None for the system's."""
    if cafile is None or not cafile.strip():
        return None
    path = Path(cafile.strip()).expanduser().absolute()

    def refused(why: str) -> UserError:
        return UserError(f"the CA file {path} {why}", field="cafile", code="bad-cafile", hint=_CAFILE_HINT)

    if not path.exists():
        raise refused("does not exist")
    if not path.is_file():
        raise refused("is not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError as problem:
        raise refused(f"cannot be read ({problem.strerror or problem})") from None
    if _PEM_CERTIFICATE not in head:
        raise refused("holds no PEM certificate (a line \"-----BEGIN CERTIFICATE-----\")")
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError) as problem:
        raise refused(f"holds no certificate that can be read ({problem})") from None
    return str(path)


def smtp_settings(conn: sa.Connection, from_address: str, from_name: str) -> SmtpSettings | None:
    value = read_setting(conn, SMTP_KEY)
    if not value:
        return None
    return SmtpSettings(host=value["host"], port=int(value["port"]), security=value["security"],
                        username=value.get("username"), from_address=from_address, from_name=from_name)


def imap_settings(conn: sa.Connection) -> ImapSettings | None:
    value = read_setting(conn, IMAP_KEY)
    if not value:
        return None
    return ImapSettings(host=value["host"], username=value["username"], port=int(value["port"]),
                        security=value["security"], folders=tuple(value.get("folders") or ("INBOX",)),
                        sent_folder=value.get("sent_folder"), cafile=value.get("cafile"))
