"""Settings: where mail goes out (SMTP) and where replies are read (IMAP).

Passwords never pass through here: they come from the environment or the system
keyring when mail is sent or read, so the page has no password field at all.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from afterview.services import mail_settings
from afterview.services.errors import UserError
from afterview.services.mail_settings import IMAP_KEY, SMTP_KEY
from afterview.services.store import Store
from afterview.web.context import see_other, web
from afterview.web.forms import Form

SMTP_SECURITY = ("starttls", "ssl", "none")
# The IMAP reader speaks TLS from the start, or plain text to a server on this machine.
IMAP_SECURITY = ("ssl", "none")
SECURITY_LABELS = {"starttls": "STARTTLS", "ssl": "SSL/TLS", "none": "None (this machine only)"}
SECURITY_HINTS = {"smtp": "STARTTLS usually on port 587, SSL/TLS on 465.",
                  "imap": "SSL/TLS usually on port 993; None only for a server on this machine."}


def current(store: Store) -> dict[str, dict[str, Any]]:
    with store.reading() as conn:
        smtp = mail_settings.read_setting(conn, SMTP_KEY) or {}
        imap = mail_settings.read_setting(conn, IMAP_KEY) or {}
    return {"smtp": smtp, "imap": imap}


def forms_of(store: Store) -> dict[str, Form]:
    """The two forms filled from what is set now."""
    kept = current(store)
    smtp, imap = kept["smtp"], kept["imap"]
    return {
        "smtp": Form({"host": smtp.get("host", ""), "port": str(smtp.get("port", 587)),
                      "security": smtp.get("security", "starttls"), "username": smtp.get("username") or ""},
                     prefix="smtp-"),
        "imap": Form({"host": imap.get("host", ""), "port": str(imap.get("port", 993)),
                      "security": imap.get("security", "ssl"), "username": imap.get("username") or "",
                      "folders": "\n".join(imap.get("folders") or ["INBOX"]),
                      "sent_folder": imap.get("sent_folder") or "", "cafile": imap.get("cafile") or ""},
                     prefix="imap-"),
    }


def _server(form: Form, securities: tuple[str, ...]) -> tuple[str, int, str] | None:
    host = form.text("host", required="Give the mail server's name, e.g. mail.example.org.", kind="host")
    port = form.integer("port", 1, 65535)
    security = form.choice("security", securities, required="Choose how the connection is protected.")
    if host is None or port is None or security is None or not form.ok:
        return None
    return host, port, security


async def _save(request: Request, which: str) -> Response:
    from afterview.web.pages.settings import settings_page_with

    form = Form.of(await request.form())
    form.prefix = f"{which}-"
    store = web(request).store
    server = _server(form, SMTP_SECURITY if which == "smtp" else IMAP_SECURITY)
    username = form.text("username", required=None if which == "smtp" else "Give the user name you sign in with.",
                         kind="username")
    folders = list(form.lines("folders", max_items=20, kind="folder")) if which == "imap" else []
    sent_folder = form.text("sent_folder", kind="folder") if which == "imap" else None
    cafile = form.text("cafile", kind="file") if which == "imap" else None
    if server is not None and form.ok:
        host, port, security = server
        try:
            if which == "smtp":
                await run_in_threadpool(mail_settings.configure_smtp, store, host=host, port=port, security=security,
                                        username=username)
            else:
                await run_in_threadpool(mail_settings.configure_imap, store, host=host, port=port,
                                        security=security, username=username or "", folders=folders,
                                        sent_folder=sent_folder, cafile=cafile)
        except UserError as refused:
            line = refused.line()
            form.fail(refused.field or "host", line[:1].upper() + line[1:] + ".")
        else:
            what = "Sending (SMTP)" if which == "smtp" else "Reading replies (IMAP)"
            return see_other("/settings#mail", f"{what} settings saved.", request)
    return await run_in_threadpool(lambda: settings_page_with(request, status=422, mail_forms={which: form}))


async def smtp_form(request: Request) -> Response:
    return await _save(request, "smtp")


async def imap_form(request: Request) -> Response:
    return await _save(request, "imap")
