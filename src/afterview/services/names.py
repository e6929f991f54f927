"""The names of an application's people, as every door gives them: who is meant, and which new name
would stand beside someone already listed as a misspelling of them.

A reply or a contact names someone among the application's people, spelt as on file; a name that
is not there is refused (with the nearest name on file, when one is close) rather than stored as a
person the plan and the notes know nothing about. Adding someone whose name is one slip away from
someone listed needs the user's word that they are another person.
"""

from __future__ import annotations

from collections.abc import Iterable

from afterview.domain import names
from afterview.domain.model import Application
from afterview.services.errors import Conflict, UserError

# How many names a refusal lists when none is close to what was typed.
LISTED = 5


def known_person(app: Application, name: str, field: str = "person") -> str:
    """`name` as spelt on file among `app`'s people; a UserError naming the nearest one otherwise."""
    listed = [p.name for p in app.people]
    found = names.on_file(name, listed)
    if found is not None:
        return found
    close = names.meant(name, listed)
    add_first = f"add them to {app.id}'s people first"
    if close is not None:
        hint = f"did you mean {close}? If not, {add_first}"
    elif listed:
        more = ", …" if len(listed) > LISTED else ""
        hint = f"{app.id} lists {', '.join(listed[:LISTED])}{more}; {add_first}"
    else:
        hint = f"{app.id} has no one listed yet; {add_first}"
    raise UserError(f"no one called {name.strip()!r} on {app.id}", field=field, code="unknown-person", hint=hint)


def refuse_look_alike(app: Application, name: str, field: str = "name", *,
                      listed: Iterable[str] | None = None) -> None:
    """Refuse a new person whose name is one slip away from someone listed (see domain.names);
    `listed`: the names to compare with, when more than the application's people."""
    twin = names.first_look_alike(name, (p.name for p in app.people) if listed is None else listed)
    if twin is not None:
        raise Conflict(f"{name.strip()!r} looks like {twin}, already on {app.id}", field=field,
                       code="look-alike-person",
                       hint=f"did you mean {twin}? If {name.strip()} is someone else, say they are someone new")


def refuse_taken(app: Application, new_name: str, before: str, field: str = "rename_to") -> None:
    """Refuse renaming someone to the name of another person already listed."""
    taken = names.on_file(new_name, (p.name for p in app.people if p.name != before))
    if taken is not None:
        raise Conflict(f"{taken!r} is already someone else on {app.id}", field=field,
                       code="duplicate-person",
                       hint=f"change {taken}'s entry instead, or remove the one that should go")
