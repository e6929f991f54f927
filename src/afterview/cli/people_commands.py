"""`afterview people list|remove`: the people of one application (add or change them with `log person`)."""

from __future__ import annotations

import json

import typer

from afterview.cli.exchange_commands import people_app
from afterview.cli.main import state


@people_app.command("list")
def people_list(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="The application id."),
    json_out: bool = typer.Option(False, "--json", help="Print them as JSON."),
) -> None:
    """Everyone on an application, with their part and how to reach them."""
    from afterview.domain.plain import person_plain
    from afterview.services.facts import load_application
    from afterview.services.outbox import bounced_addresses

    with state(ctx).store.reading() as conn:
        app = load_application(conn, application)
        bounced = bounced_addresses(conn, (p.email or "" for p in app.people))
    if json_out:
        typer.echo(json.dumps([person_plain(p) for p in app.people], indent=2, ensure_ascii=False))
        return
    if not app.people:
        typer.echo(f"No one on {application} yet; add someone with: afterview log person {application} --name NAME")
    for p in app.people:
        # An address mail bounced from is flagged until a message to it goes through.
        email = p.email and (f"{p.email} (mail to it bounced: check it)" if p.email.lower() in bounced else p.email)
        details = [x for x in (p.title, email, p.phone) if x]
        typer.echo(f"{p.name} ({p.role.replace('_', ' ')})" + (f": {', '.join(details)}" if details else ""))


@people_app.command("remove")
def people_remove(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="The application id."),
    name: str = typer.Option(..., "--name", help="Their name as listed."),
) -> None:
    """Take someone off an application; its history keeps what happened."""
    from afterview.services.people import remove_person

    gone = remove_person(state(ctx).store, application, name)
    typer.echo(f"Removed {gone.name} from {application}.")
