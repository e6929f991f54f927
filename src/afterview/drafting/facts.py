"""What a note knows about its task: the recipient, the round, and what was said.

This module reads the domain objects and hands templates plain values. Every
field exists for every kind (None or empty when it does not apply), so a user's
template may use any field in any note without tripping `StrictUndefined`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from afterview.domain.candidates import slug
from afterview.domain.model import (
    Application,
    Debrief,
    Interview,
    JobSearch,
    Person,
    PersonNotes,
    Reference,
    Task,
)
from afterview.domain.playbook import employer_calendar
from afterview.domain.status_chain import decision_date, reference_caller
from afterview.drafting.language import (
    article,
    as_object,
    as_phrase,
    held,
    is_self_critical,
    is_shrug,
    join,
    plural,
    possessive,
    sentence,
    to_reader,
    words,
)
from afterview.drafting.spelling import is_common_word
from afterview.drafting.types import DraftFormat, Recipient
from afterview.drafting.wording import first_name, long_day, picker, urls_in

# Kinds whose notes go to the reference list rather than to someone at the employer.
REFERENCE_KINDS = frozenset({"alert_references"})


def to_reference(task: Task) -> bool:
    """A note to one of the user's references rather than to someone the application names."""
    return task.kind in REFERENCE_KINDS or (task.kind == "share_outcome" and ":share_outcome:reference:" in task.id)


@dataclass(frozen=True, slots=True)
class PersonView:
    name: str
    first_name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class InterviewView:
    weekday: str
    date: str
    month: str
    round: int
    format: str | None


def application_of(task: Task, search: JobSearch) -> Application | None:
    return next((a for a in search.applications if a.id == task.application), None)


def interview_of(task: Task, app: Application | None) -> Interview | None:
    """The task's own round, else the latest interview."""
    if app is None or not app.interviews:
        return None
    ordered = sorted(app.interviews, key=lambda i: i.on)
    wanted = task.round
    if wanted is not None:
        same = [i for i in ordered if i.round == wanted]
        if same:
            return same[-1]
    return ordered[-1]


def notes_for(interview: Interview | None, name: str | None) -> PersonNotes:
    """The interview notes about `name`, whether they were keyed by name or by slug."""
    if interview is None or name is None:
        return PersonNotes()
    for key, notes in interview.notes.items():
        if key.casefold().strip() == name.casefold().strip() or slug(key) == slug(name):
            return notes
    return PersonNotes()


# Notes that carry what was promised to their recipient at the interview.
PROMISE_KINDS = frozenset({"thank_you_email", "thank_you_card"})


def attachment_paths(task: Task, search: JobSearch) -> tuple[str, ...]:
    """The files promised to the task's recipient: an email carries them as attachments (a card cannot)."""
    if task.kind != "thank_you_email" or draft_format(task) != "email":
        return ()
    app = application_of(task, search)
    notes = notes_for(interview_of(task, app), task.person)
    return tuple(path for item in notes.promised if (path := notes.file_for(item)))


def reference_named(search: JobSearch, name: str | None) -> Reference | None:
    if name is None:
        return None
    return next((r for r in search.references if r.name.casefold() == name.casefold()), None)


def recipient_of(task: Task, search: JobSearch) -> Recipient | None:
    if task.person is None:
        return None
    if to_reference(task):
        ref = reference_named(search, task.person)
        return Recipient(ref.name, ref.email) if ref else Recipient(task.person)
    app = application_of(task, search)
    person = app.person(task.person) if app else None
    if person is None:
        return Recipient(task.person)
    return Recipient(person.name, person.email, person.title)


def draft_format(task: Task) -> DraftFormat:
    if task.kind == "thank_you_card" or task.channel == "card":
        return "card"
    if task.kind == "check_in" and task.channel == "phone":
        return "call"
    return "email"


def _view(person: Person | None, fallback: str | None = None) -> PersonView | None:
    if person is not None:
        return PersonView(person.name, first_name(person.name), person.title, person.email, person.phone)
    if fallback:
        return PersonView(fallback, first_name(fallback))
    return None


def _ordinal(task: Task, search: JobSearch, app: Application | None, interview: Interview | None) -> int:
    """The recipient's place among the people who get the same kind of note, so wordings can rotate."""
    who = (task.person or "").casefold()
    if task.kind in REFERENCE_KINDS:
        names = [r.name for r in search.references]
    elif interview is not None and task.kind in ("thank_you_email", "thank_you_card"):
        names = list(interview.interviewers)
    elif app is not None:
        names = [p.name for p in app.people]
    else:
        names = []
    folded = [n.casefold() for n in names]
    return folded.index(who) if who in folded else 0


def _all_topics(app: Application, name: str | None) -> list[str]:
    topics: list[str] = []
    for interview in sorted(app.interviews, key=lambda i: i.on):
        for topic in notes_for(interview, name).topics:
            if topic not in topics:
                topics.append(topic)
    return topics


def _decide_by(app: Application, search: JobSearch) -> date | None:
    """When the user will answer an offer: the playbook's couple of days, or the employer's earlier deadline."""
    outcome = app.outcome
    if outcome is None:
        return None
    offered = outcome.offered_on or outcome.on
    days = search.profile.cadence.offer_decision_business_days
    decide = employer_calendar(app, search.profile).add(offered, days)
    if outcome.deadline is not None and outcome.deadline < decide:
        return outcome.deadline
    return decide


def _other_application(task: Task, search: JobSearch) -> Application | None:
    """For leverage and withdraw notes: the application whose offer prompted them (last id part)."""
    other = task.id.rsplit(":", 1)[-1]
    return next((a for a in search.applications if a.id == other and a.id != task.application), None)


def _phrases(texts: Iterable[str], names: Sequence[str], others: frozenset[str] = frozenset()) -> list[str]:
    """The user's phrases that read as noun phrases in place; the rest are left out, never pasted.

    A phrase naming someone else (`others`: their names' words, folded) stays out of this person's note:
    "a good chat with Raj" is for Raj, not for Dana.
    """
    kept: list[str] = []
    for text in texts:
        phrase = as_phrase(text, names)
        if (phrase and phrase.casefold() not in {k.casefold() for k in kept}
                and not others & {w.casefold() for w in words(phrase)}):
            kept.append(phrase)
    return kept


@dataclass(frozen=True, slots=True)
class LinkView:
    what: str  # "the link to my portfolio"
    url: str


@dataclass(frozen=True, slots=True)
class AdditionView:
    topic: str  # "payroll software"
    text: str  # "I ran payroll for 400 staff in Sage 50." (a sentence, or a phrase after a colon)


def _links(items: Iterable[str]) -> list[LinkView]:
    found: list[LinkView] = []
    for item in items:
        urls = urls_in(item)
        if not urls:
            continue
        rest = item
        for url in urls:
            rest = rest.replace(url, " ")
        what = " ".join(rest.replace(":", " ").split()).strip(" ,;-")
        # The user's own name for what they promised is an object, even with a clause in it
        # ("the seating plan I made"); only a shrug or a self-criticism is left out.
        usable = what and not is_shrug(what) and not is_self_critical(what) and "?" not in what
        found.append(LinkView(as_object(what) if usable else "the link", urls[0]))
    return found


def _addition_text(text: str) -> str | None:
    """What the user would add, as the end of a sentence after a colon; None for a shrug or a complaint."""
    cleaned = " ".join(text.split()).strip().rstrip("!").strip()
    if (not cleaned or "?" in cleaned or is_self_critical(cleaned) or is_shrug(cleaned)
            or len(cleaned) > 400):
        return None
    first = cleaned.split(" ", 1)[0]
    if first[:1].isupper() and first not in ("I", "I'm", "I’m", "I've", "I’ve") and is_common_word(first, 2_000) \
            and not any(c.isupper() for c in first[1:]):
        cleaned = cleaned[:1].lower() + cleaned[1:]
    return cleaned if cleaned[-1] in ".)" else cleaned + "."


def additions_for(debrief: Debrief | None, recipient: str | None, names: Sequence[str]) -> list[AdditionView]:
    """The clarifications for this recipient: only answers the user said what they would add to."""
    if debrief is None or recipient is None:
        return []
    found: list[AdditionView] = []
    for answer in debrief.improve:
        if answer.asked_by and slug(answer.asked_by) != slug(recipient):
            continue
        topic = as_phrase(answer.topic, names)
        text = _addition_text(answer.addition or "")
        if topic and text:
            found.append(AdditionView(topic, text))
    return found


def fields_for(task: Task, search: JobSearch) -> dict[str, object]:
    """Everything a template may use for `task`."""
    app = application_of(task, search)
    interview = interview_of(task, app)
    profile = search.profile
    recipient = recipient_of(task, search)
    person = app.person(task.person) if app and not to_reference(task) else None
    if to_reference(task):
        ref = reference_named(search, task.person)
        recipient_view = (PersonView(ref.name, first_name(ref.name), None, ref.email, ref.phone) if ref
                          else _view(None, task.person))
    else:
        recipient_view = _view(person, task.person)
    notes = notes_for(interview, recipient.name if recipient else None)
    names = [p.name for p in app.people] if app else []
    names += [profile.name, app.company if app else "", *(a.company for a in search.applications)]
    topics = (_all_topics(app, recipient.name if recipient else None) if app and task.kind == "keep_in_touch"
              else list(notes.topics))
    ordinal = _ordinal(task, search, app, interview)
    me_and_them = {w.casefold() for n in (profile.name, recipient.name if recipient else "") for w in words(n)}
    people = [p.name for p in app.people] if app else []
    others = frozenset(w.casefold() for n in people + [r.name for r in search.references]
                       for w in words(n)) - me_and_them
    strengths = _phrases(profile.strengths, names, others)
    if strengths:
        # Rotating the strengths gives each interviewer a different pair to read about.
        shift = ordinal % len(strengths)
        strengths = strengths[shift:] + strengths[:shift]
    debrief = interview.debrief if interview else None
    strong = _phrases(debrief.strong_topics if debrief else (), names, others)
    company = app.company if app else (task.company or "")
    position = app.role if app and app.role else None
    caller: PersonView | None = None
    if app is not None and task.kind in REFERENCE_KINDS:
        caller_name = reference_caller(app, interview)
        caller = _view(app.person(caller_name), caller_name) if caller_name else None
    other = _other_application(task, search) if task.kind in ("leverage", "withdraw") else None
    other_deadline = other.outcome.deadline if other and other.outcome else None
    decide = _decide_by(app, search) if app and task.kind == "acknowledge_offer" else None
    interviewers = list(interview.interviewers) if interview else []
    missing = [n for n in interviewers if not ((p := app.person(n)) and p.email)] if app else []
    accepted_elsewhere = any(a.outcome is not None and a.outcome.kind == "accepted"
                             for a in search.applications if app is None or a.id != app.id)
    group = f"{task.application}|{task.kind.replace('card', 'email')}|{task.round or 0}"
    promises = task.kind in PROMISE_KINDS
    files = [as_object(item) for item in notes.promised if notes.file_for(item) and not urls_in(item)]
    goes_by = notes.goes_by.strip() if notes.goes_by and notes.goes_by.strip() else None
    return {
        "task_id": task.id,
        "kind": task.kind,
        "format": draft_format(task),
        "me": PersonView(profile.name, first_name(profile.name), None, profile.email, profile.phone),
        "recipient": recipient_view,
        "recipient_is_agent": bool(person and person.role == "agent"),
        "greeting_name": (goes_by or recipient_view.first_name) if recipient_view else f"{company} hiring team",
        "company": company,
        "position": position,
        "the_role": f"the {position} role" if position else "the role",
        "interview": (InterviewView(f"{interview.on:%A}", long_day(interview.on), f"{interview.on:%B}",
                                    interview.round, interview.format) if interview else None),
        "interviewers": interviewers,
        "missing_contacts": missing,
        # Notes about a person are read by that person: "their" in them means "your".
        "topics": [to_reader(t) for t in _phrases(topics, names, others)],
        "strong_topics": strong,
        "additions": additions_for(debrief, recipient.name if recipient else None, names) if promises else [],
        "links": _links(notes.promised) if promises else [],
        "attached": files if promises and draft_format(task) == "email" else [],
        # Promised with neither a file nor a link yet: still mentioned, and the promise check asks for one.
        "to_send": [as_object(item) for item in notes.promised if not notes.file_for(item) and not urls_in(item)]
        if promises else [],
        # Every promised item as written, for templates written before links and files were told apart.
        "promised": [as_object(p) for p in notes.promised] if promises else [],
        "emailed": (files + [link.what for link in _links(notes.promised)]) if promises else [],
        "strengths": strengths,
        # The same strengths as things one has and brings ("my experience in building …").
        "strengths_held": [held(s) for s in strengths],
        # Kept for templates written before structured debriefs: a topic that went well, never a weak point.
        "went_well": strong[0] if strong else None,
        "weak_point": None,
        "decision_by": long_day(decided) if (decided := decision_date(app, interview) if app else None) else None,
        "answer_by": long_day(decide) if decide else None,
        "caller": caller,
        "other_offer_deadline": long_day(other_deadline) if other_deadline else None,
        "accepted_elsewhere": accepted_elsewhere,
        # Why the user declined, in their words as one sentence; None when they gave none.
        "decline_reason": _sentence(app.outcome.reason) if app and app.outcome and app.outcome.kind == "declined"
        and app.outcome.reason else None,
        "pick": picker(group, ordinal),
        "and_list": join,
        "join": join,
        "article": article,
        "plural": plural,
        "possessive": possessive,
        "sentence": sentence,
    }


def _sentence(text: str) -> str:
    """The user's words as a sentence of the letter: a capital first, a full stop last when it has none."""
    said = " ".join(text.split())
    said = said[:1].upper() + said[1:]
    return said if said.endswith((".", "!", "?")) else said + "."
