"""`afterview draft`, `afterview check` and `afterview templates`: the words, checked before they go."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from afterview.cli.main import app, fail, state, write_atomically

if TYPE_CHECKING:
    from afterview.services.drafts import CheckedDraft

templates_app = typer.Typer(help="The templates notes are written from; yours override the shipped ones.",
                            no_args_is_help=True)
app.add_typer(templates_app, name="templates")


def _findings_json(checked: CheckedDraft) -> list[dict[str, Any]]:
    return [{"code": f.code, "severity": f.severity, "message": f.message, "span": list(f.span)}
            for f in checked.findings]


def _print_findings(checked: CheckedDraft) -> None:
    from afterview.drafting.wording import excerpt

    text = checked.draft.text
    if not checked.findings:
        typer.echo("Checks: all clear.")
        return
    for finding in checked.findings:
        start, end = finding.span
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        quoted = excerpt(text[start:end])
        typer.echo(f"{finding.severity}: line {line}, column {column}: {finding.code}: {finding.message}"
                   + (f"  [{quoted}]" if quoted else ""))


def _edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise fail("--edit needs an editor: set EDITOR, e.g. export EDITOR=nano")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
        path = Path(handle.name)
    try:
        finished = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if finished.returncode != 0:
            raise fail(f"the editor exited with {finished.returncode}; the draft was not changed")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


@app.command()
def draft(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="The task id."),
    json_out: bool = typer.Option(False, "--json", help="Print the draft and its checks as JSON."),
    eml: Path | None = typer.Option(None, "--eml", help="Write the email as an .eml file for a mail client."),
    edit: bool = typer.Option(False, "--edit", help="Edit it in $EDITOR; your text is kept with the task."),
) -> None:
    """Print a task's draft (subject and body, a card, or a call script) and its checks."""
    from afterview.services import drafts

    s = state(ctx)
    checked = drafts.draft_for(s.store, task, s.as_of)
    if edit:
        changed = _edit_in_editor(checked.draft.text)
        checked = drafts.save_edit(s.store, task, changed, s.as_of)
    if eml is not None:
        write_atomically(eml, drafts.eml(s.store, checked))
    d = checked.draft
    if json_out:
        to = {"name": d.to.name, "email": d.to.email} if d.to else None
        typer.echo(json.dumps({"task": d.task, "to": to, "subject": d.subject, "body": d.body,
                               "checks": _findings_json(checked)}, indent=2, ensure_ascii=False))
        return
    if d.to:
        typer.echo(f"To: {d.to.name}" + (f" <{d.to.email}>" if d.to.email else ""))
    typer.echo(d.text.rstrip("\n"))
    typer.echo("")
    _print_findings(checked)
    if eml is not None:
        typer.echo(f"Wrote {eml}")


@app.command("check")
def check_file(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A text file with your note ('Subject: …' first for an email)."),
    task: str = typer.Option(..., "--task", help="Check it as this task's note."),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Check your own text against the same rules; exits 1 when any error is found."""
    from afterview.drafting import TextProblem, read_user_text
    from afterview.services import drafts

    try:
        text = read_user_text(file)
    except TextProblem as problem:
        raise fail(str(problem)) from None
    s = state(ctx)
    checked = drafts.check_text(s.store, task, text, s.as_of)
    if json_out:
        typer.echo(json.dumps(_findings_json(checked), indent=2, ensure_ascii=False))
    else:
        _print_findings(checked)
    raise typer.Exit(1 if checked.blocked else 0)


@templates_app.command("path")
def templates_path(kind: str | None = typer.Argument(None, help="A task kind, e.g. thank_you_email.")) -> None:
    """Where the templates are read from (your folder, or the file in use for KIND)."""
    from afterview.services import drafts

    typer.echo(str(drafts.template_path(kind) if kind else drafts.templates().user_dir))


@templates_app.command("edit")
def templates_edit(kind: str = typer.Argument(..., help="A task kind, e.g. thank_you_email.")) -> None:
    """Copy KIND's template into your folder (once) and open it in $EDITOR."""
    from afterview.services import drafts

    path = drafts.template_for_editing(kind)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        typer.echo(f"Your copy is at {path}; set EDITOR to open it from here.")
        return
    subprocess.run([*shlex.split(editor), str(path)], check=False)
    typer.echo(f"Saved your template at {path}")


@app.command("review")
def review(
    ctx: typer.Context,
    task: str | None = typer.Argument(None, help="The task whose note a friend should read."),
    to: str | None = typer.Option(None, "--to", help="Your friend's email address."),
    hold: bool | None = typer.Option(None, "--hold/--no-hold",
                                     help="Hold every note until a review is back (or its deadline is a business "
                                          "day away), or stop holding."),
) -> None:
    """A second set of eyes: send a note to a friend for review, see their comments, or hold notes for review."""
    from afterview.services import review as reviews

    s = state(ctx)
    if hold is not None:
        reviews.set_hold(s.store, hold)
        typer.echo("Notes are held until a review is back, or until their deadline is a business day away."
                   if hold else "Notes are no longer held for review.")
    if task is None:
        if hold is None:
            raise fail("give a task to send for review (with --to), or --hold / --no-hold")
        return
    if to is not None:
        reviews.request_review(s.store, task, to, s.as_of)
        typer.echo(f"Sent the note to {to} for review; their reply will show here as comments.")
    found = reviews.reviews_for(s.store, task)
    if not found.requests and to is None:
        typer.echo("No review asked for yet: add --to EMAIL to send this note to a friend.")
    for request in found.requests:
        typer.echo(f"Asked {request.to} on {request.sent_at:%Y-%m-%d}.")
    for comment in found.comments:
        typer.echo(f"Comment from {comment.sender} ({comment.received}):")
        typer.echo("  " + comment.text.replace("\n", "\n  "))
