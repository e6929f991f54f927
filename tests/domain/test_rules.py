"""Every rule of the playbook, held to its exact dates in real calendars."""

from __future__ import annotations

import pytest

from afterview.domain.model import AwayPeriod, Cadence, Dismissal, FollowUp, Outcome, Person, PersonNotes
from afterview.domain.pipeline import keep_searching
from tests.support.facts import application, day, interview, kinds, only, out, plan_of, reply

# ---- the thank-you notes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "subdivision", "on", "deadline"),
    [("US", "NY", "2026-11-25", "2026-11-30"), ("GB", "ENG", "2026-12-24", "2026-12-30"),
     ("DE", "BY", "2026-06-03", "2026-06-08"), ("DE", "BE", "2026-06-03", "2026-06-05"),
     ("IL", None, "2026-11-19", "2026-11-23")],
)
def test_a_thank_you_to_each_interviewer_within_two_business_days(
        country: str, subdivision: str | None, on: str, deadline: str) -> None:
    app = application(country=country, subdivision=subdivision,
                      interviews=(interview(on, "Jane Doe", "Bob Roe"),))
    tasks = plan_of(app)
    for name in ("Jane Doe", "Bob Roe"):
        note = only(tasks, "thank_you_email", name)
        assert (note.due, note.deadline, note.channel, note.status) == (day(on), day(deadline), "email", "open")
    assert only(tasks, "debrief").due == day(on)


def test_the_employer_calendar_defaults_to_the_profile() -> None:
    app = application(interviews=(interview("2026-06-03", "Jane Doe"),))
    assert only(plan_of(app, country="DE", subdivision="BY"), "thank_you_email").deadline == day("2026-06-08")


def test_cards_only_when_the_user_sends_cards() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),))
    assert "thank_you_card" not in kinds(plan_of(app))
    card = only(plan_of(app, send_cards=True), "thank_you_card")
    assert (card.due, card.deadline, card.channel) == (day("2026-11-27"), day("2026-11-30"), "card")


def test_a_sent_thank_you_completes_only_that_persons_task() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", "Bob Roe"),),
                      interactions=(out("2026-11-25", "thank_you_email", "Jane Doe", "email"),))
    tasks = plan_of(app)
    assert only(tasks, "thank_you_email", "Jane Doe").status == "done"
    assert only(tasks, "thank_you_email", "Bob Roe").status == "open"


def test_a_contact_before_the_task_existed_does_not_complete_it() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),),
                      interactions=(out("2026-11-20", "thank_you_email", "Jane Doe"),))
    assert only(plan_of(app), "thank_you_email").status == "open"


def test_not_interested_keeps_the_thank_you_and_drops_the_check_ins() -> None:
    app = application(interested=False, interviews=(interview("2026-11-25", "Jane Doe"),))
    tasks = plan_of(app)
    assert "thank_you_email" in kinds(tasks)
    assert not {"check_in", "final_nudge", "move_on"} & set(kinds(tasks))


# ---- referrer, references, agency ------------------------------------------------------------------


def test_the_referrer_is_thanked_once_the_day_after_the_first_interview() -> None:
    people = (Person("Jane Doe"), Person("Rita Ref", "referrer"), Person("Bob Roe", "hiring_manager"))
    app = application(source="referral", people=people,
                      interviews=(interview("2026-11-25", "Jane Doe"),
                                  interview("2026-12-09", "Bob Roe", round=2)))
    thanks = only(plan_of(app), "thank_referrer")
    assert (thanks.due, thanks.person) == (day("2026-11-27"), "Rita Ref")


@pytest.mark.parametrize(
    ("fields", "round_", "expected"),
    [({"references_will_be_checked": True}, 1, True), ({"chances": "high"}, 1, True), ({}, 2, True),
     ({"chances": "medium"}, 1, False), ({}, 1, False)],
)
def test_references_are_alerted_when_a_call_is_likely(fields: dict[str, object], round_: int, expected: bool) -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", round=round_, **fields),))
    tasks = [t for t in plan_of(app, references=("Ann Ref", "Carl Ref")) if t.kind == "alert_references"]
    assert bool(tasks) is expected
    if expected:
        assert {(t.person, t.due) for t in tasks} == {("Ann Ref", day("2026-11-27")), ("Carl Ref", day("2026-11-27"))}
        assert "Acme" in tasks[0].reason


def test_agency_check_ins_go_to_the_agent_who_is_asked_for_contacts() -> None:
    people = (Person("Tom Agent", "agent", email="tom@agency.example"), Person("Jane Doe"),
              Person("Bob Roe", "hiring_manager"))
    app = application(source="agency", people=people, interviews=(interview("2026-11-25", "Jane Doe"),))
    tasks = plan_of(app)
    assert only(tasks, "check_in").person == "Tom Agent"
    ask = only(tasks, "ask_agent_for_contacts")
    assert (ask.person, ask.due) == ("Tom Agent", day("2026-11-25"))


def test_no_request_for_contacts_when_every_interviewer_has_an_email() -> None:
    people = (Person("Tom Agent", "agent"), Person("Jane Doe", email="jane@acme.example"))
    app = application(source="agency", people=people, interviews=(interview("2026-11-25", "Jane Doe"),))
    assert "ask_agent_for_contacts" not in kinds(plan_of(app))


# ---- the check-in chain ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "due", "channel", "person"),
    [
        ({"follow_up": FollowUp(day("2026-12-02"), "email", "Jane Doe"), "decision_expected": day("2026-12-10")},
         "2026-12-02", "email", "Jane Doe"),
        ({"decision_expected": day("2026-12-04")}, "2026-12-07", "phone", "Bob Roe"),
        ({}, "2026-12-02", "phone", "Bob Roe"),
    ],
    ids=["employer-said-when", "after-the-decision-date", "a-week-later"],
)
def test_check_in_date_first_match_wins(fields: dict[str, object], due: str, channel: str, person: str) -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", **fields),))
    check_in = only(plan_of(app), "check_in")
    assert (check_in.due, check_in.channel, check_in.person) == (day(due), channel, person)


@pytest.mark.parametrize(
    ("country", "subdivision", "on", "due"),
    [("US", "NY", "2026-11-19", "2026-11-27"), ("US", "NY", "2026-11-20", "2026-11-27"),
     ("IL", None, "2026-11-15", "2026-11-22"), ("IL", None, "2026-11-13", "2026-11-22")],
    ids=["thanksgiving-moves-it", "plain-week", "israeli-sunday", "israeli-friday-moves-it"],
)
def test_a_week_later_moves_to_the_next_business_day(country: str, subdivision: str | None, on: str,
                                                     due: str) -> None:
    app = application(country=country, subdivision=subdivision, interviews=(interview(on, "Jane Doe"),))
    assert only(plan_of(app), "check_in").due == day(due)


def test_time_away_pushes_the_check_in_past_it() -> None:
    away = (AwayPeriod(day("2026-12-21"), day("2027-01-01")),)
    by_decision = application(interviews=(interview("2026-12-10", "Jane Doe", decision_expected=day("2026-12-18"),
                                                    employer_away=away),))
    assert only(plan_of(by_decision), "check_in").due == day("2027-01-04")
    a_week_later = application(interviews=(interview("2026-12-16", "Jane Doe", employer_away=away),))
    check_in = only(plan_of(a_week_later), "check_in")
    assert check_in.due == day("2027-01-04")
    assert "time away" in check_in.reason


def test_check_in_then_final_nudge_then_move_on() -> None:
    first = application(interviews=(interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04")),))
    assert kinds(plan_of(first), "open").count("final_nudge") == 0
    checked = application(interviews=first.interviews,
                          interactions=(out("2026-12-07", "check_in", "Bob Roe", "phone"),))
    nudge = only(plan_of(checked), "final_nudge")
    assert (nudge.due, nudge.channel, nudge.person, nudge.status) == (day("2026-12-21"), "email", "Bob Roe", "open")
    nudged = application(interviews=first.interviews,
                         interactions=(*checked.interactions, out("2026-12-21", "final_nudge", "Bob Roe")))
    move_on = only(plan_of(nudged), "move_on")
    assert (move_on.due, move_on.status) == (day("2027-01-06"), "open")


def test_the_final_nudge_counts_on_the_decision_calendar() -> None:
    away = (AwayPeriod(day("2026-12-14"), day("2026-12-18")),)
    app = application(interviews=(interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04"),
                                            employer_away=away),),
                      interactions=(out("2026-12-07", "check_in", "Bob Roe"),))
    # Dec 8–11 (4), away Dec 14–18, Dec 21–24 (8), Christmas, Dec 28 (9), Dec 29 (10).
    assert only(plan_of(app), "final_nudge").due == day("2026-12-29")


def test_a_reply_cancels_the_chain_and_a_new_date_plans_a_new_check_in() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04")),),
                      interactions=(reply("2026-12-01", "Bob Roe", decision="2026-12-10"),))
    tasks = plan_of(app)
    checks = sorted((t for t in tasks if t.kind == "check_in"), key=lambda t: t.due)
    assert [(t.due, t.status) for t in checks] == [(day("2026-12-07"), "cancelled"), (day("2026-12-11"), "open")]
    assert "Tue 1 Dec 2026" in checks[1].reason


def test_a_reply_after_the_check_in_cancels_the_nudge_but_keeps_the_check_in_done() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04")),),
                      interactions=(out("2026-12-07", "check_in", "Bob Roe"), reply("2026-12-08")))
    tasks = plan_of(app)
    assert only(tasks, "check_in").status == "done"
    assert only(tasks, "final_nudge").status == "cancelled"


def test_a_later_round_cancels_the_earlier_rounds_open_check_in() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),
                                  interview("2026-12-01", "Bob Roe", round=2, decision_expected=day("2026-12-11"))))
    tasks = plan_of(app)
    statuses = {t.id: t.status for t in tasks if t.kind == "check_in"}
    assert statuses == {"acme:check_in:r1": "cancelled", "acme:check_in:r2": "open"}
    assert [t.due for t in tasks if t.id == "acme:check_in:r2"] == [day("2026-12-14")]


def test_a_new_check_in_keeps_five_business_days_from_the_last_status_contact() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", decision_expected=day("2026-12-04")),),
                      interactions=(out("2026-12-07", "check_in", "Bob Roe"),
                                    reply("2026-12-07", decision="2026-12-08")))
    second = next(t for t in plan_of(app) if t.id == "acme:check_in:r1:2026-12-07")
    assert second.due == day("2026-12-14")


# ---- offers, rejections, the other applications ---------------------------------------------------


def test_an_offer_is_acknowledged_and_decided_within_two_business_days() -> None:
    app = application(interviews=(interview("2026-11-20", "Jane Doe"),),
                      outcome=Outcome("offer", day("2026-11-25")))
    tasks = plan_of(app)
    acknowledge = only(tasks, "acknowledge_offer")
    assert (acknowledge.due, acknowledge.deadline) == (day("2026-11-25"), day("2026-11-27"))
    assert only(tasks, "decide_offer").due == day("2026-11-30")
    assert only(tasks, "check_in").status == "cancelled"


def test_the_employers_earlier_deadline_wins() -> None:
    app = application(interviews=(interview("2026-11-20", "Jane Doe"),),
                      outcome=Outcome("offer", day("2026-11-30"), deadline=day("2026-12-01")))
    assert only(plan_of(app), "decide_offer").due == day("2026-12-01")


def test_leverage_goes_to_other_applications_at_interview_stage_only() -> None:
    offer = application("umbrella", interviews=(interview("2026-11-10", "Jane Doe"),),
                        outcome=Outcome("offer", day("2026-11-25")))
    interviewing = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    only_applied = application("wayne")
    tasks = plan_of(offer, interviewing, only_applied)
    leverage = only(tasks, "leverage")
    assert (leverage.application, leverage.due, leverage.person) == ("acme", day("2026-11-27"), "Bob Roe")
    assert "ultimatum" in leverage.reason


def test_accepting_an_offer_withdraws_from_the_rest_and_declining_writes_a_letter() -> None:
    accepted = application("umbrella", interviews=(interview("2026-11-10", "Jane Doe"),),
                           outcome=Outcome("accepted", day("2026-11-27"), offered_on=day("2026-11-25")))
    other = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    rejected = application("stark", interviews=(interview("2026-11-02", "Jane Doe"),),
                           outcome=Outcome("rejected", day("2026-11-12")))
    tasks = plan_of(accepted, other, rejected)
    withdraw = only(tasks, "withdraw")
    assert (withdraw.application, withdraw.due) == ("acme", day("2026-11-27"))
    assert only(tasks, "decide_offer").status == "done"
    assert "leverage" not in kinds(tasks)  # never written while the offer was pending: no trace
    declined = application("umbrella", interviews=(interview("2026-11-10", "Jane Doe"),),
                           outcome=Outcome("declined", day("2026-11-27"), offered_on=day("2026-11-25")))
    letter = only(plan_of(declined), "decline_offer")
    assert (letter.due, letter.person) == (day("2026-11-27"), "Bob Roe")


def test_a_rejection_gets_a_gracious_reply_a_reapply_reminder_and_keep_in_touch_notes() -> None:
    notes = {"Jane Doe": PersonNotes(topics=("the data team",))}
    app = application(interviews=(interview("2026-11-10", "Jane Doe", "Bob Roe", notes=notes),),
                      outcome=Outcome("rejected", day("2026-11-20")),
                      interactions=(out("2027-02-22", "keep_in_touch", "Jane Doe"),))
    tasks = plan_of(app)
    assert only(tasks, "reply_to_rejection").due == day("2026-11-23")
    assert only(tasks, "reapply").due == day("2027-05-20")
    keep = sorted((t for t in tasks if t.kind == "keep_in_touch"), key=lambda t: t.due)
    assert [(t.person, t.due, t.status) for t in keep] == [
        ("Jane Doe", day("2027-02-22"), "done"), ("Jane Doe", day("2027-05-24"), "open")]
    assert only(tasks, "check_in").status == "cancelled"


def test_reapply_lands_on_a_business_day() -> None:
    app = application(interviews=(interview("2026-08-20", "Jane Doe"),),
                      outcome=Outcome("rejected", day("2026-08-31")))
    assert only(plan_of(app), "reapply").due == day("2027-03-01")


def test_keep_searching_is_due_monday_while_the_pipeline_is_short() -> None:
    weekly = keep_searching(day("2026-11-25"), 2, 5, False, None)
    assert weekly is not None and (weekly.due, weekly.id) == (day("2026-11-23"), "keep_searching:2026-W48")
    assert keep_searching(day("2026-11-25"), 5, 5, False, None) is None
    assert keep_searching(day("2026-11-25"), 0, 5, True, None) is None
    again = keep_searching(day("2026-11-25"), 2, 5, False, "skipped")
    assert again is not None and again.status == "skipped"


def test_dismissals_complete_solo_tasks() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),))
    done = Dismissal("acme:debrief:r1", "done", day("2026-11-25"))
    tasks = plan_of(app, dismissals=(done,))
    assert only(tasks, "debrief").status == "done"


def test_custom_cadence_numbers_are_used() -> None:
    app = application(interviews=(interview("2026-11-16", "Jane Doe"),))
    tasks = plan_of(app, cadence=Cadence(thank_you_business_days=1, check_in_calendar_days=14))
    assert only(tasks, "thank_you_email", "Jane Doe").deadline == day("2026-11-17")
    assert only(tasks, "check_in").due == day("2026-11-30")
