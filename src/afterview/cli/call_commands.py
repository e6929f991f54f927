"""`afterview log call …`: how a phone call went (reached, voicemail, no answer)."""

from __future__ import annotations

import typer

from afterview.cli.logging_facts import log
from afterview.cli.main import optional_day, state


@log.command("call")
def log_call(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="The phone task's id, e.g. acme:check_in:r1 (`afterview today` shows it)."),
    outcome: str = typer.Option(..., "--outcome", help="reached, voicemail or no-answer."),
    note: str | None = typer.Option(None, "--note", help="What they said (or the message you left)."),
    decision_expected: str | None = typer.Option(None, "--decision-expected",
                                                 help="A new decision date they gave (reached only)."),
    on: str | None = typer.Option(None, "--on", help="The day you called. Default: today."),
    force: bool = typer.Option(False, "--force", help="Record it even if it breaks the not-pestering guard."),
) -> None:
    """Record a call: reached (a reply), a voicemail (a contact), or no answer (call again next business day)."""
    from afterview.services.calls import log_call as record

    s = state(ctx)
    logged = record(s.store, task, outcome=outcome.replace("-", "_"), on=optional_day(on, "--on") or s.as_of,
                    note=note, decision_expected=optional_day(decision_expected, "--decision-expected"),
                    force=force)
    said = {"reached": "you reached them", "voicemail": "you left a voicemail", "no_answer": "nobody answered"}
    forced = " (forced past the not-pestering guard)" if logged.forced else ""
    typer.echo(f"Recorded the call for {task}: {said[logged.outcome]}{forced}.")
    if logged.task.status == "open":
        typer.echo(f"The call is due again on {logged.task.due}.")
    step = logged.next_step
    if step is not None and step.id != logged.task.id:
        typer.echo(f"Next: {step.kind.replace('_', ' ')} by {step.channel or 'you'}, due {step.due} [{step.id}]")
