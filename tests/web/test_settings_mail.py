"""Settings additions (mail servers, the calendar feed, the templates) and the background mail loop."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest

from afterview.services import outbox
from afterview.services.mail_settings import IMAP_KEY, SMTP_KEY, configure_imap, read_setting
from afterview.services.store import open_store
from afterview.web import create_app
from afterview.web.ticker import mail_tick
from tests.web.conftest import AS_OF, Web
from tests.web.mailserver import Received, free_port

DANA = "northwind-office-manager:thank_you_email:r1:dana-whitfield"


def _setting(db: str, key: str) -> object:
    store = open_store(db)
    try:
        with store.reading() as conn:
            return read_setting(conn, key)
    finally:
        store.engine.dispose()


def test_mail_settings_are_saved_and_shown(web: Web, demo_db: str) -> None:
    page = web.get("/settings").text
    assert "AFTERVIEW_SMTP_PASSWORD" in page and "AFTERVIEW_IMAP_PASSWORD" in page and "keyring" in page
    assert 'type="password"' not in page
    saved = web.form("/settings/smtp", {"host": "smtp.example.org", "port": "587", "security": "starttls",
                                        "username": "alex@example.org"})
    assert saved.status_code == 303
    assert "Sending (SMTP) settings saved." in web.get("/settings").text
    assert _setting(demo_db, SMTP_KEY) == {"host": "smtp.example.org", "port": 587, "security": "starttls",
                                           "username": "alex@example.org"}
    saved = web.form("/settings/imap", {"host": "imap.example.org", "port": "993", "security": "ssl",
                                        "username": "alex", "folders": "INBOX\r\nJobs", "sent_folder": "Sent"})
    assert saved.status_code == 303
    imap = _setting(demo_db, IMAP_KEY)
    assert isinstance(imap, dict) and imap["folders"] == ["INBOX", "Jobs"] and imap["sent_folder"] == "Sent"
    page = web.get("/settings").text
    assert 'value="imap.example.org"' in page and 'value="smtp.example.org"' in page


def test_a_bad_mail_form_comes_back_with_the_input(web: Web, demo_db: str) -> None:
    answer = web.form("/settings/smtp", {"host": "smtp.example.org", "port": "99999", "security": "starttls"})
    assert answer.status_code == 422
    assert "Give a whole number from 1 to 65535." in answer.text and 'value="smtp.example.org"' in answer.text
    answer = web.form("/settings/imap", {"host": "imap.example.org", "port": "143", "security": "starttls",
                                         "username": "alex"})
    assert answer.status_code == 422 and "Choose one of: ssl, none." in answer.text
    assert _setting(demo_db, SMTP_KEY) is None and _setting(demo_db, IMAP_KEY) is None


def test_the_templates_in_use_are_listed(web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = web.get("/settings").text
    assert "thank_you_email.txt.j2" in page and "Shipped" in page and "Yours" not in page
    folder = tmp_path / "own"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "thank_you_email.txt.j2").write_text("Dear {{ first_name }},\n", encoding="utf-8")
    monkeypatch.setenv("AFTERVIEW_HOME", str(folder))
    page = web.get("/settings").text
    assert str(folder / "templates" / "thank_you_email.txt.j2") in page and "Yours" in page


def _feed_url(page: str) -> str:
    found = re.search(r'>(http://testserver/calendar/[A-Za-z0-9_-]+\.ics)</textarea>', page)
    assert found, "no feed address on the page"
    return found.group(1)


def test_the_calendar_feed_works_with_its_token_only(web: Web, demo_db: str) -> None:
    made = web.form("/settings/calendar", {"action": "new"})
    assert made.status_code == 200 and "New calendar feed address made" in made.text
    url = _feed_url(made.text)
    path = url.removeprefix("http://testserver")
    # Public: a calendar app has no session (a fresh app that needs a password still serves it).
    locked = Web(create_app(db=demo_db, as_of=AS_OF, auth_required=True))
    try:
        assert locked.get("/").status_code == 303  # the pages ask to sign in
        feed = locked.get(path)
        assert feed.status_code == 200
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        assert feed.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in feed.text
        unknown = locked.get("/calendar/" + "A" * 32 + ".ics")
        odd = locked.get("/calendar/x.ics")
        assert unknown.status_code == odd.status_code == 404
        # A second address replaces the first.
        second = _feed_url(web.form("/settings/calendar", {"action": "new"}).text)
        revoked = locked.get(path)
        assert revoked.status_code == 404 and revoked.text == unknown.text  # no hint which
        assert locked.get(second.removeprefix("http://testserver")).status_code == 200
        stopped = web.form("/settings/calendar", {"action": "revoke"})
        assert stopped.status_code == 303
        assert "Calendar feed stopped" in web.get("/settings").text
        assert locked.get(second.removeprefix("http://testserver")).status_code == 404
    finally:
        locked.close()


def test_the_loop_sends_queued_notes(demo_db: str, smtp: Received) -> None:
    store = open_store(demo_db)
    entry = outbox.queue(store, DANA, AS_OF)
    assert entry.state == "queued"
    mail_tick(store, AS_OF)()
    assert [e.state for e in outbox.entries(store)] == ["sent"]
    assert len(smtp.envelopes) == 1


def test_a_failing_inbox_never_stops_the_outbox(demo_db: str, smtp: Received, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(demo_db)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", "secret")
    # Nobody listens there: the scan fails every time it is tried.
    configure_imap(store, host="127.0.0.1", port=free_port(), security="none", username="alex", folders=[],
                   sent_folder=None)
    outbox.queue(store, DANA, AS_OF)
    now = [0.0]
    tick = mail_tick(store, AS_OF, scan_every=300, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="afterview.web"):
        tick()
    assert [e.state for e in outbox.entries(store)] == ["sent"]
    assert any(r.message.startswith("tick: inbox:") for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="afterview.web"):
        tick()  # too soon for another scan
        assert not any(r.message.startswith("tick: inbox:") for r in caplog.records)
        now[0] = 301
        tick()
    assert any(r.message.startswith("tick: inbox:") for r in caplog.records)


def test_a_failing_outbox_never_stops_the_inbox(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.mail.scan import ScanReport
    from afterview.services import inbox

    store = open_store(demo_db)
    configure_imap(store, host="127.0.0.1", port=free_port(), security="none", username="alex", folders=[],
                   sent_folder=None)
    scanned: list[date | None] = []

    def broken(*_: object) -> None:
        raise RuntimeError("the outbox table is locked")

    monkeypatch.setattr(outbox, "tick", broken)
    def scan(_store: object, day: date | None = None) -> inbox.ScanResult:
        scanned.append(day)
        return inbox.ScanResult(ScanReport())

    monkeypatch.setattr(inbox, "scan", scan)
    mail_tick(store, AS_OF)()
    assert scanned == [AS_OF]
