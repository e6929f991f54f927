"""A message that cannot be read is skipped and noted, never fatal (each case here once stopped the scan).

Charsets that name a codec which is no text encoding (`rot13`, `base64`, `hex`, `zlib`,
`uu`, `quopri`), `undefined`, `punycode`, `idna`, a NUL inside the charset, and
`Date: Fri, 31 Dec 9999 23:00:00 -1200` (year 10000 in UTC) each made `inbox scan`
answer "unexpected error" on every run, so the real reply after it was never
recorded and an IMAP folder's state never advanced.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from afterview.mail.header import parse_mail_date
from afterview.services import inbox, planning
from afterview.services.mail_settings import configure_imap
from afterview.services.store import Store
from tests.mail.conftest import ImapServer

AS_OF = date(2026, 11, 23)
CHARSETS = ("rot13", "base64", "hex", "zlib", "uu", "quopri", "undefined", "punycode", "idna", "utf\x00-8",
            "bz2", "unicode_escape")


def poison(charset: str, where: str, n: int = 0) -> bytes:
    """A message from the employer whose text names `charset` in its body, its header words, or a MIME part."""
    head = f"From: Hank Scorpio <hank@globex.example>\nTo: alex.morgan@example.net\nMessage-ID: <p{n}@globex.example>\n"
    head += "Date: Tue, 24 Nov 2026 09:00:00 -0500\n"
    if where == "body":
        text = head + f'Subject: Re: Analyst\nContent-Type: text/plain; charset="{charset}"\n\nCaf\xe9 soon.\n'
    elif where == "header":
        text = head + f"Subject: =?{charset}?Q?Re=3A_Caf=E9?=\n\nHello.\n"
    else:
        text = head + ("Subject: Re: Analyst\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=XX\n\n"
                       f"--XX\nContent-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: base64\n\n"
                       "aGVsbG8gdGhlcmU=\n--XX--\n")
    return text.encode("latin-1")


def far_date(n: int = 0) -> bytes:
    return (f"From: Hank Scorpio <hank@globex.example>\nMessage-ID: <d{n}@globex.example>\n"
            "Date: Fri, 31 Dec 9999 23:00:00 -1200\nSubject: Re: Analyst\n\nSee you.\n").encode()


REPLY = (b"From: Hank Scorpio <hank@globex.example>\nTo: alex.morgan@example.net\nMessage-ID: <real@globex.example>\n"
         b"Date: Wed, 25 Nov 2026 09:00:00 -0500\nSubject: Re: Analyst\n\nThanks Alex, we are still deciding.\n")
POISONS = [pytest.param(poison(c, w), id=f"{w}-{c!r}") for c in CHARSETS for w in ("body", "header", "part")]


@pytest.fixture
def store(demo_store: Store) -> Store:
    return demo_store


def _mbox(path: Path, *messages: bytes) -> Path:
    path.write_bytes(b"".join(b"From x@y Tue Nov 24 10:15:00 2026\n" + m + b"\n" for m in messages))
    return path


def _check_in(store: Store) -> str:
    with store.reading() as conn:
        return {t.id: t.status for t in planning.plan(conn, AS_OF, application="globex-analyst",
                                                      include_all=True)}["globex-analyst:check_in:r1"]


@pytest.mark.parametrize("raw", [*POISONS, pytest.param(far_date(), id="date-9999")])
def test_a_poison_message_in_an_mbox_never_stops_the_scan(store: Store, tmp_path: Path, raw: bytes) -> None:
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", raw, REPLY))
    # The bad message is read as well as it can be, or noted as unreadable; the reply after it is found.
    assert [r.subject for r in result.replies if r.kind == "reply"][-1] == "Re: Analyst"
    assert any(r.received == date(2026, 11, 25) for r in result.replies)
    assert _check_in(store) == "cancelled"
    assert inbox.scan(store, AS_OF, mbox=tmp_path / "in.mbox").replies == []


def test_a_date_in_year_ten_thousand_is_no_date() -> None:
    assert parse_mail_date(b"Fri, 31 Dec 9999 23:00:00 -1200") is None
    assert parse_mail_date(b"Wed, 01 Jan 1200 00:30:00 +1400") is None
    assert parse_mail_date(b"Tue, 24 Nov 2026 09:00:00 -0500") is not None


def test_poison_in_eml_files_and_a_maildir(store: Store, tmp_path: Path) -> None:
    files = []
    for n, raw in enumerate([poison("rot13", "body", 1), poison("idna", "header", 2), far_date(3), REPLY]):
        files.append(tmp_path / f"{n}.eml")
        files[-1].write_bytes(raw)
    result = inbox.scan(store, AS_OF, eml=files)
    assert any(r.received == date(2026, 11, 25) for r in result.replies)
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, raw in enumerate([poison("zlib", "part", 4), poison("utf\x00-8", "body", 5)]):
        (maildir / "cur" / f"{n}.host:2,S").write_bytes(raw)
    assert inbox.scan(store, AS_OF, maildir=maildir).unreadable == []


def test_a_message_that_breaks_the_reader_is_noted_as_unreadable_and_the_scan_goes_on(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever a future message breaks inside the reading, the scan's barrier notes it with its reason.
    from afterview.mail import findings

    real = findings.understand

    def trips_on_p7(header, match, **kw):  # type: ignore[no-untyped-def]
        if header.message_id == "<p7@globex.example>":
            raise LookupError("unknown encoding: x-broken")
        return real(header, match, **kw)

    monkeypatch.setattr(inbox, "understand", trips_on_p7)
    result = inbox.scan(store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", poison("utf-8", "body", 7), REPLY))
    assert [(u.where, u.reason) for u in result.unreadable] == [
        ("<p7@globex.example>", "LookupError: unknown encoding: x-broken")]
    assert "1 message could not be read (skipped, the scan went on):" in result.lines()
    assert "  <p7@globex.example>: LookupError: unknown encoding: x-broken" in result.lines()
    assert [r.received for r in result.replies] == [date(2026, 11, 25)]
    # Noted once: the next scan counts it as seen, the reply too.
    again = inbox.scan(store, AS_OF, mbox=tmp_path / "in.mbox")
    assert again.unreadable == [] and again.already_seen == 2


def test_poison_over_imap_is_skipped_and_the_folder_state_advances(
        store: Store, imap_server: ImapServer, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_imap(store, host=imap_server.host, port=imap_server.port, security="none", username=imap_server.user,
                   folders=[folder], sent_folder=None)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", imap_server.password)
    raws = [poison(c, w, n) for n, (c, w) in enumerate(
        (c, w) for c in CHARSETS if "\x00" not in c for w in ("body", "header", "part"))] + [far_date(), REPLY]
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        for raw in raws:
            box.append(raw.replace(b"\n", b"\r\n"), folder)
    first = inbox.scan(store, AS_OF)
    assert any(r.received == date(2026, 11, 25) for r in first.replies)
    assert first.report.messages == len(raws)
    second = inbox.scan(store, AS_OF)  # the folder's state advanced: nothing is fetched again
    assert second.report.messages == 0 and second.replies == []
