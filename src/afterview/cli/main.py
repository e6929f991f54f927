"""The command line: a thin layer over the services.

Global options come before the subcommand: `--db` (a SQLAlchemy URL or a file
path) and `--as-of` (the day treated as today). Every error a user can cause is
one line on stderr and a non-zero exit; no traceback reaches the terminal.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from afterview.services.errors import UserError

if TYPE_CHECKING:
    from afterview.services.store import Store

app = typer.Typer(
    name="afterview",
    help="Afterview: your follow-up plan for the days and weeks after a job interview.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Commands that only read: on a store path that does not exist they say so and create nothing,
# so a mistyped `--db` is noticed instead of showing an empty search.
READING_COMMANDS = frozenset({"today", "plan", "export", "history", "outbox", "calendar export", "people export",
                              "profile", "words", "check", "pipeline"})


# Lines for stderr once the command has succeeded (a failed command's one line stays the only one).
AFTER_SUCCESS: list[str] = []


@dataclass
class State:
    db: str | None
    given_day: date | None
    command: str = ""
    _store: Store | None = field(default=None, repr=False)
    _today: date | None = field(default=None, repr=False)

    @property
    def as_of(self) -> date:
        """`--as-of`, else today in the user's own time zone (not the machine's)."""
        if self.given_day is not None:
            return self.given_day
        if self._today is None:
            from afterview.services.planning import local_today

            with self.store.reading() as conn:
                self._today = local_today(conn)
        return self._today

    @property
    def store(self) -> Store:
        if self._store is None:
            from afterview.services.store import open_store

            chosen = self.db or os.environ.get("AFTERVIEW_DATABASE_URL")
            # Only a store the user named can be mistyped; the data folder's own file is made on first use.
            self._store = open_store(self.db, create=not (chosen and self.command in READING_COMMANDS))
            if self._store.created and chosen:
                from afterview.store.engine import sqlite_path

                AFTER_SUCCESS.append(f"afterview: a new store was created at {sqlite_path(self._store.url)}")
        return self._store


def parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint=option) from None


def optional_day(value: str | None, option: str) -> date | None:
    return parse_day(value, option) if value else None


@app.callback()
def main(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", help="Database: a SQLAlchemy URL or a SQLite file path. "
                                  "Env AFTERVIEW_DATABASE_URL; default: afterview.sqlite3 in the data folder."),
    as_of: str | None = typer.Option(None, "--as-of", help="Treat this date (YYYY-MM-DD) as today. "
                                     "Env AFTERVIEW_AS_OF."),
) -> None:
    raw = as_of or os.environ.get("AFTERVIEW_AS_OF")
    ctx.obj = State(db=db, given_day=parse_day(raw, "--as-of") if raw else None)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    names: list[str] = []
    here: Any = ctx  # Typer's Context, then Click's for the parents
    while here.parent is not None:  # the command's own words, e.g. "calendar export"
        names.insert(0, here.info_name or "")
        here = here.parent
    obj.command = " ".join(names)
    return obj


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"afterview: {message}", err=True)
    return typer.Exit(code)


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename: a crash or a full disk never leaves half a file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as problem:
        partial.unlink(missing_ok=True)
        raise fail(f"cannot write {target}: {problem.strerror}") from None


# The modules that register each command (the first word after the global options). A command
# loads only its own: `log contact` has no use for the web server's or the mail commands' code,
# and loading all of them was a tenth of its time. Help, a typo, or no command at all loads every
# one (in this order, which is the order `--help` lists them in). tests/core/test_startup.py
# checks this table against what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("today", "plan", "done", "skip", "snooze", "import", "export", "demo", "replan", "path"),
                    ("commands",)),
    **dict.fromkeys(("draft", "check", "review", "templates"), ("draft_commands",)),
    **dict.fromkeys(("import-csv", "calendar", "card"), ("exchange_commands",)),
    "people": ("exchange_commands", "people_commands"),
    **dict.fromkeys(("history", "undo", "archive", "unarchive", "delete"), ("history_commands",)),
    "log": ("logging_facts", "call_commands"),
    **dict.fromkeys(("send", "tick", "worker", "outbox", "mail", "inbox"), ("mail_commands",)),
    "digest": ("digest_commands",),
    **dict.fromkeys(("profile", "words"), ("profile_commands",)),
    "references": ("reference_commands",),
    **dict.fromkeys(("serve", "user"), ("web_commands",)),
}
ALL_COMMAND_MODULES = ("call_commands", "commands", "digest_commands", "draft_commands", "exchange_commands",
                       "history_commands", "logging_facts", "mail_commands", "people_commands", "profile_commands",
                       "reference_commands", "web_commands")
GLOBAL_OPTIONS = ("--db", "--as-of")


def command_word(argv: list[str]) -> str | None:
    """The command `argv` names (after the global options), or None when it names none before an option."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_OPTIONS:
            next(args, None)
        elif arg.startswith(tuple(f"{option}=" for option in GLOBAL_OPTIONS)):
            continue
        elif arg.startswith("-"):
            return None  # --help and the like: every command's name is needed
        else:
            return arg
    return None


def load_commands(argv: list[str]) -> None:
    """Register the commands `argv` can reach: its own, or all of them."""
    import importlib

    for name in COMMAND_MODULES.get(command_word(argv) or "", ALL_COMMAND_MODULES):
        importlib.import_module(f"afterview.cli.{name}")


def run() -> None:
    """Run the CLI, turning every error into one line and an exit code."""
    load_commands(sys.argv[1:])
    try:
        code = app(standalone_mode=False)
        code = code if isinstance(code, int) else 0
        for line in AFTER_SUCCESS if code == 0 else ():  # a failed command's one line stays the only one
            typer.echo(line, err=True)
        sys.exit(code)
    except UserError as problem:
        typer.echo(f"afterview: {cli_line(problem)}", err=True)
        sys.exit(problem.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        typer.echo("afterview: cancelled; nothing was recorded", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("afterview: cancelled; nothing was recorded", err=True)
        sys.exit(130)
    except typer.BadParameter as problem:
        typer.echo(f"afterview: {problem.format_message()}", err=True)
        sys.exit(2)
    except Exception as problem:  # the last line of defence: never a traceback
        if type(problem).__name__ == "NoArgsIsHelpError":
            typer.echo(problem.format_message())  # type: ignore[attr-defined]
            sys.exit(0)
        if _is_usage_error(problem):
            message = problem.format_message().rstrip(".")  # type: ignore[attr-defined]
            typer.echo(f"afterview: {message}; see afterview --help", err=True)
            sys.exit(2)
        if os.environ.get("AFTERVIEW_DEBUG"):
            raise
        first = (str(problem).strip().splitlines() or [""])[0]
        typer.echo(f"afterview: unexpected error: {type(problem).__name__}: {first} "
                   f"(set AFTERVIEW_DEBUG=1 to see details)", err=True)
        sys.exit(1)


def flag_of(field: str) -> str:
    """The CLI's own name for a typed input field: `decision_expected` is `--decision-expected`."""
    return "--" + field.replace("_", "-")


# Fields the commands take as arguments, not flags: the message names them already.
ARGUMENT_FIELDS = frozenset({"application", "task", "task_id"})


def cli_line(problem: UserError) -> str:
    """A user error worded for the command line: the flag it is about, what is wrong, how to fix it."""
    line = problem.line()
    if problem.field and problem.field not in ARGUMENT_FIELDS and not line.startswith("--"):
        return f"{flag_of(problem.field)}: {line}"
    return line


def _is_usage_error(problem: Exception) -> bool:
    # Typer carries its own copy of Click's exceptions; either kind may surface.
    return any(cls.__name__ in ("UsageError", "ClickException") for cls in type(problem).__mro__)
