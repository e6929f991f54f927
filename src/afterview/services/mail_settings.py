"""Where the user's mail goes out and comes in: SMTP and IMAP settings, kept in the store.

Passwords are never stored: they come from AFTERVIEW_SMTP_PASSWORD /
AFTERVIEW_IMAP_PASSWORD or the system keyring at the moment they are needed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from afterview.mail.imap import ImapSettings
from afterview.mail.smtp import SmtpSettings
from afterview.services.errors import UserError
from afterview.services.store import Store
from afterview.store import schema as t

SMTP_KEY = "mail.smtp"
IMAP_KEY = "mail.imap"
SECURITY = ("starttls", "ssl", "none")


def read_setting(conn: sa.Connection, key: str) -> Any:
    return conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == key)).scalar()


def write_setting(conn: sa.Connection, key: str, value: Any) -> None:
    conn.execute(sa.delete(t.settings).where(t.settings.c.key == key))
    conn.execute(sa.insert(t.settings).values(key=key, value=value))


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
                   folders: list[str], sent_folder: str | None) -> None:
    _checked(host, port, security)
    if security == "starttls":
        raise UserError("IMAP here supports ssl or none (plain, for a server on this machine)",
                        field="security", code="not-a-choice", hint="choose ssl, or none for a local server")
    with store.transaction() as conn:
        write_setting(conn, IMAP_KEY, {"host": host.strip(), "port": port, "security": security,
                                       "username": username, "folders": folders or ["INBOX"],
                                       "sent_folder": sent_folder})


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
                        sent_folder=value.get("sent_folder"))
