"""Offers, rejections and what they mean for the other applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from afterview.domain.calendars import BusinessCalendar, add_months
from afterview.domain.candidates import Candidate, Completions, slug
from afterview.domain.model import Application, Cadence
from afterview.domain.status_chain import status_contact
from afterview.domain.wording import count, day

_MAX_KEEP_IN_TOUCH = 40  # ten years of quarterly notes is plenty; keeps the loop bounded


@dataclass(frozen=True, slots=True)
class OfferEvent:
    application: str
    company: str
    offered_on: date
    deadline: date | None
    resolved_on: date | None
    accepted: bool

    @staticmethod
    def of(app: Application) -> OfferEvent | None:
        outcome = app.outcome
        if outcome is None:
            return None
        if outcome.kind == "offer":
            return OfferEvent(app.id, app.company, outcome.on, outcome.deadline, None, False)
        if outcome.kind in ("accepted", "declined"):
            return OfferEvent(app.id, app.company, outcome.offered_on or outcome.on, outcome.deadline,
                              outcome.on, outcome.kind == "accepted")
        return None


def outcome_tasks(
    app: Application, business: BusinessCalendar, cadence: Cadence, completions: Completions
) -> list[Candidate]:
    outcome = app.outcome
    if outcome is None:
        return []
    contact, _ = status_contact(app)
    tasks: list[Candidate] = []
    offer = OfferEvent.of(app)
    if offer is not None and (outcome.kind == "offer" or outcome.offered_on is not None):
        tasks.extend(_offer_tasks(app, offer, business, cadence, contact))
    if outcome.kind == "declined":
        tasks.append(Candidate(
            f"{app.id}:decline_offer", "decline_offer", outcome.on, outcome.on,
            f"You decided to decline {app.company}'s offer: tell them politely why, and thank them for "
            f"the consideration.",
            person=contact, channel="email"))
    if outcome.kind == "rejected":
        tasks.extend(_rejection_tasks(app, outcome.on, business, cadence, completions, contact))
    return tasks


def _offer_tasks(
    app: Application, offer: OfferEvent, business: BusinessCalendar, cadence: Cadence, contact: str | None
) -> list[Candidate]:
    o = offer.offered_on
    n = cadence.offer_decision_business_days
    decide = business.add(o, n)
    why = f"Take a couple of days to weigh the offer ({count(n, 'business day')})."
    if offer.deadline is not None and offer.deadline < decide:
        decide, why = offer.deadline, f"They need your answer by {day(offer.deadline)}."
    acknowledge = Candidate(
        f"{app.id}:acknowledge_offer", "acknowledge_offer", o, o,
        f"{app.company} made you an offer: thank them today and say when to expect your decision "
        f"({day(decide)}).",
        person=contact, deadline=business.add(o, 1), channel="email")
    decision = Candidate(f"{app.id}:decide_offer", "decide_offer", decide, o, why + " Then accept or decline.")
    if offer.resolved_on is not None:
        decision.completed_on = offer.resolved_on
    return [acknowledge, decision]


def _rejection_tasks(
    app: Application, rejected: date, business: BusinessCalendar, cadence: Cadence,
    completions: Completions, contact: str | None,
) -> list[Candidate]:
    tasks = [
        Candidate(
            f"{app.id}:reply_to_rejection", "reply_to_rejection", business.add(rejected, 1), rejected,
            f"Don't burn the bridge: thank {app.company} for their time, keep the door open, and ask "
            f"whether they know other companies that are hiring someone with your skills.",
            person=contact, channel="email"),
        Candidate(
            f"{app.id}:reapply", "reapply",
            business.on_or_after(add_months(rejected, cadence.reapply_months)), rejected,
            f"It has been {count(cadence.reapply_months, 'month')} since {app.company} said no: look at "
            f"their openings again and consider reapplying."),
    ]
    months = cadence.keep_in_touch_months
    for name in _connected_interviewers(app):
        since = rejected
        for number in range(1, _MAX_KEEP_IN_TOUCH + 1):
            note = Candidate(
                f"{app.id}:keep_in_touch:{slug(name)}:{number}", "keep_in_touch",
                business.on_or_after(add_months(since, months)), since,
                f"Stay in touch with {name}: a short note every {count(months, 'month')} keeps a contact "
                f"who may help you later in your career.",
                person=name, channel="email")
            tasks.append(note)
            done = completions.settle(note)
            if done is None or note.status() != "done":
                break
            since = done
    return tasks


def _connected_interviewers(app: Application) -> list[str]:
    """Interviewers you noted something about; all of them if you noted nothing."""
    names: list[str] = []
    noted: list[str] = []
    for interview in sorted(app.interviews, key=lambda i: i.on):
        for name in interview.interviewers:
            person = app.person(name)
            canonical = person.name if person else name
            if canonical not in names:
                names.append(canonical)
            if name in interview.notes and canonical not in noted:
                noted.append(canonical)
    return noted or names


def _at_interview_stage(app: Application, on: date) -> bool:
    return (app.interested and any(i.on <= on for i in app.interviews)
            and (app.outcome is None or app.outcome.on > on))


def offer_elsewhere(app: Application, offers: tuple[OfferEvent, ...], business: BusinessCalendar) -> list[Candidate]:
    """The optional, polite word to other employers that you hold an offer."""
    tasks: list[Candidate] = []
    contact, _ = status_contact(app)
    for offer in offers:
        if offer.application == app.id or not _at_interview_stage(app, offer.offered_on):
            continue
        leverage = Candidate(
            f"{app.id}:leverage:{offer.application}", "leverage", business.add(offer.offered_on, 1),
            offer.offered_on,
            f"Optional: you have an offer from {offer.company}. Mention it politely to {app.company}, in "
            f"passing and never as an ultimatum, to see whether they can speed up their decision.",
            person=contact, channel="email")
        leverage.cancel_at(offer.resolved_on)
        leverage.cancel_at(app.outcome.on if app.outcome else None)
        tasks.append(leverage)
    return tasks


def accepted_elsewhere(app: Application, offers: tuple[OfferEvent, ...]) -> list[Candidate]:
    """Courteous withdrawals from every other live application once an offer is accepted."""
    tasks: list[Candidate] = []
    contact, _ = status_contact(app)
    for offer in offers:
        if not offer.accepted or offer.application == app.id or offer.resolved_on is None:
            continue
        accepted_on = offer.resolved_on
        live = app.outcome is None or app.outcome.kind == "offer" or app.outcome.on > accepted_on
        if not live:
            continue
        withdraw = Candidate(
            f"{app.id}:withdraw:{offer.application}", "withdraw", accepted_on, accepted_on,
            f"You accepted {offer.company}'s offer: withdraw from {app.company} courteously, thank them, "
            f"and leave on good terms.",
            person=contact, channel="email")
        if app.outcome is not None and app.outcome.kind != "offer":
            withdraw.cancel_at(app.outcome.on)
        tasks.append(withdraw)
    return tasks
