"""`afterview references …`: the people who vouch for you, kept once for the whole search."""

from __future__ import annotations

import json

import typer

from afterview.cli.main import app, state
from afterview.domain.model import Reference

references_app = typer.Typer(help="Your references: add, list, edit and remove them.", no_args_is_help=True)
app.add_typer(references_app, name="references")

ADD_HINT = "afterview references add --name NAME --email ADDRESS"


@references_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Their name as you would write it in a letter."),
    email: str | None = typer.Option(None, "--email"),
    phone: str | None = typer.Option(None, "--phone"),
    relationship: str | None = typer.Option(None, "--relationship", help="How they know you, e.g. 'former manager'."),
) -> None:
    """Add someone who will vouch for you; the plan warns them before an employer calls."""
    from afterview.services.references import add_reference

    saved = add_reference(state(ctx).store, Reference(name, email, phone, relationship))
    typer.echo(f"Added reference {_describe(saved)}.")


@references_app.command("list")
def list_(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print them as JSON."),
) -> None:
    """Your references."""
    from afterview.domain.plain import reference_plain
    from afterview.services.references import list_references, wanted_by

    store = state(ctx).store
    found = list_references(store)
    if json_out:
        typer.echo(json.dumps([reference_plain(r) for r in found], indent=2, ensure_ascii=False))
        return
    if not found:
        typer.echo("No references yet.")
        for app_id, why in wanted_by(store).items():
            typer.echo(f"hint: {app_id}: {why} ({ADD_HINT})")
        return
    for reference in found:
        typer.echo(_describe(reference))


@references_app.command("edit")
def edit(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The reference's name as listed."),
    new_name: str | None = typer.Option(None, "--name", help="A new name."),
    email: str | None = typer.Option(None, "--email", help="A new email ('' clears it)."),
    phone: str | None = typer.Option(None, "--phone", help="A new phone ('' clears it)."),
    relationship: str | None = typer.Option(None, "--relationship", help="A new relationship ('' clears it)."),
) -> None:
    """Change only what you give; everything else stays as it is."""
    from afterview.services.references import ReferenceChanges, edit_reference

    saved = edit_reference(state(ctx).store, name, ReferenceChanges(new_name, email, phone, relationship))
    typer.echo(f"Saved reference {_describe(saved)}.")


@references_app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The reference's name as listed."),
) -> None:
    """Remove a reference; the plan stops warning them."""
    from afterview.services.references import remove_reference

    gone = remove_reference(state(ctx).store, name)
    typer.echo(f"Removed reference {gone.name}.")


def _describe(reference: Reference) -> str:
    details = [x for x in (reference.relationship, reference.email, reference.phone) if x]
    return reference.name + (f" ({', '.join(details)})" if details else "")
