"""The Draft page and its JSON twins, in-process: show, check as you type, save, send, .eml."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from tests.web.conftest import Web
from tests.web.mailserver import Received

APP = "northwind-office-manager"
DANA = f"{APP}:thank_you_email:r1:dana-whitfield"
MARCUS = f"{APP}:thank_you_email:r1:marcus-lee"
DEBRIEF = f"{APP}:debrief:r1"
CALL = "globex-analyst:check_in:r1"


def _draft(web: Web, task: str = DANA) -> dict[str, object]:
    body = web.get(f"/api/tasks/{task}/draft").json()
    assert isinstance(body, dict)
    return body


def _form(web: Web, task: str = DANA) -> dict[str, str]:
    d = _draft(web, task)
    return {"subject": str(d["subject"]), "body": str(d["body"])}


def test_the_draft_page_shows_recipient_subject_body_and_checks(web: Web) -> None:
    page = web.get(f"/tasks/{DANA}/draft")
    assert page.status_code == 200
    text = page.text
    assert "Thank-you email" in text and "dana.whitfield@northwind.example" in text
    assert 'name="subject" type="text" value="With thanks for our conversation about the Office Manager role' in text
    assert "Dear Dana," in text
    assert "All clear" in text
    assert "/draft.eml" in text and "data-copy" in text and 'src="/static/draft.js"' in text
    twin = _draft(web)
    assert set(twin) == {"task", "to", "subject", "body", "checks", "edited"}
    assert twin["task"] == DANA and twin["checks"] == [] and twin["edited"] is False
    assert twin["to"] == {"name": "Dana Whitfield", "email": "dana.whitfield@northwind.example"}


def test_today_links_a_draft_for_tasks_that_send_words_only(web: Web) -> None:
    page = web.get("/").text
    assert f'href="/tasks/{DANA.replace(":", "%3A")}/draft"' in page
    assert f'href="/tasks/{DEBRIEF.replace(":", "%3A")}/draft"' not in page


def test_a_call_script_has_no_subject_and_no_send_button(web: Web) -> None:
    page = web.get(f"/tasks/{CALL}/draft")
    assert page.status_code == 200
    assert 'name="subject"' not in page.text and "Call script" in page.text
    assert "Send now" not in page.text and "draft.eml" not in page.text
    assert _draft(web, CALL)["subject"] is None


def test_tasks_that_send_no_words_have_a_calm_404(web: Web) -> None:
    page = web.get(f"/tasks/{DEBRIEF}/draft")
    assert page.status_code == 404
    assert "No note for this task" in page.text and "something you do yourself" in page.text
    api = web.get(f"/api/tasks/{DEBRIEF}/draft")
    assert api.status_code == 404 and "something you do yourself" in api.json()["detail"]
    assert web.get("/api/tasks/nope:thank_you_email:r1:x/draft").status_code == 404
    assert web.get("/tasks/nope:thank_you_email:r1:x/draft").status_code == 404


def test_checking_finds_a_misspelling_with_its_span_and_saves_nothing(web: Web) -> None:
    typed = _form(web)
    typed["body"] = typed["body"].replace("for a friendly", "for a realy friendly")
    # A browser sends a textarea with CRLF line ends; spans must still point at the word.
    typed["body"] = typed["body"].replace("\n", "\r\n")
    fragment = web.form(f"/tasks/{DANA}/draft/check", typed, headers={"hx-request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # only the checks, for htmx to swap in
    assert 'class="finding is-error"' in fragment.text
    assert "<q class=\"quote\">realy</q>" in fragment.text and "Line 3" in fragment.text
    assert "1 error" in fragment.text
    text = f"Subject: {typed['subject']}\n\n{typed['body']}".replace("\r\n", "\n")
    checks = web.api("POST", f"/api/tasks/{DANA}/draft/check", {"text": text}).json()["checks"]
    [spelling] = [c for c in checks if c["code"] == "spelling"]
    start, end = spelling["span"]
    assert spelling["severity"] == "error" and text[start:end] == "realy"
    assert _draft(web)["edited"] is False
    assert "realy" not in str(_draft(web)["body"])


def test_warnings_are_told_apart_from_errors(web: Web) -> None:
    typed = _form(web)
    typed["body"] += "\nI am desperate for this job."
    fragment = web.form(f"/tasks/{DANA}/draft/check", typed).text
    assert 'class="finding is-warning"' in fragment and "Warning" in fragment and "1 warning" in fragment


def test_checking_an_empty_note_says_so(web: Web) -> None:
    fragment = web.form(f"/tasks/{DANA}/draft/check", {"subject": "Hi", "body": "  "})
    assert fragment.status_code == 200 and "The note is empty" in fragment.text


def test_save_keeps_the_text_and_the_page_shows_it(web: Web) -> None:
    typed = _form(web)
    typed["body"] = typed["body"].replace("Yours,", "With thanks,")
    saved = web.form(f"/tasks/{DANA}/draft", typed)
    assert saved.status_code == 303 and saved.headers["location"].endswith("/draft")
    page = web.get(saved.headers["location"]).text
    assert "Saved: your wording is kept" in page and "With thanks," in page and "Your own wording" in page
    assert _draft(web)["edited"] is True and "With thanks," in str(_draft(web)["body"])


def test_a_bad_save_keeps_what_was_typed(web: Web) -> None:
    answer = web.form(f"/tasks/{DANA}/draft", {"subject": "", "body": "My own words, kept."})
    assert answer.status_code == 422
    assert "Give the email a subject. Nothing was saved." in answer.text
    assert "My own words, kept." in answer.text
    assert _draft(web)["edited"] is False


def test_save_through_the_api(web: Web) -> None:
    text = "Subject: Thanks from Alex\n\nDear Dana,\n\nThank you for your time on Friday.\n\nAlex Morgan"
    saved = web.api("PUT", f"/api/tasks/{DANA}/draft", {"text": text})
    assert saved.status_code == 200
    body = saved.json()
    assert body["subject"] == "Thanks from Alex" and body["edited"] is True
    assert body["body"].startswith("Dear Dana,")
    assert web.api("PUT", f"/api/tasks/{DANA}/draft", {"text": " "}).status_code == 400
    assert web.api("PUT", f"/api/tasks/{DANA}/draft", {"text": "x", "extra": 1}).status_code == 422


def test_a_draft_with_a_script_tag_shows_it_as_text(web: Web) -> None:
    typed = _form(web)
    typed["body"] = "<script>alert('hi')</script>\n" + typed["body"]
    typed["subject"] = "<b>bold</b> subject"
    assert web.form(f"/tasks/{DANA}/draft", typed).status_code == 303
    page = web.get(f"/tasks/{DANA}/draft").text
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; subject" in page
    fragment = web.form(f"/tasks/{DANA}/draft/check", typed).text
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment


def test_send_delivers_exactly_one_message_and_completes_the_task(web: Web, smtp: Received) -> None:
    typed = _form(web)
    typed["body"] = typed["body"].replace("Yours,", "Warm regards,")
    sent = web.form(f"/tasks/{DANA}/send", typed)
    assert sent.status_code == 303, sent.text[:500]
    page = web.get(sent.headers["location"]).text
    assert "Sent to dana.whitfield@northwind.example; the task is done." in page
    assert "Send now" not in page  # it cannot go twice
    assert len(smtp.envelopes) == 1
    message = email.message_from_bytes(smtp.envelopes[0].original_content or b"", policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"].addresses[0].addr_spec == "dana.whitfield@northwind.example"
    content = message.get_body(("plain",))
    assert content is not None and "Warm regards," in content.get_content()
    plan = web.get(f"/api/applications/{APP}").json()["plan"]
    assert [t["status"] for t in plan if t["id"] == DANA] == ["done"]
    # Today (kept until the data changes) no longer lists it.
    assert DANA not in web.get("/").text and DANA not in web.get("/api/today?limit=100").text
    again = web.form(f"/tasks/{DANA}/send", typed)
    assert again.status_code == 422 and "already done" in again.text
    assert len(smtp.envelopes) == 1


def test_send_through_the_api(web: Web, smtp: Received) -> None:
    answer = web.api("POST", f"/api/tasks/{MARCUS}/send")
    assert answer.status_code == 200
    assert answer.json() == {"state": "sent", "reason": None}
    assert len(smtp.envelopes) == 1 and smtp.envelopes[0].rcpt_tos


def test_errors_in_the_checks_block_sending(web: Web, smtp: Received) -> None:
    typed = _form(web)
    typed["body"] = typed["body"].replace("for a friendly", "for a realy friendly")
    refused = web.form(f"/tasks/{DANA}/send", typed)
    assert refused.status_code == 422
    assert "Not sent: the note has 1 error to fix first" in refused.text
    assert "realy" in refused.text  # the user's text is still there
    assert smtp.envelopes == []
    api = web.api("POST", f"/api/tasks/{DANA}/send")
    assert api.status_code == 400 and "Not sent" in api.json()["detail"]
    plan = web.get(f"/api/applications/{APP}").json()["plan"]
    assert [t["status"] for t in plan if t["id"] == DANA] == ["open"]


def test_without_a_mail_server_the_note_waits_in_the_outbox(web: Web) -> None:
    sent = web.api("POST", f"/api/tasks/{DANA}/send")
    assert sent.status_code == 200
    assert sent.json()["state"] == "queued" and "no mail server set" in sent.json()["reason"]
    page = web.get(f"/tasks/{DANA}/draft").text
    assert "Not sent yet, kept in the outbox" in page and "Send now" not in page


def test_the_eml_download_is_a_real_message(web: Web) -> None:
    answer = web.get(f"/tasks/{DANA}/draft.eml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("message/rfc822")
    assert answer.headers["content-disposition"].startswith('attachment; filename="')
    assert answer.headers["content-disposition"].endswith('.eml"')
    message = email.message_from_bytes(answer.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "With thanks for our conversation about the Office Manager role"
    assert message["To"].addresses[0].addr_spec == "dana.whitfield@northwind.example"
    assert message["Message-ID"]
    content = message.get_body(("plain",))
    assert content is not None and "Dear Dana," in content.get_content()


def test_no_eml_for_a_call_script_says_why(web: Web) -> None:
    answer = web.get(f"/tasks/{CALL}/draft.eml")
    assert answer.status_code == 303
    assert "No .eml file" in web.get(answer.headers["location"]).text


def test_the_new_writes_need_the_csrf_token(web: Web) -> None:
    for url in (f"/tasks/{DANA}/draft", f"/tasks/{DANA}/draft/check", f"/tasks/{DANA}/send",
                "/settings/smtp", "/settings/imap", "/settings/calendar"):
        refused = web.post(url, data={"subject": "x", "body": "y", "host": "h", "port": "25"})
        assert refused.status_code == 403, url
        wrong = web.post(url, data={"csrf_token": "forged", "body": "y"})
        assert wrong.status_code == 403, url
    for method, url in (("PUT", f"/api/tasks/{DANA}/draft"), ("POST", f"/api/tasks/{DANA}/draft/check"),
                        ("POST", f"/api/tasks/{DANA}/send")):
        assert web.request(method, url, json={"text": "Subject: x\n\ny"}).status_code == 403, url
    assert _draft(web)["edited"] is False


def _left_uncertain(demo_db: str, task_id: str) -> None:
    """What a send whose connection broke after the text was handed over leaves behind."""
    import sqlalchemy as sa

    from afterview.services import outbox
    from afterview.services.store import open_store
    from afterview.store import schema as t
    from tests.web.conftest import AS_OF

    store = open_store(demo_db)
    entry = outbox.queue(store, task_id, AS_OF)
    with store.transaction() as conn:
        conn.execute(sa.update(t.outbox).where(t.outbox.c.id == entry.id)
                     .values(state="uncertain", last_error="connection lost after the message was handed over"))
    store.engine.dispose()


def test_an_uncertain_message_is_settled_from_the_draft_page(web: Web, smtp: Received, demo_db: str) -> None:
    _left_uncertain(demo_db, DANA)
    page = web.get(f"/tasks/{DANA}/draft").text
    assert "Not sure it went out" in page and "It went out" in page and "Send now" not in page
    settled = web.form(f"/tasks/{DANA}/outbox/sent", {})
    assert settled.status_code == 303
    assert "the task is done" in web.get(settled.headers["location"]).text
    assert smtp.envelopes == []  # recorded, never sent twice
    _left_uncertain(demo_db, MARCUS)
    again = web.api("POST", f"/api/tasks/{MARCUS}/outbox/settle", {"went_out": False})
    assert again.status_code == 200 and again.json()["state"] == "sent"
    assert len(smtp.envelopes) == 1
    nothing = web.api("POST", f"/api/tasks/{MARCUS}/outbox/settle", {"went_out": True})
    assert nothing.status_code == 400 and "nothing to settle" in nothing.text


def test_a_review_is_asked_from_the_draft_page_and_the_hold_is_shown(web: Web, smtp: Received) -> None:
    refused = web.form(f"/tasks/{DANA}/review", {"review_to": "not an address"})
    assert refused.status_code == 422 and "is not an email address" in refused.text
    assert smtp.envelopes == []
    asked = web.form(f"/tasks/{DANA}/review", {"review_to": "sam@friend.example"})
    assert asked.status_code == 303, asked.text[:500]
    page = web.get(asked.headers["location"]).text
    assert "Sent to sam@friend.example for review" in page and "Asked sam@friend.example" in page
    [envelope] = smtp.envelopes
    request = email.message_from_bytes(envelope.original_content or b"", policy=email.policy.default)
    assert isinstance(request, EmailMessage) and request["To"].addresses[0].addr_spec == "sam@friend.example"
    held = web.form(f"/tasks/{DANA}/review/hold", {"hold": "on"})
    assert held.status_code == 303
    assert "Stop holding notes for review" in web.get(held.headers["location"]).text


def test_the_interview_form_records_the_debrief_as_facts_and_the_note_uses_them(empty_web: Web) -> None:
    response = empty_web.form("/interviews/new", {
        "company": "Acme", "role": "Clerk", "on": "2026-11-23", "round": "1",
        "iv-0-name": "Jane Doe", "iv-0-email": "jane@acme.example", "iv-0-topics": "the new ledger",
        "went_well": "Good rapport with Jane; my ledger story landed well",
        "fell_short": "I rambled about payroll", "strong_topics": "the month-end close",
        "improve_topic": "payroll software", "improve_addition": "I ran payroll for 40 staff in Sage 50",
        "improve_asked_by": "Jane Doe",
    })
    assert response.status_code == 303, response.text[:500]
    draft = _draft(empty_web, "acme-clerk:thank_you_email:r1:jane-doe")
    body = str(draft["body"])
    assert "the month-end close" in body
    assert "my answer about payroll software: I ran payroll for 40 staff in Sage 50." in body
    assert "rambled" not in body and "rapport" not in body and draft["checks"] == []
