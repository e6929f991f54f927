"""`afterview log …`: recording what happened. Missing facts of an interview are
asked for with the close-of-interview checklist when a person is at the terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer

from afterview.cli.main import app, fail, optional_day, parse_day, state

log = typer.Typer(help="Record what happened: applications, interviews, contacts, replies, outcomes.",
                  no_args_is_help=True)
app.add_typer(log, name="log")


def _ask_checklist(no_input: bool) -> bool:
    """Ask unless told not to: at a terminal, or from answers piped in (one per line).

    Input that ends before the checklist does records nothing: an interview saved
    half-answered, with exit 0, would look like success.
    """
    return not no_input


@contextmanager
def _said_for_the_cli(application: str) -> Iterator[None]:
    """A refusal about someone's name, with this command line's way to do what its hint says."""
    from afterview.services.errors import UserError

    try:
        yield
    except UserError as problem:
        if problem.field == "rename_to":
            problem.field = "rename"  # `log person`'s own flag for the new name
        if problem.code == "unknown-person" and problem.hint:
            problem.hint += f" with `afterview log person {application} --name NAME`"
        elif problem.code == "look-alike-person" and problem.hint:
            problem.hint += " (--new)"
        raise


def _person(spec: str, role: str = "interviewer"):  # type: ignore[no-untyped-def]
    from afterview.domain.model import Person

    parts = [p.strip() for p in spec.split(";")]
    if not parts[0]:
        raise fail(f"{spec!r}: give a name first, then optionally '; title; email; phone'")
    return Person(parts[0], role, parts[1] if len(parts) > 1 and parts[1] else None,
                  parts[2] if len(parts) > 2 and parts[2] else None, parts[3] if len(parts) > 3 and parts[3] else None)


def _exists(store, app_id: str) -> bool:  # type: ignore[no-untyped-def]
    from afterview.services.views import application_exists

    return application_exists(store, app_id)


def _per_person(items: list[str], option: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        name, sep, text = item.partition(":")
        if not sep or not name.strip() or not text.strip():
            raise fail(f"{option} {item!r}: write it as 'Name: what', e.g. 'Dana Whitfield: the office move'")
        found.setdefault(name.strip(), []).append(text.strip())
    return found


def _improve(spec: str):  # type: ignore[no-untyped-def]
    from afterview.domain.model import AnswerToImprove

    parts = [p.strip() or None for p in spec.split(";")]
    if len(parts) > 3 or parts[0] is None:
        raise fail(f"--improve {spec!r}: write it as 'topic; what you would add; who asked', e.g. "
                   f"'the budget question; the 2025 figures; Jane Doe' (the last two are optional)")
    return AnswerToImprove(parts[0], *parts[1:])


def _away(spec: str) -> tuple[date, date]:
    start, sep, end = spec.partition(":")
    if not sep:
        raise fail(f"--away {spec!r}: write it as FROM:TO, e.g. 2026-12-21:2027-01-04")
    return parse_day(start.strip(), "--away"), parse_day(end.strip(), "--away")


@log.command("application")
def log_application(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="A short id you choose, e.g. acme-secretary."),
    company: str = typer.Option(..., "--company"),
    role: str | None = typer.Option(None, "--role"),
    source: str = typer.Option("direct", "--source", help="direct, referral or agency."),
    applied_on: str | None = typer.Option(None, "--applied-on",
                                          help="When you applied (default: today, as you log it on applying)."),
    country: str | None = typer.Option(None, "--country", help="Employer's country code if not yours."),
    subdivision: str | None = typer.Option(None, "--subdivision"),
) -> None:
    """Record an application."""
    from afterview.domain.model import Application
    from afterview.services.facts import add_application

    s = state(ctx)
    applied = optional_day(applied_on, "--applied-on") or s.as_of
    add_application(s.store, Application(application, company, role, country, subdivision, applied, source))
    typer.echo(f"Recorded application {application} ({company}), applied on {applied}.")


@log.command("person")
def log_person(
    ctx: typer.Context,
    application: str = typer.Argument(...),
    name: str = typer.Option(..., "--name"),
    role: str | None = typer.Option(None, "--role",
                                    help="interviewer (for someone new, the default), hiring_manager, recruiter, "
                                         "agent or referrer."),
    title: str | None = typer.Option(None, "--title"),
    email: str | None = typer.Option(None, "--email"),
    phone: str | None = typer.Option(None, "--phone"),
    rename: str | None = typer.Option(None, "--rename", help="A corrected name for them."),
    new: bool = typer.Option(False, "--new", help="They are someone new, though their name looks like the name "
                                                  "of someone listed (otherwise refused as a likely misspelling)."),
) -> None:
    """Add someone you met or dealt with, or change only the details you give ("" clears one)."""
    from afterview.services.people import PersonChanges, save_person

    with _said_for_the_cli(application):
        saved = save_person(state(ctx).store, application, PersonChanges(name, role, title, email, phone, rename),
                            new=new)
    typer.echo(f"Saved {saved.name} ({saved.role.replace('_', ' ')}) on {application}.")


@log.command("interview")
def log_interview(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="The application id."),
    company: str | None = typer.Option(None, "--company", help="Creates the application if it is new."),
    role: str | None = typer.Option(None, "--role"),
    applied_on: str | None = typer.Option(None, "--applied-on",
                                          help="When you applied, for a new application (default: not recorded)."),
    on: str | None = typer.Option(None, "--on", help="Interview date (default: today)."),
    at: str | None = typer.Option(None, "--at", help="Start time HH:MM."),
    round_: int | None = typer.Option(None, "--round", min=1,
                                      help="Which round (default: the next after those on file)."),
    replace_round: bool = typer.Option(False, "--replace",
                                       help="Replace the round given with --round (the old one stays in history)."),
    format_: str | None = typer.Option(None, "--format", help="phone, video or onsite."),
    interviewer: list[str] = typer.Option([], "--interviewer", help="'Name; title; email' (repeat)."),
    decision_expected: str | None = typer.Option(None, "--decision-expected"),
    second_round: str | None = typer.Option(None, "--second-round"),
    follow_up_on: str | None = typer.Option(None, "--follow-up-on"),
    follow_up_channel: str | None = typer.Option(None, "--follow-up-channel"),
    follow_up_person: str | None = typer.Option(None, "--follow-up-person"),
    away: list[str] = typer.Option([], "--away", help="FROM:TO the employer is away (repeat)."),
    references_checked: bool = typer.Option(False, "--references-checked"),
    chances: str | None = typer.Option(None, "--chances", help="low, medium or high."),
    topic: list[str] = typer.Option([], "--topic", help="'Name: topic discussed' (repeat)."),
    promise: list[str] = typer.Option([], "--promise", help="'Name: what you promised' (repeat)."),
    went_well: str | None = typer.Option(None, "--went-well"),
    fell_short: str | None = typer.Option(None, "--fell-short"),
    strong_topic: list[str] = typer.Option([], "--strong-topic",
                                           help="A topic your answers covered well; the notes build on it (repeat)."),
    improve: list[str] = typer.Option([], "--improve",
                                      help="'topic; what you would add; who asked' for an answer you would "
                                           "improve (repeat; the last two are optional)."),
    new: bool = typer.Option(False, "--new", help="An interviewer whose name looks like someone's already "
                                                  "listed is someone new, not a misspelling."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; use defaults for what is missing."),
) -> None:
    """Record an interview; asks the close-of-interview checklist for what is missing."""
    from afterview.cli.checklist import Answers, WrongAnswer, ask_checklist, hints
    from afterview.services.facts import log_interview as record

    s = state(ctx)
    applied = optional_day(applied_on, "--applied-on")  # a mistyped date stops before any question
    answers = Answers(
        on=optional_day(on, "--on"), people=[_person(x) for x in interviewer],
        decision_expected=optional_day(decision_expected, "--decision-expected"),
        second_round=optional_day(second_round, "--second-round"),
        follow_up_on=optional_day(follow_up_on, "--follow-up-on"), follow_up_channel=follow_up_channel,
        follow_up_person=follow_up_person, away=[_away(a) for a in away],
        references_checked=references_checked, chances=chances,
        topics=_per_person(topic, "--topic"), promises=_per_person(promise, "--promise"),
        went_well=went_well, fell_short=fell_short, at=at, format=format_,
        strong_topics=[t.strip() for t in strong_topic if t.strip()], improve=[_improve(i) for i in improve],
    )
    if replace_round and round_ is None:
        raise fail("--replace: say which round to replace with --round N")
    if _ask_checklist(no_input):
        answers.ask_source = not _exists(s.store, application)
        try:
            ask_checklist(answers, s.as_of)
        except typer.Abort:
            if sys.stdin.isatty():
                raise
            raise fail("the answers ended before the checklist did, so nothing was recorded; answer every "
                       "question (one per line), or add --no-input to record only what the flags give") from None
        except WrongAnswer as wrong:
            raise fail(f"the answer {wrong.answer!r} cannot be taken, so nothing was recorded: "
                       f"{wrong.why[:1].lower()}{wrong.why[1:].rstrip('.')}") from None
    interview = answers.interview(round_ or 1, s.as_of)
    if answers.source is not None:
        from afterview.services.sources import check

        check(answers.source, answers.source_contact)  # before anything is written
    with _said_for_the_cli(application):
        logged = record(s.store, application, interview, answers.people, next_round=round_ is None,
                        replace_round=replace_round, company=company, role=role,
                        applied_on=applied, source=answers.source,
                        source_contact=answers.source_contact, new=new)
    tasks = logged.tasks
    typer.echo(f"Recorded round {logged.interview.round} on {interview.on}; {len(tasks)} task(s) planned:")
    for task in tasks:
        typer.echo(f"  {task.due}  {task.kind.replace('_', ' '):<22} {task.person or ''}  [{task.id}]")
    for hint in hints(answers, logged.people, tasks):
        typer.echo(f"hint: {hint}")


@log.command("contact")
def log_contact(
    ctx: typer.Context,
    application: str = typer.Argument(...),
    kind: str = typer.Option(..., "--kind", help="The task kind it fulfils, e.g. check_in, or 'other'."),
    person: str = typer.Option(..., "--person", help="Who you contacted."),
    channel: str | None = typer.Option(None, "--channel", help="email, phone, card, letter, …"),
    on: str | None = typer.Option(None, "--on", help="Default: today."),
    force: bool = typer.Option(False, "--force", help="Record it even if it breaks the not-pestering guard."),
) -> None:
    """Record a contact you made (a note sent, a call made)."""
    from afterview.services.facts import log_contact as record

    s = state(ctx)
    with _said_for_the_cli(application):
        contact = record(s.store, application, kind=kind, person=person, channel=channel,
                         on=optional_day(on, "--on") or s.as_of, force=force)
    typer.echo(f"Recorded {kind.replace('_', ' ')} to {person} on {contact.on}"
               + (" (forced past the not-pestering guard)" if contact.forced else "") + ".")


@log.command("reply")
def log_reply(
    ctx: typer.Context,
    application: str = typer.Argument(...),
    person: str | None = typer.Option(None, "--person", help="Who replied."),
    on: str | None = typer.Option(None, "--on", help="Default: today."),
    decision_expected: str | None = typer.Option(None, "--decision-expected", help="A new decision date."),
    invitation: bool = typer.Option(False, "--invitation", help="They invited you to a next interview."),
    again: bool = typer.Option(False, "--again", "--force",
                               help="Record it even though the same reply is already on file (a second reply)."),
) -> None:
    """Record that the employer replied (cancels pending check-ins)."""
    from afterview.services.facts import log_reply as record

    s = state(ctx)
    with _said_for_the_cli(application):
        logged = record(s.store, application, on=optional_day(on, "--on") or s.as_of, person=person,
                        decision_expected=optional_day(decision_expected, "--decision-expected"),
                        kind="invitation" if invitation else "reply", again=again)
    if not logged.recorded:
        reply = logged.reply
        typer.echo(f"Already recorded: {'an invitation' if reply.kind == 'invitation' else 'a reply'}"
                   f"{f' from {reply.person}' if reply.person else ''} on {reply.on}; nothing changed "
                   f"(add --again if this is a second one).")
        return
    typer.echo("Recorded the reply; pending check-ins are cancelled.")
    if invitation:
        typer.echo(f"Next: afterview log interview {application} --round N --on DATE")


@log.command("outcome")
def log_outcome(
    ctx: typer.Context,
    application: str = typer.Argument(...),
    kind: str = typer.Argument(..., metavar="offer|rejected|withdrawn|accepted|declined"),
    on: str | None = typer.Option(None, "--on", help="Default: today."),
    deadline: str | None = typer.Option(None, "--deadline", help="The employer's deadline for your answer."),
    reason: str | None = typer.Option(None, "--reason",
                                      help="Why, in your words; declining an offer, the letter gives it."),
) -> None:
    """Record an offer, a rejection, a withdrawal, or your answer to an offer."""
    from afterview.services.facts import log_outcome as record

    s = state(ctx)
    outcome = record(s.store, application, kind, on=optional_day(on, "--on") or s.as_of,
                     deadline=optional_day(deadline, "--deadline"), reason=reason)
    typer.echo(f"Recorded: {application} {outcome.kind} on {outcome.on}.")
