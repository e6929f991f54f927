"""What the scan reads is kept until the user confirms or dismisses it, on SQLite and PostgreSQL.

A scan nobody watches (tick, worker, the web's loop) used to print its readings to no one.
Now each reading is a stored suggestion: nothing is applied until it is confirmed, a confirm
applies it through the user's own use-cases, a dismiss changes nothing, settling twice is a
clear mistake, and `undo` takes a settle back.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from afterview.services import history, inbox, planning, suggestions
from afterview.services.demo import load_demo
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import load_application
from afterview.services.mail_settings import configure_imap
from afterview.services.store import Store, open_store
from afterview.services.tick import tick
from tests.mail.conftest import ImapServer
from tests.mail.test_inbox_meaning import EXCHANGE_OOO
from tests.mail.test_inbox_service import mbox, message

AS_OF = date(2026, 11, 23)
GLOBEX = "globex-analyst"
SCRIPT = str(Path(sys.executable).with_name("afterview"))
OFFER = message("Hank Scorpio <hank@globex.example>", "Re: Operations Analyst",
                "We are pleased to offer you the position of Operations Analyst.", message_id="<offer@globex.example>")
DATED = message("Hank Scorpio <hank@globex.example>", "Re: Operations Analyst",
                "Thanks Alex, we are still deciding and will get back to you by December 4, 2026.",
                message_id="<dated@globex.example>")


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    load_demo(store, AS_OF)
    return store


def _plan(store: Store, app: str) -> dict[str, tuple[str, date]]:
    with store.reading() as conn:
        return {t.id: (t.status, t.due) for t in planning.plan(conn, AS_OF, application=app, include_all=True)}


def _outcome(store: Store, app: str) -> object:
    with store.reading() as conn:
        return load_application(conn, app).outcome


def test_an_offer_is_kept_pending_until_confirmed_then_recorded_once(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "in.mbox", OFFER)
    inbox.scan(store, AS_OF, mbox=path)
    [offer] = suggestions.pending(store)
    assert (offer.application, offer.kind, offer.received_on) == (GLOBEX, "offer", date(2026, 11, 24))
    assert "pleased to offer you the position" in offer.sentence and 0 < (offer.confidence or 0) <= 1
    assert _outcome(store, GLOBEX) is None  # never applied on a guess
    inbox.scan(store, AS_OF, mbox=path)
    assert [s.id for s in suggestions.pending(store)] == [offer.id]  # a second scan adds nothing

    done = suggestions.confirm(store, offer.id, AS_OF)
    assert done.suggestion.state == "confirmed" and "offer" in done.message
    outcome = _outcome(store, GLOBEX)
    assert outcome is not None and (outcome.kind, outcome.on) == ("offer", date(2026, 11, 24))  # type: ignore[attr-defined]
    assert suggestions.pending(store) == []
    with pytest.raises(UserError, match="already confirmed") as twice:
        suggestions.confirm(store, offer.id, AS_OF)
    assert twice.value.code == "already-settled"
    with pytest.raises(UserError, match="already confirmed"):
        suggestions.dismiss(store, offer.id, AS_OF)

    # Undo takes the confirm back whole: the outcome is gone and the suggestion waits again.
    history.undo(store)
    assert _outcome(store, GLOBEX) is None
    assert [s.id for s in suggestions.pending(store)] == [offer.id]


def test_a_dismissed_suggestion_leaves_the_plan_as_it_was(store: Store, tmp_path: Path) -> None:
    inbox.scan(store, AS_OF, mbox=mbox(tmp_path / "in.mbox", OFFER))
    [offer] = suggestions.pending(store)
    before = _plan(store, GLOBEX)
    done = suggestions.dismiss(store, offer.id, AS_OF)
    assert done.suggestion.state == "dismissed"
    assert _plan(store, GLOBEX) == before and _outcome(store, GLOBEX) is None
    assert suggestions.pending(store) == []
    with pytest.raises(UserError, match="already dismissed"):
        suggestions.confirm(store, offer.id, AS_OF)
    with pytest.raises(NotFound, match="no suggestion #999"):
        suggestions.confirm(store, 999, AS_OF)
    history.undo(store)
    assert [s.state for s in suggestions.pending(store)] == ["pending"]


def test_a_new_decision_date_goes_on_the_reply_the_scan_recorded(store: Store, tmp_path: Path) -> None:
    inbox.scan(store, AS_OF, mbox=mbox(tmp_path / "in.mbox", DATED))
    [dated] = [s for s in suggestions.pending(store) if s.kind == "decision_date"]
    assert dated.first_day == date(2026, 12, 4) and "December 4, 2026" in dated.sentence
    with store.reading() as conn:
        replies_before = [i for i in load_application(conn, GLOBEX).interactions if i.direction == "in"]
    assert [i.decision_expected for i in replies_before] == [None]
    assert not any(key.endswith(":2026-11-24") for key in _plan(store, GLOBEX))

    suggestions.confirm(store, dated.id, AS_OF)
    with store.reading() as conn:
        replies = [i for i in load_application(conn, GLOBEX).interactions if i.direction == "in"]
    assert [(i.on, i.decision_expected) for i in replies] == [(date(2026, 11, 24), date(2026, 12, 4))]  # one reply
    status, due = _plan(store, GLOBEX)["globex-analyst:check_in:r1:2026-11-24"]
    assert status == "open" and due > date(2026, 12, 4)


def test_an_out_of_office_s_time_away_moves_the_check_in_once_confirmed(store: Store, tmp_path: Path) -> None:
    check_in = "northwind-office-manager:check_in:r1"
    path = tmp_path / "ooo.mbox"
    path.write_bytes(b"From someone@example Tue Nov 24 15:02:11 2026\n" + EXCHANGE_OOO.encode() + b"\n")
    inbox.scan(store, AS_OF, mbox=path)
    [away] = suggestions.pending(store)
    assert (away.kind, away.first_day, away.last_day) == ("away", date(2026, 11, 24), date(2026, 12, 8))
    assert away.confidence is None and "away from 2026-11-24 to 2026-12-08" in away.line()
    assert _plan(store, "northwind-office-manager")[check_in][1] == date(2026, 12, 7)
    suggestions.confirm(store, away.id, AS_OF)
    assert _plan(store, "northwind-office-manager")[check_in][1] == date(2026, 12, 9)


def test_a_confirm_that_cannot_apply_says_so_in_one_line_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    # A reply dated before the interview (an old message in an export) cannot carry the outcome.
    old = message("Hank Scorpio <hank@globex.example>", "Re: Operations Analyst",
                  "We are pleased to offer you the position of Operations Analyst.",
                  message_id="<old-offer@globex.example>", day="10 Nov 2026")
    inbox.scan(store, AS_OF, mbox=mbox(tmp_path / "in.mbox", old))
    [offer] = [s for s in suggestions.pending(store) if s.kind == "offer"]
    with pytest.raises(UserError, match=f"suggestion #{offer.id} cannot be applied: the outcome date") as problem:
        suggestions.confirm(store, offer.id, AS_OF)
    assert problem.value.field is None and "dismiss" in (problem.value.hint or "")
    assert _outcome(store, GLOBEX) is None and [s.id for s in suggestions.pending(store)] == [offer.id]


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", db, "--as-of", AS_OF.isoformat(), *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_cli_lists_confirms_and_dismisses_by_number(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    load_demo(open_store(db), AS_OF)
    path = mbox(tmp_path / "in.mbox", OFFER, DATED)
    scanned = _cli(db, "inbox", "scan", "--mbox", str(path))
    assert scanned.returncode == 0, scanned.stderr
    listed = _cli(db, "inbox", "suggestions")
    assert listed.returncode == 0, listed.stderr
    numbers = {line.split()[0]: line for line in listed.stdout.splitlines() if line.startswith("#")}
    offer = next(n for n, line in numbers.items() if "an offer" in line)
    dated = next(n for n, line in numbers.items() if "a new decision date, 2026-12-04" in line)
    assert f"afterview inbox confirm {offer[1:]}" in scanned.stdout

    confirmed = _cli(db, "inbox", "confirm", offer[1:])
    assert confirmed.returncode == 0 and "recorded an offer on globex-analyst" in confirmed.stdout
    dismissed = _cli(db, "inbox", "dismiss", dated[1:])
    assert dismissed.returncode == 0 and "nothing in your plan changed" in dismissed.stdout
    again = _cli(db, "inbox", "confirm", offer[1:])
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "already confirmed" in again.stderr
    assert "Traceback" not in again.stderr
    [more_time] = [n for n, line in numbers.items() if "they need more time" in line]
    noted = _cli(db, "inbox", "confirm", more_time[1:])
    assert noted.returncode == 0 and "noted; nothing in your plan changes" in noted.stdout
    assert "Nothing from your mail waits" in _cli(db, "inbox", "suggestions").stdout
    assert _cli(db, "inbox", "suggestions", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("number", ["0", "-3", "99999999999999999999999"])
def test_a_number_no_suggestion_can_have_is_one_line_not_a_crash(tmp_path: Path, number: str) -> None:
    for verb in ("confirm", "dismiss"):
        done = _cli(str(tmp_path / "cli.sqlite3"), "inbox", verb, "--", number)
        assert done.returncode != 0 and done.returncode != 1, done.stderr  # 1 is the unexpected-error exit
        assert done.stderr.count("\n") == 1 and f"there is no suggestion #{number}" in done.stderr, done.stderr


def test_a_scan_in_the_background_keeps_what_it_read_for_the_user(
        store: Store, imap_server: ImapServer, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tick (cron, the worker, the web's loop) prints one summary line to no one: the offer must wait.
    configure_imap(store, host=imap_server.host, port=imap_server.port, security="none",
                   username=imap_server.user, folders=[folder], sent_folder=None)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", imap_server.password)
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password) as box:
        box.append(OFFER, folder)
    report = tick(store, AS_OF)
    assert report.ok, report.problems
    assert not any("pleased to offer" in line for line in report.lines)
    [offer] = suggestions.pending(store)
    assert (offer.application, offer.kind) == (GLOBEX, "offer") and _outcome(store, GLOBEX) is None
    assert tick(store, AS_OF).ok and [s.id for s in suggestions.pending(store)] == [offer.id]
