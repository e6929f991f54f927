"""Every invariant of the facts, checked in one place for every door.

The CLI, the checklist, the web forms, the JSON API, the document and CSV
importers and the inbox scan all end in a service that calls these checks on
typed values before anything is written; so a fact one door accepts, every door
accepts, and anything stored can be exported and imported back.

A problem is an `Invalid`: a code, the field it is about (the typed input's
name), a message in plain words, and a hint. The services turn it into their
UserError; each interface words it for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from afterview.domain import emails, limits
from afterview.domain.candidates import slug
from afterview.domain.model import (
    CALL_OUTCOMES,
    CHANCES,
    CHANNELS,
    FORMATS,
    INBOUND_KINDS,
    OUTBOUND_KINDS,
    OUTCOME_KINDS,
    PERSON_ROLES,
    SOURCES,
    Application,
    Interview,
    Person,
    Profile,
    Reference,
)

# The days any date may take: wide enough for every real search, narrow enough that
# calendars, both databases and every export handle them.
EARLIEST_DAY = limits.FIRST_DAY
LATEST_DAY = limits.LAST_DAY
MAX_ROUND = 99
APPLICATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


class Invalid(ValueError):
    """A fact that breaks an invariant; one line, with the field it is about."""

    def __init__(self, message: str, *, field: str, code: str = "invalid", hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.hint = hint


def text(field: str, value: str | None, *, required: bool = False, limit: str | None = None,
         label: str | None = None) -> None:
    """A piece of text: present when required, not blank when given, within its length, no NUL byte."""
    what = label or field.replace("_", " ")
    if value is None:
        if required:
            raise Invalid(f"the {what} is missing", field=field, code="required", hint=f"give the {what}")
        return
    if not value.strip():
        raise Invalid(f"the {what} is blank", field=field, code="blank",
                      hint=f"give the {what}" if required else f"give the {what} or leave it out")
    # Every length and character rule comes from the one spec (domain.limits), as the tables' do.
    kind = {"promise": "topic", "id": "application_id"}.get(limit or field, limit or field)
    try:
        limits.check_text(field, value, kind=kind)
    except limits.LimitError as problem:
        code = "too-long" if len(value) > limits.text_limit(kind).max_length else "bad-character"
        raise Invalid(f"the {what} {problem.message}", field=field, code=code,
                      hint="shorten it" if code == "too-long" else "remove it") from None


def day(field: str, value: date | None, *, label: str | None = None) -> None:
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        what = label or field.replace("_", " ")
        raise Invalid(f"the {what} {value.isoformat()} is out of range", field=field, code="date-range",
                      hint=f"give a date between {EARLIEST_DAY.year} and {LATEST_DAY.year}")


def not_before(field: str, value: date | None, start: date, what: str, *, label: str | None = None) -> None:
    if value is not None and value < start:
        name = label or field.replace("_", " ")
        raise Invalid(f"the {name} {value.isoformat()} is before {what} ({start.isoformat()})", field=field,
                      code="date-order", hint="give a later date")


def choice(field: str, value: str | None, allowed: Iterable[str], *, label: str | None = None) -> None:
    options = tuple(allowed)
    if value is not None and value not in options:
        what = label or field.replace("_", " ")
        raise Invalid(f"{value!r} is not a {what}", field=field, code="not-a-choice",
                      hint=f"use one of {', '.join(options)}")


def email(field: str, value: str | None) -> None:
    text(field, value, limit="email")
    why = None if value is None else emails.problem(value)
    if why is not None:
        raise Invalid(f"{value!r} is not an email address ({why})", field=field, code="bad-email",
                      hint="give it as name@example.com")


def person(p: Person, field_prefix: str = "") -> None:
    text(field_prefix + "name", p.name, required=True, limit="name", label="person's name")
    choice(field_prefix + "role", p.role, PERSON_ROLES, label="person's role")
    text(field_prefix + "title", p.title, limit="title")
    email(field_prefix + "email", p.email)
    text(field_prefix + "phone", p.phone, limit="phone")


def profile(p: Profile) -> None:
    text("name", p.name or None, limit="name", label="your name")
    email("email", p.email)
    text("phone", p.phone, limit="phone")
    text("subdivision", p.subdivision, limit="subdivision")
    for strength in p.strengths:
        text("strength", strength, limit="topic")
    if not 0 <= p.pipeline_target <= 1000:
        raise Invalid(f"a target of {p.pipeline_target} applications is out of range", field="pipeline_target",
                      code="number-range", hint="give a whole number from 0 to 1000")


def reference(r: Reference) -> None:
    text("name", r.name, required=True, limit="name", label="reference's name")
    email("email", r.email)
    text("phone", r.phone, limit="phone")
    text("relationship", r.relationship, limit="relationship")


def reference_twin(found: Iterable[str], name: str) -> Invalid | None:
    """Why reference `name` cannot stand beside the references `found`: the same name again, or
    one the plan cannot tell apart (its tasks tell people apart by a name's letters and digits,
    so "Ann Lee" and "ann-lee!" would share a reference alert). None when it can."""
    known = tuple(found)
    if any(other.casefold() == name.casefold() for other in known):
        return Invalid(f"{name!r} is already one of your references", field="name", code="duplicate-reference",
                       hint="edit that entry instead of adding it again")
    twin = next((other for other in known if slug(other) == slug(name)), None)
    if twin is not None:
        return Invalid(f"{name!r} reads the same as your reference {twin!r}", field="name",
                       code="look-alike-reference",
                       hint="tell them apart, e.g. with a middle initial, or edit that entry")
    return None


def application(app: Application) -> None:
    """Every invariant of one application and what is recorded about it."""
    if not APPLICATION_ID.match(app.id or ""):
        raise Invalid(f"{app.id!r} cannot be an application id", field="application", code="bad-id",
                      hint="use letters, digits, '.', '_' or '-', starting with a letter or digit")
    text("company", app.company, required=True)
    text("role", app.role)
    choice("source", app.source, SOURCES)
    day("applied_on", app.applied_on, label="application date")
    names: set[str] = set()
    for p in app.people:
        person(p)
        folded = p.name.strip().casefold()
        if folded in names:
            raise Invalid(f"{p.name!r} is listed twice", field="name", code="duplicate-person",
                          hint="keep one entry per person")
        names.add(folded)
    rounds: set[int] = set()
    for interview in app.interviews:
        _interview(interview, names)
        if interview.round in rounds:
            raise Invalid(f"round {interview.round} is recorded twice", field="round", code="duplicate-round",
                          hint="number rounds 1, 2, 3 …")
        rounds.add(interview.round)
    for i in app.interactions:
        day("on", i.on, label="contact date")
        inbound = i.direction == "in"
        choice("kind", i.kind, INBOUND_KINDS if inbound else OUTBOUND_KINDS,
               label="kind of reply" if inbound else "kind of contact")
        choice("channel", i.channel, CHANNELS)
        text("person", i.person, limit="name")
        day("decision_expected", i.decision_expected, label="decision date")
        not_before("decision_expected", i.decision_expected, i.on, "the reply", label="decision date")
        choice("call", i.call, CALL_OUTCOMES, label="call outcome")
        text("note", i.note)
    if app.outcome is not None:
        o = app.outcome
        choice("kind", o.kind, OUTCOME_KINDS, label="outcome")
        day("on", o.on, label="outcome date")
        day("deadline", o.deadline)
        not_before("deadline", o.deadline, o.on, "the outcome")
        text("reason", o.reason, limit="why")
        last = max((i.on for i in app.interviews), default=None)
        if last is not None and o.kind != "offer" and o.on < last:
            raise Invalid(f"the outcome date {o.on.isoformat()} is before the last interview ({last.isoformat()})",
                          field="on", code="date-order", hint="give a later date")


def _interview(i: Interview, names: set[str]) -> None:
    day("on", i.on, label="interview date")
    if not 1 <= i.round <= MAX_ROUND:
        raise Invalid(f"round {i.round} is out of range", field="round", code="number-range",
                      hint=f"give a round from 1 to {MAX_ROUND}")
    if i.at is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", i.at):
        raise Invalid(f"{i.at!r} is not a time", field="at", code="bad-time", hint="give it as HH:MM, e.g. 10:30")
    choice("format", i.format, FORMATS, label="interview format")
    choice("chances", i.chances, CHANCES, label="rating of your chances")
    for field, when, label in (("decision_expected", i.decision_expected, "decision date"),
                                ("second_round_expected", i.second_round_expected, "second-round date")):
        day(field, when, label=label)
        not_before(field, when, i.on, "the interview", label=label)

    def known(field: str, name: str) -> None:
        if name.strip().casefold() not in names:
            raise Invalid(f"{name!r} is not one of this application's people", field=field,
                          code="unknown-person", hint=f"add {name} as an interviewer or a person first")

    for name in i.interviewers:
        known("interviewer", name)
    for name, notes in i.notes.items():
        known("interviewer", name)
        for topic in notes.topics:
            text("topic", topic)
        for promise in notes.promised:
            text("promise", promise)
    if i.follow_up is not None:
        day("follow_up_on", i.follow_up.on, label="follow-up date")
        not_before("follow_up_on", i.follow_up.on, i.on, "the interview", label="follow-up date")
        choice("follow_up_channel", i.follow_up.channel, CHANNELS, label="follow-up channel")
        if i.follow_up.person is not None:
            known("follow_up_person", i.follow_up.person)
    for period in i.employer_away:
        day("away", period.start, label="first day away")
        day("away", period.end, label="last day away")
        if period.end < period.start:
            raise Invalid(f"the time away ends ({period.end.isoformat()}) before it starts "
                          f"({period.start.isoformat()})", field="away", code="date-order",
                          hint="give the first and last day in order")
    if i.debrief is not None:
        for said in _words_in(i.debrief):
            text("debrief", said, limit="debrief")


def _words_in(value: object) -> list[str]:
    """Every piece of text the user typed into a debrief, however it is structured."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in _words_in(item)]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return [t for name in fields for t in _words_in(getattr(value, name))]
    return []
