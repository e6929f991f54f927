"""What the checks need to know about a note, gathered from the facts.

`CheckContext` is plain data so a caller can also build one by hand (a note
written outside any task); `context_for` builds it from a task and the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from afterview.domain.model import JobSearch, Task
from afterview.drafting.facts import (
    REFERENCE_KINDS,
    application_of,
    attachment_paths,
    draft_format,
    interview_of,
    notes_for,
    recipient_of,
)
from afterview.drafting.language import as_phrase
from afterview.drafting.phrases import ASKING_PHRASES, DESPERATE_PHRASES, ULTIMATUM_PHRASES
from afterview.drafting.spelling import WORD
from afterview.drafting.types import DraftFormat
from afterview.drafting.wording import urls_in

THANK_YOU_KINDS = frozenset({"thank_you_email", "thank_you_card", "thank_referrer"})
# Notes that may name the employer's people besides the recipient: the reference
# alert names the caller, the referrer hears whom you met, the agent is asked for them.
_MAY_NAME_COLLEAGUES = frozenset({"alert_references", "thank_referrer", "ask_agent_for_contacts"})
# Notes that go to someone outside the employer, so they are not compared with the employer's notes.
_NOT_TO_EMPLOYER = frozenset({"alert_references", "thank_referrer", "ask_agent_for_contacts", "share_outcome"})


@dataclass(frozen=True, slots=True)
class OtherNote:
    """Another note to the same company, for the likeness check."""

    task: str
    recipient: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CheckContext:
    kind: str = "other"
    format: DraftFormat = "email"
    recipient: str | None = None
    company: str | None = None
    # Items promised to this recipient at the interview; a thank-you must mention each.
    promised: tuple[str, ...] = ()
    # People and companies whose names must not appear (the mail-merge check).
    other_people: tuple[str, ...] = ()
    other_companies: tuple[str, ...] = ()
    # Names that may appear, besides recipient and company: the user, a caller, colleagues.
    allowed_names: tuple[str, ...] = ()
    other_notes: tuple[OtherNote, ...] = ()
    # Lower-case words the spelling check accepts on top of the dictionary.
    known_words: frozenset[str] = frozenset()
    # The recipient's role ("agent": the note speaks to the agent, not the employer) and the names the
    # salutation may use: first name, full name, "Ms Surname", a name they go by.
    recipient_role: str | None = None
    recipient_forms: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    # File names the email will carry, and (promised item, file name or None) for what was promised as a file.
    attachments: tuple[str, ...] = ()
    promised_files: tuple[tuple[str, str | None], ...] = ()
    # The user's private debrief (never to be copied into a note), and the phrases they gave as facts.
    private_texts: tuple[str, ...] = ()
    fact_phrases: tuple[str, ...] = ()
    # Words the user wrote with a capital inside their facts (product and place names: Xero, Sage).
    proper_words: frozenset[str] = frozenset()
    asking_phrases: tuple[str, ...] = ASKING_PHRASES
    desperate_phrases: tuple[str, ...] = DESPERATE_PHRASES
    ultimatum_phrases: tuple[str, ...] = ULTIMATUM_PHRASES

    @property
    def is_thank_you(self) -> bool:
        return self.kind in THANK_YOU_KINDS


def _words_of(names: Iterable[str]) -> set[str]:
    return {w.casefold() for name in names for w in WORD.findall(name)}


def context_for(
    task: Task,
    search: JobSearch,
    *,
    other_texts: Mapping[str, str] | None = None,
    other_tasks: Iterable[Task] = (),
    user_words: Iterable[str] = (),
    extra_asking: Iterable[str] = (),
    extra_desperate: Iterable[str] = (),
) -> CheckContext:
    """The context to check `task`'s note in.

    `other_texts` maps task ids to the texts of other notes (drafted or sent), and
    `other_tasks` are those tasks (their application, kind and person are fields:
    nothing is read out of an id); notes to other people at the same company are
    compared for likeness. `user_words` are
    words the user taught the spelling check. `extra_asking` and `extra_desperate`
    extend the tone check's phrase lists.
    """
    app = application_of(task, search)
    recipient = recipient_of(task, search)
    company = app.company if app else task.company
    folded_company = (company or "").casefold()
    me = search.profile.name
    allowed = [me] if me else []
    if app is not None and task.kind in _MAY_NAME_COLLEAGUES:
        allowed += [p.name for p in app.people]
    allowed_folded = {n.casefold() for n in allowed} | ({recipient.name.casefold()} if recipient else set())

    everyone = [p.name for a in search.applications for p in a.people] + [r.name for r in search.references]
    other_people = sorted({n for n in everyone if n.casefold() not in allowed_folded})
    # A leverage or withdrawal note may name the company whose offer prompted it.
    prompted_by = task.id.rsplit(":", 1)[-1] if task.kind in ("leverage", "withdraw") else None
    other_companies = sorted({a.company for a in search.applications
                              if a.company.casefold() != folded_company and a.id != prompted_by})

    interview = interview_of(task, app)
    promised = (notes_for(interview, recipient.name if recipient else None).promised
                if task.kind in ("thank_you_email", "thank_you_card") else ())

    others: list[OtherNote] = []
    if task.kind not in _NOT_TO_EMPLOYER and task.kind not in REFERENCE_KINDS:
        by_id = {a.id: a for a in search.applications}
        tasks = {t.id: t for t in other_tasks}
        for other_id, text in (other_texts or {}).items():
            other = tasks.get(other_id)
            other_app = by_id.get(other.application or "") if other is not None else None
            if (other is None or other_id == task.id or other_app is None or other.kind in _NOT_TO_EMPLOYER
                    or other_app.company.casefold() != folded_company):
                continue
            found = other_app.person(other.person) if other.person else None
            who = found.name if found else other.person
            if recipient is not None and who is not None and who.casefold() == recipient.name.casefold():
                continue  # the card and the email to one person may say the same thing
            others.append(OtherNote(other_id, who, text))

    titles = [p.title or "" for a in search.applications for p in a.people]
    names = (everyone + [me] + [a.company for a in search.applications] + [a.role or "" for a in search.applications]
             + titles)
    known = _words_of(names) | _words_of(user_words)
    person = app.person(recipient.name) if app is not None and recipient is not None else None
    notes = notes_for(interview, recipient.name if recipient else None)
    debrief = interview.debrief if interview else None
    all_notes = list(interview.notes.values()) if interview else []
    phrases = [*search.profile.strengths, *(t for n in all_notes for t in n.topics)]
    if debrief is not None:
        phrases += [*debrief.strong_topics, *(a.topic for a in debrief.improve)]
    # The facts a note may quote: phrases the gate lets through (a shrug given as a topic is not one),
    # promises and additions as the user wrote them.
    facts = [kept for p in phrases if (kept := as_phrase(p))]
    facts += [p for n in all_notes for p in n.promised]
    if debrief is not None:
        facts += [a.addition for a in debrief.improve if a.addition]
    files = [(item, notes.file_for(item)) for item in promised if not urls_in(item)] if task.kind == "thank_you_email" \
        and draft_format(task) == "email" else []
    return CheckContext(
        kind=task.kind,
        format=draft_format(task),
        recipient=recipient.name if recipient else None,
        company=company,
        promised=tuple(promised),
        other_people=tuple(other_people),
        other_companies=tuple(other_companies),
        allowed_names=tuple(n for n in allowed if n),
        other_notes=tuple(others),
        known_words=frozenset(known),
        asking_phrases=ASKING_PHRASES + tuple(extra_asking),
        desperate_phrases=DESPERATE_PHRASES + tuple(extra_desperate),
        recipient_role=(person.role if person else ("reference" if task.kind in REFERENCE_KINDS else None)),
        recipient_forms=salutation_forms(recipient.name if recipient else None, notes.goes_by),
        strengths=tuple(search.profile.strengths),
        attachments=tuple(Path(p).name for p in attachment_paths(task, search)),
        promised_files=tuple((item, Path(path).name if path else None) for item, path in files),
        private_texts=tuple(t for t in ((debrief.went_well, debrief.fell_short, *debrief.questions) if debrief else ())
                            if t and t.strip()),
        fact_phrases=tuple(facts),
        proper_words=frozenset(capitalised_inside(phrases + facts)) | frozenset(w for w in _words_of(user_words)),
    )


def salutation_forms(name: str | None, goes_by: str | None) -> tuple[str, ...]:
    """How the recipient may be greeted: their first name, full name, title and surname, or the name they go by."""
    if not name:
        return ()
    parts = WORD.findall(name)
    forms = [name, parts[0]] if parts else [name]
    if len(parts) > 1:
        forms += [f"{h} {parts[-1]}" for h in ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Mr.", "Mrs.", "Ms.",
                                               "Dr.", "Prof.")]
    if goes_by and goes_by.strip():
        forms.append(goes_by.strip())
    return tuple(dict.fromkeys(forms))


def capitalised_inside(phrases: Iterable[str]) -> set[str]:
    """Words the user wrote with a capital that a note keeps as they are (Xero, Sage, Excel): every capital
    after a phrase's first word, and its first word when the phrase gate keeps it capitalised."""
    found: set[str] = set()
    for phrase in phrases:
        kept = as_phrase(phrase) or ""
        for index, word in enumerate(WORD.findall(phrase)):
            if word[:1].isupper() and (index or kept.startswith(word)):
                found.add(word.casefold())
    return found
