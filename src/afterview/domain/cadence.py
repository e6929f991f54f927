"""The not-pestering guard: enthusiastic, not desperate.

At most `max_status_contacts` status contacts (check-in, final nudge) per
interview round while the employer stays silent, and at least
`status_gap_business_days` business days between two status contacts to the
same company. Thank-you notes and other messages are not status contacts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from afterview.domain.calendars import Calendar
from afterview.domain.model import STATUS_KINDS, Application, Cadence, Interaction
from afterview.domain.wording import count, day


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    reason: str = ""
    # The first day the contact would be allowed; None when only a reply can unlock it.
    earliest: date | None = None


ALLOWED = Verdict(True)


def check_contact(
    app: Application,
    kind: str,
    on: date,
    company_contacts: Iterable[Interaction],
    calendar: Calendar,
    cadence: Cadence,
    call: str | None = None,
) -> Verdict:
    """May the user make an outbound contact of `kind` to `app`'s employer on `on`?

    `company_contacts` are the outbound interactions with the same company across
    all its applications (two roles at one firm share one inbox). `call` is how a
    phone call went: a call nobody answered is no contact and always allowed; a
    second voicemail in one silence is refused, because after one voicemail the
    next status contact is an email, never an endless cycle of messages [004].
    """
    if kind not in STATUS_KINDS or call == "no_answer":
        return ALLOWED
    company_contacts = [c for c in company_contacts if c.is_contact]
    gap = cadence.status_gap_business_days
    # Both directions: a contact logged after the fact must not sit too close to a later one.
    clashes = sorted(
        c.on for c in company_contacts
        if c.kind in STATUS_KINDS and (c.on <= on < calendar.add(c.on, gap) or on <= c.on < calendar.add(on, gap))
    )
    if clashes:
        last = clashes[-1]
        return Verdict(
            False,
            f"you already asked {app.company} about the decision on {day(last)}; leave at least "
            f"{count(gap, 'business day')} between status contacts",
            calendar.add(last, gap),
        )
    silent_since = _silent_since(app, on)
    unanswered = [
        i for i in app.interactions
        if i.direction == "out" and i.kind in STATUS_KINDS and i.is_contact and silent_since <= i.on <= on
    ]
    if call == "voicemail" and not (again := voicemail_verdict(app, on)).allowed:
        return again
    if len(unanswered) >= cadence.max_status_contacts:
        return Verdict(
            False,
            f"you have contacted {app.company} {count(len(unanswered), 'time')} about this round without an "
            f"answer; wait for their reply, or move on",
            None,
        )
    return ALLOWED


def voicemail_verdict(app: Application, on: date) -> Verdict:
    """May the user leave a voicemail on `on`? Not a second one while the employer stays silent [004]."""
    # The silence around `on`, both ways: a call logged after the fact counts as much as one before it.
    silent_since = _silent_since(app, on)
    answers = [i.on for i in app.interactions if i.direction == "in" and i.on > on]
    until = min([*answers, *(i.on for i in app.interviews if i.on > on)], default=None)
    left = [i for i in app.interactions
            if i.direction == "out" and i.call == "voicemail" and i.kind in STATUS_KINDS
            and silent_since <= i.on and (until is None or i.on < until)]
    if not left:
        return ALLOWED
    return Verdict(
        False,
        f"you already left {app.company} a voicemail on {day(left[-1].on)} without an answer; the next "
        f"status contact is an email, not another message",
        None,
    )


def _silent_since(app: Application, on: date) -> date:
    """Start of the current silence: the later of this round's interview and the last reply."""
    rounds = [i.on for i in app.interviews if i.on <= on]
    replies = [i.on for i in app.interactions if i.direction == "in" and i.on <= on]
    starts = rounds + [r for r in replies if not rounds or r >= max(rounds)]
    return max(starts) if starts else date.min
