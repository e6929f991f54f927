"""The morning digest through the one tick, delivered to a real SMTP server (aiosmtpd), once a day."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

from afterview.services import digest, planning
from afterview.services.mail_settings import configure_smtp
from afterview.services.store import open_store
from afterview.services.tick import tick
from tests.web.conftest import AS_OF, Web
from tests.web.mailserver import Received, free_port, start_server

SCRIPT = str(Path(sys.executable).with_name("afterview"))
# 07:00 in New York (the demo's time zone) on the demo's Monday is 12:00 UTC.
SEVEN = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _messages(received: Received) -> list[Message]:
    return [email.message_from_bytes(e.original_content or b"") for e in received.envelopes]


def _text(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def test_off_by_default(demo_db: str, smtp: Received) -> None:
    store = open_store(demo_db)
    assert digest.digest_hour(store) is None
    report = tick(store, AS_OF, scan=False, now=SEVEN + timedelta(hours=5))
    assert report.ok and not any(line.startswith("digest") for line in report.lines)
    assert smtp.envelopes == []


def test_at_the_hour_once_a_day_what_is_due_and_what_is_late(demo_db: str, smtp: Received) -> None:
    store = open_store(demo_db)
    digest.set_digest_hour(store, 7)
    assert tick(store, AS_OF, scan=False, now=SEVEN - timedelta(minutes=1)).ok
    assert smtp.envelopes == []  # 06:59 in New York: not yet
    report = tick(store, AS_OF, scan=False, now=SEVEN + timedelta(minutes=1))
    assert report.ok, report.problems
    (message,) = _messages(smtp)
    assert message["To"] == message["From"] == "Alex Morgan <alex.morgan@example.net>"
    with store.reading() as conn:
        tasks, _ = planning.today(conn, AS_OF)
    late = [t for t in tasks if (t.deadline or t.due) < AS_OF]
    due = [t for t in tasks if t not in late]
    assert late and due
    assert message["Subject"] == f"Afterview, Mon 23 Nov 2026: {len(due)} due today, {len(late)} late"
    body = _text(message)
    assert body.index(f"Late ({len(late)})") < body.index(f"Due today ({len(due)})")
    for task in tasks:
        assert f"id {task.id}" in body
    assert "3 days overdue  Debrief · Hooli" in body
    assert all(len(line) <= 72 or line.strip().startswith("id ") for line in body.splitlines())
    assert f"digest: sent to alex.morgan@example.net ({len(due)} due today, {len(late)} late)" in report.lines

    for later in (timedelta(hours=1), timedelta(hours=9)):
        assert tick(store, AS_OF, scan=False, now=SEVEN + later).ok
    assert len(smtp.envelopes) == 1  # once a day
    tomorrow = AS_OF + timedelta(days=1)
    assert tick(store, tomorrow, scan=False, now=SEVEN + timedelta(days=1, minutes=5)).ok
    assert len(smtp.envelopes) == 2
    assert _messages(smtp)[1]["Subject"].startswith("Afterview, Tue 24 Nov 2026: ")


def test_a_server_that_is_down_is_tried_again_at_the_next_tick(demo_db: str, smtp: Received) -> None:
    store = open_store(demo_db)
    digest.set_digest_hour(store, 7)
    port = free_port()  # nothing listens here yet
    configure_smtp(store, host="127.0.0.1", port=port, security="none", username=None)
    down = tick(store, AS_OF, scan=False, now=SEVEN)
    assert any(p.startswith("digest: the digest was not sent: cannot reach the SMTP server") for p in down.problems)
    later = Received()
    controller = start_server(later, port)
    try:
        assert tick(store, AS_OF, scan=False, now=SEVEN + timedelta(minutes=1)).ok
        assert tick(store, AS_OF, scan=False, now=SEVEN + timedelta(minutes=2)).ok
    finally:
        controller.stop()
    assert len(later.envelopes) == 1 and smtp.envelopes == []


def test_it_needs_an_hour_your_email_and_outgoing_mail(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.sqlite3"))
    for hour, words in ((24, "24 is not an hour of the day"), (7, "none is set; set your email in the profile")):
        try:
            digest.set_digest_hour(store, hour)
        except digest.UserError as problem:
            assert words in problem.line()
        else:
            raise AssertionError("accepted")
    assert digest.digest_hour(store) is None


def test_the_settings_page_and_its_twin(web: Web, smtp: Received) -> None:
    page = web.get("/settings").text
    assert 'id="digest"' in page and 'name="hour"' in page
    saved = web.form("/settings/digest", {"hour": "07:00"})
    assert saved.status_code == 303
    assert web.get("/api/settings/digest").json() == {"hour": 7}
    assert "The morning digest comes at 07:00 each day." in web.get("/settings").text
    assert web.api("PUT", "/api/settings/digest", {"hour": None}).json() == {"hour": None}
    wrong = web.form("/settings/digest", {"hour": "25:00"})
    assert wrong.status_code == 422 and 'id="e-digest-hour"' in wrong.text
    bad = web.api("PUT", "/api/settings/digest", {"hour": 30})
    assert bad.status_code == 400 and bad.json()["field"] == "hour"


def test_afterview_tick_sends_it_once(demo_db: str, smtp: Received) -> None:
    store = open_store(demo_db)
    digest.set_digest_hour(store, 0)  # any time of the day is after midnight
    store.engine.dispose()
    command = [SCRIPT, "--db", demo_db, "--as-of", AS_OF.isoformat(), "tick", "--no-scan"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert first.returncode == 0, first.stderr
    assert "digest: sent to alex.morgan@example.net" in first.stdout
    second = subprocess.run(command, capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert second.returncode == 0 and "digest" not in second.stdout
    assert len(smtp.envelopes) == 1


def test_the_digest_commands(demo_db: str, smtp: Received) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SCRIPT, "--db", demo_db, "--as-of", AS_OF.isoformat(), "digest", *args],
                              capture_output=True, text=True, timeout=60, env=os.environ.copy())

    wrong = run("on", "--hour", "25")
    assert wrong.returncode == 2 and wrong.stderr == (
        "afterview: --hour: 25 is not an hour of the day; give a whole number from 0 to 23\n")
    assert run("on", "--hour", "7").returncode == 0
    shown = run("show").stdout
    assert shown.startswith("Sent at 07:00 each day.\n\nSubject: Afterview, Mon 23 Nov 2026: ")
    assert "Due today (" in shown and "id hooli-ops:debrief:r2" in shown
    assert run("off").stdout == "The morning digest is off.\n"
    assert digest.digest_hour(open_store(demo_db)) is None
