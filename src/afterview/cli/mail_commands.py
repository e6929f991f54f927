"""`send`, `tick`, `outbox`, `mail` and `inbox`: notes out, replies in."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer

from afterview.cli.main import app, fail, state

outbox_app = typer.Typer(help="Messages queued, sent, failed or uncertain.", invoke_without_command=True)
mail_app = typer.Typer(help="Your mail servers (passwords come from the environment or the keyring).",
                       no_args_is_help=True)
inbox_app = typer.Typer(help="Notice replies in your mailbox.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")
app.add_typer(mail_app, name="mail")
app.add_typer(inbox_app, name="inbox")


def _when(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date and time; use e.g. 2026-11-26T09:00",
                                 param_hint="--at") from None
    return moment if moment.tzinfo else moment.astimezone()  # a bare time is the user's local time


def _line(entry) -> str:  # type: ignore[no-untyped-def]
    why = f" — {entry.last_error}" if entry.last_error else ""
    return f"#{entry.id} {entry.state:<9} {entry.recipient:<32} {entry.task_id}{why}"


@app.command()
def send(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="The task whose checked draft to send."),
    at: str | None = typer.Option(None, "--at", help="Send later (YYYY-MM-DDTHH:MM); `afterview tick` sends it."),
) -> None:
    """Send a task's draft through your SMTP server, once."""
    from afterview.services import outbox

    s = state(ctx)
    entry = outbox.queue(s.store, task, s.as_of, at=_when(at) if at else None)
    if at:
        typer.echo(f"Queued #{entry.id} for {entry.send_after.astimezone():%a %d %b %H:%M}; "
                   f"`afterview tick` (cron) or `afterview serve` sends it.")
        return
    result = outbox.deliver(s.store, entry, s.as_of)
    if result.state == "sent":
        typer.echo(f"Sent to {result.recipient}; the task is done.")
        return
    if result.state == "queued":
        raise fail(f"not sent yet, kept in the outbox (#{result.id}): {result.last_error}", 1)
    raise fail(f"{result.state} (#{result.id}): {result.last_error}", 1)


@app.command()
def tick(ctx: typer.Context, scan: bool = typer.Option(True, "--scan/--no-scan",
                                                       help="Also read new mail when a mailbox is set up.")) -> None:
    """Do once what is due without you: send, settle uncertain messages, read new mail (run it from cron)."""
    s = state(ctx)
    _report_tick(s.store, s.given_day, scan)


def _report_tick(store, day, scan: bool) -> bool:  # type: ignore[no-untyped-def]
    from afterview.services.tick import tick as tick_once

    report = tick_once(store, day, scan=scan)
    for line in report.lines:
        typer.echo(line)
    for problem in report.problems:
        typer.echo(f"afterview: {problem}", err=True)
    if not report.ok:
        raise typer.Exit(2)
    return True


@app.command()
def worker(ctx: typer.Context,
           interval: float = typer.Option(60.0, "--interval", min=1.0, help="Seconds between ticks."),
           ticks: int | None = typer.Option(None, "--ticks", min=1, help="Stop after this many (default: never).")
           ) -> None:
    """Run the tick every --interval seconds, as the web server does (Ctrl-C stops it)."""
    import contextlib
    import time

    s = state(ctx)
    done = 0
    while ticks is None or done < ticks:
        with contextlib.suppress(typer.Exit):  # the problems were printed; a worker keeps going
            _report_tick(s.store, s.given_day, True)
        done += 1
        if ticks is None or done < ticks:
            time.sleep(interval)


@outbox_app.callback()
def outbox_list(ctx: typer.Context, json_out: bool = typer.Option(False, "--json")) -> None:
    """List the outbox."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.services import outbox

    found = outbox.entries(state(ctx).store)
    if json_out:
        typer.echo(json.dumps([{"id": e.id, "task": e.task_id, "to": e.recipient, "subject": e.subject,
                                "state": e.state, "send_after": e.send_after.isoformat(), "attempts": e.attempts,
                                "error": e.last_error} for e in found], indent=2))
        return
    for entry in found:
        typer.echo(_line(entry))
    if not found:
        typer.echo("The outbox is empty.")


@outbox_app.command("resolve")
def outbox_resolve(
    ctx: typer.Context, entry: int = typer.Argument(..., help="The message number (#N)."),
    sent: bool = typer.Option(False, "--sent", help="It did go out: record it as sent."),
    retry: bool = typer.Option(False, "--retry", help="It did not go out: send it again."),
) -> None:
    """Settle an uncertain message: check your Sent folder, then say which."""
    from afterview.services import outbox

    if sent == retry:
        raise fail("say exactly one of --sent or --retry")
    s = state(ctx)
    result = outbox.resolve(s.store, entry, sent=sent, on=s.as_of)
    typer.echo(_line(result))


@mail_app.command("smtp")
def mail_smtp(ctx: typer.Context, host: str = typer.Option(..., "--host"), port: int = typer.Option(587, "--port"),
              security: str = typer.Option("starttls", "--security", help="starttls, ssl or none."),
              username: str | None = typer.Option(None, "--username")) -> None:
    """Set the server notes are sent through (password: AFTERVIEW_SMTP_PASSWORD or the keyring)."""
    from afterview.services.mail_settings import configure_smtp

    configure_smtp(state(ctx).store, host=host, port=port, security=security, username=username)
    typer.echo(f"Sending through {host}:{port} ({security}).")


@mail_app.command("imap")
def mail_imap(ctx: typer.Context, host: str = typer.Option(..., "--host"), port: int = typer.Option(993, "--port"),
              security: str = typer.Option("ssl", "--security", help="ssl, or none for a server on this machine."),
              username: str = typer.Option(..., "--username"),
              folder: list[str] = typer.Option(["INBOX"], "--folder", help="Folders to scan (repeat)."),
              sent_folder: str | None = typer.Option(None, "--sent-folder"),
              cafile: str | None = typer.Option(None, "--cafile", help="A PEM file of the certificate authority to "
                                                "trust (a company's or a self-signed server)."),
              ) -> None:
    """Set the mailbox replies are noticed in (password: AFTERVIEW_IMAP_PASSWORD or the keyring)."""
    from afterview.services.mail_settings import configure_imap

    configure_imap(state(ctx).store, host=host, port=port, security=security, username=username,
                   folders=folder, sent_folder=sent_folder, cafile=cafile)
    typer.echo(f"Reading {', '.join(folder)} on {host}:{port} ({security})"
               + (f", trusting the certificates in {cafile}." if cafile else "."))


@inbox_app.command("scan")
def inbox_scan(
    ctx: typer.Context,
    mbox: Path | None = typer.Option(None, "--mbox", help="Read an mbox file (a mail export) instead."),
    maildir: Path | None = typer.Option(None, "--maildir", help="Read a Maildir folder instead."),
    eml: list[Path] = typer.Option([], "--eml", help="Read .eml files instead (repeat)."),
) -> None:
    """Find replies from employers: they cancel pending check-ins; offers and rejections are suggested."""
    from afterview.services import inbox

    s = state(ctx)
    sources = sum(bool(x) for x in (mbox, maildir, eml))
    if sources > 1:
        raise fail("read one source at a time: --mbox, --maildir or --eml")
    result = inbox.scan(s.store, s.as_of, mbox=mbox, maildir=maildir, eml=eml)
    for line in result.lines():
        typer.echo(line)


@inbox_app.command("away")
def inbox_away(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="The application whose employer is away."),
    start: str = typer.Option(..., "--from", help="First day away (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day away (YYYY-MM-DD)."),
) -> None:
    """Record time away an out-of-office named: the check-in moves past it."""
    from afterview.cli.main import parse_day
    from afterview.services import inbox

    period = inbox.record_away(state(ctx).store, application, parse_day(start, "--from"), parse_day(end, "--to"))
    typer.echo(f"{application}: away {period.start} to {period.end}; the check-in is planned after it.")


@inbox_app.command("suggestions")
def inbox_suggestions(ctx: typer.Context, json_out: bool = typer.Option(False, "--json")) -> None:
    """What the scan read in your mail (offers, rejections, dates, time away …), kept until you settle each."""
    from afterview.services import suggestions

    found = suggestions.pending(state(ctx).store)
    if json_out:
        typer.echo(json.dumps([s.as_json() for s in found], indent=2))
        return
    if not found:
        typer.echo("Nothing from your mail waits for you.")
        return
    for suggestion in found:
        typer.echo(suggestion.line())
    typer.echo("Confirm one with `afterview inbox confirm N`, or set it aside with `afterview inbox dismiss N`.")


@inbox_app.command("confirm")
def inbox_confirm(ctx: typer.Context, number: int = typer.Argument(..., help="The suggestion's number.")) -> None:
    """Apply a suggestion from your mail (an outcome, a decision date, time away …)."""
    from afterview.services import suggestions

    s = state(ctx)
    typer.echo(suggestions.confirm(s.store, number, s.as_of).message + ".")


@inbox_app.command("dismiss")
def inbox_dismiss(ctx: typer.Context, number: int = typer.Argument(..., help="The suggestion's number.")) -> None:
    """Set a suggestion from your mail aside; nothing in your plan changes."""
    from afterview.services import suggestions

    s = state(ctx)
    typer.echo(suggestions.dismiss(s.store, number, s.as_of).message + ".")
