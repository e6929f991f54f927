"""How tasks look on the terminal and in `--json`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from afterview.domain import wording
from afterview.domain.model import Task
from afterview.domain.plain import task_plain

task_json = task_plain


def tasks_json(tasks: Iterable[Task]) -> str:
    return json.dumps([task_json(t) for t in tasks], indent=2, ensure_ascii=False)


def when(task: Task, as_of: date) -> str:
    return wording.when(task.due, task.deadline, task.status, as_of)


def task_rows(tasks: Sequence[Task], as_of: date) -> list[tuple[str, ...]]:
    return [
        (t.due.isoformat(), when(t, as_of), t.kind.replace("_", " "), t.company or "—", t.person or "—",
         t.id, t.reason)
        for t in tasks
    ]


TABLE_LIMIT = 50


def today_limit(limit: int | None, json_out: bool) -> int | None:
    """None means all: JSON gives every task unless asked, the table its first screenful."""
    if limit is None:
        return None if json_out else TABLE_LIMIT
    return limit or None


def more_line(hidden: int) -> str:
    return f"… and {hidden} more: afterview today --limit 0"


HEADERS = ("Due", "When", "Task", "Company", "Who", "Id", "Why")


def print_task_table(tasks: Sequence[Task], as_of: date, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not tasks:
        console.print(f"[bold]{title}[/bold]: nothing to do. ")
        return
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    for header in HEADERS:
        table.add_column(header, overflow="fold", no_wrap=header in ("Due", "When"),
                         ratio=3 if header == "Why" else None)
    for row, task in zip(task_rows(tasks, as_of), tasks, strict=True):
        style = "bold red" if wording.is_late(task.due, task.deadline, task.status, as_of) else None
        table.add_row(*row, style=style)
    console.print(table)
