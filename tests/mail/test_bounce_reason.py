"""A bounce opens its task again with its own reason, shown by every door, and flags the address.

End to end: a real aiosmtpd takes the note, a delivery report for that very message is
scanned (from an mbox file, and from a real dovecot over IMAP), and the reopened task says
"the address … bounced" and what to do, on the CLI (plan, today), the web (Today, the
Application page) and the API; the person's address is shown flagged; nothing is cancelled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from imap_tools import MailBoxUnencrypted

from afterview.services import inbox, outbox, planning
from afterview.services.demo import load_demo
from afterview.services.mail_settings import configure_imap, configure_smtp
from afterview.services.store import Store, open_store
from afterview.web import create_app
from tests.mail.conftest import IMAP_PASSWORD, SMTP_PASSWORD, SMTP_USER, ImapServer, SmtpServer
from tests.mail.test_inbox_meaning import DSN
from tests.web.conftest import Web

AS_OF = date(2026, 11, 23)
APP = "northwind-office-manager"
TASK = f"{APP}:thank_you_email:r1:marcus-lee"
ADDRESS = "marcus.lee@northwind.example"
SAYS = f"The address {ADDRESS} bounced"
SCRIPT = str(Path(sys.executable).with_name("afterview"))


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    load_demo(store, AS_OF)
    return store


def _send(store: Store, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> outbox.OutboxEntry:
    configure_smtp(store, host=smtp.host, port=smtp.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", SMTP_PASSWORD)
    sent = outbox.deliver(store, outbox.queue(store, TASK, AS_OF), AS_OF)
    assert sent.state == "sent" and smtp.inbox.envelopes
    return sent


def _task(store: Store) -> tuple[str, str]:
    with store.reading() as conn:
        [task] = [t for t in planning.plan(conn, AS_OF, application=APP, include_all=True) if t.id == TASK]
    return task.status, task.reason


def _cli(url: str, *args: str) -> str:
    done = subprocess.run([SCRIPT, "--db", url, "--as-of", AS_OF.isoformat(), *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())  # wrapped lines joined: the reason is read as one sentence


def _assert_every_door_says_it(store: Store, url: str) -> None:
    status, reason = _task(store)
    assert status == "open"
    assert reason.startswith(SAYS) and "User unknown" in reason
    assert "check the address" in reason and "send the note again" in reason
    with store.reading() as conn:
        statuses = {t.id: t.status for t in planning.plan(conn, AS_OF, application=APP, include_all=True)}
    assert statuses[f"{APP}:check_in:r1"] == "open"  # nothing cancelled
    assert SAYS in _cli(url, "plan", APP)
    assert SAYS in _cli(url, "today")
    assert f"{ADDRESS} (mail to it bounced" in _cli(url, "people", "list", APP)
    web = Web(create_app(db=url, as_of=AS_OF))
    try:
        assert SAYS in web.get("/").text
        page = web.get(f"/applications/{APP}").text
        assert SAYS in page and "mail to this address bounced" in page
        api = web.get(f"/api/applications/{APP}").json()
        assert any(t["id"] == TASK and t["reason"].startswith(SAYS) for t in api["plan"])
        assert any(t["reason"].startswith(SAYS) for t in web.get("/api/today").json()["tasks"])
    finally:
        web.close()


def _mbox(path: Path, message: str) -> Path:
    path.write_bytes(b"From x@y Tue Nov 24 10:15:00 2026\n" + message.encode() + b"\n")
    return path


def test_a_bounce_read_from_a_file_reopens_the_task_with_its_own_reason(
        store: Store, database_url: str, tmp_path: Path, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sent = _send(store, smtp_server, monkeypatch)
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", DSN.format(message_id=sent.message_id)))
    assert [(r.kind, r.task) for r in result.replies] == [("bounce", TASK)]
    [entry] = outbox.entries(store, TASK)
    assert entry.state == "bounced" and (entry.last_error or "").startswith(f"the address {ADDRESS} bounced")
    _assert_every_door_says_it(store, database_url)
    # A later fact on the application derives its plan again: the reason stays until the note goes out.
    with store.transaction("a later fact") as conn:
        planning.replan(conn, {APP})
    assert _task(store)[1].startswith(SAYS)
    again = outbox.deliver(store, outbox.queue(store, TASK, AS_OF), AS_OF)
    assert again.state == "sent"
    status, reason = _task(store)
    assert status == "done" and "bounced" not in reason
    assert ADDRESS not in outbox.flagged_addresses(store, [ADDRESS])


def test_a_bounce_read_from_a_real_imap_server_reopens_the_task_with_its_own_reason(
        store: Store, database_url: str, smtp_server: SmtpServer, imap_server: ImapServer, folder: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sent = _send(store, smtp_server, monkeypatch)
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        box.append(DSN.format(message_id=sent.message_id).replace("\n", "\r\n").encode(), folder)
    configure_imap(store, host=imap_server.host, port=imap_server.port, security="none", username=imap_server.user,
                   folders=[folder], sent_folder=None)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", IMAP_PASSWORD)
    result = inbox.scan(store, AS_OF)
    assert [(r.kind, r.task) for r in result.replies] == [("bounce", TASK)]
    _assert_every_door_says_it(store, database_url)


def test_a_store_from_before_keeps_its_bounces_as_bounced(tmp_path: Path) -> None:
    """Migration 0007: a `failed` row marked "bounced: " in its text becomes `bounced`, mark taken off."""
    from alembic import command

    from afterview.store.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
        for n, (state, error) in enumerate([("failed", f"bounced: the address {ADDRESS} bounced: 550 gone"),
                                            ("failed", "550 refused at sending"), ("sent", None)]):
            conn.execute(sa.text(
                "INSERT INTO outbox (task_id, message_id, recipient, subject, body, state, send_after, attempts, "
                "last_error, created_at, updated_at) VALUES (:task, :mid, :to, 's', 'b', :state, "
                "'2026-11-23 10:00:00', 1, :error, '2026-11-23 10:00:00', '2026-11-23 10:00:00')"),
                {"task": f"t{n}", "mid": f"<m{n}@x>", "to": ADDRESS, "state": state, "error": error})
        command.upgrade(alembic_config(conn), "head")
        rows = conn.execute(sa.text("SELECT state, last_error FROM outbox ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("bounced", f"the address {ADDRESS} bounced: 550 gone"),
                                        ("failed", "550 refused at sending"), ("sent", None)]
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0006")
        assert conn.execute(sa.text("SELECT state, last_error FROM outbox WHERE id = 1")).one() == (
            "failed", f"bounced: the address {ADDRESS} bounced: 550 gone")
    engine.dispose()
