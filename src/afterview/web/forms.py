"""Reading submitted forms: every value kept as typed, every problem tied to its field.

A bad form is never lost: the page is rendered again from `Form.values` with
`Form.errors` next to the inputs. The JSON API flattens its bodies into the same
field names and goes through the same code, so both doors accept and refuse alike.

Forms only turn text into typed values (a date, a number, rows of interviewers).
Every rule about the facts (dates in order, known people, choices, ranges) is the
domain's (domain/validate.py), checked by the service each door calls; where a form
checks a value on its own (a date's range, an email address) it asks the domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from afterview.domain import validate
from afterview.domain.model import (
    AnswerToImprove,
    AwayPeriod,
    Cadence,
    Debrief,
    FollowUp,
    Interview,
    Person,
    PersonNotes,
    Profile,
)
from afterview.services.facts import CONTACT_ROLE
from afterview.services.settings import CADENCE_FIELDS

MAX_ROWS = 12


def _row_labels(n: int, who: str) -> dict[str, str]:
    """The inputs of the interviewer row `n`, named for `who` ("the first interviewer", or their name)."""
    key = f"iv-{n}-"
    return {key + "name": f"name of {who}", key + "title": f"title of {who}", key + "email": f"email address of {who}",
            key + "phone": f"phone number of {who}", key + "topics": f"topic discussed with {who}",
            key + "promised": f"promise to {who}"}


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # Put before every element id, so that several forms on one page never share an id.
    prefix: str = ""
    # What a problem calls an input, where its name is not a word a person would use ("iv-0-topics").
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Mapping[str, object]) -> Form:
        return cls({k: v for k, v in data.items() if isinstance(v, str)})

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raw(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def label(self, name: str) -> str | None:
        """The input's name in a person's words, when the form gave it one (else the domain's default)."""
        return self.labels.get(name)

    def text(self, name: str, *, required: str | None = None, kind: str = "name") -> str | None:
        """A typed value, checked by the domain against the declared limits of its `kind`
        (domain.limits.TEXTS), as the CLI, the API and the importers check it."""
        value = self.raw(name)
        if not value:
            if required:
                self.fail(name, required)
            return None
        self.valid(lambda field, typed: validate.text(field, typed, limit=kind, label=self.label(name)), name, value)
        return value

    def day(self, name: str, *, required: str | None = None) -> date | None:
        value = self.raw(name)
        if not value:
            if required:
                self.fail(name, required)
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"{value!r} is not a date; use YYYY-MM-DD.")
            return None
        return parsed if self.valid(lambda field, typed: validate.day(field, typed, label=self.label(name)), name,
                                    parsed) else None

    def valid(self, check: Callable[..., None], name: str, *args: Any) -> bool:
        """Ask the domain's check about a value; its problem goes next to this input."""
        try:
            check(name, *args)
        except validate.Invalid as problem:
            self.fail(name, f"{problem.message[:1].upper()}{problem.message[1:]}"
                            + (f"; {problem.hint}." if problem.hint else "."))
            return False
        return True

    def integer(self, name: str, low: int, high: int, default: int | None = None) -> int | None:
        value = self.raw(name)
        if not value:
            if default is None:
                self.fail(name, "Give a number.")
            return default
        if not re.fullmatch(r"-?\d{1,9}", value) or not low <= int(value) <= high:
            self.fail(name, f"Give a whole number from {low} to {high}.")
            return default
        return int(value)

    def choice(self, name: str, options: Iterable[str], *, required: str | None = None) -> str | None:
        value = self.raw(name)
        allowed = tuple(options)
        if not value:
            if required:
                self.fail(name, required)
            return None
        if value not in allowed:
            self.fail(name, f"Choose one of: {', '.join(a.replace('_', ' ') for a in allowed)}.")
            return None
        return value

    def flag(self, name: str) -> bool:
        return self.raw(name).lower() in ("on", "true", "1", "yes")

    def lines(self, name: str, max_items: int = 20, kind: str = "topic") -> tuple[str, ...]:
        items = tuple(line.strip() for line in self.values.get(name, "").splitlines() if line.strip())
        if len(items) > max_items:
            self.fail(name, f"List at most {max_items}, one per line.")
        for item in items:
            if not self.valid(lambda field, typed: validate.text(field, typed, limit=kind, label=self.label(name)),
                              name, item):
                break
        return items

    def email(self, name: str) -> str | None:
        value = self.text(name, kind="email")
        if value is not None:
            self.valid(validate.email, name, value)
        return value


# ---- log an interview ------------------------------------------------------------------------


def _rows(form: Form, field: str, more: str, fewest: int) -> int:
    """How many rows to show: every row typed in (`field` matched with its number), one empty row more,
    and another when the user asked for one (`more`)."""
    used = [int(m.group(1)) for k in form.values if (m := re.fullmatch(field, k)) and form.raw(k)]
    wanted = max(used, default=-1) + 2 + (1 if form.flag(more) else 0)
    return min(max(wanted, fewest), MAX_ROWS)


def interviewer_rows(form: Form) -> int:
    return _rows(form, r"iv-(\d+)-name", "more", 2)


def away_rows(form: Form) -> int:
    return _rows(form, r"away-(\d+)-(?:from|to)", "more_away", 1)


# The checklist's inputs in a person's words: a problem with "iv-0-topics" is one with a topic discussed
# with the first interviewer (or, once their name is read, with them by name).
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth")
INTERVIEW_LABELS = {
    "on": "interview date", "at": "start time", "decision_expected": "decision date",
    "second_round_expected": "second-round date", "follow_up_on": "follow-up date",
    "follow_up_person": "person to follow up with", "went_well": "debrief of what went smoothly",
    "fell_short": "debrief of where you fell short", "strong_topics": "topic your answers covered well",
    "improve_topic": "topic of the answer you would improve", "improve_addition": "addition to that answer",
    "improve_asked_by": "name of who asked it", "source_name": "name of the referrer or agent",
    "source_title": "title of the referrer or agent", "source_email": "email address of the referrer or agent",
    "source_phone": "phone number of the referrer or agent",
    **{k: v for n, nth in enumerate(ORDINALS[:MAX_ROWS]) for k, v in _row_labels(n, f"the {nth} interviewer").items()},
    **{f"away-{n}-{end}": f"{which} day of the {nth} time away"
       for n, nth in enumerate(ORDINALS[:MAX_ROWS]) for end, which in (("from", "first"), ("to", "last"))},
}


def parse_interview(form: Form, known: Iterable[Person], round_default: int = 1) -> tuple[Interview, list[Person]]:
    """The interview and the people met, from the close-of-interview checklist."""
    form.labels = {**INTERVIEW_LABELS, **form.labels}
    on = form.day("on", required="When was the interview? Give its date.")
    at = form.text("at", kind="time")
    round_ = form.integer("round", 1, validate.MAX_ROUND, default=round_default) or round_default
    fmt = form.raw("format") or None
    people, notes = _interviewers(form, {p.name.casefold(): p for p in known})
    decision = form.day("decision_expected")
    second = form.day("second_round_expected")
    follow_up = _follow_up(form, people, known)
    away = _away(form)
    chances = form.raw("chances") or None
    went_well = form.text("went_well", kind="debrief")
    fell_short = form.text("fell_short", kind="debrief")
    strong_topics = form.lines("strong_topics")
    improve_topic = form.text("improve_topic", kind="topic")
    improve = (AnswerToImprove(improve_topic, form.text("improve_addition", kind="question"),
                               form.text("improve_asked_by")),) if improve_topic else ()
    interview = Interview(
        on=on or date.min, round=round_, at=at, format=fmt, interviewers=tuple(p.name for p in people),
        decision_expected=decision, second_round_expected=second, follow_up=follow_up,
        employer_away=away, references_will_be_checked=form.flag("references_will_be_checked"),
        chances=chances, notes=notes,
        debrief=(Debrief(went_well, fell_short, (), strong_topics, improve)
                 if went_well or fell_short or strong_topics or improve else None),
    )
    return interview, people


def _interviewers(form: Form, known: dict[str, Person]) -> tuple[list[Person], dict[str, PersonNotes]]:
    people: list[Person] = []
    notes: dict[str, PersonNotes] = {}
    seen: set[str] = set()
    for n in range(MAX_ROWS):
        key = f"iv-{n}-"
        name = form.text(key + "name")
        if name is not None and key + "name" not in form.errors:
            form.labels.update(_row_labels(n, name))  # their notes' problems name them
        title = form.text(key + "title", kind="title")
        email = form.email(key + "email")
        phone = form.text(key + "phone", kind="phone")
        decides = form.flag(key + "decides")
        topics = form.lines(key + "topics")
        promised = form.lines(key + "promised")
        if name is None:
            if title or email or phone or topics or promised:
                form.fail(key + "name", "Give this person's name, or clear the row.")
            continue
        if name.casefold() in seen:
            form.fail(key + "name", f"{name} is already listed above; keep one row per person.")
            continue
        seen.add(name.casefold())
        # Someone already on file keeps their role (hiring manager, recruiter …) and any details not retyped.
        # Ticking "decides" makes them the hiring manager; unticked leaves a role on file as it is.
        before = known.get(name.casefold())
        if before is not None:
            people.append(Person(before.name, "hiring_manager" if decides else before.role, title or before.title,
                                 email or before.email, phone or before.phone))
        else:
            people.append(Person(name, "hiring_manager" if decides else "interviewer", title, email, phone))
        if topics or promised:
            notes[people[-1].name] = PersonNotes(topics, promised)
    return people, notes


def _follow_up(form: Form, people: list[Person], known: Iterable[Person]) -> FollowUp | None:
    follow_on = form.day("follow_up_on")
    channel = form.raw("follow_up_channel") or None
    person = form.text("follow_up_person")
    if person is not None:  # spelt as on file when it is someone known; anyone else the service refuses
        person = {p.name.casefold(): p.name for p in [*known, *people]}.get(person.casefold(), person)
    if follow_on or channel or person:
        return FollowUp(follow_on, channel, person)
    return None


def _away(form: Form) -> tuple[AwayPeriod, ...]:
    """Every period of time away the employer mentioned (a holiday, a trade fair …), one per row."""
    periods: list[AwayPeriod] = []
    for n in range(MAX_ROWS):
        first, last = f"away-{n}-from", f"away-{n}-to"
        start, end = form.day(first), form.day(last)
        if start is None and end is None:
            continue
        if start is None:
            form.fail(first, "Give the first day they are away, or clear both dates.")
        elif end is None:
            form.fail(last, "Give the last day they are away, or clear both dates.")
        else:
            periods.append(AwayPeriod(start, end))
    return tuple(sorted(periods, key=lambda p: (p.start, p.end)))


def parse_source(form: Form) -> tuple[str | None, Person | None]:
    """How the application came about (None: not said), and the referrer or agent named with it."""
    source = form.raw("source") or None
    name = form.text("source_name")
    title, email, phone = form.text("source_title", kind="title"), form.text("source_email", kind="email"), \
        form.text("source_phone", kind="phone")
    if name is None:
        if title or email or phone:
            form.fail("source_name", "Give their name, or clear these fields.")
        return source, None
    return source, Person(name, CONTACT_ROLE.get(source or "", "referrer"), title, email, phone)


def new_application_id(company: str, role: str | None) -> str:
    """A readable id from the company and role, e.g. 'northwind-traders-office-manager'."""
    words = re.sub(r"[^a-z0-9]+", "-", f"{company} {role or ''}".lower()).strip("-")
    return (words or "application")[:120].rstrip("-.") or "application"


# ---- settings ----------------------------------------------------------------------------------


def parse_settings(form: Form, current: Profile) -> Profile:
    """The profile as submitted; deeper checks (country, time zone) are the settings service's."""
    cadence = {}
    for name in CADENCE_FIELDS:
        cadence[name] = form.integer(f"cadence.{name}", 0, 365, default=getattr(Cadence(), name))
    return Profile(
        name=form.text("name") or "",
        email=form.email("email"),
        phone=form.text("phone", kind="phone"),
        country=(form.text("country", required="Give your country's two-letter code, e.g. US.", kind="country")
                 or current.country).upper(),
        subdivision=form.text("subdivision", kind="subdivision"),
        timezone=form.text("timezone", required="Give your time zone, e.g. Europe/London.", kind="timezone")
        or current.timezone,
        strengths=form.lines("strengths", kind="strength"),
        pipeline_target=form.integer("pipeline_target", 0, 1000, default=current.pipeline_target)
        or 0,
        send_cards=form.flag("send_cards"),
        cadence=Cadence(**{k: v if v is not None else 0 for k, v in cadence.items()}),
    )


def settings_values(profile: Profile) -> dict[str, str]:
    """A profile as the form's values, for showing the saved settings."""
    values = {
        "name": profile.name, "email": profile.email or "", "phone": profile.phone or "",
        "country": profile.country, "subdivision": profile.subdivision or "", "timezone": profile.timezone,
        "strengths": "\n".join(profile.strengths), "pipeline_target": str(profile.pipeline_target),
        "send_cards": "on" if profile.send_cards else "",
    }
    values.update({f"cadence.{n}": str(getattr(profile.cadence, n)) for n in CADENCE_FIELDS})
    return values
