"""Maildir folders and loose .eml files."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.mail.errors import MailError
from afterview.mail.scan import ScanReport, scan_eml, scan_maildir
from afterview.mail.smtp import build_message
from tests.mail.messages import message


def _maildir(root: Path, files: dict[str, bytes]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def test_maildir_reads_cur_and_new_and_counts_bad_files(tmp_path: Path) -> None:
    root = _maildir(tmp_path / "Maildir", {
        "cur/1.host:2,S": message(1),
        "cur/2.host:2,": message(2, crlf=True, subject="=?utf-8?b?w4RyZ2Vy?="),
        "new/3.host": b"Message-ID: <m3@x>\nFrom: a@acme.example\nSubject: only headers",
        "new/4.host": b"",
        "tmp/5.host": message(5),  # being delivered: not a message yet
    })
    report = ScanReport()
    found = list(scan_maildir(root, report))
    assert [h.message_id for h in found] == ["<m1@acme.example>", "<m2@acme.example>", "<m3@x>"]
    assert found[1].subject == "Ärger"
    assert found[1].text().strip() == "Thanks!"
    assert found[2].subject == "only headers"
    assert found[0].body() == b"Thanks!\n"
    assert report.messages == 3
    assert report.warnings == {"truncated": 1, "empty_message": 1}


def test_not_a_maildir_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(MailError, match="is not a Maildir"):
        list(scan_maildir(tmp_path))


def test_eml_files_including_an_envelope_line_and_a_missing_file(tmp_path: Path) -> None:
    plain = tmp_path / "a.eml"
    plain.write_bytes(message(1))
    with_envelope = tmp_path / "b.eml"
    with_envelope.write_bytes(b"From someone Mon Mar  3 10:00:00 2025\n" + message(2))
    written = tmp_path / "c.eml"
    written.write_bytes(bytes(build_message(
        from_address="sam@seeker.example", from_name="Sam Sæker", to="ann@acme.example", subject="Danke schön",
        body="Grüße\n", message_id="<c@afterview.local>")))
    report = ScanReport()
    found = list(scan_eml([plain, with_envelope, tmp_path / "missing.eml", written], report))
    assert [h.message_id for h in found] == ["<m1@acme.example>", "<m2@acme.example>", "<c@afterview.local>"]
    assert found[2].from_name == "Sam Sæker" and found[2].subject == "Danke schön"
    assert found[2].text() == "Grüße\n"
    assert report.warnings == {"unreadable": 1}
