"""A second set of eyes [004], and promised files: against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import mailbox
import subprocess
import sys
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from afterview.services import drafts, inbox, outbox, review
from afterview.services.demo import demo_document, load_demo
from afterview.services.documents import import_document
from afterview.services.errors import UserError
from afterview.services.mail_settings import configure_smtp
from afterview.services.store import Store, open_store
from afterview.store import repository as repo
from tests.mail.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer

AS_OF = date(2026, 11, 23)
DANA = "northwind-office-manager:thank_you_email:r1:dana-whitfield"
MARCUS = "northwind-office-manager:thank_you_email:r1:marcus-lee"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "search.sqlite3"))
    load_demo(store, AS_OF)
    return store


@pytest.fixture
def smtp(store: Store, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    configure_smtp(store, host=smtp_server.host, port=smtp_server.port, security="none", username=SMTP_USER)
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", SMTP_PASSWORD)
    return smtp_server


def _reply_to(request: EmailMessage, text: str, tmp_path: Path) -> Path:
    """The friend's answer, as their mail program writes it: quoting the request, threaded to it."""
    reply = EmailMessage()
    reply["From"] = "Sam Friend <sam@friend.example>"
    reply["To"] = request["From"]
    reply["Subject"] = "Re: " + str(request["Subject"])
    reply["Date"] = "Mon, 23 Nov 2026 18:00:00 +0000"
    reply["Message-ID"] = "<reply-1@friend.example>"
    reply["In-Reply-To"] = request["Message-ID"]
    reply["References"] = request["Message-ID"]
    quoted = "\n".join("> " + line for line in request.get_body(("plain",)).get_content().splitlines())
    reply.set_content(f"{text}\n\nOn Mon, 23 Nov 2026, Alex Morgan wrote:\n{quoted}\n")
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    box.add(reply)
    box.flush()
    box.close()
    return path


def test_a_review_request_goes_out_and_the_reply_shows_as_comments(store: Store, smtp: SmtpServer,
                                                                   tmp_path: Path) -> None:
    review.request_review(store, DANA, "sam@friend.example", AS_OF)
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["sam@friend.example"]
    request = message_from_bytes(envelope.content, policy=policy.default)
    assert isinstance(request, EmailMessage)
    body = request.get_body(("plain",)).get_content()
    assert "Would you read the note below" in body and "Dear Dana," in body
    assert drafts.draft_for(store, DANA, AS_OF).draft.body.splitlines()[0] in body
    path = _reply_to(request, "Lovely note. Maybe say which move you mean in the second paragraph.", tmp_path)
    result = inbox.scan(store, AS_OF, mbox=path)
    assert result.replies == []  # a friend's review is not the employer's reply
    found = review.reviews_for(store, DANA)
    assert [c.text for c in found.comments] == ["Lovely note. Maybe say which move you mean in the second "
                                                "paragraph."]
    assert found.comments[0].sender == "sam@friend.example" and found.is_back
    inbox.scan(store, AS_OF, mbox=path)
    assert len(review.reviews_for(store, DANA).comments) == 1  # a second scan adds nothing


def test_a_bad_address_or_no_server_is_one_clear_line(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError) as bad:
        review.request_review(store, DANA, "not an address", AS_OF)
    assert bad.value.field == "to" and "\n" not in bad.value.message
    with pytest.raises(UserError, match="no mail server"):
        review.request_review(store, DANA, "sam@friend.example", AS_OF)
    assert review.reviews_for(store, DANA).requests == ()


def test_the_hold_keeps_a_note_until_a_review_is_back(store: Store, smtp: SmtpServer, tmp_path: Path) -> None:
    review.set_hold(store, True)
    early = AS_OF - timedelta(days=1)  # the day of the interview: the deadline is two business days away
    with pytest.raises(UserError) as held:
        outbox.queue(store, DANA, early)
    assert held.value.code == "held-for-review" and "review" in held.value.message
    assert outbox.entries(store) == []
    review.request_review(store, DANA, "sam@friend.example", AS_OF)
    request = message_from_bytes(smtp.inbox.envelopes[-1].content, policy=policy.default)
    assert isinstance(request, EmailMessage)
    inbox.scan(store, AS_OF, mbox=_reply_to(request, "Looks good to me!", tmp_path))
    entry = outbox.queue(store, DANA, early)
    assert entry.state == "queued"


def test_the_hold_lets_a_note_go_a_business_day_before_its_deadline(store: Store, smtp: SmtpServer) -> None:
    review.set_hold(store, True)
    with store.reading() as conn:
        task = next(t for t in repo.read_tasks(conn, statuses=None) if t.id == MARCUS)
    assert task.deadline is not None
    # The demo's interview was on Sunday 22 November; the deadline, Tuesday 24, is a business day after the 23rd.
    with pytest.raises(UserError, match="held"):
        outbox.queue(store, MARCUS, AS_OF - timedelta(days=1))
    assert outbox.queue(store, MARCUS, AS_OF).state == "queued"


def test_a_promised_file_is_attached_to_the_email_and_the_eml(store: Store, smtp: SmtpServer,
                                                              tmp_path: Path) -> None:
    plan = tmp_path / "seating-plan.pdf"
    plan.write_bytes(b"%PDF-1.4 a seating plan\n")
    fresh = open_store(str(tmp_path / "with-file.sqlite3"))
    import_document(fresh, json.dumps(_document_with_file(plan)))
    configure_smtp(fresh, host=smtp.host, port=smtp.port, security="none", username=SMTP_USER)
    checked = drafts.draft_for(fresh, DANA, AS_OF)
    assert checked.findings == [] and "attached" in checked.draft.body
    eml = message_from_bytes(drafts.eml(fresh, checked), policy=policy.default)
    assert isinstance(eml, EmailMessage)
    [attachment] = list(eml.iter_attachments())
    assert attachment.get_filename() == "seating-plan.pdf" and attachment.get_content() == plan.read_bytes()
    entry = outbox.queue(fresh, DANA, AS_OF)
    assert outbox.deliver(fresh, entry, AS_OF).state == "sent"
    sent = message_from_bytes(smtp.inbox.envelopes[-1].content, policy=policy.default)
    assert isinstance(sent, EmailMessage)
    assert [a.get_filename() for a in sent.iter_attachments()] == ["seating-plan.pdf"]
    plan.unlink()
    missing = drafts.draft_for(fresh, MARCUS, AS_OF)
    assert missing.findings == []  # Marcus was promised nothing
    with pytest.raises(UserError, match="does not exist"):
        drafts.eml(fresh, drafts.draft_for(fresh, DANA, AS_OF))


def _document_with_file(path: Path) -> dict[str, Any]:
    document = demo_document(AS_OF)
    notes = document["applications"][0]["interviews"][0]["notes"]["Dana Whitfield"]
    notes["promised"] = ["the seating plan I made for the Bellweather move"]
    notes["files"] = {"the seating plan I made for the Bellweather move": str(path)}
    return document


def test_the_review_command(store: Store, smtp: SmtpServer, tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    script = str(Path(sys.executable).with_name("afterview"))
    env = {"AFTERVIEW_SMTP_PASSWORD": SMTP_PASSWORD, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([script, "--db", str(db), "--as-of", str(AS_OF), "review", DANA, "--to",
                           "sam@friend.example"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Sent the note to sam@friend.example for review" in done.stdout
    assert len(smtp.inbox.envelopes) == 1
    bad = subprocess.run([script, "--db", str(db), "review", DANA, "--to", "nobody"], capture_output=True,
                         text=True, env=env, check=False)
    assert bad.returncode == 2 and "--to" in bad.stderr + bad.stdout and "Traceback" not in bad.stderr
