"""The `afterview` console script.

Most commands go to the Typer CLI. `today` on a SQLite store, at a terminal,
piped or with `--json`, is answered here with the standard library only: it is
what people, scripts, status bars and reminders call many times a day, and
importing Typer, Rich and SQLAlchemy would cost several times the query itself. The answer is the same:
the same SQL (store.queries), the same weekly rule (domain.pipeline) and the
same JSON (cli.render's contract). Anything this path does not understand goes
to the full CLI, which gives the authoritative answer or error.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from afterview.store import queries  # plain strings: costs nothing to import


def main() -> None:
    try:
        code = _fast_today(sys.argv[1:])
        if code is None:
            from afterview.cli.main import run

            run()
        else:
            sys.stdout.flush()
            sys.exit(code)
    except BrokenPipeError:
        # The reader went away (`afterview today | head`): not an error worth a word.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


def _parse(argv: list[str]) -> tuple[str | None, str | None, bool, int | None] | None:
    """(db, as_of, json, limit) for a plain `today` invocation, else None."""
    db = as_of = None
    json_out, limit = False, None
    args = iter(argv)
    command = None
    for arg in args:
        name, eq, value = arg.partition("=")
        if name in ("--db", "--as-of", "--limit"):
            value = value if eq else next(args, "")
            if not value:
                return None
            if name == "--db" and command is None:
                db = value
            elif name == "--as-of" and command is None:
                as_of = value
            elif name == "--limit" and command == "today" and value.isdigit():
                limit = int(value)
            else:
                return None
        elif arg == "--json" and command == "today":
            json_out = True
        elif arg == "today" and command is None:
            command = arg
        else:
            return None
    return (db, as_of, json_out, limit) if command == "today" else None


def _sqlite_file(db: str | None) -> str | None:
    value = db or os.environ.get("AFTERVIEW_DATABASE_URL")
    if not value:
        from afterview.paths import data_dir

        return str(data_dir() / "afterview.sqlite3")
    if value.startswith("sqlite:///"):
        return value[len("sqlite:///"):]
    if "://" in value:
        return None
    return os.path.expanduser(value)  # os.path, not pathlib: one less module to load on every call


def _fast_today(argv: list[str]) -> int | None:
    parsed = _parse(argv)
    if parsed is None:
        return None
    db, as_of_text, json_out, limit = parsed
    path = _sqlite_file(db)
    as_of_text = as_of_text or os.environ.get("AFTERVIEW_AS_OF")
    try:
        given = date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        return None
    if path is None or not os.path.isfile(path):
        return None
    import sqlite3

    from afterview.cli.render import today_limit

    wanted = today_limit(limit, json_out)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (queries.SCHEMA_REVISION,):
                return None
            as_of = given or _local_today(conn)
            tasks, total = _read(conn, as_of, wanted)
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # let the full CLI explain what is wrong with the file
    _print(tasks, total, as_of, json_out)
    return 0


def _local_today(conn) -> date:  # type: ignore[no-untyped-def]
    from afterview.domain.pipeline import local_day

    row = conn.execute(queries.TIMEZONE).fetchone()
    return local_day(row[0] if row else None)


def _read(conn, as_of: date, limit: int | None):  # type: ignore[no-untyped-def]
    from afterview.domain.pipeline import keep_searching, keep_searching_id, with_weekly
    from afterview.domain.task import Task

    params = {"as_of": as_of.isoformat(), "limit": -1 if limit is None else limit}
    day = date.fromisoformat
    tasks = [
        Task(i, application, company, kind, person, day(due), day(deadline) if deadline else None, status, channel,
             reason, day(created))
        for i, application, company, kind, person, due, deadline, status, channel, reason, created
        in conn.execute(queries.OPEN_DUE_BY, params)
    ]
    (total,) = conn.execute(queries.COUNT_OPEN_DUE_BY, params).fetchone()
    active, accepted = conn.execute(queries.ACTIVE_AND_ACCEPTED, params).fetchone()
    target_row = conn.execute(queries.PIPELINE_TARGET).fetchone()
    target = target_row[0] if target_row else 5
    ident = keep_searching_id(as_of)
    dismissed = conn.execute(queries.DISMISSED_AS, {"task_id": ident}).fetchone()
    weekly = keep_searching(as_of, active, target, accepted > 0, dismissed[0] if dismissed else None)
    if weekly is not None and conn.execute(queries.SNOOZED, {"task_id": ident, "as_of": params["as_of"]}).fetchone():
        weekly = None
    return with_weekly(tasks, total, weekly, as_of, limit)


def _print(tasks, total: int, as_of: date, json_out: bool) -> None:  # type: ignore[no-untyped-def]
    out = sys.stdout
    if json_out:
        from afterview.cli.render import tasks_json

        out.write(tasks_json(tasks) + "\n")
        return
    from afterview.cli.render import listing_text, output_width, today_title, wants_colour

    out.write(listing_text(tasks, as_of, today_title(as_of), output_width(), hidden=total - len(tasks),
                           colour=wants_colour(out)))
