"""Facts in, plan out: every task of the playbook for a whole job search.

`derive_plan` is a pure, deterministic function of the facts, the calendars and
the settings. Task ids depend only on the facts that create the task, so a task
keeps its id when the plan is derived again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from afterview.domain.calendars import BusinessCalendar, DecisionCalendar, UnknownRegion, calendar_for
from afterview.domain.candidates import Candidate, Completions, Names, identity
from afterview.domain.model import (
    STATUS_KINDS,
    Application,
    Dismissal,
    Interaction,
    Interview,
    JobSearch,
    Profile,
    Task,
)
from afterview.domain.outcome_rules import (
    Offers,
    accepted_elsewhere,
    ended_on,
    offer_elsewhere,
    outcome_tasks,
    share_outcome,
)
from afterview.domain.status_chain import reference_caller, status_chain
from afterview.domain.wording import count, day

CalendarLookup = Callable[[str, "str | None"], BusinessCalendar]


@dataclass(frozen=True, slots=True)
class SearchContext:
    """What one application's plan needs to know about the others."""

    profile: Profile
    references: tuple[str, ...]
    offers: Offers
    company_contacts: dict[str, tuple[Interaction, ...]]
    dismissals: dict[str, Dismissal]


def employer_calendar(app: Application, profile: Profile, lookup: CalendarLookup = calendar_for) -> BusinessCalendar:
    country = app.country or profile.country
    subdivision = app.subdivision if app.country else (app.subdivision or profile.subdivision)
    return lookup(country, subdivision)


def search_context(search: JobSearch) -> SearchContext:
    live = [app for app in search.applications if not app.archived]
    contacts: dict[str, list[Interaction]] = {}
    for app in live:
        contacts.setdefault(app.company.casefold(), []).extend(
            i for i in app.interactions if i.direction == "out" and i.kind in STATUS_KINDS and i.is_contact)
    return SearchContext(
        profile=search.profile,
        references=tuple(r.name for r in search.references),
        # In the order the offers came: leverage goes through them in that order.
        offers=Offers.of(live, (d.task for d in search.dismissals)),
        company_contacts={k: tuple(sorted(v, key=lambda i: i.on)) for k, v in contacts.items()},
        dismissals={d.task: d for d in search.dismissals},
    )


def derive_plan(search: JobSearch, lookup: CalendarLookup = calendar_for, *,
                only: Collection[str] | None = None) -> list[Task]:
    """Every task of every application (the weekly keep-searching task aside).

    Tasks come application by application, in the order the facts list them
    (deterministic; `sort_tasks` gives the plan's reading order). `only` limits the
    derivation to some applications; the others still count as context (their
    offers, their contacts with the same company).
    """
    context = search_context(search)
    tasks: list[Task] = []
    for app in search.applications:
        if app.archived or (only is not None and app.id not in only):
            continue  # an archived application keeps its history but plans nothing
        try:
            tasks.extend(derive_application(app, context, lookup))
        except UnknownRegion as problem:
            raise UnknownRegion(f"application {app.id!r}: {problem}") from None
    return tasks


def derive_application(app: Application, context: SearchContext, lookup: CalendarLookup = calendar_for) -> list[Task]:
    profile = context.profile
    business = employer_calendar(app, profile, lookup)
    completions = Completions(app.interactions, context.dismissals)
    candidates: list[Candidate] = []
    interviews = sorted(app.interviews, key=lambda i: i.on)
    company_contacts = context.company_contacts.get(app.company.casefold(), ())
    names = people_names(app, interviews)
    # The day the application closed: its own outcome, or the day an offer was accepted elsewhere.
    ended = ended_on(app, context.offers)
    closed_on = min((d for d in (app.outcome.on if app.outcome else None, ended) if d is not None), default=None)

    chains: list[Candidate] = []
    for index, interview in enumerate(interviews):
        round_end = interviews[index + 1].on if index + 1 < len(interviews) else None
        made = _interview_tasks(app, interview, round_end, business, profile, names)
        chain: list[Candidate] = []
        if app.interested:
            decision = DecisionCalendar(business, interview.employer_away)
            chain = status_chain(app, interview, round_end, decision, business, profile.cadence,
                                 completions, company_contacts, closed_on)
        for candidate in (*made, *chain):
            candidate.round = interview.round  # tasks carry their round: nothing reads it out of an id
        candidates.extend(made)
        chains.extend(chain)
    candidates.extend(chains)
    if interviews:
        candidates.extend(_once_per_application(app, interviews, business, context, names, ended))
    candidates.extend(outcome_tasks(app, business, profile.cadence, completions, names, ended, candidates))
    candidates.extend(offer_elsewhere(app, context.offers, business, completions, chains, ended))
    candidates.extend(accepted_elsewhere(app, context.offers, business, completions, chains, ended))
    candidates.extend(share_outcome(app, context.offers, business, completions, names, context.references,
                                    candidates, ended))

    # Thank-you notes settle from the latest round back: a note sent on or after a later
    # round's interview goes to that round's note to the same person when there is one,
    # and otherwise still completes the earlier round's (history holds).
    for candidate in sorted(candidates, key=_settling_order):
        completions.settle(candidate, until=candidate.cancel_on)
    return [c.to_task(app.id, app.company) for c in candidates]


_LATEST_FIRST = frozenset({"thank_you_email", "thank_you_card"})


def _settling_order(candidate: Candidate) -> tuple[int, int, str]:
    if candidate.kind in _LATEST_FIRST:
        return (0, -candidate.created.toordinal(), candidate.id)
    return (1, candidate.created.toordinal(), candidate.id)


def people_names(app: Application, interviews: list[Interview]) -> Names:
    """Id fragments for everyone at the employer, offered in the order they were recorded.

    People on file come first, in their stored order (new people are only ever
    added at the end), then interviewers known by name only.
    """
    return Names([*(p.name for p in app.people), *(n for i in interviews for n in i.interviewers)])


def _interview_tasks(
    app: Application, interview: Interview, round_end: date | None, business: BusinessCalendar, profile: Profile,
    names: Names,
) -> list[Candidate]:
    d, r = interview.on, interview.round
    n = profile.cadence.thank_you_business_days
    deadline = business.add(d, n)
    tasks = [Candidate(
        f"{app.id}:debrief:r{r}", "debrief", d, d,
        "Replay the interview while it is fresh: what went smoothly, where you fell short, "
        "and what to do better next time.")]
    thanked: set[str] = set()
    for name in interview.interviewers:
        person = app.person(name)
        who = person.name if person else name
        if identity(who) in thanked:
            continue  # the same person listed twice gets one note
        thanked.add(identity(who))
        tasks.append(Candidate(
            f"{app.id}:thank_you_email:r{r}:{names.of(who)}", "thank_you_email", d, d,
            f"Thank {who} for the interview on {day(d)}: a separate, personal note to each interviewer, "
            f"within {count(n, 'business day')} (by {day(deadline)}), even if you are no longer interested.",
            person=who, deadline=deadline, channel="email"))
        if profile.send_cards:
            tasks.append(Candidate(
                f"{app.id}:thank_you_card:r{r}:{names.of(who)}", "thank_you_card", business.add(d, 1), d,
                f"A short handwritten card to {who} stands out; post it within one to two business days "
                f"(by {day(deadline)}).",
                person=who, deadline=deadline, channel="card"))
    return tasks


def _once_per_application(
    app: Application, interviews: list[Interview], business: BusinessCalendar, context: SearchContext,
    names: Names, ended: date | None = None,
) -> list[Candidate]:
    tasks: list[Candidate] = []
    first = interviews[0].on
    thanked: set[str] = set()
    for referrer in app.people_with_role("referrer"):
        if identity(referrer.name) in thanked:
            continue
        thanked.add(identity(referrer.name))
        tasks.append(Candidate(
            f"{app.id}:thank_referrer:{names.of(referrer.name)}", "thank_referrer", business.add(first, 1), first,
            f"{referrer.name} referred you to {app.company}: tell them how the interview went and thank them "
            f"for the introduction.",
            person=referrer.name, channel="email"))

    trigger = next((i for i in interviews if references_matter(i)), None)
    if trigger is not None:
        why = references_reason(trigger)
        caller = reference_caller(app, trigger)
        references = Names(context.references)
        for reference in dict.fromkeys(context.references, None):
            if any(identity(reference) == identity(t.person or "") for t in tasks if t.kind == "alert_references"):
                continue
            tasks.append(Candidate(
                f"{app.id}:alert_references:{references.of(reference)}", "alert_references",
                business.add(trigger.on, 1), trigger.on,
                f"{why} Warn {reference} that {caller or 'someone'} from {app.company} may call about the "
                f"{app.role + ' position' if app.role else 'position'}, so the call does not catch them off guard.",
                person=reference, channel="email"))
            tasks[-1].close_from(references_moot_on(app, ended))

    if app.source == "agency":
        missing = next(((i, n) for i in interviews for n in i.interviewers
                        if not ((p := app.person(n)) and p.email)), None)
        if missing is not None:
            interview, name = missing
            agents = app.people_with_role("agent")
            tasks.append(Candidate(
                f"{app.id}:ask_agent_for_contacts", "ask_agent_for_contacts", interview.on, interview.on,
                f"You applied through an agency and have no email for {name}: ask your agent for the "
                f"interviewers' names, titles and contact details so you can thank each of them.",
                person=agents[0].name if agents else None, channel="email"))
    return tasks


def references_matter(interview: Interview) -> bool:
    return interview.references_will_be_checked or interview.round >= 2 or interview.chances == "high"


def references_moot_on(app: Application, ended: date | None) -> date | None:
    """The day no reference call can come from this employer any more: the application closed.

    An offer, pending or accepted, may still be checked; a rejection, a withdrawal, a
    declined offer or an offer accepted elsewhere (the user withdraws) ends it.
    """
    outcome = app.outcome
    own = outcome.on if outcome is not None and outcome.kind in ("rejected", "withdrawn", "declined") else None
    return min((d for d in (own, ended) if d is not None), default=None)


def references_reason(interview: Interview) -> str:
    if interview.references_will_be_checked:
        return "They said they will check references."
    if interview.round >= 2:
        return f"You reached round {interview.round}, when employers check references."
    return "You rated your chances high, so a reference call may come soon."
