"""`afterview serve` and `afterview user set-password`: the web app and its password."""

from __future__ import annotations

import sys

import typer

from afterview.cli.main import app, fail, state

user = typer.Typer(help="The web app's password (needed to serve on any address but 127.0.0.1).",
                   no_args_is_help=True)
app.add_typer(user, name="user")


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but loopback needs "
                             "a password (afterview user set-password)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    demo: bool = typer.Option(False, "--demo", help="Serve a throw-away copy of the demo data; "
                              "your own data is not touched."),
    quiet: bool = typer.Option(False, "--quiet", help="Do not log every request."),
) -> None:
    """Open Afterview in your browser: serves the web app (Ctrl+C stops it)."""
    from afterview.web.server import serve as run_server

    s = state(ctx)
    run_server(db=s.db, host=host, port=port, demo=demo, as_of=s.given_day, access_log=not quiet)


@user.command("set-password")
def set_password(
    ctx: typer.Context,
    username: str = typer.Option("owner", "--username", help="The name to sign in with."),
) -> None:
    """Set (or change) the password the web app asks for. Reads it from stdin when not at a terminal."""
    from afterview.services.accounts import set_password as save

    if sys.stdin.isatty():
        password = typer.prompt("New password", hide_input=True, confirmation_prompt="Repeat it")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise fail("no password on stdin; pipe one line, or run this at a terminal")
    save(state(ctx).store, username, password)
    typer.echo(f"Password set for {username.strip()}. `afterview serve` now asks for it.")
