"""Check-in, final nudge and move-on: asking about the decision without pestering.

One chain per interview round, restarted by every reply that names a new
decision date. Each link exists only once the previous one was done and the
employer stayed silent; a reply, a later round or an outcome cancels what is
still open. Dates count on the decision calendar, which skips the employer's
announced time away.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from afterview.domain.calendars import Calendar, DecisionCalendar
from afterview.domain.candidates import Candidate, Completions
from afterview.domain.model import STATUS_KINDS, Application, Cadence, Interaction, Interview
from afterview.domain.wording import count, day


def status_contact(app: Application, interview: Interview | None = None) -> tuple[str | None, str]:
    """Who to ask about the decision, and how: the playbook's order of preference.

    The person the employer named for follow-up, else (through an agency) the agent,
    else the hiring manager, the agent or the recruiter.
    """
    if interview is None and app.interviews:
        interview = max(app.interviews, key=lambda i: i.on)
    follow_up = interview.follow_up if interview else None
    channel = (follow_up.channel if follow_up and follow_up.channel else None) or "phone"
    if follow_up and follow_up.person:
        named = app.person(follow_up.person)
        return (named.name if named else follow_up.person), channel
    return default_contact(app), channel


def default_contact(app: Application) -> str | None:
    """Through an agency the agent; otherwise the hiring manager, the agent, the recruiter."""
    order = _AGENCY_ORDER if app.source == "agency" else _DIRECT_ORDER
    best = None
    for person in app.people:
        rank = order.get(person.role)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, person.name)
    return best[1] if best else None


def reference_caller(app: Application, interview: Interview | None = None) -> str | None:
    """Who at the employer is likely to call a reference, or None when no one there is known.

    The contact the employer named, else the hiring manager, else the recruiter. An agent works
    for the agency, not the employer, so a reference is never told the agent calls "from" the company.
    """
    if interview is None and app.interviews:
        interview = max(app.interviews, key=lambda i: i.on)
    follow_up = interview.follow_up if interview else None
    named = app.person(follow_up.person) if follow_up and follow_up.person else None
    if named is not None and named.role != "agent":
        return named.name
    for role in ("hiring_manager", "recruiter"):
        person = next((p for p in app.people if p.role == role), None)
        if person is not None:
            return person.name
    return None


_AGENCY_ORDER = {"agent": 0, "hiring_manager": 1, "recruiter": 2}
_DIRECT_ORDER = {"hiring_manager": 0, "agent": 1, "recruiter": 2}


def round_replies(app: Application, interview: Interview, round_end: date | None) -> list[Interaction]:
    """What the employer said during this round, oldest first (same-day replies in recorded order)."""
    return sorted(
        (i for i in app.interactions
         if i.direction == "in" and i.on >= interview.on and (round_end is None or i.on < round_end)),
        key=lambda i: i.on,
    )


def decision_date(app: Application, interview: Interview | None, before: date | None = None) -> date | None:
    """The decision date on file for a round: the newest reply that named one beats the interview's.

    `before` (excluded) limits the replies to those received before a day, for a
    note written then. Scripts and notes quote this date, never a stale one.
    """
    if interview is None:
        return None
    later = [i for i in app.interviews if i.on > interview.on]
    round_end = min((i.on for i in later), default=None)
    dated = [r for r in round_replies(app, interview, round_end)
             if r.decision_expected is not None and (before is None or r.on < before)]
    return dated[-1].decision_expected if dated else interview.decision_expected


def _first_check_in(interview: Interview, calendar: DecisionCalendar, cadence: Cadence) -> tuple[date, str]:
    """Rule order of the playbook: the employer's own date, their decision date, else a week.

    Dates count on the business calendar; the caller moves a date that falls in the
    employer's time away past it (and says so).
    """
    follow_up = interview.follow_up
    if follow_up and follow_up.on:
        how = f" by {follow_up.channel}" if follow_up.channel else ""
        return follow_up.on, f"They asked you to follow up{how} on {day(follow_up.on)}."
    n = cadence.after_decision_business_days
    if interview.decision_expected:
        due = calendar.base.add(interview.decision_expected, n)
        why = (f"They expected to decide by {day(interview.decision_expected)}; if you have not heard, "
               f"ask {count(n, 'business day')} later.")
    else:
        days = cadence.check_in_calendar_days
        due = interview.on + timedelta(days=days)
        why = (f"No decision date was given, so ask {count(days, 'day')} after the interview "
               f"(the usual week).")
    second = interview.second_round_expected
    if second is not None and second > interview.on and calendar.base.on_or_after(due) <= second:
        # A decision comes after the second round, not before it: asking earlier asks too soon.
        due = calendar.base.add(second, n)
        why = (f"They expect a second interview on {day(second)}, so the decision comes after it; if it has "
               f"not happened and you have not heard, ask {count(n, 'business day')} later.")
    return due, why


def _moved_by_away(calendar: DecisionCalendar, planned: date, due: date) -> str:
    for period in calendar.away:
        if period.start <= due and planned <= period.end:
            return (f" Moved past their time away: they are away from {day(period.start)} until "
                    f"{day(period.end)}.")
    return "" if planned == due else f" Moved to the next business day, {day(due)}."


def status_chain(
    app: Application,
    interview: Interview,
    round_end: date | None,
    calendar: DecisionCalendar,
    business: Calendar,
    cadence: Cadence,
    completions: Completions,
    status_contacts: Sequence[Interaction],
    closed_on: date | None = None,
) -> list[Candidate]:
    """The check-in chain of one round; `round_end` is the next round's interview day.

    `closed_on` is the day the application closed (its own outcome, or an offer
    accepted elsewhere): nothing of the chain stays open from then on.
    """
    person, channel = status_contact(app, interview)
    replies = round_replies(app, interview, round_end)
    key = f"{app.id}:check_in:r{interview.round}"

    # Each segment starts at the interview or at a reply carrying a new decision date,
    # and lasts until the next reply.
    segments: list[tuple[str, date, date, str, date | None]] = []
    planned, why = _first_check_in(interview, calendar, cadence)
    due = calendar.on_or_after(planned)
    segments.append((key, interview.on, due, why + _moved_by_away(calendar, planned, due),
                     replies[0].on if replies else None))
    same_day = 0
    for index, reply in enumerate(replies):
        same_day = same_day + 1 if index and replies[index - 1].on == reply.on else 1
        if reply.decision_expected is None:
            continue
        n = cadence.after_decision_business_days
        planned = calendar.base.add(reply.decision_expected, n)
        due = calendar.on_or_after(planned)
        what = "call" if reply.channel == "phone" else "reply"
        why = (f"Their {what} on {day(reply.on)} moved the decision to {day(reply.decision_expected)}; "
               f"ask again {count(n, 'business day')} later if you have not heard."
               f"{_moved_by_away(calendar, planned, due) if due != planned else ''}")
        following = replies[index + 1].on if index + 1 < len(replies) else None
        # Several replies on one day each start their own segment: the second and
        # later ones carry their place in that day, so no two share an id.
        suffix = reply.on.isoformat() if same_day == 1 else f"{reply.on.isoformat()}.{same_day}"
        segments.append((f"{key}:{suffix}", reply.on, due, why, following))

    chain: list[Candidate] = []
    for ident, start, due, why, next_reply in segments:
        if closed_on is not None and start > closed_on:
            break  # a reply after the application closed plans nothing
        ends = [d for d in (next_reply, round_end, closed_on) if d is not None]
        cancel = min(ends) if ends else None
        due, why = _respect_gap(due, why, start, status_contacts, business, cadence)
        check_in = Candidate(ident, "check_in", due, start, why, person=person, channel=channel,
                             window_end=round_end)
        chain.append(check_in)
        for moment in (next_reply, round_end, closed_on):
            check_in.cancel_at(moment)
        done = completions.settle(check_in, until=cancel)
        if done is None or check_in.status() != "done":
            _call_again(check_in, app.interactions, calendar, cancel)
            continue
        # After a call (answered by a voicemail or not), the last word is an email: never an
        # endless cycle of leaving messages [004].
        n = cadence.final_nudge_business_days
        nudge = Candidate(
            ident.replace(":check_in:", ":final_nudge:"), "final_nudge", calendar.add(done, n), done,
            f"You checked in on {day(done)} and heard nothing back; contact them once more, by email, "
            f"{count(n, 'business day')} later.",
            person=person, channel="email", window_end=round_end)
        chain.append(nudge)
        for moment in (next_reply, round_end, closed_on):
            nudge.cancel_at(moment)
        nudge.close_from(closed_on)
        nudged = completions.settle(nudge, until=cancel)
        if nudged is None or nudge.status() != "done":
            continue
        n = cadence.move_on_business_days
        move_on = Candidate(
            ident.replace(":check_in:", ":move_on:"), "move_on", calendar.add(nudged, n), nudged,
            f"No response {count(n, 'business day')} after your last nudge: focus your efforts elsewhere. "
            f"The application is kept as no response.")
        chain.append(move_on)
        for moment in (next_reply, round_end):
            move_on.cancel_at(moment)
        completions.settle(move_on)
        if closed_on is not None and move_on.status() == "open":
            if move_on.due <= closed_on:
                # It had already gone quiet when the search ended: it stays no response.
                move_on.completed_on, move_on.completed_as = closed_on, "done"
            else:
                move_on.close_from(closed_on)
    return chain


def _call_again(check_in: Candidate, interactions: Sequence[Interaction], calendar: Calendar,
                cancel: date | None) -> None:
    """Nobody answered: the call is due again the next business day (no answer is no contact)."""
    if check_in.status() != "open":
        return
    tries = [i.on for i in interactions
             if i.direction == "out" and i.call == "no_answer" and i.kind in STATUS_KINDS
             and i.on >= check_in.created and (cancel is None or i.on < cancel)]
    if not tries:
        return
    again = calendar.add(max(tries), 1)
    if again > check_in.due:
        check_in.due = again
        check_in.reason += f" Nobody answered on {day(max(tries))}: call again on {day(again)}."


def _respect_gap(
    due: date, why: str, start: date, contacts: Sequence[Interaction], business: Calendar, cadence: Cadence
) -> tuple[date, str]:
    """Never plan a status contact the cadence guard would refuse."""
    # Only contacts made before this link began: the link's own contact must not push it.
    before = [c.on for c in contacts if c.kind in STATUS_KINDS and c.is_contact and c.on <= start]
    if not before:
        return due, why
    earliest = business.add(max(before), cadence.status_gap_business_days)
    if earliest <= due:
        return due, why
    return earliest, why + (f" Kept {count(cadence.status_gap_business_days, 'business day')} after your "
                            f"last status contact on {day(max(before))}.")
