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
