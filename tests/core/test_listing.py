"""`today` and `plan` read well at 80 columns: at a real terminal, piped, and redirected to a file."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import date
from pathlib import Path

import pytest

from afterview.cli.render import listing_text
from afterview.domain import wording
from afterview.domain.model import Task

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("listing") / "search.sqlite3"
    subprocess.run([SCRIPT, "--db", str(path), "--as-of", AS_OF, "demo"], check=True, capture_output=True,
                   env=_env(), timeout=60)
    return path


def at_terminal(args: list[str], columns: int = 80, *, raw: bool = False, program: list[str] | None = None,
                **env: str) -> str:
    """Run the CLI with its output on a real pseudo-terminal of `columns` x 24 and return what it showed
    (without colour codes unless `raw`); `program` runs instead of the console script."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen([*(program or [SCRIPT]), *args], stdin=terminal, stdout=terminal, stderr=terminal,
                               close_fds=True, env=_env(**{"TERM": "xterm-256color", **env}))
    os.close(terminal)
    seen: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:
                    break  # the other end closed: the command finished
                if not chunk:
                    break
                seen.append(chunk)
            elif process.poll() is not None:
                break
        assert process.wait(timeout=30) == 0, b"".join(seen)[-2000:]
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    text = b"".join(seen).decode().replace("\r\n", "\n")
    return text if raw else ANSI.sub("", text)


def piped(args: list[str], **env: str) -> str:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=True, env=_env(**env),
                          timeout=60).stdout


def full_cli(args: list[str]) -> str:
    """The Typer CLI itself, never the launcher's fast path."""
    return subprocess.run([sys.executable, "-c", "from afterview.cli.main import run; run()", *args],
                          capture_output=True, text=True, check=True, env=_env(), timeout=60).stdout


def _tasks(db: Path, command: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(piped(["--db", str(db), "--as-of", AS_OF, command, "--json"]))
    return found


def _reads_well(text: str, tasks: list[dict[str, object]], width: int = 80) -> None:
    lines = text.rstrip("\n").split("\n")
    ids = {str(t["id"]) for t in tasks}
    for line in lines:
        # Only an id longer than the line itself may run past it; it is never broken.
        assert len(line) <= width or line.strip().removeprefix("id ") in ids, line
    # A few lines a task, not thousands: the reason fills at least half of each line (a column squeezed
    # to one character took a line per letter).
    assert len(lines) <= 4 + sum(4 + -(-len(str(t["reason"])) // (width // 2)) for t in tasks)
    flat = " ".join(text.split())
    for task in tasks:
        assert " ".join(str(task["reason"]).split()) in flat  # every reason whole, in order of reading
        assert f"id {task['id']}" in text


def test_today_at_an_80_column_terminal_is_a_block_per_task(db: Path) -> None:
    text = at_terminal(["--db", str(db), "--as-of", AS_OF, "today"])
    tasks = _tasks(db, "today")
    _reads_well(text, tasks)
    assert text.startswith("Today, Mon 23 Nov 2026\n")
    assert "2026-11-20  3 days overdue  Debrief · Hooli\n" in text


def test_plan_at_an_80_column_terminal_and_a_narrow_one(db: Path) -> None:
    tasks = _tasks(db, "plan")
    _reads_well(at_terminal(["--db", str(db), "--as-of", AS_OF, "plan"]), tasks)
    _reads_well(at_terminal(["--db", str(db), "--as-of", AS_OF, "plan"], columns=50), tasks, width=50)


def test_piped_and_redirected_read_at_80_columns(db: Path, tmp_path: Path) -> None:
    _reads_well(piped(["--db", str(db), "--as-of", AS_OF, "today"]), _tasks(db, "today"))
    target = tmp_path / "plan.txt"
    with target.open("w") as out:
        subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF, "plan"], stdout=out, check=True, env=_env(),
                       timeout=60)
    _reads_well(target.read_text(), _tasks(db, "plan"))


def test_the_fast_path_prints_what_the_full_cli_prints(db: Path) -> None:
    for args in (["today"], ["today", "--limit", "3"], ["today", "--json"], ["today", "--limit", "0"]):
        argv = ["--db", str(db), "--as-of", AS_OF, *args]
        assert piped(argv) == full_cli(argv), args
    assert "… and " in piped(["--db", str(db), "--as-of", AS_OF, "today", "--limit", "3"])


def _task(due: date, deadline: date | None) -> Task:
    return Task("a:thank_you_email:r1:x", "a", "Acme", "thank_you_email", "Jo Day", due, deadline, "open", "email",
                "Thank Jo Day.", due)


@pytest.mark.parametrize(("today", "words"), [
    (date(2026, 11, 23), "deadline in 1 day"),
    (date(2026, 11, 24), "deadline today"),
    (date(2026, 11, 25), "deadline passed yesterday"),
    (date(2026, 11, 30), "deadline passed 6 days ago"),
])
def test_a_task_with_a_deadline_is_late_from_the_deadline_not_the_due_day(today: date, words: str) -> None:
    task = _task(date(2026, 11, 20), date(2026, 11, 24))
    assert wording.when(task.due, task.deadline, task.status, today) == words
    assert f"2026-11-20  {words}  Thank-you email to Jo Day · Acme\n" in listing_text([task], today, "Plan", 80)


def test_a_task_without_a_deadline_is_overdue_from_its_due_day() -> None:
    assert wording.when(date(2026, 11, 20), None, "open", date(2026, 11, 25)) == "5 days overdue"


# At a terminal `today` loaded Typer, Rich and SQLAlchemy before reading fifty rows (1.3 s at 10,000
# applications); the launcher's fast path answers it with the standard library and the domain only.
HEAVY = ("typer", "rich", "sqlalchemy")
# The launcher as the console script runs it, telling afterwards which heavy modules it loaded.
PROBE = ("import os, sys\nfrom afterview.launcher import main\nsys.argv[0] = 'afterview'\ntry:\n    main()\n"
         f"finally:\n    open(os.environ['LOADED'], 'w').write(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n")


def test_today_at_a_terminal_loads_no_terminal_or_database_library(db: Path, tmp_path: Path) -> None:
    loaded = tmp_path / "loaded.txt"
    text = at_terminal(["--db", str(db), "--as-of", AS_OF, "today"], program=[sys.executable, "-c", PROBE],
                       LOADED=str(loaded))
    assert text.startswith("Today, Mon 23 Nov 2026\n")
    assert loaded.read_text() == ""


def test_late_headlines_are_bold_red_at_a_terminal_and_plain_without_colour(db: Path) -> None:
    args = ["--db", str(db), "--as-of", AS_OF, "today"]
    coloured = at_terminal(args, raw=True)
    assert "\x1b[1;31m2026-11-20  3 days overdue  Debrief · Hooli\x1b[0m\n" in coloured
    assert "\x1b[1mToday, Mon 23 Nov 2026\x1b[0m\n" in coloured
    assert "\x1b[" not in at_terminal(args, raw=True, NO_COLOR="1")


def test_the_fast_path_and_the_full_cli_show_the_same_at_a_terminal(db: Path) -> None:
    args = ["--db", str(db), "--as-of", AS_OF, "today"]
    full = at_terminal(args, raw=True, program=[sys.executable, "-c", "from afterview.cli.main import run; run()"])
    assert at_terminal(args, raw=True) == full
