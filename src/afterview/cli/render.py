"""How tasks look on the terminal, in a pipe or a file, and in `--json`.

A list of tasks is printed as one block per task (domain.listing): a headline
(due day, how late or how soon, what, to whom, where), the reason wrapped to
the width, and the id to act on it. A block reads the same at 80 columns and
at 200, at a terminal and redirected to a file; a table squeezed its reason
column to one character wide on anything narrower than the reasons themselves.

Only the standard library and the domain's task (not the facts' dataclasses): the launcher's fast path for
`today` prints through these very functions, so the two never differ, at a
terminal as in a pipe. A late task's headline is bold red at a terminal that
shows colour; two escape codes need no terminal library (loading one cost more
than the whole listing).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TextIO

from afterview.domain import wording
from afterview.domain.listing import task_block
from afterview.domain.task import Task, task_plain

task_json = task_plain

# Past about a hundred columns wrapped prose gets harder, not easier, to read.
MAX_WIDTH = 100
MIN_WIDTH = 40


def tasks_json(tasks: Iterable[Task]) -> str:
    return json.dumps([task_json(t) for t in tasks], indent=2, ensure_ascii=False)


def output_width() -> int:
    """The terminal's width (80 when piped or redirected, or $COLUMNS), kept between 40 and 100."""
    import shutil  # here, not above: `--json` has no width, and shutil loads three compression modules

    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


TABLE_LIMIT = 50


def today_limit(limit: int | None, json_out: bool) -> int | None:
    """None means all: JSON gives every task unless asked, the listing its first 50."""
    if limit is None:
        return None if json_out else TABLE_LIMIT
    return limit or None


def today_title(as_of: date) -> str:
    return f"Today, {as_of:%a %d %b %Y}"


def more_line(hidden: int) -> str:
    return f"… and {hidden} more: afterview today --limit 0"


def task_lines(tasks: Sequence[Task], as_of: date, title: str, width: int,
               hidden: int = 0) -> list[tuple[str, bool]]:
    """The whole listing as (line, late) pairs: a title, then a block per task, then how many more."""
    if not tasks:
        return [(f"{title}: nothing to do.", False)]
    lines: list[tuple[str, bool]] = [(title, False)]
    for task in tasks:
        late = wording.is_late(task.due, task.deadline, task.status, as_of)
        block = task_block(task, as_of, width)
        lines.append(("", False))
        lines += [(block[0], late)] + [(line, False) for line in block[1:]]
    if hidden:
        lines += [("", False), (more_line(hidden), False)]
    return lines


BOLD, BOLD_RED, PLAIN = "\x1b[1m", "\x1b[1;31m", "\x1b[0m"


def wants_colour(stream: TextIO) -> bool:
    """Colour for a person at a terminal that shows it; NO_COLOR says never, FORCE_COLOR always."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM", "") not in ("dumb", "unknown")


def listing_text(tasks: Sequence[Task], as_of: date, title: str, width: int, hidden: int = 0,
                 colour: bool = False) -> str:
    """The listing as text: plain for a pipe or a file; with `colour`, late headlines bold red, the title bold."""
    out: list[str] = []
    for line, late in task_lines(tasks, as_of, title, width, hidden):
        if colour and (late or line == title):
            line = f"{BOLD_RED if late else BOLD}{line}{PLAIN}"
        out.append(line + "\n")
    return "".join(out)


def print_tasks(tasks: Sequence[Task], as_of: date, title: str, hidden: int = 0) -> None:
    """Print the listing; at a colour terminal a late task's headline is bold red, the words are the same."""
    sys.stdout.write(listing_text(tasks, as_of, title, output_width(), hidden, colour=wants_colour(sys.stdout)))
