"""What the scan read in the mail, kept until the user confirms or dismisses it.

The scan (services/inbox.py) never applies a guess: each reading of a message (an
offer, a rejection, an invitation to a next round, a request for references, "we
need more time", a new decision date, an out-of-office's time away) is kept here,
with the sentence it came from, until the user says. The CLI, the web page and the
JSON API all call these three functions, so the list, the checks and the effect
of a confirm are the same everywhere. Confirming applies the reading through the
same functions the user's own commands use, in one transaction with marking it
confirmed; settling one twice is a clear mistake; `undo` takes a settle back.

What a confirm does, kind by kind:
  * offer, rejected: the outcome, on the day the message came (`log outcome`);
  * decision_date: the reply the scan recorded carries the new decision date
    (`log reply --decision-expected`; a reply is added if that one is gone);
  * invitation: that reply is recorded as an invitation (`log reply --invitation`);
  * references: the latest interview notes that references will be checked, so
    the plan asks you to alert them;
  * away: the employer's time away (`inbox away`): the check-in moves past it;
  * more_time: noted; nothing in the plan changes (a date they named is its own
    suggestion, and the reply already moved the check-in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa

from afterview.domain.backup import SUGGESTION_KINDS
from afterview.domain.model import Interaction
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import check_decision_date, check_outcome, load_application, outcome_in, save_application
from afterview.services.inbox import READING_WORDS, away_in
from afterview.services.store import Store
from afterview.store import suggestion_rows
from afterview.store.suggestion_rows import SuggestionRow

KINDS = SUGGESTION_KINDS
_WORDS = READING_WORDS


@dataclass(frozen=True)
class Suggestion(SuggestionRow):
    company: str = ""

    def what(self) -> str:
        """What it seems to say, in words for every door."""
        if self.kind == "decision_date":
            return f"a new decision date, {self.first_day}"
        if self.kind == "away":
            return f"away from {self.first_day} to {self.last_day}"
        return _WORDS.get(self.kind, self.kind)

    def line(self) -> str:
        sure = f" ({self.confidence:.0%})" if self.confidence is not None else ""
        return f"#{self.id} {self.received_on} {self.company}: {self.what()}{sure} — \"{self.sentence}\""

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "application": self.application, "company": self.company, "kind": self.kind,
                "what": self.what(), "sentence": self.sentence, "confidence": self.confidence,
                "received_on": self.received_on.isoformat(), "sender": self.sender, "state": self.state,
                "message": self.message_key, "found_at": self.found_at.isoformat(),
                "first_day": self.first_day.isoformat() if self.first_day else None,
                "last_day": self.last_day.isoformat() if self.last_day else None}


@dataclass(frozen=True)
class Settled:
    suggestion: Suggestion
    message: str  # what was done, in one line


def _suggestion(conn: sa.Connection, row: SuggestionRow) -> Suggestion:
    return Suggestion(**vars(row), company=load_application(conn, row.application).company)


def pending(store: Store) -> list[Suggestion]:
    """Every suggestion not yet confirmed or dismissed, oldest message first."""
    with store.reading() as conn:
        return [_suggestion(conn, row) for row in suggestion_rows.read(conn, state="pending")]


# The largest number a suggestion can have: both databases store it as a signed 64-bit integer.
LARGEST_NUMBER = 2**63 - 1


def _pending_one(conn: sa.Connection, number: int) -> SuggestionRow:
    # A number no row can have is simply not there (the driver would refuse to bind it).
    found = suggestion_rows.read(conn, ids=[number]) if 1 <= number <= LARGEST_NUMBER else []
    if not found:
        raise NotFound(f"there is no suggestion #{number}",
                       hint="`afterview inbox suggestions` lists them with their numbers")
    row = found[0]
    if row.state != "pending":
        raise UserError(f"suggestion #{number} is already {row.state}; nothing to do",
                        code="already-settled", hint="`afterview undo` takes the last confirm or dismiss back")
    return row


def confirm(store: Store, number: int, as_of: date) -> Settled:
    """Apply a suggestion through the user's own use-cases, and mark it confirmed, in one transaction."""
    with store.reading() as conn:
        row = _pending_one(conn, number)
    try:
        # The checks that need no store come first, as in the commands they stand for.
        if row.kind in ("offer", "rejected"):
            check_outcome(row.kind, row.received_on, None)
        elif row.kind == "decision_date":
            check_decision_date(row.received_on, row.first_day)
        elif row.kind == "away" and row.first_day and row.last_day and row.last_day < row.first_day:
            raise UserError(f"the time away ends ({row.last_day}) before it starts ({row.first_day})")
        with store.transaction(f"confirm suggestion #{number}: {row.kind} on {row.application}") as conn:
            row = _pending_one(conn, number)  # read again under the write lock: another door may have settled it
            message = _apply(conn, row)
            suggestion_rows.settle(conn, row, "confirmed", as_of)
            return Settled(replace(_suggestion(conn, row), state="confirmed"), message)
    except UserError as problem:
        if problem.code in ("already-settled", "not-found", "store-unavailable"):
            raise
        # Worded for the suggestion, not for the flags of the command it stands for: nothing was changed.
        raise UserError(f"suggestion #{number} cannot be applied: {problem.message}; nothing was changed",
                        code=problem.code, hint=f"dismiss it (`afterview inbox dismiss {number}`) and record "
                                                "what is right yourself") from None


def dismiss(store: Store, number: int, as_of: date) -> Settled:
    """Set a suggestion aside: nothing in the plan changes."""
    with store.transaction(f"dismiss suggestion #{number}") as conn:
        row = _pending_one(conn, number)
        suggestion_rows.settle(conn, row, "dismissed", as_of)
        found = replace(_suggestion(conn, row), state="dismissed")
        return Settled(found, f"dismissed #{number} ({found.what()}); nothing in your plan changed")


def _apply(conn: sa.Connection, row: SuggestionRow) -> str:
    app_id, on = row.application, row.received_on
    if row.kind in ("offer", "rejected"):
        outcome_in(conn, app_id, row.kind, on=on)
        return f"recorded {_WORDS[row.kind]} on {app_id} ({on})"
    if row.kind == "decision_date":
        _on_the_reply(conn, row, lambda reply: replace(reply, decision_expected=row.first_day))
        return f"{app_id}: the decision is now expected by {row.first_day}; the check-in follows it"
    if row.kind == "invitation":
        _on_the_reply(conn, row, lambda reply: replace(reply, kind="invitation"))
        return f"{app_id}: recorded the invitation; next: afterview log interview {app_id} --round N --on DATE"
    if row.kind == "away" and row.first_day and row.last_day:
        period = away_in(conn, app_id, row.first_day, row.last_day)
        return f"{app_id}: away {period.start} to {period.end}; the check-in is planned after it"
    if row.kind == "references":
        app = load_application(conn, app_id)
        if app.interviews:
            latest = max(app.interviews, key=lambda i: i.on)
            if not latest.references_will_be_checked:
                changed = replace(latest, references_will_be_checked=True)
                save_application(conn, app, replace(app, interviews=tuple(
                    changed if i is latest else i for i in app.interviews)))
            return f"{app_id}: noted that your references will be checked; the plan asks you to alert them"
        return f"{app_id}: noted the request for references (no interview on file to attach it to)"
    return f"{app_id}: noted; nothing in your plan changes"


def _on_the_reply(conn: sa.Connection, row: SuggestionRow, change: Callable[[Interaction], Interaction]) -> None:
    """Change the reply the scan recorded for this message (one reply on file, now saying more); if it is
    gone (taken back with undo), record the reply anew as `log reply` would."""
    app = load_application(conn, row.application)
    scanned = next((i for i in app.interactions if i.on == row.received_on and i.direction == "in"
                    and i.channel == "email" and change(i) != i), None)
    if scanned is None:
        save_application(conn, app, replace(app, interactions=(
            *app.interactions, change(Interaction(row.received_on, "in", "reply", None, "email")))))
        return
    changed = change(scanned)
    save_application(conn, app, replace(app, interactions=tuple(
        changed if i is scanned else i for i in app.interactions)))
