"""A task of the plan, its kinds and their order, and its stable machine form.

A named tuple, not a frozen dataclass like the facts: `afterview today` builds
its fifty tasks in a process that must start, read and print in well under a
tenth of a second, and defining the model's dataclasses (and importing
`dataclasses`) took half of that; a plan makes a hundred thousand tasks, and a
tuple is also the quicker to make. Immutable and compared field by field all
the same; change one with `_replace`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

# Every task kind of the playbook, in the order a user meets them.
TASK_KINDS: tuple[str, ...] = (
    "debrief",
    "thank_you_email",
    "thank_you_card",
    "thank_referrer",
    "alert_references",
    "check_in",
    "final_nudge",
    "move_on",
    "keep_searching",
    "acknowledge_offer",
    "decide_offer",
    "leverage",
    "decline_offer",
    "withdraw",
    "share_outcome",
    "reply_to_rejection",
    "reapply",
    "keep_in_touch",
    "ask_agent_for_contacts",
)


class Task(NamedTuple):
    id: str
    application: str | None
    company: str | None
    kind: str
    person: str | None
    due: date
    deadline: date | None
    status: str
    channel: str | None
    reason: str
    # The day the facts brought this task into being; an interaction completes
    # a task only when it happens on or after this day.
    created: date
    # The interview round it belongs to (thank-you notes, debrief, check-ins …), else None.
    round: int | None = None


KIND_RANK = {kind: index for index, kind in enumerate(TASK_KINDS)}


def sort_tasks(tasks: Iterable[Task]) -> list[Task]:
    """Soonest first; on one day, in the order a user meets the kinds; then by id."""
    return sorted(tasks, key=lambda t: (t.due, KIND_RANK.get(t.kind, 99), t.id))


def task_plain(task: Task) -> dict[str, Any]:
    """The stable machine form of a task (the `--json` and `/api` contract); every key always present."""
    deadline = task.deadline.isoformat() if task.deadline else None
    return {
        "id": task.id, "application": task.application, "company": task.company, "kind": task.kind,
        "person": task.person, "due": task.due.isoformat(), "deadline": deadline,
        "status": task.status, "channel": task.channel, "reason": task.reason,
    }
