"""The header path of a scan reads as the searches it replaces.

Seen (callgrind, an 8 MB corpus): recognising bounces added a `startswith` of six prefixes
and a search of the whole header block to every message of a scan (+34 M instructions, where
the older scan's header path cost 756 M). Now the sender's first letter is looked at first, the
block is searched with `partition`, and the From, In-Reply-To and References fields are searched
for once each, not two or three times. These tests hold each shortcut to what it replaces.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.mail.automatic import (
    BOUNCE_SENDERS,
    _kind_by_every_sign,
    automatic_kind,
    is_bounce_sender,
    is_delivery_report,
)
from afterview.mail.header import MailHeader
from afterview.mail.report import ScanReport


def _header(block: str) -> MailHeader:
    raw = b"\n" + block.replace("\r\n", "\n").encode("utf-8")
    return MailHeader(raw if raw.endswith(b"\n") else raw + b"\n", "x", len(raw), lambda limit: b"")


_LOCAL = st.one_of(st.sampled_from([p.rstrip("@") for p in BOUNCE_SENDERS]),
                   st.sampled_from(["mailer", "post", "bounce", "b", "m", "p", "ann", ""]),
                   st.text("abmpst-@.", max_size=14))


@settings(max_examples=400, deadline=None)
@given(local=_LOCAL, rest=st.sampled_from(["@acme.example", "", "@", "x@y", "s@x"]))
def test_a_bounce_sender_is_what_the_six_prefixes_say(local: str, rest: str) -> None:
    address = local + rest
    assert is_bounce_sender(address) == address.startswith(BOUNCE_SENDERS)


_FIELDS = st.sampled_from([
    "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
    "Content-Type: multipart/report;\n boundary=x", "Content-Type: text/plain", "Content-Type: multipart/mixed",
    "X-Note: delivery-status", "X-Note: Delivery-Status", "Subject: multipart/report",
    "Content-Type: Multipart/Report; report-type=Delivery-Status", "From: Ann <ann@acme.example>",
    "In-Reply-To: <a@x>", "References: <r1@x> <r2@x>\n <r3@x>", "References: <r4@x>", "In-Reply-To: <b@x> <c@x>",
])


@settings(max_examples=400, deadline=None)
@given(fields=st.lists(_FIELDS, max_size=6))
def test_the_header_tests_read_as_the_searches_they_replace(fields: list[str]) -> None:
    header = _header("\n".join(fields))
    low = header.lowered
    content_type = (header.raw("content-type") or b"").lower()
    assert is_delivery_report(header) == (low.find(b"delivery-status") >= 0
                                          and content_type.find(b"multipart/report") >= 0)
    parent = [header.in_reply_to.encode()] if header.in_reply_to else []
    assert header.thread_ids() == parent + list(reversed([r.encode() for r in header.references]))


@pytest.mark.parametrize("block", ["From: Ann Lee <ANN@acme.example>\nSubject: x", "Subject: x",
                                   "From: =?utf-8?q?Ann?= <ann@acme.example>", "From:\n  bob@acme.example"])
def test_the_sender_read_by_the_check_is_the_sender_read_alone(block: str) -> None:
    checked, alone = _header(block), _header(block)
    report = ScanReport()
    checked.check(report)
    assert checked.from_address == alone.from_address
    assert checked.from_name == alone.from_name
    assert report.warnings.get("missing_from", 0) == (0 if "From:" in block else 1)


def _from_address_as_before(header: MailHeader) -> str:
    """`from_address` as it was read before its fast path searched the field three times, not four."""
    raw = header.raw("from")
    if raw is not None and raw.find(b"<") >= 0 and raw.find(b'"') < 0:
        lt = raw.rfind(b"<")
        gt = raw.find(b">", lt)
        address = raw[lt + 1 : gt] if gt > 0 else raw[lt + 1 :]
        return address.strip().decode("utf-8", "replace").lower()
    return header._sender()[1]


@settings(max_examples=400, deadline=None)
@given(value=st.text("<>\"' aB@.é=?", max_size=24), check=st.booleans())
def test_the_sender_reads_as_before(value: str, check: bool) -> None:
    header = _header(f"From: {value}\nSubject: x")
    if check:
        header.check(ScanReport())
    assert header.from_address == _from_address_as_before(_header(f"From: {value}\nSubject: x"))


_SIGNS = st.sampled_from([
    "X-Failed-Recipients: ann@acme.example", "Return-Path: <>", "Return-Path: <bounce-1@lists.example>",
    "Return-Path:  < > ", "Auto-Submitted: auto-replied", "Auto-Submitted: no", "X-Autoreply: yes",
    "X-Autorespond: on", "X-Auto-Response-Suppress: All", "Precedence: bulk", "Precedence: auto_reply",
    "Precedence: first-class", "List-Id: <jobs.lists.example>", "List-Unsubscribe: <mailto:u@x>", "List-Post: NO",
    "From: MAILER-DAEMON@mx.example", "From: Ann <postmaster@acme.example>", "From: Ann <ann@acme.example>",
    "Subject: Automatic reply: Interview", "Subject: Re: Out of office", "Subject: Undelivered Mail Returned",
    "Subject: Interview next week", "Subject: Delivery Status Notification (Failure)",
    "Content-Type: multipart/report; report-type=delivery-status", "X-List-Id-Note: list-id: here",
])


@settings(max_examples=500, deadline=None)
@given(fields=st.lists(_SIGNS, max_size=5))
def test_the_kind_of_automatic_mail_is_what_every_sign_read_in_turn_says(fields: list[str]) -> None:
    header = _header("\n".join(fields))
    assert automatic_kind(header) == _kind_by_every_sign(header)
