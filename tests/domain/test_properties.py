"""Invariants of the plan over many generated job searches."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.cadence import check_contact
from afterview.domain.calendars import calendar_for
from afterview.domain.model import (
    Application,
    AwayPeriod,
    Cadence,
    FollowUp,
    Interaction,
    Interview,
    JobSearch,
    Outcome,
    Person,
    Profile,
    Reference,
)
from afterview.domain.playbook import derive_plan

PLACES = [("US", "NY"), ("GB", "ENG"), ("DE", "BY"), ("IL", None)]
PEOPLE = (Person("Jane Doe"), Person("Bob Roe", "hiring_manager"), Person("Tom Agent", "agent"))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30))
offsets = st.integers(min_value=0, max_value=40)


@st.composite
def applications(draw: st.DrawFn, index: int) -> Application:
    first = draw(days)
    rounds = draw(st.integers(min_value=0, max_value=3))
    interviews = []
    on = first
    for number in range(1, rounds + 1):
        on = on + timedelta(days=draw(offsets))
        away = ()
        if draw(st.booleans()):
            start = on + timedelta(days=draw(offsets))
            away = (AwayPeriod(start, start + timedelta(days=draw(st.integers(0, 20)))),)
        follow_up = FollowUp(on + timedelta(days=draw(offsets)), "email", "Jane Doe") if draw(st.booleans()) else None
        decision = on + timedelta(days=draw(offsets)) if draw(st.booleans()) else None
        interviews.append(Interview(on=on, round=number, interviewers=("Jane Doe", "Bob Roe"),
                                    decision_expected=decision, follow_up=follow_up, employer_away=away,
                                    chances=draw(st.sampled_from([None, "low", "high"]))))
    interactions = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["check_in", "final_nudge", "thank_you_email", "reply", "keep_in_touch"]))
        when = first + timedelta(days=draw(st.integers(0, 120)))
        direction = "in" if kind == "reply" else "out"
        decision = when + timedelta(days=draw(offsets)) if direction == "in" and draw(st.booleans()) else None
        interactions.append(Interaction(when, direction, kind, "Bob Roe", None, decision))
    outcome = None
    if interviews and draw(st.booleans()):
        kind = draw(st.sampled_from(["offer", "rejected", "withdrawn", "accepted", "declined"]))
        outcome = Outcome(kind, on + timedelta(days=draw(offsets)), None,
                          on if kind in ("accepted", "declined") else None)
    country, subdivision = draw(st.sampled_from(PLACES))
    return Application(id=f"app{index}", company=f"Company {index % 3}", country=country, subdivision=subdivision,
                       source=draw(st.sampled_from(["direct", "referral", "agency"])),
                       interested=draw(st.booleans()), people=PEOPLE, interviews=tuple(interviews),
                       interactions=tuple(sorted(interactions, key=lambda i: i.on)), outcome=outcome)


@st.composite
def searches(draw: st.DrawFn) -> JobSearch:
    count = draw(st.integers(min_value=1, max_value=4))
    apps = tuple(draw(applications(n)) for n in range(count))
    return JobSearch(Profile(country="US", subdivision="NY", send_cards=draw(st.booleans())),
                     (Reference("Ann Ref"),), apps)


@settings(max_examples=150, deadline=None)
@given(searches())
def test_no_task_is_due_before_its_interview(search: JobSearch) -> None:
    first_interview = {a.id: min((i.on for i in a.interviews), default=None) for a in search.applications}
    for task in derive_plan(search):
        start = first_interview[task.application or ""]
        if start is not None and task.kind not in ("leverage", "withdraw"):
            assert task.due >= start, task


@settings(max_examples=150, deadline=None)
@given(searches())
def test_thank_you_deadlines_are_at_most_two_business_days_out(search: JobSearch) -> None:
    apps = {a.id: a for a in search.applications}
    for task in derive_plan(search):
        if task.kind in ("thank_you_email", "thank_you_card"):
            app = apps[task.application or ""]
            calendar = calendar_for(app.country or "US", app.subdivision)
            interview_day = task.created
            assert task.deadline is not None
            assert task.deadline <= calendar.add(interview_day, 2)
            assert task.due <= task.deadline


@settings(max_examples=100, deadline=None)
@given(searches())
def test_plans_are_deterministic_and_ids_unique(search: JobSearch) -> None:
    first, second = derive_plan(search), derive_plan(search)
    assert first == second
    ids = [t.id for t in first]
    assert len(ids) == len(set(ids))


@settings(max_examples=200, deadline=None)
@given(applications(0), st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=8))
def test_the_guard_never_allows_two_status_contacts_within_five_business_days(
        app: Application, steps: list[int]) -> None:
    calendar = calendar_for(app.country or "US", app.subdivision)
    current = replace(app, interactions=tuple(i for i in app.interactions if i.direction == "in"))
    start = min((i.on for i in app.interviews), default=date(2026, 1, 5))
    for step in steps:  # in any order: people log contacts after the fact too
        on = start + timedelta(days=step)
        contacts = [i for i in current.interactions if i.direction == "out"]
        if check_contact(current, "check_in", on, contacts, calendar, Cadence()).allowed:
            current = replace(current, interactions=(*current.interactions, Interaction(on, "out", "check_in")))
    made = sorted(i.on for i in current.interactions if i.direction == "out")
    for earlier, later in itertools.pairwise(made):
        assert later >= calendar.add(earlier, 5), (earlier, later)


# ---- ids and size at any scale -------------------------------------------------------------------

# Names chosen to collide under a naive slug: punctuation, case, spacing, and scripts with no ASCII.
HOSTILE = ("Ann Lee", "Ann-Lee", "ann lee", "ANN  LEE", "Иван Петров", "Мария Иванова", "李雷", "韩梅梅",
           "José Núñez", "Jose Nunez", "O'Neil", "O Neil", "!!!", "???")


@st.composite
def crowded_application(draw: st.DrawFn, index: int) -> Application:
    """An application with look-alike names, several events a day, and often an offer of its own."""
    first = date(2026, 3, 2) + timedelta(days=draw(st.integers(0, 60)))
    people = tuple(Person(n, draw(st.sampled_from(["interviewer", "referrer", "hiring_manager"])))
                   for n in dict.fromkeys(draw(st.lists(st.sampled_from(HOSTILE), max_size=5))))
    interviews = []
    for number in range(1, draw(st.integers(0, 2)) + 1):
        on = first + timedelta(days=7 * (number - 1))
        names = tuple(draw(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4)))
        interviews.append(Interview(on=on, round=number, interviewers=names, chances="high"))
    interactions = []
    for _ in range(draw(st.integers(0, 5))):
        on = first + timedelta(days=draw(st.integers(0, 30)))
        if draw(st.booleans()):
            interactions.append(Interaction(on, "in", "reply", None, "email", on + timedelta(days=7)))
        else:
            kind = draw(st.sampled_from(["check_in", "final_nudge", "leverage", "thank_you_email"]))
            interactions.append(Interaction(on, "out", kind, draw(st.sampled_from(HOSTILE)), None,
                                            call=draw(st.sampled_from([None, "voicemail", "no_answer"]))))
    outcome = None
    if interviews and draw(st.integers(0, 2)) == 0:
        kind = draw(st.sampled_from(["offer", "accepted", "declined", "rejected"]))
        offered = interviews[-1].on + timedelta(days=draw(st.integers(1, 20)))
        answered = offered + timedelta(days=draw(st.integers(0, 10)))
        outcome = (Outcome("offer", offered) if kind == "offer" else
                   Outcome(kind, answered, None, offered if kind != "rejected" else None))
    return Application(id=f"app{index}", company=f"Company {index % 5}", people=people,
                       interviews=tuple(interviews), interactions=tuple(sorted(interactions, key=lambda i: i.on)),
                       outcome=outcome)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=12).flatmap(
    lambda n: st.tuples(*(crowded_application(i) for i in range(n)))))
def test_ids_are_unique_for_any_names_and_any_number_of_events_a_day(apps: tuple[Application, ...]) -> None:
    search = JobSearch(Profile(country="US", subdivision="NY", send_cards=True),
                       tuple(Reference(n) for n in HOSTILE[:6]), apps)
    tasks = derive_plan(search)
    ids = [t.id for t in tasks]
    assert len(ids) == len(set(ids))
    assert all(t.id.isascii() for t in tasks)
    assert [t.id for t in derive_plan(search)] == ids  # the same ids every time


def _facts(app: Application, references: int) -> int:
    """Everything recorded about one application, counted generously but without the others."""
    interviewers = sum(len(i.interviewers) for i in app.interviews)
    return (1 + len(app.people) + len(app.interviews) + interviewers + len(app.interactions)
            + (1 if app.outcome else 0) + references)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=30).flatmap(
    lambda n: st.tuples(*(crowded_application(i) for i in range(n)))))
def test_each_plan_grows_with_its_own_facts_never_with_the_offers_elsewhere(
        apps: tuple[Application, ...]) -> None:
    references = (Reference("Ann Ref"), Reference("Carl Ref"))
    tasks = derive_plan(JobSearch(Profile(country="US", subdivision="NY", send_cards=True), references, apps))
    per_app: dict[str | None, int] = {}
    for task in tasks:
        per_app[task.application] = per_app.get(task.application, 0) + 1
    for app in apps:
        # Four tasks per fact is ample (a thank-you, a card, a chain of three); the offers of
        # the other applications add at most a leverage note and a withdrawal.
        assert per_app.get(app.id, 0) <= 4 * _facts(app, len(references)) + 2, app.id


def test_many_offers_and_many_applications_do_not_multiply() -> None:
    start = date(2026, 3, 2)
    apps = []
    for n in range(300):
        on = start + timedelta(days=n % 40)
        outcome = None
        if n % 10 == 0:  # 30 offers: 10 pending, 10 accepted, 10 declined
            kind = ("offer", "accepted", "declined")[n // 10 % 3]
            outcome = (Outcome("offer", on + timedelta(days=5)) if kind == "offer"
                       else Outcome(kind, on + timedelta(days=9), None, on + timedelta(days=5)))
        apps.append(Application(id=f"app{n}", company=f"Company {n}", people=PEOPLE,
                                interviews=(Interview(on, interviewers=("Jane Doe",)),), outcome=outcome))
    tasks = derive_plan(JobSearch(Profile(country="US", subdivision="NY"), (), tuple(apps)))
    leverage = [t for t in tasks if t.kind == "leverage"]
    withdrawals = [t for t in tasks if t.kind == "withdraw"]
    assert len({t.application for t in leverage}) == len(leverage) <= 300
    assert len({t.application for t in withdrawals}) == len(withdrawals) <= 300
    assert len(tasks) <= 10 * len(apps)


CLOSED_BY_ACCEPTANCE = {"check_in", "final_nudge", "move_on", "leverage", "reapply", "decide_offer"}


@settings(max_examples=150, deadline=None)
@given(searches())
def test_an_accepted_offer_leaves_no_open_status_task_anywhere(search: JobSearch) -> None:
    accepted = [a.outcome.on for a in search.applications if a.outcome and a.outcome.kind == "accepted"]
    if not accepted:
        return
    ended = min(accepted)
    for task in derive_plan(search):
        began = min([d for app in search.applications if app.id == task.application
                     for d in (app.applied_on, *(i.on for i in app.interviews), *(i.on for i in app.interactions))
                     if d is not None], default=None)
        if began is not None and began > ended:
            continue  # a search begun again after the new job
        assert not (task.status == "open" and task.kind in CLOSED_BY_ACCEPTANCE), task


@settings(max_examples=150, deadline=None)
@given(applications(0), st.lists(st.tuples(st.integers(min_value=0, max_value=60),
                                           st.sampled_from(["reached", "voicemail", "no_answer"])),
                                 min_size=1, max_size=10))
def test_calls_the_guard_allows_never_make_an_endless_cycle_of_voicemails(
        app: Application, calls: list[tuple[int, str]]) -> None:
    calendar = calendar_for(app.country or "US", app.subdivision)
    current = replace(app, interactions=())
    start = min((i.on for i in app.interviews), default=date(2026, 1, 5))
    for step, outcome in calls:
        on = start + timedelta(days=step)
        contacts = [i for i in current.interactions if i.direction == "out"]
        if not check_contact(current, "check_in", on, contacts, calendar, Cadence(), call=outcome).allowed:
            continue
        made = [Interaction(on, "out", "check_in", "Bob Roe", "phone", call=outcome)]
        if outcome == "reached":
            made.append(Interaction(on, "in", "reply", "Bob Roe", "phone"))
        current = replace(current, interactions=tuple(sorted((*current.interactions, *made), key=lambda i: i.on)))
    # Between two replies (or interviews), at most one voicemail; contacts that count keep their distance.
    silences: list[list[Interaction]] = [[]]
    resets = {i.on for i in current.interactions if i.direction == "in"} | {i.on for i in current.interviews}
    for i in sorted((i for i in current.interactions if i.direction == "out"), key=lambda i: i.on):
        if any(silences[-1] and silences[-1][-1].on < r <= i.on for r in resets):
            silences.append([])
        silences[-1].append(i)
    for silence in silences:
        assert sum(1 for i in silence if i.call == "voicemail") <= 1, silence
    counted = sorted(i.on for i in current.interactions if i.direction == "out" and i.is_contact)
    for earlier, later in itertools.pairwise(counted):
        assert later >= calendar.add(earlier, 5), (earlier, later)
