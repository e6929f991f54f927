"""Offers, rejections and what they mean for the other applications."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from afterview.domain.calendars import BusinessCalendar, add_months
from afterview.domain.candidates import Candidate, Completions, Names, identity, same_person
from afterview.domain.model import Application, Cadence
from afterview.domain.status_chain import status_contact
from afterview.domain.wording import count, day, possessive

# The outcomes that hold an offer (pending or answered): the only way one application's
# ending reaches another's plan (leverage, a withdrawal, sharing the news).
OFFER_KINDS = ("offer", "accepted", "declined")
# Of those, what every plan may depend on: an offer still open, or taken (it ends the search).
# A declined offer matters only to a plan with a leverage note written or dismissed (see
# `needs_answered_offers`), whose history it may be part of.
LIVE_OFFER_KINDS = ("offer", "accepted")

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
        if outcome is None or outcome.kind not in OFFER_KINDS:
            return None
        if outcome.kind == "offer":
            return OfferEvent(app.id, app.company, outcome.on, outcome.deadline, None, False)
        return OfferEvent(app.id, app.company, outcome.offered_on or outcome.on, outcome.deadline,
                          outcome.on, outcome.kind == "accepted")


LEVERAGE = ":leverage:"


@dataclass(frozen=True, slots=True)
class Offers:
    """Every offer of the search, in the order they came, with the subsets the rules ask about.

    Each application's plan looks at the offers; going through all of them for each
    application made the derivation offers times applications. The answered offers
    matter to a leverage note only when something was written or dismissed for it,
    and only accepted offers end a search, so those few are kept apart once.
    """

    ordered: tuple[OfferEvent, ...]
    pending: tuple[OfferEvent, ...]
    accepted: tuple[OfferEvent, ...]
    # Applications with a leverage task the user dismissed (done or skipped by hand).
    leverage_dismissed: frozenset[str]

    @staticmethod
    def of(apps: Iterable[Application], dismissed: Iterable[str] = ()) -> Offers:
        events = (OfferEvent.of(app) for app in apps)
        ordered = tuple(sorted((e for e in events if e is not None), key=lambda o: (o.offered_on, o.application)))
        return Offers(ordered, tuple(o for o in ordered if o.resolved_on is None),
                      tuple(o for o in ordered if o.accepted), frozenset(_leverage_owners(dismissed)))


def needs_answered_offers(apps: Iterable[Application], dismissed: Iterable[str]) -> bool:
    """Whether the plans of these applications can depend on offers already answered: only when one
    of them wrote or dismissed a leverage note (`offer_elsewhere` then goes through every offer)."""
    owners = set(_leverage_owners(dismissed))
    return any(app.id in owners or _leverage_written(app) for app in apps)


def _leverage_written(app: Application) -> list[date]:
    return [i.on for i in app.interactions if i.direction == "out" and i.kind == "leverage" and i.is_contact]


def _leverage_owners(task_ids: Iterable[str]) -> Iterable[str]:
    # "<application>:leverage:<offer's application>", where either id may itself hold the marker:
    # every split is a possible owner, and a false one only makes that application take the long way.
    for task_id in task_ids:
        at = task_id.find(LEVERAGE)
        while at >= 0:
            yield task_id[:at]
            at = task_id.find(LEVERAGE, at + 1)


def ended_on(app: Application, offers: Offers) -> date | None:
    """The day an offer accepted elsewhere ended the search for `app`, if one did.

    Only an acceptance on or after the application began counts: a search started
    again after a new job is a new search.
    """
    began = _began(app)
    days = [o.resolved_on for o in offers.accepted
            if o.application != app.id and o.resolved_on is not None
            and (began is None or began <= o.resolved_on)]
    return min(days, default=None)


def _began(app: Application) -> date | None:
    days = [d for d in (app.applied_on, min((i.on for i in app.interviews), default=None),
                        min((i.on for i in app.interactions), default=None)) if d is not None]
    return min(days, default=None)


def _quiet_by(chains: list[Candidate], on: date) -> bool:
    """Had the application gone quiet for good (its move-on fell due) by `on`?"""
    return any(c.kind == "move_on" and c.due <= on and (c.cancel_on is None or c.cancel_on >= on)
               for c in chains)


def outcome_tasks(
    app: Application, business: BusinessCalendar, cadence: Cadence, completions: Completions,
    names: Names, ended: date | None = None, earlier: Sequence[Candidate] = (),
) -> list[Candidate]:
    """The application's own outcome; `ended` is the day an offer accepted elsewhere ended the search.

    `earlier` are the application's other tasks: the notes among them the user marked done
    count as notes sent to their person (keep in touch counts from the last one).
    """
    outcome = app.outcome
    if outcome is None:
        return []
    contact, _ = status_contact(app)
    tasks: list[Candidate] = []
    offer = OfferEvent.of(app)
    if offer is not None and (outcome.kind == "offer" or outcome.offered_on is not None):
        tasks.extend(_offer_tasks(app, offer, business, cadence, contact, ended))
    if outcome.kind == "declined":
        tasks.append(Candidate(
            f"{app.id}:decline_offer", "decline_offer", outcome.on, outcome.on,
            f"You decided to decline {possessive(app.company)} offer: tell them politely (and why, if you "
            f"wish), and thank them for the consideration.",
            person=contact, channel="email"))
    if outcome.kind == "rejected":
        tasks.extend(_rejection_tasks(app, outcome.on, business, cadence, completions, contact, names, ended,
                                      earlier))
    return tasks


def _offer_tasks(
    app: Application, offer: OfferEvent, business: BusinessCalendar, cadence: Cadence, contact: str | None,
    ended: date | None,
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
        # Answered: an acknowledgement promising a decision by a date is moot unless it was sent.
        acknowledge.close_from(offer.resolved_on)
    else:
        decision.close_from(ended)  # another offer was accepted: the withdrawal answers this one
        acknowledge.close_from(ended)
    return [acknowledge, decision]


def _rejection_tasks(
    app: Application, rejected: date, business: BusinessCalendar, cadence: Cadence,
    completions: Completions, contact: str | None, names: Names, ended: date | None,
    earlier: Sequence[Candidate] = (),
) -> list[Candidate]:
    reapply = Candidate(
        f"{app.id}:reapply", "reapply",
        business.on_or_after(add_months(rejected, cadence.reapply_months)), rejected,
        f"It has been {count(cadence.reapply_months, 'month')} since {app.company} said no: look at "
        f"their openings again and consider reapplying.")
    reapply.close_from(ended)  # you took a job: no reminder to reapply
    tasks = [
        Candidate(
            f"{app.id}:reply_to_rejection", "reply_to_rejection", business.add(rejected, 1), rejected,
            f"Don't burn the bridge: thank {app.company} for their time, keep the door open, and ask "
            f"whether they know other companies that are hiring someone with your skills.",
            person=contact, channel="email"),
        reapply,
    ]
    months = cadence.keep_in_touch_months
    first_allowed = business.add(rejected, 1)  # never before the reply to the rejection is due
    for name in _connected_interviewers(app):
        sent = notes_sent_to(name, app, completions, earlier)
        since = rejected
        for number in range(1, _MAX_KEEP_IN_TOUCH + 1):
            note = Candidate(
                f"{app.id}:keep_in_touch:{names.of(name)}:{number}", "keep_in_touch", since, since,
                f"Stay in touch with {name}: a short note every {count(months, 'month')}, counted from the "
                f"last note you sent them, keeps a contact who may help you later in your career.",
                person=name, channel="email")
            done = completions.settle(note)
            # Counted from the last note sent to them [000] before this one went (the first one
            # may look back before the rejection: a thank-you sent then counts).
            last = max((d for d in sent if (number == 1 or d >= since) and (done is None or d < done)),
                       default=since if number > 1 else None)
            note.due = business.on_or_after(add_months(last or rejected, months))
            if number == 1:
                note.due = max(note.due, first_allowed)
            tasks.append(note)
            if done is None or note.status() != "done":
                break
            since = done
    return tasks


def notes_sent_to(name: str, app: Application, completions: Completions,
                  earlier: Sequence[Candidate]) -> list[date]:
    """The days the user sent `name` something: logged contacts, and notes to them marked done."""
    days = [i.on for i in app.interactions if i.direction == "out" and i.is_contact and same_person(name, i.person)]
    for candidate in earlier:
        if same_person(name, candidate.person):
            dismissal = completions.dismissal(candidate.id)
            if dismissal is not None and dismissal.status == "done":
                days.append(dismissal.on)
    return days


def _connected_interviewers(app: Application) -> list[str]:
    """Interviewers you noted something about; all of them if you noted nothing."""
    names: list[str] = []
    noted: list[str] = []
    seen: set[str] = set()
    for interview in sorted(app.interviews, key=lambda i: i.on):
        for name in interview.interviewers:
            person = app.person(name)
            canonical = person.name if person else name
            if identity(canonical) not in seen:
                seen.add(identity(canonical))
                names.append(canonical)
            if name in interview.notes and canonical not in noted:
                noted.append(canonical)
    return noted or names


def _closed_since(app: Application, on: date, chains: list[Candidate], ended: date | None) -> date | None:
    """The first day after `on` that closed the application, if any (so far as the facts tell)."""
    days = [app.outcome.on if app.outcome and app.outcome.on > on else None, ended]
    days += [c.due for c in chains if c.kind == "move_on" and c.due > on and c.status() != "cancelled"]
    return min((d for d in days if d is not None and d > on), default=None)


def _at_interview_stage(app: Application, on: date, chains: list[Candidate], ended: date | None) -> bool:
    return (app.interested and any(i.on <= on for i in app.interviews)
            and (app.outcome is None or app.outcome.on > on)
            and not _quiet_by(chains, on) and (ended is None or ended > on))


def offer_elsewhere(app: Application, offers: Offers, business: BusinessCalendar,
                    completions: Completions, chains: list[Candidate], ended: date | None) -> list[Candidate]:
    """The optional, polite word to another employer that you hold an offer, while it can help.

    Planned for an application at interview stage when the offer came, and only
    while that offer is pending: answering the offer, this application closing
    (its own outcome, going quiet, an offer accepted elsewhere) closes it, and a
    note that was never written leaves no trace. What you did or skipped stays.
    One note is open at a time, however many offers are pending, so the plan grows
    with the facts, never with offers times applications.
    """
    if not offers.ordered or not app.interested or not app.interviews:
        return []
    first = min(i.on for i in app.interviews)
    closed = min((d for d in (app.outcome.on if app.outcome else None, ended) if d is not None), default=None)
    written = _leverage_written(app)
    # An answered offer can only give a cancelled note (left out) unless one was written or
    # dismissed for it: without either, only the pending offers need a look.
    widened = bool(written) or app.id in offers.leverage_dismissed
    tasks: list[Candidate] = []
    open_one = False
    for offer in offers.ordered if widened else offers.pending:  # in the order the offers came
        if closed is not None and offer.offered_on >= closed:
            break  # closed by then: no later offer finds it at interview stage
        if offer.application == app.id or offer.offered_on < first:
            continue
        ident = f"{app.id}:leverage:{offer.application}"
        settled = widened and (completions.dismissed(ident) or any(
            offer.offered_on <= d and (offer.resolved_on is None or d <= offer.resolved_on) for d in written))
        if not settled and (offer.resolved_on is not None or open_one):
            continue  # it could only be cancelled, and what was never written leaves no trace
        if not _at_interview_stage(app, offer.offered_on, chains, ended):
            continue
        closing = _closed_since(app, offer.offered_on, chains, ended)
        if not settled and closing is not None:
            continue  # pending, but closed here before it was answered: cancelled, so left out too
        contact, _ = status_contact(app)
        leverage = Candidate(
            ident, "leverage", business.add(offer.offered_on, 1),
            offer.offered_on,
            f"Optional: you have an offer from {offer.company}"
            f"{' (they need an answer by ' + day(offer.deadline) + ')' if offer.deadline else ''}. Mention it "
            f"politely to {app.company}, in passing and never as an ultimatum, to see whether they can speed up "
            f"their decision.",
            person=contact, deadline=offer.deadline, channel="email")
        leverage.cancel_at(offer.resolved_on)
        leverage.cancel_at(closing)
        completions.settle(leverage, until=leverage.cancel_on)
        status = leverage.status()
        if status == "cancelled" or (status == "open" and open_one):
            continue
        open_one = open_one or status == "open"
        tasks.append(leverage)
        if open_one and not widened:
            break  # every later pending offer could only be cancelled
    return tasks


def accepted_elsewhere(app: Application, offers: Offers, business: BusinessCalendar,
                       completions: Completions, chains: list[Candidate], ended: date | None) -> list[Candidate]:
    """A courteous withdrawal once an offer is accepted elsewhere, if the application was still active.

    Only the acceptance that ended the search for this application counts (a
    second one finds it closed already), so each application gets one note at most.
    """
    accepted_on = ended
    if accepted_on is None or not app.interested or _quiet_by(chains, accepted_on):
        return []
    outcome = app.outcome
    if outcome is not None and outcome.kind != "offer" and outcome.on < accepted_on:
        return []
    offer = min((o for o in offers.accepted if o.resolved_on == accepted_on and o.application != app.id),
                key=lambda o: o.application)
    contact, _ = status_contact(app)
    withdraw = Candidate(
        f"{app.id}:withdraw:{offer.application}", "withdraw", accepted_on, accepted_on,
        f"You accepted {possessive(offer.company)} offer: withdraw from {app.company} courteously, thank them, "
        f"and leave on good terms. The application then closes.",
        person=contact, deadline=business.add(accepted_on, 1), channel="email")
    if outcome is not None and outcome.kind != "offer":
        withdraw.cancel_at(outcome.on)
    completions.settle(withdraw, until=withdraw.cancel_on)
    return [] if withdraw.status() == "cancelled" else [withdraw]


def share_outcome(app: Application, offers: Offers, business: BusinessCalendar,
                  completions: Completions, names: Names, reference_names: tuple[str, ...],
                  alerted: list[Candidate] | None = None, ended: date | None = None) -> list[Candidate]:
    """When the search ends, thank the people who helped and tell them how it ended [001].

    The referrer of each application the ending closed, and on the accepted
    application the references who were alerted for it (their alert was done).
    """
    accepted = app.outcome is not None and app.outcome.kind == "accepted"
    ended = app.outcome.on if accepted and app.outcome else ended
    if ended is None or not app.interviews:
        return []
    references = Names(reference_names)
    winner = app.company if accepted else next(
        (o.company for o in offers.accepted if o.resolved_on == ended and o.application != app.id), "")
    due = business.add(ended, 1)
    news = f"you accepted {possessive(winner)} offer" if accepted else f"you accepted an offer from {winner}"
    # (id namespace and fragment, whom, why): referrers first, then the references alerted here.
    helpers: list[tuple[str, str, str]] = [
        (f"referrer:{names.of(r.name)}", r.name,
         f"Your search has ended: {news}. Tell {r.name}, who referred you to {app.company}, how it ended, "
         f"and thank them for the introduction.")
        for r in app.people_with_role("referrer")]
    if accepted:
        for alert in alerted or ():
            if alert.kind != "alert_references" or alert.person is None:
                continue
            completions.settle(alert, until=alert.cancel_on)
            if alert.status() == "done":
                helpers.append((f"reference:{references.of(alert.person)}", alert.person,
                                f"{alert.person} stood ready to speak for you: tell them you accepted "
                                f"{possessive(winner)} offer, and thank them for their support."))
    tasks: list[Candidate] = []
    told: set[str] = set()
    for fragment, name, why in helpers:
        if identity(name) not in told:  # someone both referrer and reference hears it once
            told.add(identity(name))
            tasks.append(Candidate(f"{app.id}:share_outcome:{fragment}", "share_outcome", due, ended, why,
                                   person=name, channel="email"))
    return tasks
