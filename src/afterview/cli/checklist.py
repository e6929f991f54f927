"""The close-of-interview checklist, asked at the terminal for whatever flags left out.

What to ask and record before leaving the room: the decision date, second
interviews, how and when to follow up, everyone's name, title and contact
details, holidays that delay the decision. What stays missing gets the
playbook's default and a hint.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import typer

from afterview.domain import validate
from afterview.domain.model import (
    CHANCES,
    CHANNELS,
    FORMATS,
    SOURCES,
    AnswerToImprove,
    AwayPeriod,
    Debrief,
    FollowUp,
    Interview,
    Person,
    PersonNotes,
    Task,
)
from afterview.domain.wording import day
from afterview.services.facts import unreadable


@dataclass
class Answers:
    on: date | None = None
    at: str | None = None
    format: str | None = None
    people: list[Person] = field(default_factory=list)
    decision_expected: date | None = None
    second_round: date | None = None
    follow_up_on: date | None = None
    follow_up_channel: str | None = None
    follow_up_person: str | None = None
    away: list[tuple[date, date]] = field(default_factory=list)
    references_checked: bool = False
    chances: str | None = None
    topics: dict[str, list[str]] = field(default_factory=dict)
    promises: dict[str, list[str]] = field(default_factory=dict)
    went_well: str | None = None
    fell_short: str | None = None
    # The debrief as facts the notes are written from (the free text above stays private).
    strong_topics: list[str] = field(default_factory=list)
    improve: list[AnswerToImprove] = field(default_factory=list)
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # person -> promised item -> file path
    # How the application came about, asked for a new application: direct, referral or agency, and who.
    ask_source: bool = False
    source: str | None = None
    source_contact: Person | None = None

    def interview(self, round_: int, as_of: date) -> Interview:
        for value, allowed, option in ((self.format, FORMATS, "--format"), (self.chances, CHANCES, "--chances"),
                                       (self.follow_up_channel, CHANNELS, "--follow-up-channel")):
            if value is not None and value not in allowed:
                raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=option)
        if self.at is not None and not _is_time(self.at):
            raise typer.BadParameter(f"{self.at!r} is not a time; use HH:MM", param_hint="--at")
        for start, end in self.away:
            if end < start:
                raise typer.BadParameter(f"{end} is before {start}; give FROM:TO in order", param_hint="--away")
        names = {p.name for p in self.people}
        notes = {
            name: PersonNotes(tuple(self.topics.get(name, ())), tuple(self.promises.get(name, ())),
                              tuple(self.files.get(name, {}).items()))
            for name in sorted(set(self.topics) | set(self.promises))
        }
        for name in notes:
            if name not in names:
                raise typer.BadParameter(f"{name!r} is not among the interviewers; add --interviewer {name!r}",
                                         param_hint="--topic/--promise")
        follow_up = None
        if self.follow_up_on or self.follow_up_channel or self.follow_up_person:
            follow_up = FollowUp(self.follow_up_on, self.follow_up_channel, self.follow_up_person)
        debrief = (Debrief(self.went_well, self.fell_short, (), tuple(self.strong_topics), tuple(self.improve))
                   if self.went_well or self.fell_short or self.strong_topics or self.improve else None)
        return Interview(
            on=self.on or as_of, round=round_, at=self.at, format=self.format,
            interviewers=tuple(p.name for p in self.people), decision_expected=self.decision_expected,
            second_round_expected=self.second_round, follow_up=follow_up,
            employer_away=tuple(AwayPeriod(a, b) for a, b in self.away),
            references_will_be_checked=self.references_checked, chances=self.chances, notes=notes,
            debrief=debrief,
        )


def _is_time(text: str) -> bool:
    hours, sep, minutes = text.partition(":")
    return bool(sep) and hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 \
        and len(minutes) == 2


class WrongAnswer(Exception):
    """An answer that cannot be recorded, from answers piped in: asking again would read the next
    line as the answer, and every later answer would land on the wrong question."""

    def __init__(self, answer: str, why: str) -> None:
        super().__init__(why)
        self.answer = answer
        self.why = why


def _again(answer: str, why: str) -> None:
    """Say why an answer cannot be taken; at a terminal the question is asked again, from a pipe the
    checklist stops (WrongAnswer) so that nothing is recorded."""
    if not sys.stdin.isatty():
        raise WrongAnswer(answer, why)
    typer.echo(f"  {why}")


def _ask_day(question: str, default: date | None = None, *, not_before: date | None = None,
             what: str = "the interview") -> date | None:
    """A date, asked again (only this question) until it is one that can be recorded, or blank."""
    while True:
        text = typer.prompt(question, default=default.isoformat() if default else "", show_default=bool(default))
        if not text.strip():
            return None
        try:
            answer = date.fromisoformat(text.strip())
            # The domain's own checks, asked per answer so that only this question is asked again.
            validate.day("answer", answer, label="date")
            if not_before is not None:
                validate.not_before("answer", answer, not_before, what, label="date")
        except validate.Invalid as problem:  # (a ValueError too: caught first)
            _again(text, f"{problem.message[:1].upper()}{problem.message[1:]}; {problem.hint}, or leave it blank.")
            continue
        except ValueError:
            _again(text, "Please give a date as YYYY-MM-DD, or leave it blank.")
            continue
        return answer


def _ask_choice(question: str, options: tuple[str, ...], default: str = "") -> str | None:
    """One of `options`, asked again (only this question) until it is one, or blank."""
    while True:
        text = typer.prompt(question, default=default, show_default=bool(default)).strip().lower()
        if not text or text in options:
            return text or None
        _again(text, f"Please answer {', '.join(options[:-1])} or {options[-1]}, or leave it blank.")


YES = ("y", "yes")
NO = ("n", "no")
# Whole answers that say there is nothing to list ("Did you promise them anything?" "no").
NOTHING = frozenset({"n", "no", "nope", "none", "nothing", "nothing else", "no one", "-"})


def _ask_yes(question: str) -> bool:
    """Yes or no (blank: no), asked again until it is one of them."""
    while True:
        text = typer.prompt(f"{question} [y/N]", default="", show_default=False).strip().lower()
        if not text or text in YES + NO:
            return text in YES
        _again(text, "Please answer y or n, or leave it blank for no.")


def _ask_person(line: str, role: str = "interviewer") -> Person | None:
    parts = [p.strip() for p in line.split(";")] + ["", "", ""]
    person = Person(parts[0], role, parts[1] or None, parts[2] or None, parts[3] or None)
    try:
        validate.person(person)
    except validate.Invalid as problem:
        _again(line, f"{problem.message[:1].upper()}{problem.message[1:]}; {problem.hint}. Type that line again.")
        return None
    return person


def _ask_list(question: str) -> list[str]:
    text = typer.prompt(question, default="", show_default=False).strip()
    if text.rstrip(".!").lower() in NOTHING:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


def _ask_file(item: str) -> str | None:
    """The path of the file promised as `item` (blank or "no": it is not a file), asked again until
    it names a file that can be read: a promise with a path to nothing would fail only when sent."""
    while True:
        text: str = typer.prompt(f"  Is '{item}' a file to attach? Its path (blank if not)", default="",
                                 show_default=False).strip()
        if not text or text.lower() in NOTHING:
            return None
        why = unreadable(text)
        if why is None:
            return text
        _again(text, f"The file {text} {why}; give the path of a file you can read, or leave it blank.")


def ask_checklist(a: Answers, as_of: date) -> None:
    """Ask, in the order one would before leaving the room, only what is still unknown."""
    typer.echo("The close-of-interview checklist (leave blank what you do not know):")
    if a.on is None:
        a.on = _ask_day("When was the interview? (YYYY-MM-DD)", as_of)
    if not a.people:
        typer.echo("Who interviewed you? One per line as 'Name; title; email; phone'; a blank line ends.")
        while True:
            line = typer.prompt("  interviewer", default="", show_default=False).strip()
            if not line:
                break
            person = _ask_person(line)
            if person is not None:
                a.people.append(person)
        for person in a.people:
            a.topics.setdefault(person.name, []).extend(
                _ask_list(f"What did you discuss with {person.name}? (comma-separated)"))
            a.promises.setdefault(person.name, []).extend(
                _ask_list(f"Did you promise {person.name} anything (a link, a document)?"))
            for item in a.promises[person.name]:
                if "://" not in item:
                    path = _ask_file(item)
                    if path:
                        a.files.setdefault(person.name, {})[item] = path
        a.topics = {k: v for k, v in a.topics.items() if v}
        a.promises = {k: v for k, v in a.promises.items() if v}
        _ask_roles(a)
    held = a.on or as_of
    if a.decision_expected is None:
        a.decision_expected = _ask_day("When do they expect to make a decision?", not_before=held)
    if a.second_round is None:
        a.second_round = _ask_day("Will there be second interviews? When?", not_before=held)
    if a.follow_up_on is None:
        a.follow_up_on = _ask_day("Did they say when to follow up? On which date?", not_before=held)
        if a.follow_up_on and a.follow_up_channel is None:
            a.follow_up_channel = _ask_choice("  How: phone or email?", ("phone", "email"), "phone")
    if not a.away:
        start = _ask_day("Any holiday or time away that delays the decision? From")
        end = _ask_day("  To", not_before=start, what="the first day away") if start else None
        if start and end:
            a.away.append((start, end))
    if not a.references_checked:
        a.references_checked = _ask_yes("Will they check references?")
    if a.chances is None:
        a.chances = _ask_choice("How do you rate your chances? (low, medium, high)", CHANCES)
    if a.went_well is None:
        a.went_well = typer.prompt("Debrief: what went smoothly?", default="", show_default=False) or None
    if a.fell_short is None:
        a.fell_short = typer.prompt("Debrief: where did you fall short?", default="", show_default=False) or None
    if not a.strong_topics:
        a.strong_topics = _ask_list("Debrief: which topics did your answers cover well? (comma-separated, a few "
                                    "words each)")
    if not a.improve:
        topic = typer.prompt("Debrief: an answer you would improve, its topic in a few words (blank if none)",
                             default="", show_default=False).strip()
        if topic:
            addition = typer.prompt(f"  What would you add to your answer about {topic}? (blank: leave it out "
                                    f"of the notes)", default="", show_default=False).strip()
            asked_by = typer.prompt("  Who asked? (blank: everyone heard it)", default="", show_default=False).strip()
            a.improve.append(AnswerToImprove(topic, addition or None, asked_by or None))
    if a.ask_source and a.source is None:
        _ask_source(a)


def _ask_roles(a: Answers) -> None:
    """Who decides (the hiring manager), and who to follow up with: the notes go to them by name."""
    for n, person in enumerate(a.people):
        if _ask_yes(f"Does {person.name} decide on the hire (the hiring manager)?"):
            a.people[n] = Person(person.name, "hiring_manager", person.title, person.email, person.phone)
    if a.follow_up_person is None and a.people:
        names = {p.name.casefold(): p.name for p in a.people}
        while True:
            text = typer.prompt(f"Who is the person to follow up with? ({', '.join(names.values())}; blank if "
                                f"no one said)", default="", show_default=False).strip()
            if not text or text.casefold() in names:
                a.follow_up_person = names.get(text.casefold())
                return
            _again(text, "Please give one of the names above, or leave it blank.")


def _ask_source(a: Answers) -> None:
    """How the application came about, and who stands behind a referral or an agency."""
    a.source = _ask_choice("How did you apply? (direct, referral, agency)", SOURCES, "direct") or "direct"
    if a.source == "direct":
        return
    who = "Who referred you?" if a.source == "referral" else "Who is your agent?"
    while a.source_contact is None:
        line = typer.prompt(f"{who} 'Name; title; email; phone' (blank if you would rather not say)",
                            default="", show_default=False).strip()
        if not line:
            return
        a.source_contact = _ask_person(line, "referrer" if a.source == "referral" else "agent")


def hints(a: Answers, on_file: Sequence[Person] = (), planned: Sequence[Task] = ()) -> list[str]:
    """What stayed missing, and the default it got; `on_file` are the people as stored after saving,
    `planned` the tasks the interview planned (the check-in's day is the plan's, never assumed)."""
    found = []
    if a.decision_expected is None and a.follow_up_on is None:
        check_in = next((t for t in planned if t.kind == "check_in"), None)
        when = (f"the check-in is planned for {day(check_in.due)} ({check_in.reason[:1].lower()}"
                f"{check_in.reason[1:].rstrip('.')})" if check_in is not None else "no check-in is planned yet")
        found.append(f"no decision date or follow-up date: {when}. Next time, ask when they expect to decide.")
    if not a.people:
        found.append("no interviewers recorded, so no thank-you notes are planned; "
                     "add them with --interviewer 'Name; title; email'.")
    stored = {p.name.casefold(): p for p in on_file}
    missing = [p.name for p in a.people if not (stored.get(p.name.casefold()) or p).email]
    if missing:
        found.append(f"no email for {', '.join(missing)}: ask for business cards, or add it with "
                     f"`afterview log person`.")
    return found
