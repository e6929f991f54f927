"""Rules that must stop, or wait, when the facts say so: reference alerts and offer acknowledgements
that close with the application or the offer, keep-in-touch counted from the last note, and check-ins
that wait for an expected second round or for the employer's time away."""

from __future__ import annotations

import pytest

from afterview.domain.model import AwayPeriod, Dismissal, Outcome, Person, PersonNotes
from tests.support.facts import application, day, interview, only, out, plan_of

GB = {"country": "GB", "subdivision": "ENG"}


def test_accepting_an_offer_closes_the_reference_alerts_of_the_applications_it_withdraws_from() -> None:
    # [000][002][004] alert references; "Accepting an offer ends the search": the others close.
    alpha = application("alpha", interviews=(interview("2026-12-01", "Ann Lee"),),
                        outcome=Outcome("accepted", day("2026-12-16"), day("2026-12-18"), day("2026-12-16")))
    beta = application("beta", interviews=(interview("2026-12-14", "Bob Roe", references_will_be_checked=True),))
    tasks = plan_of(alpha, beta, references=("Grace Liu",), **GB)
    assert only(tasks, "withdraw").application == "beta"
    alert = only(tasks, "alert_references")
    assert (alert.application, alert.status) == ("beta", "cancelled")


@pytest.mark.parametrize("kind", ["rejected", "withdrawn", "declined"])
def test_an_application_that_ended_leaves_no_reference_alert_open(kind: str) -> None:
    outcome = (Outcome(kind, day("2026-12-16"), None, day("2026-12-15")) if kind == "declined"
               else Outcome(kind, day("2026-12-16")))
    beta = application("beta", interviews=(interview("2026-12-14", "Bob Roe", references_will_be_checked=True),),
                       outcome=outcome)
    assert only(plan_of(beta, **GB), "alert_references").status == "cancelled"


def test_a_reference_alert_sent_before_the_application_closed_stays_done() -> None:
    beta = application("beta", interviews=(interview("2026-12-14", "Bob Roe", references_will_be_checked=True),),
                       interactions=(out("2026-12-15", "alert_references", "Ann Ref"),),
                       outcome=Outcome("rejected", day("2026-12-16")))
    assert only(plan_of(beta, **GB), "alert_references").status == "done"


def test_a_pending_offer_keeps_the_reference_alert_open() -> None:
    # An offer is often subject to references: the alert still matters.
    beta = application("beta", interviews=(interview("2026-12-14", "Bob Roe", references_will_be_checked=True),),
                       outcome=Outcome("offer", day("2026-12-16")))
    assert only(plan_of(beta, **GB), "alert_references").status == "open"


@pytest.mark.parametrize("kind", ["accepted", "declined"])
def test_an_answered_offer_closes_its_acknowledgement(kind: str) -> None:
    # "Offer": acknowledge_offer says when to expect your decision [001]; once decided it is moot.
    app = application(interviews=(interview("2026-12-01", "Ann Lee"),),
                      outcome=Outcome(kind, day("2026-12-16"), day("2026-12-18"), day("2026-12-16")))
    assert only(plan_of(app, **GB), "acknowledge_offer").status == "cancelled"


def test_an_acknowledgement_sent_before_the_answer_stays_done() -> None:
    app = application(interviews=(interview("2026-12-01", "Ann Lee"),),
                      interactions=(out("2026-12-14", "acknowledge_offer", "Bob Roe"),),
                      outcome=Outcome("declined", day("2026-12-16"), None, day("2026-12-14")))
    assert only(plan_of(app, **GB), "acknowledge_offer").status == "done"
    pending = application(interviews=(interview("2026-12-01", "Ann Lee"),),
                          outcome=Outcome("offer", day("2026-12-14")))
    assert only(plan_of(pending, **GB), "acknowledge_offer").status == "open"


def test_an_offer_accepted_elsewhere_closes_the_acknowledgement_of_a_pending_one() -> None:
    alpha = application("alpha", interviews=(interview("2026-12-01", "Ann Lee"),),
                        outcome=Outcome("accepted", day("2026-12-16"), None, day("2026-12-10")))
    beta = application("beta", interviews=(interview("2026-12-02", "Bob Roe"),),
                       outcome=Outcome("offer", day("2026-12-16")))
    tasks = plan_of(alpha, beta, **GB)
    assert only(tasks, "withdraw").application == "beta"  # the withdrawal answers beta's offer
    assert {t.application: t.status for t in tasks if t.kind == "acknowledge_offer"}["beta"] == "cancelled"


def kappa(*interactions: object, dismissals: tuple[Dismissal, ...] = ()) -> list:  # type: ignore[type-arg]
    notes = {"Ann Lee": PersonNotes(topics=("the audit",))}
    app = application("kappa", people=(Person("Ann Lee", "hiring_manager", "CFO", "ann@kappa.example"),),
                      interviews=(interview("2026-11-25", "Ann Lee", notes=notes),),
                      interactions=interactions, outcome=Outcome("rejected", day("2026-12-16")))
    return plan_of(app, dismissals=dismissals, **GB)


def test_keep_in_touch_counts_from_the_last_note_sent_not_from_the_rejection() -> None:
    # [000] "every 3 months, counted from the last note sent to them".
    marked = kappa(dismissals=(Dismissal("kappa:thank_you_email:r1:ann-lee", "done", day("2026-11-25")),))
    assert only(marked, "keep_in_touch").due == day("2027-02-25")
    logged = kappa(out("2026-11-26", "thank_you_email", "Ann Lee"))
    assert only(logged, "keep_in_touch").due == day("2027-02-26")
    # A later note to them (the reply to the rejection) counts as the last one.
    replied = kappa(out("2026-11-26", "thank_you_email", "Ann Lee"), out("2026-12-17", "reply_to_rejection", "Ann Lee"))
    assert only(replied, "keep_in_touch").due == day("2027-03-17")
    # Nothing ever sent: counted from the rejection, as before.
    assert only(kappa(), "keep_in_touch").due == day("2027-03-16")


def test_keep_in_touch_after_a_note_then_counts_from_that_note() -> None:
    tasks = kappa(out("2026-11-26", "thank_you_email", "Ann Lee"), out("2027-03-01", "keep_in_touch", "Ann Lee"))
    keep = sorted((t for t in tasks if t.kind == "keep_in_touch"), key=lambda t: t.due)
    assert [(t.due, t.status) for t in keep] == [(day("2027-02-26"), "done"), (day("2027-06-01"), "open")]


def test_keep_in_touch_never_falls_due_before_the_reply_to_the_rejection() -> None:
    app = application("kappa", interviews=(interview("2026-05-04", "Ann Lee"),),
                      interactions=(out("2026-05-04", "thank_you_email", "Ann Lee"),),
                      outcome=Outcome("rejected", day("2026-12-16")))
    tasks = plan_of(app, **GB)
    assert only(tasks, "keep_in_touch").due == only(tasks, "reply_to_rejection").due == day("2026-12-17")


def test_no_decision_check_in_before_the_expected_second_round() -> None:
    # Close of the interview: "whether there are second interviews and when" [000][002][003][004].
    app = application("tailspin", interviews=(interview("2026-12-01", "Oliver Grant",
                                                        second_round_expected=day("2026-12-14")),))
    check_in = only(plan_of(app, **GB), "check_in")
    assert check_in.due == day("2026-12-15")
    assert "second interview on Mon 14 Dec 2026" in check_in.reason
    # A decision date after the second round already waits for it; the employer's own date wins.
    later = application("tailspin", interviews=(interview("2026-12-01", "Oliver Grant",
                                                          second_round_expected=day("2026-12-14"),
                                                          decision_expected=day("2026-12-18")),))
    assert only(plan_of(later, **GB), "check_in").due == day("2026-12-21")


def test_a_check_in_moved_by_time_away_says_until_when() -> None:
    # [000] "they are about to go on holiday": the reason says the check-in waits for their return.
    away = (AwayPeriod(day("2026-12-21"), day("2027-01-03")),)
    by_decision = application(interviews=(interview("2026-12-10", "Jane Doe", decision_expected=day("2026-12-18"),
                                                    employer_away=away),))
    check_in = only(plan_of(by_decision, **GB), "check_in")
    assert check_in.due == day("2027-01-04")
    assert "away from Mon 21 Dec 2026 until Sun 3 Jan 2027" in check_in.reason
    second = application(interviews=(interview("2026-12-01", "Jane Doe", second_round_expected=day("2026-12-18"),
                                               employer_away=away),))
    check_in = only(plan_of(second, **GB), "check_in")
    assert check_in.due == day("2027-01-04") and "until Sun 3 Jan 2027" in check_in.reason
