"""Offers and endings: leverage only while it can help; accepting an offer ends the whole search."""

from __future__ import annotations

from afterview.domain.model import Outcome, Person, Task
from afterview.domain.status_chain import decision_date
from tests.support.facts import application, day, interview, kinds, only, out, plan_of, reply

STATUS = {"check_in", "final_nudge", "move_on", "leverage", "reapply", "decide_offer"}


def open_of(tasks: list[Task], app_id: str | None = None) -> set[str]:
    return {t.kind for t in tasks if t.status == "open" and (app_id is None or t.application == app_id)}


# ---- leverage -------------------------------------------------------------------------------------

def offer(app_id: str, offered: str, *, resolved: str | None = None, kind: str = "offer",
          deadline: str | None = None) -> object:
    outcome = (Outcome("offer", day(offered), day(deadline) if deadline else None) if resolved is None
               else Outcome(kind, day(resolved), day(deadline) if deadline else None, day(offered)))
    return application(app_id, interviews=(interview("2026-11-10", "Jane Doe"),), outcome=outcome)


def test_leverage_while_the_offer_is_pending_names_its_deadline() -> None:
    acme = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    leverage = only(plan_of(offer("umbrella", "2026-11-25", deadline="2026-12-04"), acme), "leverage")
    assert (leverage.status, leverage.due, leverage.deadline) == ("open", day("2026-11-27"), day("2026-12-04"))
    assert "Fri 4 Dec 2026" in leverage.reason and "ultimatum" in leverage.reason


def test_an_answered_offer_leaves_no_leverage_unless_it_was_written() -> None:
    acme = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    for kind in ("accepted", "declined"):
        assert "leverage" not in kinds(plan_of(offer("umbrella", "2026-11-25", resolved="2026-11-30", kind=kind),
                                               acme)), kind
    written = application("acme", interviews=acme.interviews,
                          interactions=(out("2026-11-27", "leverage", "Bob Roe"),))
    tasks = plan_of(offer("umbrella", "2026-11-25", resolved="2026-11-30", kind="declined"), written)
    assert only(tasks, "leverage").status == "done"


def test_no_leverage_for_an_application_closed_since_the_offer() -> None:
    rejected = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),),
                           outcome=Outcome("rejected", day("2026-11-26")))
    not_interested = application("wayne", interested=False, interviews=(interview("2026-11-18", "Jane Doe"),))
    assert "leverage" not in kinds(plan_of(offer("umbrella", "2026-11-25"), rejected, not_interested))


def test_no_leverage_for_an_application_that_went_quiet_before_the_offer() -> None:
    quiet = application("acme", interviews=(interview("2026-10-01", "Jane Doe"),),
                        interactions=(out("2026-10-09", "check_in", "Bob Roe"),
                                      out("2026-10-23", "final_nudge", "Bob Roe")))
    tasks = plan_of(offer("umbrella", "2026-11-25"), quiet)
    assert only(tasks, "move_on").due == day("2026-11-09")  # Election Day is a New York holiday
    assert "leverage" not in kinds(tasks)


def test_one_leverage_note_open_at_a_time_however_many_offers() -> None:
    acme = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    offers = [offer(f"umbrella-{n}", f"2026-11-{20 + n}") for n in range(1, 5)]
    tasks = plan_of(*offers, acme)  # type: ignore[arg-type]
    assert [t.id for t in tasks if t.kind == "leverage"] == ["acme:leverage:umbrella-1"]
    sent = application("acme", interviews=acme.interviews, interactions=(out("2026-11-23", "leverage", "Bob Roe"),))
    tasks = plan_of(*offers, sent)  # type: ignore[arg-type]
    assert [(t.id, t.status) for t in tasks if t.kind == "leverage"] == [
        ("acme:leverage:umbrella-1", "done"), ("acme:leverage:umbrella-2", "open")]


# ---- accepting an offer ends the search ----------------------------------------------------------

def ended_search() -> list[Task]:
    people = (Person("Jane Doe"), Person("Bob Roe", "hiring_manager"), Person("Rita Ref", "referrer"))
    umbrella = application("umbrella", people=people, source="referral",
                           interviews=(interview("2026-11-10", "Jane Doe"),
                                       interview("2026-11-17", "Bob Roe", round=2)),
                           interactions=(out("2026-11-18", "alert_references", "Ann Ref"),),
                           outcome=Outcome("accepted", day("2026-12-04"), None, day("2026-12-01")))
    acme = application("acme", people=(*people[:2], Person("Sam Ref", "referrer")), source="referral",
                       interviews=(interview("2026-11-18", "Jane Doe", decision_expected=day("2026-12-02")),))
    stark = application("stark", interviews=(interview("2026-11-19", "Jane Doe"),),
                        interactions=(reply("2026-12-08", "Bob Roe", decision="2026-12-18"),))
    wayne = application("wayne", interviews=(interview("2026-10-20", "Jane Doe"),),
                        outcome=Outcome("rejected", day("2026-10-30")))
    quiet = application("globex", interviews=(interview("2026-10-01", "Jane Doe"),),
                        interactions=(out("2026-10-09", "check_in", "Bob Roe"),
                                      out("2026-10-23", "final_nudge", "Bob Roe")))
    applied = application("initech", applied_on=day("2026-11-30"))
    later = application("hooli", applied_on=day("2026-12-20"))
    return plan_of(umbrella, acme, stark, wayne, quiet, applied, later, references=("Ann Ref", "Carl Ref"))


def test_a_search_that_ends_with_an_accepted_offer_leaves_no_open_status_task_anywhere() -> None:
    tasks = ended_search()
    assert not open_of(tasks) & STATUS, [t.id for t in tasks if t.status == "open" and t.kind in STATUS]
    # A reply after the acceptance plans no new check-in.
    assert not [t for t in tasks if t.application == "stark" and t.created > day("2026-12-04")
                and t.kind == "check_in"]


def test_every_other_active_application_gets_one_withdrawal_note() -> None:
    tasks = ended_search()
    withdrawals = {t.application: (t.due, t.deadline, t.status) for t in tasks if t.kind == "withdraw"}
    expected = (day("2026-12-04"), day("2026-12-07"), "open")
    # Not the rejected one, not the one that went quiet, not one begun after the new job.
    assert withdrawals == {"acme": expected, "stark": expected, "initech": expected}


def test_the_quiet_application_stays_no_response_and_the_rejection_keeps_its_long_term_tasks() -> None:
    tasks = ended_search()
    assert only([t for t in tasks if t.application == "globex"], "move_on").status == "done"
    wayne = [t for t in tasks if t.application == "wayne"]
    assert only(wayne, "reapply").status == "cancelled"
    assert only(wayne, "keep_in_touch", "Jane Doe").status == "open"
    assert only(wayne, "reply_to_rejection").status == "open"


def test_the_referrers_and_the_alerted_references_hear_how_it_ended() -> None:
    shares = {(t.application, t.person): t for t in ended_search() if t.kind == "share_outcome"}
    assert set(shares) == {("umbrella", "Rita Ref"), ("umbrella", "Ann Ref"), ("acme", "Sam Ref")}
    assert {t.due for t in shares.values()} == {day("2026-12-07")}
    assert "Umbrella" in shares[("acme", "Sam Ref")].reason and "Acme" in shares[("acme", "Sam Ref")].reason
    assert shares[("umbrella", "Ann Ref")].id == "umbrella:share_outcome:reference:ann-ref"


def test_a_rejection_closes_the_status_tasks_and_keeps_the_long_term_ones() -> None:
    app = application(interviews=(interview("2026-11-10", "Jane Doe"),),
                      interactions=(out("2026-11-18", "check_in", "Bob Roe"),),
                      outcome=Outcome("rejected", day("2026-11-25")))
    tasks = plan_of(app)
    assert only(tasks, "check_in").status == "done"
    assert only(tasks, "final_nudge").status == "cancelled"
    assert open_of(tasks) == {"reply_to_rejection", "reapply", "keep_in_touch", "thank_you_email", "debrief"}


def test_a_pending_offer_elsewhere_is_answered_by_the_withdrawal() -> None:
    accepted = offer("umbrella", "2026-11-25", resolved="2026-11-30", kind="accepted")
    pending = offer("acme", "2026-11-26")
    tasks = plan_of(accepted, pending)
    acme = [t for t in tasks if t.application == "acme"]
    assert only(acme, "decide_offer").status == "cancelled"
    assert only(acme, "withdraw").status == "open"


# ---- the latest decision date on file ----------------------------------------------------------

def test_a_replys_newer_decision_date_beats_the_interviews() -> None:
    first = interview("2026-11-18", "Jane Doe", decision_expected=day("2026-12-02"))
    app = application(interviews=(first,), interactions=(reply("2026-11-30", decision="2026-12-11"),
                                                         reply("2026-12-01")))
    assert decision_date(app, first) == day("2026-12-11")
    assert decision_date(app, first, before=day("2026-11-30")) == day("2026-12-02")
    dated = application(interviews=(first,), interactions=app.interactions[:1])
    open_check_in = next(t for t in plan_of(dated) if t.kind == "check_in" and t.status == "open")
    assert "Fri 11 Dec 2026" in open_check_in.reason and "Wed 2 Dec" not in open_check_in.reason
