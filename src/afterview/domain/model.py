"""The facts a job seeker records, and the tasks the playbook derives from them.

Plain frozen dataclasses (a task: domain.task): no I/O, no framework. Field names follow the
`afterview/1` document so that the exchange layer maps them one to one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# A task lives in domain.task (light enough for the `today` fast path); named here too, with the facts.
from afterview.domain.task import KIND_RANK as KIND_RANK
from afterview.domain.task import TASK_KINDS as TASK_KINDS
from afterview.domain.task import Task as Task
from afterview.domain.task import sort_tasks as sort_tasks

Direction = Literal["out", "in"]
Source = Literal["direct", "referral", "agency"]
PersonRole = Literal["interviewer", "hiring_manager", "recruiter", "agent", "referrer"]
OutcomeKind = Literal["offer", "rejected", "withdrawn", "accepted", "declined"]
TaskStatus = Literal["open", "done", "cancelled", "skipped"]

SOURCES: tuple[str, ...] = ("direct", "referral", "agency")
PERSON_ROLES: tuple[str, ...] = ("interviewer", "hiring_manager", "recruiter", "agent", "referrer")
OUTCOME_KINDS: tuple[str, ...] = ("offer", "rejected", "withdrawn", "accepted", "declined")
FORMATS: tuple[str, ...] = ("phone", "video", "onsite")
CHANCES: tuple[str, ...] = ("low", "medium", "high")
TASK_STATUSES: tuple[str, ...] = ("open", "done", "cancelled", "skipped")
# How a phone call went. Reached: they answered (what they said is recorded as
# their reply); voicemail: a message was left, which counts as a status contact;
# no answer: nothing was said, so it is no contact at all.
CALL_OUTCOMES: tuple[str, ...] = ("reached", "voicemail", "no_answer")


# Tasks that are something the user does alone, not a message to someone:
# they are completed by `done`, never by an interaction.
SOLO_KINDS: frozenset[str] = frozenset({"debrief", "move_on", "keep_searching", "decide_offer", "reapply"})

# Outbound contacts that ask the employer about the decision. The cadence guard
# counts only these; thank-you notes and the rest are not status contacts.
STATUS_KINDS: frozenset[str] = frozenset({"check_in", "final_nudge"})

# What an inbound interaction can be. Any inbound message counts as a reply.
INBOUND_KINDS: tuple[str, ...] = ("reply", "invitation")
# Outbound interactions: the kinds of tasks that send words, plus free-form contact.
OUTBOUND_KINDS: tuple[str, ...] = tuple(k for k in TASK_KINDS if k not in SOLO_KINDS) + ("other",)
CHANNELS: tuple[str, ...] = ("email", "phone", "card", "letter", "in_person", "message", "video")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str = "interviewer"
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class AwayPeriod:
    """Days the employer said they would be away; both ends included."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class FollowUp:
    """How and when the employer asked to be followed up with."""

    on: date | None = None
    channel: str | None = None
    person: str | None = None


@dataclass(frozen=True, slots=True)
class PersonNotes:
    topics: tuple[str, ...] = ()
    # What was promised: a link (the item holds its URL) or a file (`files` holds its path).
    promised: tuple[str, ...] = ()
    # (promised item, path of the file to attach): the email to this person carries the file.
    files: tuple[tuple[str, str], ...] = ()
    # The name they asked to be called ("Bob" for Robert Roe); the salutation may use it.
    goes_by: str | None = None

    def file_for(self, item: str) -> str | None:
        return next((path for what, path in self.files if what == item), None)


@dataclass(frozen=True, slots=True)
class AnswerToImprove:
    """An answer the user would improve: its topic in their words, and what they would add (if anything)."""

    topic: str
    addition: str | None = None
    # Who asked the question; the clarification goes in the note to them (everyone's, when unknown).
    asked_by: str | None = None


@dataclass(frozen=True, slots=True)
class Debrief:
    # Private free text: read by the user, never pasted into a note.
    went_well: str | None = None
    fell_short: str | None = None
    questions: tuple[str, ...] = ()
    # Structured facts the notes are written from: topics where the user's answers landed well,
    # and answers they would improve.
    strong_topics: tuple[str, ...] = ()
    improve: tuple[AnswerToImprove, ...] = ()


@dataclass(frozen=True, slots=True)
class Interview:
    on: date
    round: int = 1
    at: str | None = None
    format: str | None = None
    interviewers: tuple[str, ...] = ()
    decision_expected: date | None = None
    second_round_expected: date | None = None
    follow_up: FollowUp | None = None
    employer_away: tuple[AwayPeriod, ...] = ()
    references_will_be_checked: bool = False
    chances: str | None = None
    notes: Mapping[str, PersonNotes] = field(default_factory=dict)
    debrief: Debrief | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    on: date
    direction: str
    kind: str
    person: str | None = None
    channel: str | None = None
    decision_expected: date | None = None
    forced: bool = False
    # For a phone call: one of CALL_OUTCOMES, and what was said, in the user's words.
    call: str | None = None
    note: str | None = None

    @property
    def is_contact(self) -> bool:
        """A call nobody answered reached no one: it completes nothing and the guard ignores it."""
        return self.call != "no_answer"


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    on: date
    deadline: date | None = None
    # For accepted/declined: the day the offer came, so the offer tasks keep their dates.
    offered_on: date | None = None
    # Why, in the user's words (a declined offer's letter gives it); never made up for them.
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str | None = None
    country: str | None = None
    subdivision: str | None = None
    applied_on: date | None = None
    source: str = "direct"
    interested: bool = True
    people: tuple[Person, ...] = ()
    interviews: tuple[Interview, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    outcome: Outcome | None = None
    # Put away by the user: kept with its history, but out of the plan and the pipeline.
    archived: bool = False

    def person(self, name: str | None) -> Person | None:
        if name is None:
            return None
        folded = name.casefold()
        for p in self.people:  # a plain loop: the plan asks this for every interviewer of every round
            if p.name.casefold() == folded:
                return p
        return None

    def people_with_role(self, role: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.role == role)


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    email: str | None = None
    phone: str | None = None
    relationship: str | None = None


@dataclass(frozen=True, slots=True)
class Cadence:
    """The playbook's numbers; every one is a user setting."""

    thank_you_business_days: int = 2
    check_in_calendar_days: int = 7
    after_decision_business_days: int = 1
    final_nudge_business_days: int = 10
    move_on_business_days: int = 10
    status_gap_business_days: int = 5
    max_status_contacts: int = 2
    offer_decision_business_days: int = 2
    reapply_months: int = 6
    keep_in_touch_months: int = 3


@dataclass(frozen=True, slots=True)
class Profile:
    name: str = ""
    email: str | None = None
    phone: str | None = None
    country: str = "US"
    subdivision: str | None = None
    timezone: str = "UTC"
    strengths: tuple[str, ...] = ()
    pipeline_target: int = 5
    send_cards: bool = False
    cadence: Cadence = field(default_factory=Cadence)


@dataclass(frozen=True, slots=True)
class Dismissal:
    """The user marked a task done or skipped it without an interaction."""

    task: str
    status: str
    on: date
    why: str | None = None


@dataclass(frozen=True, slots=True)
class JobSearch:
    profile: Profile = field(default_factory=Profile)
    references: tuple[Reference, ...] = ()
    applications: tuple[Application, ...] = ()
    dismissals: tuple[Dismissal, ...] = ()

