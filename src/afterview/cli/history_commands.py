"""`afterview history`, `undo`, `archive`, `unarchive`, `delete`: every change can be taken back."""

from __future__ import annotations

import typer

from afterview.cli.main import app, fail, state


@app.command()
def history(ctx: typer.Context, limit: int = typer.Option(20, "--limit", min=1, max=1000)) -> None:
    """The latest changes to your facts, newest first (undo takes back the newest not yet undone)."""
    from afterview.services.history import history as changes

    found = changes(state(ctx).store, limit)
    if not found:
        typer.echo("No changes recorded yet.")
    for change in found:
        mark = "  (undone)" if change.undone else ""
        typer.echo(f"{change.number:>5}  {change.at:%Y-%m-%d %H:%M}  {change.action}{mark}")


@app.command()
def undo(ctx: typer.Context) -> None:
    """Take back the newest change: what it replaced or removed is put back as it was."""
    from afterview.services.history import undo as take_back

    change = take_back(state(ctx).store)
    typer.echo(f"Undone: {change.action} (change {change.number}).")


@app.command()
def archive(ctx: typer.Context, application: str = typer.Argument(...)) -> None:
    """Put an application away: out of the plan and the pipeline, kept with its history."""
    from afterview.services.history import archive as put_away

    put_away(state(ctx).store, application)
    typer.echo(f"Archived {application}; `afterview unarchive {application}` brings it back.")


@app.command()
def unarchive(ctx: typer.Context, application: str = typer.Argument(...)) -> None:
    """Bring an archived application back into the plan."""
    from afterview.services.history import archive as put_away

    put_away(state(ctx).store, application, archived=False)
    typer.echo(f"{application} is back in your plan.")


@app.command()
def delete(ctx: typer.Context, application: str = typer.Argument(...),
           yes: bool = typer.Option(False, "--yes", help="Confirm: delete it with its plan and history.")) -> None:
    """Delete an application with its plan and facts (`afterview undo` brings it back)."""
    from afterview.services.history import delete as remove

    if not yes:
        raise fail(f"deleting {application} removes it with its plan and history; add --yes to confirm "
                   f"(or `afterview archive {application}` to put it away instead)")
    remove(state(ctx).store, application)
    typer.echo(f"Deleted {application}; `afterview undo` brings it back.")
