"""Classifying replies, suggesting outcomes, finding a new decision date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from afterview.mail.replies import (
    ReplyClassifier,
    ReplyMatch,
    find_decision_date,
    is_shared_domain,
    suggest_outcome,
)
from afterview.mail.scan import ScanReport, candidates, scan_mbox
from tests.mail.messages import mbox, message

CLASSIFIER = ReplyClassifier(
    sent={"ours-1@afterview.local": "app-acme", "<ours-2@afterview.local>": "app-globex"},
    people={"Lee@Initech.example": "app-initech", "recruiter@gmail.com": "app-hooli"},
    domains={"acme.example": "app-acme", "gmail.com": "app-wrong", "@globex.example": "app-globex"},
    own=["sam@seeker.example"],
)


def _scan(tmp_path: Path, *messages: bytes) -> list[ReplyMatch | None]:
    path = tmp_path / "in.mbox"
    path.write_bytes(mbox(messages))
    return [CLASSIFIER.classify(h) for h in scan_mbox(path)]


def test_each_rule_and_its_order(tmp_path: Path) -> None:
    thread, person, free_person, domain, subdomain, free, stranger = _scan(
        tmp_path,
        message(1, sender="someone@elsewhere.example", references="<x@y> <ours-2@afterview.local>"),
        message(2, sender="Lee <lee@initech.example>"),
        message(3, sender="recruiter@gmail.com"),
        message(4, sender="HR <hr@acme.example>", in_reply_to="<unknown@x>"),
        message(5, sender="jobs@mail.eu.acme.example"),
        message(6, sender="friend@gmail.com"),
        message(7, sender="x@unknown.example"),
    )
    assert thread == ReplyMatch("app-globex", "thread", "someone@elsewhere.example",
                                thread.received if thread else None, "<m1@acme.example>", "<ours-2@afterview.local>")
    assert person is not None and (person.application_id, person.why) == ("app-initech", "person")
    assert free_person is not None and free_person.why == "person"  # a known person may use free mail
    assert domain is not None and (domain.application_id, domain.why) == ("app-acme", "domain")
    assert subdomain is not None and subdomain.application_id == "app-acme"
    assert free is None and stranger is None


def test_own_messages_and_auto_replies_are_not_replies(tmp_path: Path) -> None:
    own, auto, vacation = _scan(
        tmp_path,
        message(1, sender="Sam <SAM@seeker.example>", in_reply_to="<ours-1@afterview.local>"),
        message(2, sender="hr@acme.example", in_reply_to="<ours-1@afterview.local>",
                extra="Auto-Submitted: auto-replied\n"),
        message(3, sender="hr@acme.example", extra="X-Autoreply: yes\n"),
    )
    # Own mail is about nothing; a program's mail is found, with its kind: never a reply.
    assert own is None
    assert auto is not None and auto.automatic == "auto_reply"
    assert vacation is not None and vacation.automatic == "auto_reply"


@pytest.mark.parametrize(("domain", "shared"), [
    ("gmail.com", True), ("GMX.de", True), ("gmx.net", True), ("yahoo.co.uk", True), ("web.de", True),
    ("proton.me", True), ("greenhouse.io", True), ("mail.hotmail.com", True), ("hotmail.acme.example.com", False),
    ("acme.com", False),
    ("yahoo.acme.example.com", False), ("eu.greenhouse.io", True),
])
def test_shared_domains(domain: str, shared: bool) -> None:
    assert is_shared_domain(domain) is shared


def test_candidates_read_bodies_only_for_matches(tmp_path: Path) -> None:
    path = tmp_path / "in.mbox"
    path.write_bytes(mbox([message(n, sender=f"x{n}@nobody.example") for n in range(50)]
                          + [message(99, sender="hr@acme.example", body="Unfortunately we will not be moving "
                                     "forward.\n")]))
    report = ScanReport()
    found = list(candidates(scan_mbox(path, report), CLASSIFIER.is_candidate, report))
    assert [h.message_id for h in found] == ["<m99@acme.example>"]
    assert report.candidates == 1 and report.messages == 51
    assert suggest_outcome(found[0].subject, found[0].text()) == "rejected"


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Offer", "We are pleased to offer you the position of Analyst.", "offer"),
    ("Next steps", "Please find attached your offer of employment.", "offer"),
    ("Update", "Unfortunately, we have decided to move forward with other candidates.", "rejected"),
    ("Update", "We will not be moving forward with your application.", "rejected"),
    ("Update", "The position has been filled. Thank you for your time.", "rejected"),
    ("Update", "Unfortunately we were not able to see you, the decision is on hold.", None),
    ("Update", "Unfortunately our interviewer is ill; can we reschedule?", None),
    ("Update", "We will not be able to offer you the role.", "rejected"),
    ("Thanks", "Thank you for coming in yesterday.", None),
])
def test_suggest_outcome(subject: str, body: str, expected: str | None) -> None:
    assert suggest_outcome(subject, body) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("We expect to make a decision by March 14.", date(2025, 3, 14)),
    ("We'll get back to you by Friday.", date(2025, 3, 7)),
    ("A decision is planned for 2 January.", date(2026, 1, 2)),
    ("The decision is now expected on 2025-04-01, sorry for the delay.", date(2025, 4, 1)),
    ("Thanks for meeting us on March 1.", None),
    ("We met on Friday. No news yet.", None),
])
def test_find_decision_date(text: str, expected: date | None) -> None:
    assert find_decision_date(text, date(2025, 3, 3)) == expected


def test_is_candidate_agrees_with_classify(tmp_path: Path) -> None:
    # `is_candidate` looks raw Message-IDs up as bytes and caches domain answers; it
    # must say exactly what `classify` says, message by message, twice over (cache warm).
    samples = [
        message(1, sender="someone@elsewhere.example", references="<x@y>\n <ours-2@afterview.local>"),
        message(2, sender="x@nobody.example", in_reply_to="ours-1@afterview.local"),  # no brackets: not an ID
        message(3, sender="x@nobody.example", in_reply_to="<unknown@x> <ours-1@afterview.local>"),  # 1st only
        message(4, sender="HR <HR@Acme.Example>"),
        message(5, sender="jobs@mail.eu.acme.example"),
        message(6, sender="friend@gmail.com", references="<ours-1@afterview.local>"),
        message(7, sender="hr@acme.example", extra="Auto-Submitted: auto-replied\n"),
        message(8, sender="Sam <sam@seeker.example>", in_reply_to="<ours-1@afterview.local>"),
        message(9, sender="x@unknown.example", extra="in-reply-to: <OURS-1@afterview.local>\n"),
        message(10, sender="x@unknown.example", extra="IN-REPLY-TO: <ours-1@afterview.local>\n"),
        message(11, sender="", references="<ours-2@afterview.local>"),
    ]
    path = tmp_path / "in.mbox"
    path.write_bytes(mbox(samples * 2))
    headers = list(scan_mbox(path))
    verdicts = [CLASSIFIER.is_candidate(h) for h in headers]
    assert verdicts == [CLASSIFIER.classify(h) is not None for h in headers]
    # 7 is an auto-reply from the company: a candidate, read for a return date, never a reply.
    assert verdicts[:11] == [True, False, False, True, True, True, True, False, False, True, True]


def test_non_ascii_message_ids_are_matched_as_decoded(tmp_path: Path) -> None:
    # A raw ID with 8-bit bytes (here the two of a UTF-8 "é") is compared as `MailHeader.references` decodes it.
    replaced = "<caf\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}@x>"
    classifier = ReplyClassifier(sent={replaced: "app-x", "<ok@x>": "app-ok"},
                                 people={}, domains={})
    path = tmp_path / "in.mbox"
    path.write_bytes(mbox([message(1, sender="a@b.example", references="<caf\xe9@x>"),
                           message(2, sender="a@b.example", in_reply_to="<ok@x>")]))
    first, second = list(scan_mbox(path))
    assert first.references == (replaced,)
    match = classifier.classify(first)
    assert match is not None and (match.application_id, match.answers) == ("app-x", first.references[0])
    assert classifier.is_candidate(first) and classifier.is_candidate(second)
