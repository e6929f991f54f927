"""Seeing the plan, acting on tasks, and moving the whole job search in and out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from afterview.cli.main import app, fail, state, write_atomically
from afterview.cli.render import print_tasks, tasks_json, today_limit, today_title


@app.command()
def today(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print the tasks as JSON (all of them unless --limit)."),
    limit: int | None = typer.Option(None, "--limit", min=0,
                                     help="Show at most this many (0: all). Default: 50 in the table."),
) -> None:
    """What to do today: open tasks due on or before today, most overdue first."""
    from afterview.services.planning import today as today_tasks

    s = state(ctx)
    wanted = today_limit(limit, json_out)
    with s.store.reading() as conn:
        shown, total = today_tasks(conn, s.as_of, wanted)
    if json_out:
        typer.echo(tasks_json(shown))
        return
    print_tasks(shown, s.as_of, today_title(s.as_of), hidden=total - len(shown))


@app.command()
def plan(
    ctx: typer.Context,
    application: str | None = typer.Argument(None, help="Only this application's plan."),
    all_tasks: bool = typer.Option(False, "--all", help="Also done, cancelled and skipped tasks."),
    json_out: bool = typer.Option(False, "--json", help="Print the tasks as JSON."),
) -> None:
    """The follow-up plan: every open task with its date and reason."""
    from afterview.services.planning import plan as plan_tasks

    s = state(ctx)
    with s.store.reading() as conn:
        tasks = plan_tasks(conn, s.as_of, application=application, include_all=all_tasks)
    if json_out:
        typer.echo(tasks_json(tasks))
        return
    print_tasks(tasks, s.as_of, f"Plan for {application}" if application else "Plan")
    if application:
        from afterview.cli.reference_commands import ADD_HINT
        from afterview.services.references import wanted_by

        for why in wanted_by(s.store, [application]).values():
            typer.echo(f"hint: {why} ({ADD_HINT})")


@app.command()
def done(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="The task id (see `afterview today`)."),
    force: bool = typer.Option(False, "--force", help="Record it even if it breaks the not-pestering guard."),
) -> None:
    """Mark a task done (for a note or call: records that you made the contact today)."""
    from afterview.services.facts import complete

    s = state(ctx)
    result = complete(s.store, task, s.as_of, force=force)
    typer.echo(f"Done: {result.kind.replace('_', ' ')}" + (f" ({result.person})" if result.person else ""))


@app.command()
def skip(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="The task id."),
    why: str = typer.Option(..., "--why", help="Why you skip it; kept with the task."),
) -> None:
    """Skip a task you decided not to do."""
    from afterview.services.facts import skip as skip_task

    s = state(ctx)
    result = skip_task(s.store, task, s.as_of, why)
    typer.echo(f"Skipped: {result.kind.replace('_', ' ')} — {why.strip()}")


@app.command()
def snooze(ctx: typer.Context, task: str = typer.Argument(..., help="The task id.")) -> None:
    """Leave a task off `today` until the earliest day it may be done; it stays in the plan."""
    from afterview.services.views import snooze as snooze_task

    s = state(ctx)
    found, until = snooze_task(s.store, task, s.as_of)
    typer.echo(f"Snoozed until {until}: {found.kind.replace('_', ' ')}"
               + (f" ({found.person})" if found.person else "") + "; it stays in your plan.")


@app.command("import")
def import_(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="FILE|-", help="An afterview/1 JSON document, or - for stdin."),
) -> None:
    """Merge an afterview/1 document into your job search."""
    from afterview.domain.limits import MAX_DOCUMENT_BYTES
    from afterview.services.documents import import_document

    # One byte past the limit is enough to refuse a file as too large: never read more.
    if source == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise fail(f"{source}: no such file; give the path of an afterview/1 JSON document")
        with path.open("rb") as file:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    summary = import_document(state(ctx).store, data)
    typer.echo(summary.line())
    if summary.changed:
        typer.echo("What it replaced is kept in the history: `afterview undo` takes the import back.")


@app.command()
def export(
    ctx: typer.Context,
    target: Path | None = typer.Argument(None, metavar="[FILE]", help="Write here instead of stdout."),
) -> None:
    """Write your whole job search as an afterview/1 document."""
    from afterview.services.documents import export_document

    text = export_document(state(ctx).store)
    if target is None:
        sys.stdout.write(text)
        return
    write_atomically(target, text.encode("utf-8"))
    typer.echo(f"Exported to {target}")


@app.command()
def demo(ctx: typer.Context) -> None:
    """Show a realistic sample job search, in a sandbox store of its own (your data is never touched).

    With --db it fills that store instead, but only when it is empty.
    """
    import os

    from afterview.services.demo import demo_path, load_demo
    from afterview.services.store import open_store

    s = state(ctx)
    chosen = s.db or os.environ.get("AFTERVIEW_DATABASE_URL")
    if chosen:
        summary = load_demo(s.store, s.as_of)
        typer.echo(f"Demo loaded: {summary.applications} applications, {summary.tasks} tasks. "
                   f"Try: afterview --db {chosen} today")
        return
    from afterview.domain.pipeline import local_day

    day = s.given_day or local_day(None)  # the user's own store is not even opened
    sandbox = demo_path()
    for leftover in (sandbox, sandbox.with_name(sandbox.name + "-wal"), sandbox.with_name(sandbox.name + "-shm")):
        leftover.unlink(missing_ok=True)  # the demo starts afresh, dated around today
    store = open_store(str(sandbox))
    summary = load_demo(store, day)
    typer.echo(f"Demo loaded into its own sandbox, {sandbox} ({summary.applications} applications, "
               f"{summary.tasks} tasks); your own data is untouched.\n")
    from afterview.services.planning import today as today_tasks

    with store.reading() as conn:
        shown, total = today_tasks(conn, day, 10)
    print_tasks(shown, day, f"The demo's {today_title(day)[:1].lower()}{today_title(day)[1:]}",
                hidden=total - len(shown))
    typer.echo(f"\nLook around: afterview --db {sandbox} plan   (or in the browser: afterview serve --demo)")


@app.command()
def replan(ctx: typer.Context) -> None:
    """Derive every plan again from the facts (after changing settings by hand)."""
    from afterview.services.planning import replan as replan_all

    s = state(ctx)
    with s.store.transaction() as conn:
        count = replan_all(conn)
    typer.echo(f"Re-derived {count} task(s).")


@app.command()
def path(ctx: typer.Context) -> None:
    """Show where your data is kept."""
    from afterview.store.engine import resolve_url

    typer.echo(resolve_url(state(ctx).db))
