"""Phone calls: reached, left a voicemail, no answer — and what each means for the plan and the guard."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain import validate
from afterview.domain.cadence import Verdict, check_contact
from afterview.domain.calendars import calendar_for
from afterview.domain.model import Application, Cadence, Interaction
from tests.support.facts import application, day, interview, only, out, plan_of, reply

NY = calendar_for("US", "NY")
FIRST = interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04"))  # check-in due Mon 7 Dec


def call(on: str, outcome: str, kind: str = "check_in") -> Interaction:
    return Interaction(day(on), "out", kind, "Bob Roe", "phone", call=outcome)


def with_facts(*interactions: Interaction) -> Application:
    return application(interviews=(FIRST,), interactions=interactions)


def guard(app: Application, on: str, outcome: str | None = None, kind: str = "check_in") -> Verdict:
    contacts = [i for i in app.interactions if i.direction == "out"]
    return check_contact(app, kind, day(on), contacts, NY, Cadence(), call=outcome)


def test_the_check_in_is_a_call_with_a_script() -> None:
    check_in = only(plan_of(with_facts()), "check_in")
    assert (check_in.channel, check_in.person, check_in.due) == ("phone", "Bob Roe", day("2026-12-07"))


def test_a_voicemail_is_a_status_contact_and_the_next_one_is_an_email() -> None:
    tasks = plan_of(with_facts(call("2026-12-07", "voicemail")))
    assert only(tasks, "check_in").status == "done"
    nudge = only(tasks, "final_nudge")
    assert (nudge.status, nudge.channel, nudge.due) == ("open", "email", day("2026-12-21"))


def test_no_answer_is_no_contact_and_the_call_is_due_again_the_next_business_day() -> None:
    once = only(plan_of(with_facts(call("2026-12-07", "no_answer"))), "check_in")
    assert (once.status, once.due) == ("open", day("2026-12-08"))
    assert "Nobody answered on Mon 7 Dec 2026" in once.reason
    friday = only(plan_of(with_facts(call("2026-12-07", "no_answer"), call("2026-12-11", "no_answer"))), "check_in")
    assert (friday.status, friday.due) == ("open", day("2026-12-14"))
    assert "final_nudge" not in {t.kind for t in plan_of(with_facts(call("2026-12-07", "no_answer")))}


def test_no_answer_before_the_due_day_does_not_move_the_call_earlier() -> None:
    early = only(plan_of(with_facts(call("2026-11-30", "no_answer"))), "check_in")
    assert early.due == day("2026-12-07")


def test_reached_with_a_new_date_plans_a_new_check_in_like_a_reply() -> None:
    said = Interaction(day("2026-12-07"), "in", "reply", "Bob Roe", "phone", day("2026-12-14"),
                       note="Still interviewing; they decide next Monday")
    tasks = plan_of(with_facts(call("2026-12-07", "reached"), said))
    checks = sorted((t for t in tasks if t.kind == "check_in"), key=lambda t: t.created)
    assert [(t.status, t.due) for t in checks] == [("done", day("2026-12-07")), ("open", day("2026-12-15"))]
    assert "call on Mon 7 Dec 2026" in checks[1].reason
    assert only(tasks, "final_nudge").status == "cancelled"


def test_the_guard_ignores_calls_nobody_answered() -> None:
    app = with_facts(call("2026-12-07", "no_answer"))
    assert guard(app, "2026-12-08", "voicemail").allowed
    assert guard(app, "2026-12-07", "no_answer").allowed
    left = with_facts(call("2026-12-07", "voicemail"))
    assert guard(left, "2026-12-08", "no_answer").allowed  # trying again is no contact


def test_after_one_voicemail_the_guard_refuses_another_and_allows_the_email() -> None:
    app = with_facts(call("2026-12-07", "voicemail"))
    refused = guard(app, "2026-12-21", "voicemail", kind="final_nudge")
    assert not refused.allowed and refused.earliest is None
    assert "voicemail" in refused.reason and "email" in refused.reason
    assert guard(app, "2026-12-21", None, kind="final_nudge").allowed
    too_soon = guard(app, "2026-12-09", "voicemail")
    assert not too_soon.allowed and too_soon.earliest == day("2026-12-14")


def test_a_reply_after_the_voicemail_lets_the_user_call_again() -> None:
    app = with_facts(call("2026-12-07", "voicemail"), reply("2026-12-08", "Bob Roe", decision="2026-12-18"))
    assert guard(app, "2026-12-21", "voicemail").allowed


def test_a_reached_call_resets_the_count_of_unanswered_contacts() -> None:
    answered = Interaction(day("2026-12-07"), "in", "reply", "Bob Roe", "phone")
    app = with_facts(out("2026-11-30", "check_in", "Bob Roe"), call("2026-12-07", "reached"), answered)
    assert guard(app, "2026-12-14", "voicemail").allowed
    assert date(2026, 12, 14) == NY.add(day("2026-12-07"), 5)


def test_the_facts_check_refuses_an_unknown_call_outcome_and_an_overlong_note() -> None:
    validate.application(with_facts(call("2026-12-07", "voicemail")))
    with pytest.raises(validate.Invalid, match="'maybe' is not a call outcome"):
        validate.application(with_facts(call("2026-12-07", "maybe")))
    long_note = Interaction(day("2026-12-07"), "out", "check_in", "Bob Roe", "phone", call="voicemail", note="x" * 2001)
    with pytest.raises(validate.Invalid, match="at most 2,000"):
        validate.application(with_facts(long_note))
