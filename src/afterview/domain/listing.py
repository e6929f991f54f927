"""A task as a few lines of plain text: the terminal listing, a pipe, a file and the morning digest.

A headline (due day, how late or how soon, what, to whom, where) and the
reason wrapped to the width, then the id to act on it. Wrapping, not columns:
it reads the same at 80 columns and at 200, and in a mail reader.
"""

from __future__ import annotations

import textwrap
from datetime import date

from afterview.domain import wording
from afterview.domain.task import Task

INDENT = "    "


def when(task: Task, as_of: date) -> str:
    return wording.when(task.due, task.deadline, task.status, as_of)


def headline(task: Task, as_of: date) -> str:
    who = f" to {task.person}" if task.person else ""
    where = f" · {task.company}" if task.company else ""
    what = wording.kind_label(task.kind)
    channel = (task.channel or "").replace("_", " ")
    # Email is the usual way; say so only when it is another (a call, a card).
    how = f" · by {channel}" if channel and channel != "email" and channel not in what.lower() else ""
    return f"{task.due.isoformat()}  {when(task, as_of)}  {what}{who}{where}{how}"


def task_block(task: Task, as_of: date, width: int) -> list[str]:
    """One task as lines no wider than `width` (an id longer than the line is never broken)."""
    head = textwrap.wrap(headline(task, as_of), width, subsequent_indent=INDENT, break_long_words=False,
                         break_on_hyphens=False)
    reason = textwrap.wrap(task.reason, width, initial_indent=INDENT, subsequent_indent=INDENT,
                           break_long_words=False, break_on_hyphens=False)
    return [*head, *reason, f"{INDENT}id {task.id}"]
