"""Small builders for facts in tests: one line per application instead of twenty."""

from __future__ import annotations

from datetime import date
from typing import Any

from afterview.domain.model import (
    Application,
    Dismissal,
    Interaction,
    Interview,
    JobSearch,
    Person,
    Profile,
    Reference,
    Task,
)
from afterview.domain.playbook import derive_plan


def day(text: str) -> date:
    return date.fromisoformat(text)


def interview(on: str, *names: str, **fields: Any) -> Interview:
    return Interview(on=day(on), interviewers=names, **fields)


def out(on: str, kind: str, person: str | None = None, channel: str | None = None) -> Interaction:
    return Interaction(day(on), "out", kind, person, channel)


def reply(on: str, person: str | None = None, decision: str | None = None) -> Interaction:
    return Interaction(day(on), "in", "reply", person, "email", day(decision) if decision else None)


def application(app_id: str = "acme", *, people: tuple[Person, ...] | None = None, **fields: Any) -> Application:
    if people is None:
        people = (Person("Jane Doe", "interviewer", "Engineer", "jane@acme.example"),
                  Person("Bob Roe", "hiring_manager", "Head of Finance", "bob@acme.example"))
    fields.setdefault("company", app_id.split("-")[0].title())
    return Application(id=app_id, people=people, **fields)


def search(*apps: Application, country: str = "US", subdivision: str | None = "NY",
           references: tuple[str, ...] = ("Ann Ref",), dismissals: tuple[Dismissal, ...] = (),
           **profile: Any) -> JobSearch:
    return JobSearch(Profile(country=country, subdivision=subdivision, **profile),
                     tuple(Reference(r) for r in references), apps, dismissals)


def plan_of(*apps: Application, **kw: Any) -> list[Task]:
    return derive_plan(search(*apps, **kw))


def only(tasks: list[Task], kind: str, person: str | None = None) -> Task:
    found = [t for t in tasks if t.kind == kind and (person is None or t.person == person)]
    assert len(found) == 1, f"expected one {kind} task for {person}, got {[t.id for t in found]}"
    return found[0]


def kinds(tasks: list[Task], status: str | None = None) -> list[str]:
    return [t.kind for t in tasks if status is None or t.status == status]
