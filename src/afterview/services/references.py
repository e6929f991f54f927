"""Your references: the people who will vouch for you, kept once for the whole search.

The plan warns each of them when an employer may call (a reference check
announced, a second round, high chances), so every change here re-derives the
plans in the same transaction. Every door (CLI, web form, JSON API) goes
through these functions and their checks; an edit changes only what it is
given and wipes nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from afterview.domain import validate
from afterview.domain.model import Application, Reference
from afterview.domain.playbook import references_matter, references_reason
from afterview.services.errors import Conflict, NotFound, UserError
from afterview.services.planning import replan
from afterview.services.store import Store
from afterview.store import repository as repo

FIELDS: tuple[str, ...] = ("name", "email", "phone", "relationship")


@dataclass(frozen=True)
class ReferenceChanges:
    """What an edit changes: None leaves a field as it is; an empty text clears it (the name cannot be)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    relationship: str | None = None


def list_references(store: Store) -> tuple[Reference, ...]:
    with store.reading() as conn:
        return repo.read_references(conn)


def add_reference(store: Store, reference: Reference) -> Reference:
    """Add someone who vouches for you; their name must be new. Returns what was saved."""
    clean = _checked(reference)
    with store.transaction(f"add reference {clean.name}") as conn:
        found = repo.read_references(conn)
        _refuse_twin(found, clean.name)
        repo.write_references(conn, (*found, clean))
        replan(conn)
    return clean


def edit_reference(store: Store, name: str, changes: ReferenceChanges) -> Reference:
    """Change only the fields given for the reference called `name`; returns the reference as saved."""
    with store.transaction(f"edit reference {name.strip()}") as conn:
        found = repo.read_references(conn)
        index = _index(found, name)
        before = found[index]
        if changes.name is not None and not changes.name.strip():
            raise UserError("a reference needs a name", field="name", hint="give their name or leave it as it is")
        after = _checked(Reference(_pick(changes.name, before.name) or before.name,
                                   _pick(changes.email, before.email), _pick(changes.phone, before.phone),
                                   _pick(changes.relationship, before.relationship)))
        _refuse_twin((*found[:index], *found[index + 1:]), after.name)
        repo.write_references(conn, (*found[:index], after, *found[index + 1:]))
        if after != before:
            replan(conn)
    return after


def remove_reference(store: Store, name: str) -> Reference:
    """Remove a reference; the plan stops warning them. Returns who was removed."""
    with store.transaction(f"remove reference {name.strip()}") as conn:
        found = repo.read_references(conn)
        index = _index(found, name)
        repo.write_references(conn, (*found[:index], *found[index + 1:]))
        replan(conn)
        return found[index]


def references_wanted(app: Application, references: Sequence[Reference]) -> str | None:
    """Why this application's plan needs references when none are on file, else None."""
    if references:
        return None
    trigger = next((i for i in app.interviews if references_matter(i)), None)
    if trigger is None or (app.outcome is not None and app.outcome.kind in ("rejected", "withdrawn", "declined")):
        return None
    return (f"{references_reason(trigger)} You have no references on file, so nobody can be warned before "
            f"{app.company} calls: add the people who will vouch for you.")


def wanted_by(store: Store, app_ids: Sequence[str] | None = None) -> dict[str, str]:
    """For each application (all when None) whose plan needs references while none are on file: why."""
    with store.reading() as conn:
        if repo.read_references(conn):
            return {}
        apps = repo.read_applications(conn, None if app_ids is None else list(app_ids))
    return {a.id: why for a in apps if (why := references_wanted(a, ())) is not None}


def _pick(given: str | None, before: str | None) -> str | None:
    """The edited value: None keeps what was there, an empty text clears it."""
    if given is None:
        return before
    return given.strip() or None


def _index(found: Sequence[Reference], name: str) -> int:
    key = name.strip().casefold()
    index = next((n for n, r in enumerate(found) if r.name.casefold() == key), None)
    if index is None:
        known = ", ".join(r.name for r in found) or "none yet"
        raise NotFound(f"no reference called {name.strip()!r}", hint=f"your references: {known}")
    return index


def _refuse_twin(found: Sequence[Reference], name: str) -> None:
    problem = validate.reference_twin((r.name for r in found), name)
    if problem is not None:
        raise Conflict(problem.message, code=problem.code, field=problem.field, hint=problem.hint)


def _checked(reference: Reference) -> Reference:
    """The reference with its text tidied, or UserError naming the first field that is wrong: the
    domain's checks, as an imported document's references get them."""
    tidy = Reference(reference.name.strip(), (reference.email or "").strip() or None,
                     (reference.phone or "").strip() or None, (reference.relationship or "").strip() or None)
    if not tidy.name:
        raise UserError("a reference needs a name", code="required", field="name",
                        hint="give their name as you would in a letter")
    try:
        validate.reference(tidy)
    except validate.Invalid as problem:
        raise UserError(problem.message, code=problem.code, field=problem.field, hint=problem.hint) from None
    return tidy
