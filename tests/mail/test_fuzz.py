"""Fuzzing the mail readers: mbox, Maildir, .eml and IMAP through a real dovecot (see `fuzzing`).

The reading path runs with nothing caught: every exception is a crash, every message read
for more than `HANG_SECONDS` a hang. The goal is zero of both. Then the whole `inbox scan`
runs over the same hostile mail and must finish with a clear answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imap_tools import MailBoxUnencrypted

from afterview.mail.imap import ImapInbox, ImapSettings
from afterview.mail.replies import ReplyClassifier
from afterview.mail.scan import ScanReport, scan_eml, scan_maildir, scan_mbox
from afterview.services import inbox
from afterview.services.store import Store
from tests.mail.conftest import ImapServer
from tests.mail.fuzzing import CLASSIFIER_ARGS, INPUTS, LONG, TOKENS, Counts, inputs, read_all, read_each

pytestmark = pytest.mark.slow if LONG else []
CLASSIFIER = ReplyClassifier(*CLASSIFIER_ARGS)


def _report(name: str, counts: Counts) -> None:
    print(f"\n| target | inputs | messages read | crashes | hangs | slowest |\n|---|---|---|---|---|---|\n"
          f"{counts.row(name)}")
    assert counts.crashes == [], counts.crashes[:3]
    assert counts.hangs == []


def _mbox(path: Path, messages: list[bytes]) -> Path:
    path.write_bytes(b"".join(b"From fuzz@example Tue Dec  1 10:00:00 2026\n" + m + b"\n" for m in messages))
    return path


def test_fuzz_eml(tmp_path: Path) -> None:
    counts = Counts()
    for n, data in enumerate(inputs(INPUTS, seed=1)):
        path = tmp_path / f"{n % 50}.eml"
        path.write_bytes(data)
        counts.inputs += 1
        read_each(scan_eml([path], ScanReport()), counts, CLASSIFIER)
    _report(".eml", counts)


def test_fuzz_mbox(tmp_path: Path) -> None:
    counts = Counts()
    batch: list[bytes] = []
    for data in inputs(INPUTS, seed=2):
        batch.append(data)
        counts.inputs += 1
        if len(batch) == 25:
            read_each(scan_mbox(_mbox(tmp_path / "fuzz.mbox", batch), ScanReport()), counts, CLASSIFIER)
            batch = []
    if batch:
        read_each(scan_mbox(_mbox(tmp_path / "fuzz.mbox", batch), ScanReport()), counts, CLASSIFIER)
    _report("mbox", counts)


def test_fuzz_maildir(tmp_path: Path) -> None:
    counts = Counts()
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "md" / sub).mkdir(parents=True)
    for n, data in enumerate(inputs(INPUTS // 2, seed=3)):
        (tmp_path / "md" / "new" / f"{n}.fuzz").write_bytes(data)
        counts.inputs += 1
    read_each(scan_maildir(tmp_path / "md", ScanReport()), counts, CLASSIFIER)
    _report("Maildir", counts)


def test_fuzz_imap_through_dovecot(imap_server: ImapServer, folder: str) -> None:
    counts = Counts()
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        for data in inputs(max(50, INPUTS // 6), seed=4):
            # dovecot refuses what IMAP cannot carry (a NUL outside a binary literal): those are not sent.
            try:
                box.append(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), folder)
            except Exception:  # the server's refusal of one message, whatever its wording
                continue
            counts.inputs += 1
    settings = ImapSettings(host=imap_server.host, port=imap_server.port, security="none",
                            username=imap_server.user, folders=(folder,), timeout=30)
    with ImapInbox(settings, imap_server.password) as session:
        scanned = session.scan(folder, None, ScanReport())
        read_each(iter(scanned.headers), counts, CLASSIFIER)
    assert counts.messages == counts.inputs
    _report("IMAP (dovecot)", counts)


def test_the_whole_scan_over_hostile_mail_finishes_with_an_answer(demo_store: Store, tmp_path: Path) -> None:
    messages = list(inputs(min(INPUTS, 400), seed=5))
    result = inbox.scan(demo_store, mbox=_mbox(tmp_path / "all.mbox", messages))
    assert result.report.messages > 0
    assert result.lines()  # it answers; anything it could not read is listed, not raised


_FIELDS = st.sampled_from([b"From", b"To", b"Subject", b"Date", b"Message-ID", b"In-Reply-To", b"References",
                           b"Content-Type", b"Content-Transfer-Encoding", b"Auto-Submitted", b"Precedence",
                           b"Return-Path", b"X-Failed-Recipients", b"List-Id", b"MIME-Version"])
_VALUES = st.one_of(st.sampled_from(TOKENS), st.binary(max_size=80),
                    st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")))


@settings(max_examples=2000 if LONG else 150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(fields=st.lists(st.tuples(_FIELDS, _VALUES), max_size=12), body=_VALUES,
       sender=st.sampled_from([b"hank@globex.example", b"MAILER-DAEMON@x.example", b"a@b", b""]))
def test_generated_messages_read_without_a_crash(tmp_path: Path, fields: list[tuple[bytes, bytes]], body: bytes,
                                                 sender: bytes) -> None:
    raw = b"From: " + sender + b"\n" + b"".join(name + b": " + value + b"\n" for name, value in fields) + b"\n" + body
    path = tmp_path / "generated.eml"
    path.write_bytes(raw)
    for header in scan_eml([path], ScanReport()):
        read_all(header, CLASSIFIER)
