"""The CA file a company's or a self-signed IMAP server needs: set on the CLI and the web, checked
at once (exists, a file, readable, a PEM certificate) with one clear line, and used by the scan
against a real dovecot over TLS that only the test's own certificate lets in."""

from __future__ import annotations

import imaplib
import os
import ssl
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from afterview.services import inbox
from afterview.services.demo import load_demo
from afterview.services.errors import UserError
from afterview.services.mail_settings import IMAP_KEY, configure_imap, read_setting
from afterview.services.store import Store, open_store
from afterview.web import create_app
from tests.mail.conftest import TlsImapServer
from tests.web.conftest import Web

AS_OF = date(2026, 11, 23)
SCRIPT = str(Path(sys.executable).with_name("afterview"))
REPLY = (b"From: Hank Scorpio <hank@globex.example>\r\nTo: alex.morgan@example.net\r\nSubject: Your application\r\n"
         b"Date: Tue, 24 Nov 2026 11:00:00 +0000\r\nMessage-ID: <tlsreply@globex.example>\r\n\r\n"
         b"Dear Alex, we would like to invite you to a second interview.\r\n")


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.txt"
    text.write_text("not a certificate\n")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    return {"missing": (tmp_path / "nowhere.pem", "does not exist"), "folder": (tmp_path, "is not a file"),
            "text": (text, "holds no PEM certificate"), "broken": (broken, "holds no certificate that can be read")}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "search.sqlite3"))
    load_demo(store, AS_OF)
    return store


def _imap(store: Store) -> object:
    with store.reading() as conn:
        return read_setting(conn, IMAP_KEY)


def test_a_cafile_that_is_no_ca_file_is_refused_in_one_line_and_nothing_is_saved(
        store: Store, tmp_path: Path) -> None:
    for path, why in _bad_files(tmp_path).values():
        with pytest.raises(UserError) as refused:
            configure_imap(store, host="imap.example.org", port=993, security="ssl", username="alex",
                           folders=["INBOX"], sent_folder=None, cafile=str(path))
        assert refused.value.field == "cafile" and why in refused.value.line() and "\n" not in refused.value.line()
    assert _imap(store) is None


def test_the_scan_trusts_the_servers_own_ca_once_it_is_set(
        store: Store, imap_tls_server: TlsImapServer, monkeypatch: pytest.MonkeyPatch) -> None:
    context = ssl.create_default_context(cafile=imap_tls_server.cafile)
    with imaplib.IMAP4_SSL(imap_tls_server.host, imap_tls_server.tls_port, ssl_context=context) as client:
        client.login(imap_tls_server.user, imap_tls_server.password)
        client.create("CaFile")
        client.append("CaFile", None, None, REPLY)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", imap_tls_server.password)
    settings = {"host": imap_tls_server.host, "port": imap_tls_server.tls_port, "security": "ssl",
                "username": imap_tls_server.user, "folders": ["CaFile"], "sent_folder": None}
    configure_imap(store, **settings)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="certificate verify failed"):
        inbox.scan(store, AS_OF)  # the system's authorities do not know the test's own
    configure_imap(store, **settings, cafile=imap_tls_server.cafile)  # type: ignore[arg-type]
    result = inbox.scan(store, AS_OF)
    assert [(r.kind, r.company) for r in result.replies] == [("reply", "Globex")]


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), *args], capture_output=True, text=True, timeout=60,
                          env=os.environ.copy())


def test_the_cli_sets_the_cafile_or_says_in_one_line_what_is_wrong(
        tmp_path: Path, imap_tls_server: TlsImapServer) -> None:
    db = tmp_path / "cli.sqlite3"
    base = ["mail", "imap", "--host", "imap.example.org", "--username", "alex"]
    for path, why in _bad_files(tmp_path).values():
        done = _cli(db, *base, "--cafile", str(path))
        assert done.returncode != 0 and why in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) <= 2  # the line, and at most its hint
    done = _cli(db, *base, "--cafile", imap_tls_server.cafile)
    assert done.returncode == 0 and imap_tls_server.cafile in done.stdout
    store = open_store(str(db))
    assert _imap(store)["cafile"] == imap_tls_server.cafile  # type: ignore[index]
    store.engine.dispose()


def test_the_web_settings_set_the_cafile_or_show_what_is_wrong(
        tmp_path: Path, imap_tls_server: TlsImapServer) -> None:
    db = tmp_path / "web.sqlite3"
    open_store(str(db)).engine.dispose()
    web = Web(create_app(db=str(db), as_of=AS_OF))
    form = {"host": "imap.example.org", "port": "993", "security": "ssl", "username": "alex", "folders": "INBOX"}
    try:
        missing = tmp_path / "nowhere.pem"
        answer = web.form("/settings/imap", {**form, "cafile": str(missing)})
        assert answer.status_code == 422 and "does not exist" in answer.text and str(missing) in answer.text
        assert web.form("/settings/imap", {**form, "cafile": imap_tls_server.cafile}).status_code == 303
        assert f'value="{imap_tls_server.cafile}"' in web.get("/settings").text
    finally:
        web.close()
