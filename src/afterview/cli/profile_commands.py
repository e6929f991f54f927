"""`afterview profile` and `afterview words`: you, your settings, and the words the spelling check should know."""

from __future__ import annotations

import json
from typing import Any

import typer

from afterview.cli.main import app, fail, state

profile_app = typer.Typer(help="You and your settings: name, country, time zone, strengths, cadence.",
                          invoke_without_command=True)
words_app = typer.Typer(help="Your own words for the spelling check (names, jargon).", invoke_without_command=True)
app.add_typer(profile_app, name="profile")
app.add_typer(words_app, name="words")


@profile_app.callback()
def profile_show(ctx: typer.Context, json_out: bool = typer.Option(False, "--json")) -> None:
    """Show your profile."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.domain.plain import profile_plain
    from afterview.services.settings import read_settings

    values = profile_plain(read_settings(state(ctx).store))
    if json_out:
        typer.echo(json.dumps(values, indent=2, ensure_ascii=False))
        return
    for key, value in values.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        if isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in value.items())
        typer.echo(f"{key:>16}: {shown}")


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Your name, used to sign notes."),
    email: str | None = typer.Option(None, "--email"),
    phone: str | None = typer.Option(None, "--phone"),
    country: str | None = typer.Option(None, "--country", help="ISO code, e.g. US, GB, DE, IL."),
    subdivision: str | None = typer.Option(None, "--subdivision", help="State or region, e.g. NY; '-' clears."),
    timezone: str | None = typer.Option(None, "--timezone", help="e.g. America/New_York."),
    strength: list[str] = typer.Option([], "--strength", help="A key strength (repeat; replaces the list)."),
    pipeline_target: int | None = typer.Option(None, "--pipeline-target", min=0),
    send_cards: bool | None = typer.Option(None, "--send-cards/--no-cards", help="Plan handwritten cards too."),
    cadence: list[str] = typer.Option([], "--cadence", help="NAME=NUMBER, e.g. check_in_calendar_days=10."),
) -> None:
    """Change your profile; the plan follows at once."""
    from afterview.services.settings import CADENCE_FIELDS, change_settings

    s = state(ctx)
    numbers: dict[str, int] = {}
    for item in cadence:
        key, sep, value = item.partition("=")
        if not sep or key not in CADENCE_FIELDS or not value.strip().isdigit():
            raise fail(f"--cadence {item!r}: write NAME=NUMBER with NAME one of {', '.join(CADENCE_FIELDS)}")
        numbers[key] = int(value)
    changes: dict[str, Any] = {k: v for k, v in {
        "name": name, "email": email, "phone": phone, "country": country, "timezone": timezone,
        "pipeline_target": pipeline_target, "send_cards": send_cards}.items() if v is not None}
    if subdivision is not None:
        changes["subdivision"] = None if subdivision == "-" else subdivision
    if strength:
        changes["strengths"] = tuple(strength)
    if not changes and not numbers:
        raise fail("nothing to change: give at least one option (see afterview profile set --help)")
    change_settings(s.store, changes, numbers)
    typer.echo("Profile saved.")


@words_app.callback()
def words_show(ctx: typer.Context) -> None:
    """List your words."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.services.drafts import read_words

    found = read_words(state(ctx).store)
    typer.echo("\n".join(found) if found else "No words of your own yet: afterview words add WORD …")


@words_app.command("add")
def words_add(ctx: typer.Context, words: list[str] = typer.Argument(..., help="Words to accept as spelled.")) -> None:
    """Teach the spelling check words it does not know (names, jargon)."""
    from afterview.services.drafts import add_words

    added = add_words(state(ctx).store, words)
    typer.echo(f"Added {added} word(s).")
