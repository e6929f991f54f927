"""Sending a note from the Draft page: through the outbox, with every outcome said in one line."""

from __future__ import annotations

from datetime import date

from afterview.domain.model import Task
from afterview.drafting import Draft
from afterview.services import drafts, outbox
from afterview.services.errors import Refused, UserError
from afterview.services.outbox import OutboxEntry
from afterview.services.store import Store
from afterview.web.context import day

# States in which the note is on its way or gone: sending again would risk a second copy.
LIVE = frozenset({"queued", "sending", "uncertain", "sent"})


class NotNow(Refused):
    """The not-pestering guard refused the note, said for the page rather than the command line."""

    def __init__(self, refused: Refused) -> None:
        super().__init__(refused.reason, refused.earliest)
        when = f"; the earliest allowed date is {day(refused.earliest)}" if refused.earliest else ""
        self.message = f"Not sent: {refused.reason}{when}."


def entry_of(store: Store, task_id: str) -> OutboxEntry | None:
    """The task's latest message in the outbox, if it has one."""
    found = outbox.entries(store, task_id)
    return found[-1] if found else None


def can_send(task: Task, draft: Draft, entry: OutboxEntry | None) -> bool:
    return task.status == "open" and draft.format == "email" and (entry is None or entry.state not in LIVE)


def send_now(store: Store, task_id: str, on: date) -> OutboxEntry:
    """Queue the task's saved note and hand it to the mail server at once."""
    checked = drafts.draft_for(store, task_id, on)
    errors = [f for f in checked.findings if f.severity == "error"]
    if errors:
        raise UserError(f"Not sent: the note has {len(errors)} error{'s' if len(errors) != 1 else ''} to fix "
                        f"first (listed beside the text), starting with: {errors[0].message}")
    try:
        entry = outbox.queue(store, task_id, on)
    except Refused as refused:
        raise NotNow(refused) from None
    return outbox.deliver(store, entry, on)


def result_line(entry: OutboxEntry) -> str:
    reason = (entry.last_error or "no reason given").rstrip(".")
    if entry.state == "sent":
        return f"Sent to {entry.recipient}; the task is done."
    if entry.state == "queued":
        return f"Not sent yet, kept in the outbox: {reason}. It is tried again in the background."
    if entry.state == "uncertain":
        return (f"Not sure it went out: {reason}. Look in your Sent folder, then say below whether it "
                f"went out or should be sent again.")
    return f"Sending failed: {reason}. Fix that, then send again."


def state_line(entry: OutboxEntry) -> str:
    """Where the task's message stands, shown next to the Send button."""
    if entry.state == "sending":
        return f"Being handed to your mail server for {entry.recipient} now."
    return result_line(entry)


def settle(store: Store, task_id: str, went_out: bool, on: date) -> OutboxEntry:
    """The user looked in their Sent folder: record the note as sent, or send it again now."""
    entry = entry_of(store, task_id)
    if entry is None or entry.state != "uncertain":
        raise UserError("There is no uncertain message for this task; nothing to settle.")
    return outbox.resolve(store, entry.id, sent=went_out, on=on)
