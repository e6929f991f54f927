"""What the checks need to know about a note, gathered from the facts.

`CheckContext` is plain data so a caller can also build one by hand (a note
written outside any task); `context_for` builds it from a task and the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from afterview.domain.model import JobSearch, Task
from afterview.drafting.facts import (
    REFERENCE_KINDS,
    application_of,
    draft_format,
    interview_of,
    notes_for,
    recipient_of,
)
from afterview.drafting.phrases import ASKING_PHRASES, DESPERATE_PHRASES, ULTIMATUM_PHRASES
from afterview.drafting.spelling import WORD
from afterview.drafting.types import DraftFormat

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

    names = everyone + [me] + [a.company for a in search.applications] + [a.role or "" for a in search.applications]
    known = _words_of(names) | _words_of(user_words)
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
    )
