"""The not-pestering guard: enthusiastic, not desperate."""

from __future__ import annotations

from datetime import date

from afterview.domain.cadence import check_contact
from afterview.domain.calendars import calendar_for
from afterview.domain.model import Application, Cadence
from tests.support.facts import application, day, interview, out, reply

NY = calendar_for("US", "NY")


def verdict(app: Application, kind: str, on: str):  # type: ignore[no-untyped-def]
    contacts = [i for i in app.interactions if i.direction == "out"]
    return check_contact(app, kind, day(on), contacts, NY, Cadence())


def test_two_status_contacts_need_five_business_days_between_them() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),),
                      interactions=(out("2026-12-07", "check_in", "Bob Roe"),))
    refused = verdict(app, "final_nudge", "2026-12-11")
    assert not refused.allowed and refused.earliest == day("2026-12-14")
    assert "Mon 7 Dec 2026" in refused.reason
    assert verdict(app, "final_nudge", "2026-12-14").allowed


def test_thank_you_notes_are_not_status_contacts() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", "Bob Roe"),),
                      interactions=(out("2026-11-25", "thank_you_email", "Jane Doe"),
                                    out("2026-11-25", "check_in", "Bob Roe")))
    assert verdict(app, "thank_you_email", "2026-11-25").allowed
    assert not verdict(app, "check_in", "2026-11-26").allowed


def test_at_most_two_unanswered_status_contacts_per_round() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),),
                      interactions=(out("2026-12-07", "check_in", "Bob Roe"),
                                    out("2026-12-21", "final_nudge", "Bob Roe")))
    third = verdict(app, "check_in", "2027-01-15")
    assert not third.allowed and third.earliest is None
    assert "wait for their reply" in third.reason


def test_a_reply_resets_the_count_but_not_the_gap() -> None:
    base = application(interviews=(interview("2026-11-25", "Jane Doe"),),
                       interactions=(out("2026-12-07", "check_in", "Bob Roe"),
                                     out("2026-12-21", "final_nudge", "Bob Roe"), reply("2026-12-22")))
    assert not verdict(base, "check_in", "2026-12-23").allowed  # within 5 business days of Dec 21
    assert verdict(base, "check_in", "2027-01-15").allowed


def test_the_gap_spans_applications_to_the_same_company() -> None:
    first = application("acme-analyst", company="Acme", interviews=(interview("2026-11-25", "Jane Doe"),),
                        interactions=(out("2026-12-07", "check_in", "Bob Roe"),))
    second = application("acme-clerk", company="Acme", interviews=(interview("2026-11-26", "Jane Doe"),))
    contacts = [i for a in (first, second) for i in a.interactions]
    refused = check_contact(second, "check_in", date(2026, 12, 9), contacts, NY, Cadence())
    assert not refused.allowed and refused.earliest == day("2026-12-14")
