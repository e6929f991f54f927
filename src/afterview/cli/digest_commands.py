"""`afterview digest …`: the morning email of what is due today and what is late."""

from __future__ import annotations

import typer

from afterview.cli.main import app, state

digest_app = typer.Typer(help="The morning digest: once a day, what is due today and what is late, by email.",
                         no_args_is_help=True)
app.add_typer(digest_app, name="digest")


@digest_app.command("on")
def digest_on(
    ctx: typer.Context,
    hour: int = typer.Option(..., "--hour", help="The hour (0-23, your time zone) it is sent; the next tick "
                                                 "from then on sends it."),
) -> None:
    """Email yourself the digest once a day (needs your email in the profile and outgoing mail set up)."""
    from afterview.services.digest import set_digest_hour

    set_digest_hour(state(ctx).store, hour)
    typer.echo(f"The morning digest comes at {hour:02d}:00 each day, sent by `afterview tick`, "
               f"`afterview worker` or the web server.")


@digest_app.command("off")
def digest_off(ctx: typer.Context) -> None:
    """No more digests."""
    from afterview.services.digest import set_digest_hour

    set_digest_hour(state(ctx).store, None)
    typer.echo("The morning digest is off.")


@digest_app.command("show")
def digest_show(ctx: typer.Context) -> None:
    """When the digest goes out, and what today's says."""
    from afterview.services.digest import build, digest_hour

    s = state(ctx)
    hour = digest_hour(s.store)
    typer.echo(f"Sent at {hour:02d}:00 each day." if hour is not None else "Off (turn it on: afterview digest on "
                                                                          "--hour 7).")
    digest = build(s.store, s.as_of)
    typer.echo(f"\nSubject: {digest.subject()}\n")
    typer.echo(digest.body(), nl=False)
