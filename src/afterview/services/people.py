"""The people of one application: added, changed, renamed and removed, the same for every door.

Each change is one transaction that re-derives the application's plan. Someone new whose name is
one slip away from someone listed is refused unless the user says they are someone new; a
rename onto the name of someone else listed is refused; a change of name follows the person
everywhere the application mentions them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from afterview.domain.candidates import same_person
from afterview.domain.model import Application, Person
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import load_application, save_application
from afterview.services.names import refuse_look_alike, refuse_taken
from afterview.services.store import Store


@dataclass(frozen=True)
class PersonChanges:
    """What to change about someone: None leaves a detail as it is, "" clears it."""

    name: str
    role: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    rename_to: str | None = None


def save_person(store: Store, app_id: str, changes: PersonChanges | Person, *, new: bool = False) -> Person:
    """Add someone to an application, or change only the given details of someone already there.

    `new` says that a name looking like someone listed ('Anne Lee' beside 'Ann Lee') is
    another person, not a misspelling; without it such a name is refused.
    """
    if isinstance(changes, Person):
        changes = PersonChanges(changes.name, changes.role, changes.title, changes.email, changes.phone)
    with store.transaction(f"save person {changes.name} on {app_id}") as conn:
        app = load_application(conn, app_id)
        index = next((n for n, p in enumerate(app.people) if same_person(p.name, changes.name)), None)
        before = app.people[index] if index is not None else Person(changes.name.strip(), "interviewer")
        if changes.rename_to is not None and not changes.rename_to.strip():
            raise UserError("the new name is blank", field="rename_to", code="blank", hint="give the new name")
        after = Person(
            (changes.rename_to if changes.rename_to is not None else before.name).strip() or before.name,
            _changed(before.role, changes.role) or "interviewer", _changed(before.title, changes.title),
            _changed(before.email, changes.email), _changed(before.phone, changes.phone))
        if index is None and before.name and not new:
            refuse_look_alike(app, before.name)
        if after.name != before.name:
            refuse_taken(app, after.name, before.name)
        people = list(app.people)
        if index is None:
            people.append(after)
            updated = replace(app, people=tuple(people))
        else:
            people[index] = after
            updated = _renamed(replace(app, people=tuple(people)), before.name, after.name)
        save_application(conn, app, updated)
        return after


def _changed(old: str | None, given: str | None) -> str | None:
    if given is None:
        return old
    return given.strip() or None


def _renamed(app: Application, old: str, new: str) -> Application:
    """Follow a change of someone's name everywhere the application mentions them."""
    if old == new:
        return app

    def name(n: str | None) -> str | None:
        return new if n is not None and same_person(n, old) else n

    interviews = tuple(replace(
        i, interviewers=tuple(name(n) or n for n in i.interviewers),
        notes={(name(k) or k): v for k, v in i.notes.items()},
        follow_up=replace(i.follow_up, person=name(i.follow_up.person)) if i.follow_up else None)
        for i in app.interviews)
    interactions = tuple(replace(i, person=name(i.person)) for i in app.interactions)
    return replace(app, interviews=interviews, interactions=interactions)


def remove_person(store: Store, app_id: str, name: str) -> Person:
    """Take someone off an application, with their place in its interviews (the history keeps them)."""
    with store.transaction(f"remove person {name} from {app_id}") as conn:
        app = load_application(conn, app_id)
        gone = app.person(name)
        if gone is None:
            raise NotFound(f"{name!r} is not one of {app_id}'s people", field="name",
                           hint="check the spelling; the Application page lists them")

        def keep(n: str | None) -> bool:
            return not same_person(n, gone.name)

        interviews = tuple(replace(
            i, interviewers=tuple(n for n in i.interviewers if keep(n)),
            notes={k: v for k, v in i.notes.items() if keep(k)},
            follow_up=(replace(i.follow_up, person=None) if i.follow_up and not keep(i.follow_up.person)
                       else i.follow_up))
            for i in app.interviews)
        people = tuple(p for p in app.people if keep(p.name))
        save_application(conn, app, replace(app, people=people, interviews=interviews))
        return gone
