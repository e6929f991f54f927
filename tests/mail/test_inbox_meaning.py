"""What a found message means for the plan: each case here was once read wrong.

An Exchange out-of-office without `Auto-Submitted` cancelled a check-in; a delivery
failure report from the employer's postmaster was taken for the employer's reply; an
agent's answer to a request for contacts was taken for a status reply; a clear
rejection got no suggestion; "by Tuesday, December 1" became the Tuesday before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from afterview.services import inbox, outbox, planning
from afterview.services.mail_settings import configure_smtp
from afterview.services.store import Store
from tests.mail.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer

AS_OF = date(2026, 11, 23)


@pytest.fixture
def store(demo_store: Store) -> Store:
    return demo_store


def _mbox(path: Path, *messages: str) -> Path:
    path.write_bytes(b"".join(b"From x@y Tue Nov 24 10:15:00 2026\n" + m.encode() + b"\n" for m in messages))
    return path


def _statuses(store: Store, app: str) -> dict[str, str]:
    with store.reading() as conn:
        return {t.id: t.status for t in planning.plan(conn, AS_OF, application=app, include_all=True)}


def _send(store: Store, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch, task: str) -> outbox.OutboxEntry:
    configure_smtp(store, host=smtp.host, port=smtp.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", SMTP_PASSWORD)
    sent = outbox.deliver(store, outbox.queue(store, task, AS_OF), AS_OF)
    assert sent.state == "sent"
    return sent


EXCHANGE_OOO = """From: Dana Whitfield <dana.whitfield@northwind.example>
To: Alex Morgan <alex.morgan@example.net>
Subject: Automatic reply: Office Manager - thank you
Date: Tue, 24 Nov 2026 15:02:11 +0000
Message-ID: <ooo1@globex.example>
Content-Type: text/plain; charset="us-ascii"
Content-Language: en-US
X-MS-Has-Attach:
X-MS-TNEF-Correlator:

I am out of the office with limited access to email and will be back on Wednesday, December 9.
For urgent matters please contact reception.
"""


def test_an_exchange_out_of_office_is_no_reply_and_offers_its_time_away(store: Store, tmp_path: Path) -> None:
    check_in = "northwind-office-manager:check_in:r1"
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", EXCHANGE_OOO))
    [found] = result.replies
    assert found.kind == "auto_reply"
    assert found.away is not None and found.away[:2] == (date(2026, 11, 24), date(2026, 12, 8))
    assert "will be back on Wednesday, December 9" in found.away[2]
    assert found.kept and found.kept[0][0] == "away"
    assert any(f"afterview inbox confirm {found.kept[0][1]}" in line for line in result.lines())
    with store.reading() as conn:
        [task] = [t for t in planning.plan(conn, AS_OF, application="northwind-office-manager") if t.id == check_in]
    assert task.status == "open" and task.due == date(2026, 12, 7)  # nothing changed on a guess
    # The user confirms: the check-in moves past the time away.
    inbox.record_away(store, "northwind-office-manager", date(2026, 11, 24), date(2026, 12, 8))
    with store.reading() as conn:
        [task] = [t for t in planning.plan(conn, AS_OF, application="northwind-office-manager") if t.id == check_in]
    assert task.due == date(2026, 12, 9)


def test_time_away_refuses_an_end_before_its_start(store: Store) -> None:
    with pytest.raises(inbox.UserError):
        inbox.record_away(store, "globex-analyst", date(2026, 12, 6), date(2026, 11, 24))


DSN = """From: Mail Delivery System <MAILER-DAEMON@mx1.northwind.example>
To: alex.morgan@example.net
Subject: Undelivered Mail Returned to Sender
Date: Tue, 24 Nov 2026 10:00:03 +0100
Message-ID: <dsn1@mx1.northwind.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R1"

--R1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.northwind.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<marcus.lee@northwind.example>: host mail.northwind.example said: 550 5.1.1 <marcus.lee@northwind.example>:
    Recipient address rejected: User unknown in local recipient table

--R1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.northwind.example
Arrival-Date: Tue, 24 Nov 2026 10:00:02 +0100

Final-Recipient: rfc822; marcus.lee@northwind.example
Original-Recipient: rfc822;marcus.lee@northwind.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <marcus.lee@northwind.example>: Recipient address rejected: User unknown

--R1
Content-Type: text/rfc822-headers

From: Alex Morgan <alex.morgan@example.net>
To: marcus.lee@northwind.example
Subject: Thank you
Message-ID: {message_id}

--R1--
"""


def test_a_bounce_reopens_the_note_flags_the_address_and_cancels_nothing(
        store: Store, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    task = "northwind-office-manager:thank_you_email:r1:marcus-lee"
    sent = _send(store, smtp_server, monkeypatch, task)
    assert _statuses(store, "northwind-office-manager")[task] == "done"
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", DSN.format(message_id=sent.message_id)))
    [found] = result.replies
    assert (found.kind, found.task) == ("bounce", task)
    assert "the address marcus.lee@northwind.example bounced" in found.note
    statuses = _statuses(store, "northwind-office-manager")
    assert statuses[task] == "open"
    assert statuses["northwind-office-manager:check_in:r1"] == "open"  # nothing cancelled
    [entry] = outbox.entries(store, task)
    assert entry.state == "bounced" and (entry.last_error or "").startswith("the address marcus.lee@")
    assert "User unknown" in (entry.last_error or "")
    with store.reading() as conn:
        assert "marcus.lee@northwind.example" in outbox.bounced_addresses(conn)
    assert not any(r.kind == "reply" for r in result.replies)
    # The bounced message is history: the note can be sent again (here to the same address, accepted this time).
    again = outbox.deliver(store, outbox.queue(store, task, AS_OF), AS_OF)
    assert again.state == "sent"
    with store.reading() as conn:
        assert "marcus.lee@northwind.example" not in outbox.bounced_addresses(conn)


def test_the_agents_answer_to_a_request_for_contacts_is_no_status_reply(
        store: Store, tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = _send(store, smtp_server, monkeypatch, "initech-coordinator:ask_agent_for_contacts")
    answer = (f"From: Tom Baker <tom@talentbridge.example>\nTo: alex.morgan@example.net\n"
              f"Subject: Re: Interviewers' details\nDate: Tue, 24 Nov 2026 11:00:00 +0000\n"
              f"Message-ID: <ans1@talentbridge.example>\nIn-Reply-To: {sent.message_id}\n"
              f"References: {sent.message_id}\n\nHi Alex, Bill is bill.lumbergh@initech.example and Joanna is "
              f"joanna.smith@initech.example. The client will decide next week.\n")
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", answer))
    [found] = result.replies
    assert (found.kind, found.task) == ("answer", "initech-coordinator:ask_agent_for_contacts")
    statuses = _statuses(store, "initech-coordinator")
    assert statuses["initech-coordinator:check_in:r1"] == "open"
    assert statuses["initech-coordinator:ask_agent_for_contacts"] == "done"


def test_a_clear_rejection_is_suggested_with_its_sentence(store: Store, tmp_path: Path) -> None:
    reply = ("From: Hank Scorpio <hank@globex.example>\nTo: alex.morgan@example.net\nSubject: Your application\n"
             "Date: Tue, 24 Nov 2026 11:00:00 +0000\nMessage-ID: <rej1@globex.example>\n\n"
             "Dear Alex,\n\nThank you for your time. Unfortunately, we will not be offering the position to you. "
             "We have chosen a candidate who has more hands-on experience.\n\nBest, Hank\n")
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", reply))
    [found] = result.replies
    assert found.suggestion == "rejected"
    assert found.readings[0][:2] == ("rejected", "Unfortunately, we will not be offering the position to you.")
    with store.reading() as conn:  # suggested only: no outcome recorded
        assert "globex-analyst:reply_to_rejection" not in {t.id for t in planning.plan(conn, AS_OF)}


def test_a_full_date_after_its_weekday_is_the_date(store: Store, tmp_path: Path) -> None:
    reply = ("From: Hank Scorpio <hank@globex.example>\nSubject: Re: Analyst\nDate: Tue, 24 Nov 2026 11:00:00 +0000\n"
             "Message-ID: <d1@globex.example>\n\nThanks Alex. I'll follow up by Tuesday, December 8 with next steps.\n")
    [found] = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", reply)).replies
    assert found.decision_expected == date(2026, 12, 8)
    assert found.decision_sentence == "I'll follow up by Tuesday, December 8 with next steps."


def test_time_away_through_the_cli(store: Store) -> None:
    import os
    import subprocess
    import sys

    script = str(Path(sys.executable).with_name("afterview"))
    db = store.url.removeprefix("sqlite:///")
    ok = subprocess.run([script, "--db", db, "inbox", "away", "northwind-office-manager", "--from", "2026-11-24",
                         "--to", "2026-12-08"], capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert ok.returncode == 0, ok.stderr
    assert "away 2026-11-24 to 2026-12-08" in ok.stdout
    wrong = subprocess.run([script, "--db", db, "inbox", "away", "northwind-office-manager", "--from", "2026-12-08",
                            "--to", "2026-11-24"], capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "before it starts" in (wrong.stdout + wrong.stderr)
