"""The mbox reader: fields, boundaries, and every kind of bad input, on generated files."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.mail import mbox as mbox_module
from afterview.mail.decode import plain_charset, text_of_message
from afterview.mail.errors import MailError
from afterview.mail.scan import ScanReport, scan_mbox
from tests.mail.messages import mbox, message


def _write(tmp_path: Path, data: bytes, name: str = "mail.mbox") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_fields_are_read_and_decoded(tmp_path: Path) -> None:
    data = mbox([
        message(1, sender="=?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <Zoe.Mueller@ACME.example>",
                subject="=?ISO-8859-1?Q?R=E9ponse_=E0?= =?UTF-8?B?wqt2b3RyZcK7?= interview",
                in_reply_to="<ours-1@afterview.local>", references="<a@x>\n <ours-1@afterview.local>"),
        message(2, sender="bob@acme.example (Bob Stone)", date="Tue, 4 Mar 2025 09:30:00 -0500"),
    ])
    report = ScanReport()
    first, second = list(scan_mbox(_write(tmp_path, data), report))
    assert first.message_id == "<m1@acme.example>"
    assert first.in_reply_to == "<ours-1@afterview.local>"
    assert first.references == ("<a@x>", "<ours-1@afterview.local>")
    assert first.from_address == "zoe.mueller@acme.example"
    assert first.from_name == "Zoë Müller"
    assert first.to == ("sam@seeker.example",)
    assert first.subject == "Réponse à«votre» interview"
    assert first.date == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    assert second.from_address == "bob@acme.example"
    assert second.from_name == "Bob Stone"
    assert second.date is not None and second.date.utcoffset() == timedelta(hours=-5)
    assert second.date.tzinfo == timezone(timedelta(hours=-5))
    assert first.text() == "Thanks!\n"
    assert report.messages == 2 and not report.warnings


def test_from_lines_in_bodies_are_not_boundaries(tmp_path: Path) -> None:
    body_escaped = "Hi,\n\nFrom now on I am free.\n>From the archive\nBye\n"
    body_unescaped = "Hi,\nFrom what I heard, good news.\n\nFrom the team,\nthanks again\n"
    data = (mbox([message(1, body=body_escaped)]) + mbox([message(2, body=body_unescaped)], escape=False)
            + mbox([message(3)]))
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, data), report))
    assert [h.message_id for h in found] == ["<m1@acme.example>", "<m2@acme.example>", "<m3@acme.example>"]
    # mboxrd escaping is undone once: the writer's `>>From` becomes `>From` again.
    assert found[0].body().decode().startswith(body_escaped)
    assert found[1].body().decode().startswith(body_unescaped)
    assert not report.warnings


def test_envelope_shaped_line_without_blank_line_before_is_a_boundary(tmp_path: Path) -> None:
    # Some writers drop the blank separator line; the envelope shape still marks the start.
    data = mbox([message(1)]).rstrip(b"\n") + b"\n" + mbox([message(2)])
    assert [h.message_id for h in scan_mbox(_write(tmp_path, data))] == ["<m1@acme.example>", "<m2@acme.example>"]


def test_crlf_mbox(tmp_path: Path) -> None:
    data = mbox([message(1, crlf=True), message(2, crlf=True, subject="Second")])
    found = list(scan_mbox(_write(tmp_path, data)))
    assert [h.subject for h in found] == ["Hello", "Second"]
    assert found[0].from_address == "ann@acme.example"
    assert found[1].text().strip() == "Thanks!"


def test_truncated_and_malformed_messages_are_counted_and_scan_goes_on(tmp_path: Path) -> None:
    malformed = b"Message-ID: <bad@x>\nFrom: a@acme.example\nthis line is no header\nSubject: s\n\nbody\n"
    truncated = b"Message-ID: <cut@x>\nFrom: a@acme.example\nSubject: cut off in the head"
    data = mbox([message(1), malformed, message(2)]) + b"From x@y Mon Mar  3 10:00:00 2025\n" + truncated
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, data), report))
    assert [h.message_id for h in found] == ["<m1@acme.example>", "<bad@x>", "<m2@acme.example>", "<cut@x>"]
    assert found[3].subject == "cut off in the head"
    assert report.warnings == {"malformed_header": 1, "truncated": 1}
    assert report.examples["truncated"][0].endswith(f"@{len(data) - len(truncated) - 34}")


def test_missing_headers_and_stable_keys(tmp_path: Path) -> None:
    no_id = b"From: Ann <ann@acme.example>\nSubject: no id\nDate: Mon, 03 Mar 2025 10:00:00 +0000\n\nhi\n"
    no_from = b"Message-ID: <nofrom@x>\nSubject: anonymous\nDate: yesterday-ish\n\nhi\n"
    path = _write(tmp_path, mbox([no_id, no_from]))
    report = ScanReport()
    first, second = list(scan_mbox(path, report))
    assert first.message_id is None and first.key.startswith("sha256:")
    assert first.key == next(iter(scan_mbox(path))).key  # same key on every scan
    assert second.from_address == "" and second.date is None
    assert report.warnings == {"missing_message_id": 1, "missing_from": 1, "bad_date": 1}


def test_wrong_charsets_are_read_with_a_warning(tmp_path: Path) -> None:
    raw_latin1 = "Subject: caf\xe9 latin-1 raw\n".encode("latin-1")
    data = mbox([
        message(1, subject="=?x-klingon?Q?qapla=27?="),
        message(2, extra="Content-Type: text/plain; charset=x-unknown\n", body="plain words\n"),
        message(3, extra="Content-Type: text/plain; charset=utf-8\n").replace(b"Thanks!", b"caf\xe9 in latin-1"),
        b"Message-ID: <m4@x>\nFrom: a@acme.example\n" + raw_latin1 + b"\nbody\n",
    ])
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, data), report))
    assert found[0].subject == "qapla'"
    assert found[1].text() == "plain words\n"
    assert found[2].text().startswith("caf\N{REPLACEMENT CHARACTER} in latin-1")
    assert found[3].subject == "café latin-1 raw"
    assert report.warnings == {"bad_charset": 4}


@pytest.mark.parametrize("content", [
    b"",
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
    b"name,email\nann,ann@acme.example\nFrom here on a CSV file\n",
])
def test_a_file_that_is_no_mailbox_gives_no_messages_and_one_warning(tmp_path: Path, content: bytes) -> None:
    report = ScanReport()
    assert list(scan_mbox(_write(tmp_path, content), report)) == []
    assert report.warnings == {"not_mailbox": 1}


def test_bytes_before_the_first_message_are_skipped(tmp_path: Path) -> None:
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, b"garbage\nmore garbage\n\n" + mbox([message(1)])), report))
    assert [h.message_id for h in found] == ["<m1@acme.example>"]
    assert report.warnings == {"preamble": 1}


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(MailError, match=r"^cannot read mbox .*missing\.mbox: No such file or directory$"):
        list(scan_mbox(tmp_path / "missing.mbox"))


def test_large_attachment_streams_and_body_is_read_in_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 20 MB here keeps the test fast; the 200 MB case runs in benchmarks/mail_scan.py.
    # Exercise the page release and the windowed search on a small file.
    monkeypatch.setattr(mbox_module, "_RELEASE", 1 << 20)
    monkeypatch.setattr(mbox_module, "_WINDOW", 1 << 20)
    blob = base64.encodebytes(os.urandom(15 * 1024 * 1024)).decode()
    attachment = (
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n",
        "--b1\nContent-Type: text/plain; charset=utf-8\n\nWe are pleased to offer you the role.\n"
        "--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
        f"Content-Disposition: attachment; filename=big.bin\n\n{blob}--b1--\n",
    )
    data = mbox([message(1), message(2, extra=attachment[0], body=attachment[1]), message(3)])
    assert len(data) > 20 * 1024 * 1024
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, data), report, large_message=10 * 1024 * 1024))
    assert [h.message_id for h in found] == ["<m1@acme.example>", "<m2@acme.example>", "<m3@acme.example>"]
    assert report.warnings == {"large_message": 1}
    assert len(found[1].body(limit=4096)) == 4096
    assert found[1].text(limit=64 * 1024).strip() == "We are pleased to offer you the role."
    assert report.bytes == len(data)


def test_the_reader_is_lazy(tmp_path: Path) -> None:
    report = ScanReport()
    headers = scan_mbox(_write(tmp_path, mbox(message(n) for n in range(100))), report)
    assert next(headers).message_id == "<m0@acme.example>"
    assert report.messages == 1


_body_line = st.one_of(
    st.sampled_from(["From me to you", ">From quoted", ">>From deeper", "", "From: not a header here",
                     "From x@y Mon Mar  3 10:00:00 2025", "plain words", "Subject-ish: line"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(st.lists(_body_line, max_size=8).map(lambda ls: "\n".join(ls) + "\n"), min_size=1,
                       max_size=6))
def test_mboxrd_round_trip(tmp_path: Path, bodies: list[str]) -> None:
    """Whatever the bodies hold, an mboxrd file gives back every message and every body."""
    path = _write(tmp_path, mbox(message(n, body=body) for n, body in enumerate(bodies)), "prop.mbox")
    found = list(scan_mbox(path))
    assert [h.message_id for h in found] == [f"<m{n}@acme.example>" for n in range(len(bodies))]
    for header, body in zip(found, bodies, strict=True):
        assert header.body().decode("utf-8") in (body, body + "\n")


def test_location_is_file_and_offset(tmp_path: Path) -> None:
    first = mbox([message(1)])
    path = _write(tmp_path, first + mbox([message(2)]))
    found = list(scan_mbox(path))
    assert [h.location for h in found] == [f"{path}@0", f"{path}@{len(first)}"]


def test_lf_and_crlf_messages_in_one_file(tmp_path: Path) -> None:
    # The reader takes LF header blocks inline and gives CRLF ones to the general path.
    data = mbox([message(1), message(2, crlf=True), message(3), message(4, crlf=True, subject="Four")])
    report = ScanReport()
    found = list(scan_mbox(_write(tmp_path, data), report))
    assert [h.message_id for h in found] == [f"<m{n}@acme.example>" for n in range(1, 5)]
    assert found[3].subject == "Four" and found[1].text().strip() == "Thanks!"
    assert report.messages == 4 and report.bytes == len(data) and not report.warnings


_PLAIN_VARIANTS = [
    ("", b"Thanks!\n"),
    ("Content-Type: text/plain; charset=us-ascii\n", b"plain words\n"),
    ('Content-Type: TEXT/Plain; format=flowed; charset="ISO-8859-1"\n', b"caf\xe9 cr\xe8me\n"),
    ("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", "Grüße\n".encode()),
    ("Content-Type: text/plain; charset=utf-8\n", b"caf\xe9 not utf-8\n"),
    ("Content-Type: text/plain; charset=x-unknown\n", b"plain words\n"),
    ("Content-Type: text/plain\n", b"caf\xe9 8-bit without a charset\n"),
    # Not plain as it stands: each goes through `email.parser`.
    ("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n", b"Gr=C3=BC=C3=9Fe\n"),
    ("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n", b"R3LDvMOfZQo=\n"),
    ("Content-Type: text/plain; name=notes.txt\n", b"an attachment\n"),
    ("Content-Disposition: attachment; filename=notes.txt\n", b"an attachment\n"),
    ("Content-Type: text/html; charset=utf-8\n", b"<p>Hello <b>you</b></p>\n"),
    ("Content-Type: text/plain; charset*=utf-8''x\n", b"odd parameter\n"),
    ("X-Broken header line\n", b"body after a malformed header\n"),
    ("X-Odd: a\rb\n", b"a lone CR in the header\n"),
]


@pytest.mark.parametrize(("extra", "body"), _PLAIN_VARIANTS)
def test_text_is_what_the_email_parser_reads(tmp_path: Path, extra: str, body: bytes) -> None:
    """`text()` reads a plain text/plain body without `email.parser`: same text, same warnings."""
    raw = message(1, extra=extra, body="@BODY@").replace(b"@BODY@", body)
    fast_report, slow_report = ScanReport(), ScanReport()
    (header,) = list(scan_mbox(_write(tmp_path, mbox([raw])), fast_report))
    text = header.text()
    expected, clean = text_of_message(header.header_bytes, header.body())
    assert text == expected
    assert fast_report.warnings.get("bad_charset", 0) == (0 if clean else 1)
    (again,) = list(scan_mbox(tmp_path / "mail.mbox", slow_report))
    assert again.text(limit=5) == text_of_message(again.header_bytes, again.body(limit=5))[0]


@pytest.mark.parametrize(("content_type", "encoding", "disposition", "expected"), [
    (None, None, None, "us-ascii"),
    (b"text/plain", b"7bit", None, "us-ascii"),
    (b'text/plain; charset="UTF-8"', b"8BIT", None, "utf-8"),
    (b"text/plain; format=flowed; charset=iso-8859-1", None, None, "iso-8859-1"),
    (b"text/plain; charset=utf-8", b"quoted-printable", None, None),
    (b"text/plain; charset=utf-8", None, b"inline", None),
    (b"text/plain; name=a.txt", None, None, None),
    (b"multipart/alternative; boundary=x", None, None, None),
    (b"text/plain; charset*=utf-8''x", None, None, None),
])
def test_plain_charset(content_type: bytes | None, encoding: bytes | None, disposition: bytes | None,
                       expected: str | None) -> None:
    assert plain_charset(content_type, encoding, disposition) == expected
