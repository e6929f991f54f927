"""Real mail servers for the mail tests: aiosmtpd for SMTP, Debian's dovecot for IMAP.

dovecot runs as `nobody` (through setpriv when the tests run as root) with its
own configuration in a temporary folder, listening on 127.0.0.1 only, and is
stopped at the end of the session. pytest itself keeps its user and talks to
both servers over TCP.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imap_tools import MailBoxUnencrypted

from afterview.services.demo import load_demo
from afterview.services.store import Store, open_store
from tests.support.postgres import as_service_user, free_port

IMAP_USER, IMAP_PASSWORD = "seeker", "imap-secret"
SMTP_USER, SMTP_PASSWORD = "seeker", "smtp-secret"
REFUSED_RECIPIENT = "nobody-here@acme.example"

_DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {run}/run
state_dir = {run}/state
log_path = {run}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Failed logins answer at once (the default waits 2 s, which only slows the tests).
auth_failure_delay = 0
default_internal_user = nobody
default_internal_group = nogroup
default_login_user = nobody
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {run}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={run}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  user = nobody
}}
service auth-worker {{
  user = nobody
}}
service stats {{
  user = nobody
}}
"""


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str


def _wait_for_port(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise RuntimeError(f"the test IMAP server did not open port {port}")


@contextmanager
def _dovecot(tls: bool) -> Iterator[tuple[Path, int, int]]:
    """A dovecot on loopback in a temporary folder: (its folder, the IMAP port, the implicit-TLS port or 0).

    With `tls`, a certificate for 127.0.0.1 is made for the run and the server offers
    STARTTLS on the IMAP port and implicit TLS on a second port.
    """
    dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(dovecot):
        pytest.fail("dovecot is not installed; run scripts/system-packages")
    run = Path(tempfile.mkdtemp(prefix="afterview-dovecot-"))
    port, tls_port = free_port(), free_port() if tls else 0
    (run / "users").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    text = _DOVECOT_CONF.format(run=run, port=port)
    if tls:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(run / "key.pem"),
                        "-out", str(run / "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
        text = text.replace("ssl = no\n", f"ssl = yes\nssl_cert = <{run}/cert.pem\nssl_key = <{run}/key.pem\n")
        text = text.replace("  inet_listener imaps {\n    port = 0\n  }",
                            f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {tls_port}\n"
                            "    ssl = yes\n  }")
    config = run / "dovecot.conf"
    config.write_text(text)
    for sub in ("run", "state", "mail"):
        (run / sub).mkdir()
    if os.geteuid() == 0:
        for path in (run, *run.iterdir()):
            shutil.chown(path, "nobody", "nogroup")
    os.chmod(run, 0o755)
    # No pipes: the daemon's children inherit them and `run` would wait for ever.
    started = subprocess.run(as_service_user([dovecot, "-c", str(config)]), stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=30)
    if started.returncode != 0:
        pytest.fail(f"dovecot did not start (exit {started.returncode}); see {run / 'dovecot.log'}")
    try:
        _wait_for_port(port)
        if tls_port:
            _wait_for_port(tls_port)
        yield run, port, tls_port
    finally:
        subprocess.run(as_service_user([dovecot, "-c", str(config), "stop"]), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=30)
        shutil.rmtree(run, ignore_errors=True)


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    with _dovecot(tls=False) as (_, port, _tls):
        yield ImapServer("127.0.0.1", port, IMAP_USER, IMAP_PASSWORD)


@dataclass(frozen=True)
class TlsImapServer:
    host: str
    port: int  # STARTTLS
    tls_port: int  # implicit TLS
    user: str
    password: str
    cafile: str  # the test's own certificate, the only one the client trusts


@pytest.fixture(scope="session")
def imap_tls_server() -> Iterator[TlsImapServer]:
    with _dovecot(tls=True) as (run, port, tls_port):
        yield TlsImapServer("127.0.0.1", port, tls_port, IMAP_USER, IMAP_PASSWORD, str(run / "cert.pem"))


@dataclass
class Inbox:
    """What the SMTP test server received."""

    envelopes: list[Envelope] = field(default_factory=list)


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address == REFUSED_RECIPIENT:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.inbox.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    ok = (isinstance(data, LoginPassword) and data.login == SMTP_USER.encode()
          and data.password == SMTP_PASSWORD.encode())
    # handled=False makes the server answer 535 itself on a failure.
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    inbox: Inbox


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server that checks logins (plain text allowed on loopback) and refuses one recipient."""
    inbox = Inbox()
    port = free_port()
    # Login is offered without TLS (loopback) and checked when tried; it is not required,
    # because aiosmtpd warns on every connection about "required without TLS".
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: an unreachable server."""
    return free_port()


DEMO_DAY = __import__("datetime").date(2026, 11, 23)
_folders = itertools.count()


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    """A fresh SQLite store holding the demo search as of 23 November 2026."""
    store = open_store(str(tmp_path / "search.sqlite3"))
    load_demo(store, DEMO_DAY)
    return store


@pytest.fixture
def folder(imap_server: ImapServer) -> Iterator[str]:
    """A fresh IMAP folder per test, so tests share the server but not their mail."""
    name = f"Test{next(_folders)}"
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        box.folder.create(name)
    yield name
