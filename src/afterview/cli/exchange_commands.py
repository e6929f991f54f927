"""Calendars, contacts, business cards and spreadsheets: `calendar`, `people`, `card`, `import-csv`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from afterview.cli.main import app, fail, state, write_atomically

calendar_app = typer.Typer(help="Your plan in your calendar (iCalendar).", no_args_is_help=True)
people_app = typer.Typer(help="The people you met, in and out of address books (vCard).", no_args_is_help=True)
card_app = typer.Typer(help="Business cards: read a photo, confirm, save.", no_args_is_help=True)
app.add_typer(calendar_app, name="calendar")
app.add_typer(people_app, name="people")
app.add_typer(card_app, name="card")


def _read(path: Path, what: str) -> bytes:
    from afterview.domain.limits import MAX_CSV_BYTES, MAX_DOCUMENT_BYTES, MAX_VCARD_BYTES

    if not path.is_file():
        raise fail(f"{path}: no such file; give the path of {what}")
    # Past the largest file any importer takes, one more byte is enough for it to refuse the file.
    with path.open("rb") as file:
        return file.read(max(MAX_CSV_BYTES, MAX_VCARD_BYTES, MAX_DOCUMENT_BYTES) + 1)


@calendar_app.command("export")
def calendar_export(ctx: typer.Context,
                    target: Path | None = typer.Argument(None, metavar="[FILE]", help="Default: stdout."),
                    follow_ups: str = typer.Option(
                        "events", "--follow-ups", metavar="events|todos|both",
                        help="Follow-ups as all-day events with an alarm (shown by every calendar app), "
                             "as to-dos (for to-do apps), or both.")) -> None:
    """Write the plan as an .ics file: interviews as events, follow-ups as all-day events and/or to-dos."""
    from afterview.services.exchange import calendar

    data = calendar(state(ctx).store, follow_ups=follow_ups)
    if target is None:
        sys.stdout.buffer.write(data)
        return
    write_atomically(target, data)
    typer.echo(f"Wrote {target}; importing it again updates the same entries.")


@calendar_app.command("token")
def calendar_token(ctx: typer.Context,
                   revoke: bool = typer.Option(False, "--revoke", help="Stop every subscription URL.")) -> None:
    """A secret subscription URL for your calendar app (`afterview serve` serves it); a new one revokes the old."""
    from afterview.services.exchange import new_calendar_token, revoke_calendar_tokens

    store = state(ctx).store
    if revoke:
        typer.echo(f"Revoked {revoke_calendar_tokens(store)} subscription URL(s).")
        return
    typer.echo(f"/calendar/{new_calendar_token(store)}.ics  (append to the server's address)")


@people_app.command("import")
def people_import(ctx: typer.Context, file: Path = typer.Argument(..., help="A .vcf file (vCard 3.0 or 4.0)."),
                  application: str = typer.Option(..., "--application", help="The application they belong to.")
                  ) -> None:
    """Attach the people on vCards to an application; people already on file are merged, never doubled."""
    from afterview.services.exchange import import_vcards

    report = import_vcards(state(ctx).store, application, _read(file, "a .vcf file"))
    for line in report.lines() or ["nothing new on these cards"]:
        typer.echo(line)


@people_app.command("export")
def people_export(ctx: typer.Context,
                  target: Path | None = typer.Argument(None, metavar="[FILE|DIR]",
                                                       help="A .vcf file, or a folder (one card per file)."),
                  application: str | None = typer.Option(None, "--application")) -> None:
    """Write everyone you met as vCards."""
    from afterview.services.exchange import export_vcards

    text, files = export_vcards(state(ctx).store, application)
    if target is None:
        sys.stdout.write(text)
    elif target.is_dir():
        for name, card in files.items():
            write_atomically(target / name, card.encode("utf-8"))
        typer.echo(f"Wrote {len(files)} card(s) into {target}")
    else:
        write_atomically(target, text.encode("utf-8"))
        typer.echo(f"Wrote {len(files)} card(s) to {target}")


@card_app.command("scan")
def card_scan(ctx: typer.Context, photo: Path = typer.Argument(..., help="A photo or scan of the card."),
              application: str = typer.Option(..., "--application"),
              role: str = typer.Option("interviewer", "--role"),
              yes: bool = typer.Option(False, "--yes", help="Save what was read without asking.")) -> None:
    """Read a business card, show what was found, and save it once you confirm or correct it."""
    from afterview.exchange.vcards import CardPerson
    from afterview.services.exchange import save_cards, scan_card

    s = state(ctx)
    reading = scan_card(s.store, application, _read(photo, "a photo of a business card"))
    found = {"name": reading.name.value, "title": reading.title.value, "company": reading.company.value,
             "email": reading.email.value, "phone": reading.phone.e164 if reading.phone else None}
    for field, value in found.items():
        typer.echo(f"{field:>8}: {value or '—'}")
    if not yes:
        if not sys.stdin.isatty():
            raise fail("confirm the reading at a terminal, or pass --yes to save it as read")
        for field in ("name", "title", "email", "phone"):
            answer = typer.prompt(f"{field} (Enter keeps it, '-' clears it)", default=found[field] or "",
                                  show_default=False).strip()
            found[field] = None if answer == "-" else (answer or found[field])
    if not found["name"]:
        raise fail("no name: a person needs one; run again and type it in")
    person = CardPerson(name=str(found["name"]), title=found["title"], organisation=found["company"],
                        email=found["email"], phone=found["phone"], role=role)
    report = save_cards(s.store, application, [person])
    for line in report.lines():
        typer.echo(line)


@app.command("import-csv")
def import_csv(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A CSV export of a spreadsheet or another tracker."),
    mapping: str | None = typer.Option(None, "--map", help="field=Column,… e.g. company=Employer,role=Job Title"),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Show, row by row, what would be new, changed or the same; change nothing."),
    dayfirst: bool | None = typer.Option(None, "--dayfirst/--monthfirst", help="How to read 03/11/2026."),
    delimiter: str | None = typer.Option(None, "--delimiter", help="The column separator, if not guessed."),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="Import the good rows, report the rest."),
) -> None:
    """Bring applications in from a spreadsheet (CSV), all or nothing."""
    from afterview.exchange.csv_import import CsvProblem, parse_mapping
    from afterview.services.exchange import apply_spreadsheet, plan_spreadsheet

    try:
        fields = parse_mapping(mapping) if mapping else None
    except CsvProblem as problem:
        raise fail(f"--map: {problem}") from None
    s = state(ctx)
    plan = plan_spreadsheet(s.store, _read(file, "a CSV file"), fields, dayfirst=dayfirst, delimiter=delimiter,
                            skip_bad_rows=skip_bad_rows, as_of=s.as_of)
    for line in plan.summary():
        typer.echo(line)
    if dry_run:
        typer.echo("Dry run: nothing was changed.")
        return
    done = apply_spreadsheet(s.store, plan, s.as_of)
    typer.echo(f"Created {done.count('new')} application(s), changed {done.count('changed')}, "
               f"{done.count('same')} already kept as they are.")
