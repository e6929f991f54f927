"""The JSON twins' shapes, as the OpenAPI document describes them.

Tasks keep the CLI's `--json` contract (id, application, company, kind, person,
due, deadline, status, channel, reason), so scripts can use either.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from afterview.domain import limits
from afterview.domain.model import Application, Interview, Person, Task
from afterview.domain.plain import interaction_plain, interview_plain, outcome_plain, task_plain
from afterview.services.views import ApplicationView, PipelineView, TodayView


def longest(kind: str) -> int:
    """The most characters a text of this kind takes: the domain's declared limit (domain.limits)."""
    return limits.text_limit(kind).max_length


class Problem(BaseModel):
    detail: str = Field(description="One line: what is wrong and how to fix it.")
    errors: dict[str, str] = Field(default_factory=dict, description="Field name -> message, for a bad form.")


class TaskOut(BaseModel):
    id: str
    application: str | None
    company: str | None
    kind: str
    person: str | None
    due: date
    deadline: date | None
    status: str
    channel: str | None
    reason: str

    @classmethod
    def of(cls, t: Task) -> TaskOut:
        return cls.model_validate(task_plain(t))


class TodayOut(BaseModel):
    as_of: date
    tasks: list[TaskOut]
    total: int = Field(description="Open tasks due by as_of, snoozed ones left out.")
    more: int = Field(description="How many are not in this page (raise `limit` to see them).")
    snoozed: int

    @classmethod
    def of(cls, v: TodayView) -> TodayOut:
        return cls(as_of=v.as_of, tasks=[TaskOut.of(t) for t in v.tasks], total=v.total, more=v.more,
                   snoozed=v.snoozed)


class SnoozeOut(BaseModel):
    task: TaskOut
    until: date = Field(description="The task is left off Today until this day; it stays in the plan.")


class PipelineEntryOut(BaseModel):
    id: str
    company: str
    role: str | None
    stage: str
    applied_on: date | None
    last_interview: date | None
    next_step: TaskOut | None = Field(description="The first open task of the plan: what to do next, and when.")


class PipelineOut(BaseModel):
    as_of: date
    active: int
    target: int
    keep_searching: bool = Field(description="Fewer active applications than the target.")
    counts: dict[str, int]
    stages: dict[str, list[PipelineEntryOut]]
    won: str | None = Field(None, description="The company whose offer you accepted: the search is won.")

    @classmethod
    def of(cls, v: PipelineView) -> PipelineOut:
        return cls(as_of=v.as_of, active=v.active, target=v.target, keep_searching=v.below_target,
                   won=v.won, counts=v.counts, stages={
                       s: [PipelineEntryOut(id=e.id, company=e.company, role=e.role, stage=e.stage,
                                            applied_on=e.applied_on, last_interview=e.last_interview,
                                            next_step=TaskOut.of(e.next_step) if e.next_step else None)
                           for e in entries] for s, entries in v.entries.items() if entries})


class PersonOut(BaseModel):
    name: str
    role: str
    title: str | None
    email: str | None
    phone: str | None

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        return cls(name=p.name, role=p.role, title=p.title, email=p.email, phone=p.phone)


class ApplicationOut(BaseModel):
    id: str
    company: str
    role: str | None
    stage: str
    applied_on: date | None
    source: str
    people: list[PersonOut]
    interviews: list[dict[str, Any]] = Field(description="As in the afterview/1 document.")
    interactions: list[dict[str, Any]] = Field(description="As in the afterview/1 document.")
    outcome: dict[str, Any] | None
    plan: list[TaskOut] = Field(description="Every task of this application, done and cancelled ones too.")
    references_wanted: str | None = Field(None, description="Why the plan needs references when none are on "
                                                            "file (add them at /api/references).")

    @classmethod
    def of(cls, v: ApplicationView) -> ApplicationOut:
        a: Application = v.app
        return cls(id=a.id, company=a.company, role=a.role, stage=v.stage, applied_on=a.applied_on,
                   source=a.source, people=[PersonOut.of(p) for p in a.people],
                   interviews=[interview_plain(i) for i in a.interviews],
                   interactions=[interaction_plain(i) for i in a.interactions],
                   outcome=outcome_plain(a.outcome), plan=[TaskOut.of(t) for t in v.tasks],
                   references_wanted=v.references_wanted)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkipIn(Strict):
    why: str = Field(description="Why you skip it; kept with the task.", max_length=longest("why"))


class InterviewerIn(Strict):
    name: str = Field(max_length=longest("name"))
    title: str | None = Field(None, max_length=longest("title"))
    email: str | None = Field(None, max_length=longest("email"))
    phone: str | None = Field(None, max_length=longest("phone"))
    decides: bool = Field(False, description="They decide on the hire (the hiring manager).")
    topics: list[str] = Field(default_factory=list, description="What you discussed with this person.")
    promised: list[str] = Field(default_factory=list, description="What you promised them (a link, a document).")


class AwayIn(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date | None = Field(None, alias="from", description="The first day away.")
    end: date | None = Field(None, alias="to", description="The last day away.")


class InterviewIn(Strict):
    application: str | None = Field(None, description="An existing application id; or give company (and role).")
    company: str | None = Field(None, max_length=longest("company"))
    role: str | None = Field(None, max_length=longest("role"))
    on: date
    at: str | None = Field(None, description="Start time HH:MM.")
    round: int | None = Field(None, ge=1, le=99, description="Blank: the next round after those on file.")
    replace: bool = Field(False, description="Replace the round given (the old one stays in the history).")
    new: bool = Field(False, description="An interviewer whose name looks like someone's already listed is "
                                         "someone new, not a misspelling.")
    format: str | None = None
    interviewers: list[InterviewerIn] = Field(default_factory=list, max_length=12)
    decision_expected: date | None = None
    second_round_expected: date | None = None
    follow_up_on: date | None = None
    follow_up_channel: str | None = None
    follow_up_person: str | None = None
    away_from: date | None = Field(None, description="The first period of time away (or use `away`).")
    away_to: date | None = None
    away: list[AwayIn] = Field(default_factory=list, max_length=11, description="Further periods of time away.")
    source: str | None = Field(None, description="How you applied: direct, referral or agency.")
    source_name: str | None = Field(None, max_length=longest("name"), description="The referrer or the agent.")
    source_title: str | None = Field(None, max_length=longest("title"))
    source_email: str | None = Field(None, max_length=longest("email"))
    source_phone: str | None = Field(None, max_length=longest("phone"))
    references_will_be_checked: bool = False
    chances: str | None = None
    went_well: str | None = Field(None, max_length=longest("debrief"))
    fell_short: str | None = Field(None, max_length=longest("debrief"))
    strong_topics: list[str] = Field(default_factory=list, description="Topics your answers covered well.")
    improve_topic: str | None = Field(None, description="An answer you would improve: its topic.")
    improve_addition: str | None = Field(None, description="What you would add to that answer.")
    improve_asked_by: str | None = Field(None, description="Who asked that question.")

    def as_form(self) -> dict[str, str]:
        """The same field names as the HTML form, so both go through one set of checks."""
        values: dict[str, str] = {}
        for name, value in self.model_dump(exclude={"interviewers", "away", "away_from", "away_to",
                                                     "strong_topics"}).items():
            if isinstance(value, bool):
                values[name] = "on" if value else ""
            elif value is not None:
                values[name] = value.isoformat() if isinstance(value, date) else str(value)
        values["strong_topics"] = "\n".join(self.strong_topics)
        for n, person in enumerate(self.interviewers):
            values.update({f"iv-{n}-name": person.name, f"iv-{n}-title": person.title or "",
                           f"iv-{n}-email": person.email or "", f"iv-{n}-phone": person.phone or "",
                           f"iv-{n}-decides": "on" if person.decides else "",
                           f"iv-{n}-topics": "\n".join(person.topics),
                           f"iv-{n}-promised": "\n".join(person.promised)})
        periods = ([AwayIn.model_validate({"from": self.away_from, "to": self.away_to})]
                   if self.away_from or self.away_to else []) + self.away
        for n, period in enumerate(periods):
            values.update({f"away-{n}-from": period.start.isoformat() if period.start else "",
                           f"away-{n}-to": period.end.isoformat() if period.end else ""})
        return values


class InterviewOut(BaseModel):
    application: str
    interview: dict[str, Any]
    plan: list[TaskOut]

    @classmethod
    def of(cls, app_id: str, interview: Interview, tasks: list[Task]) -> InterviewOut:
        return cls(application=app_id, interview=interview_plain(interview), plan=[TaskOut.of(t) for t in tasks])


class ContactIn(Strict):
    kind: str = Field(description="The task kind it fulfils, e.g. check_in, or 'other'.")
    person: str = Field(max_length=longest("person"))
    channel: str | None = None
    on: date | None = Field(None, description="Default: today.")
    force: bool = Field(False, description="Record it even if it breaks the not-pestering guard.")


class ReplyIn(Strict):
    on: date | None = None
    person: str | None = Field(None, max_length=longest("person"))
    decision_expected: date | None = None
    invitation: bool = False
    again: bool = Field(False, description="Record it even though the same reply is already on file.")


class OutcomeIn(Strict):
    kind: str = Field(description="offer, rejected, withdrawn, accepted or declined.")
    on: date | None = None
    deadline: date | None = None
    reason: str | None = Field(None, max_length=longest("why"),
                               description="Why, in your words; declining an offer, the letter gives it.")


class CadenceIO(Strict):
    thank_you_business_days: int = Field(2, ge=0, le=365)
    check_in_calendar_days: int = Field(7, ge=0, le=365)
    after_decision_business_days: int = Field(1, ge=0, le=365)
    final_nudge_business_days: int = Field(10, ge=0, le=365)
    move_on_business_days: int = Field(10, ge=0, le=365)
    status_gap_business_days: int = Field(5, ge=0, le=365)
    max_status_contacts: int = Field(2, ge=0, le=365)
    offer_decision_business_days: int = Field(2, ge=0, le=365)
    reapply_months: int = Field(6, ge=0, le=365)
    keep_in_touch_months: int = Field(3, ge=0, le=365)


class SettingsIO(Strict):
    name: str = Field("", max_length=longest("name"))
    email: str | None = Field(None, max_length=longest("email"))
    phone: str | None = Field(None, max_length=longest("phone"))
    country: str = Field("US", description="ISO 3166-1 alpha-2, e.g. US, GB, DE.")
    subdivision: str | None = Field(None, description="State or region for holidays, e.g. NY.")
    timezone: str = Field("UTC", description="IANA time zone, e.g. America/New_York.")
    strengths: list[str] = Field(default_factory=list, max_length=20)
    pipeline_target: int = Field(5, ge=0, le=1000)
    send_cards: bool = False
    cadence: CadenceIO = Field(default_factory=lambda: CadenceIO.model_validate({}))


class ImportOut(BaseModel):
    applications: int
    added: int
    tasks: int
    changed: list[str] = Field(default_factory=list, description="Applications already here that it changed.")


class SessionOut(BaseModel):
    csrf_token: str = Field(description="Send it as the X-CSRF-Token header on every POST and PUT.")
    user: str | None
    auth_required: bool


# ---- drafts ----------------------------------------------------------------------------

# A note longer than this is not a note; the limit keeps the checks fast and the request small.
MAX_DRAFT_CHARS = 50_000


class RecipientOut(BaseModel):
    name: str
    email: str | None


class CheckOut(BaseModel):
    code: str = Field(description="Which check, e.g. spelling, placeholder, doubled-word, tone.")
    severity: Literal["error", "warning"] = Field(description="Errors block sending; warnings do not.")
    message: str
    span: list[int] = Field(min_length=2, max_length=2,
                            description="[start, end] character offsets into \"Subject: …\\n\\n\" + body "
                                        "(just the body for a card or call script).")


class DraftOut(BaseModel):
    task: str
    to: RecipientOut | None
    subject: str | None = Field(description="None for a card or a call script.")
    body: str
    checks: list[CheckOut]
    edited: bool = Field(description="The text is your own wording, kept with the task.")


class DraftIn(Strict):
    text: str = Field(max_length=MAX_DRAFT_CHARS,
                      description="The whole note: 'Subject: …', a blank line, then the body (for an email).")


class ChecksOut(BaseModel):
    checks: list[CheckOut]


class SendOut(BaseModel):
    state: Literal["sent", "queued", "failed", "uncertain", "sending"]
    reason: str | None = Field(description="Why it is not sent (yet), in one line; None once sent.")


class SettleIn(BaseModel):
    went_out: bool = Field(description="True: the message is in your Sent folder. False: send it again now.")
