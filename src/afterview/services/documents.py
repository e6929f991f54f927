"""Moving a whole job search in and out as one `afterview/1` document."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from afterview.domain.merge import merge_search
from afterview.domain.model import JobSearch, Profile
from afterview.exchange.document import DocumentError, dump_document, parse_document
from afterview.services.errors import UserError
from afterview.services.planning import replan
from afterview.services.store import Store
from afterview.store import repository as repo


@dataclass(frozen=True)
class ImportSummary:
    applications: int
    added: int
    tasks: int


def import_document(store: Store, text: str | bytes) -> ImportSummary:
    """Merge a document into the store; importing the same one twice changes nothing."""
    try:
        incoming = parse_document(text)
    except DocumentError as problem:
        raise UserError(str(problem)) from None
    with store.transaction() as conn:
        current = repo.read_search(conn)
        merged = merge_search(current, incoming, profile_given=incoming.profile != Profile())
        write_search(conn, merged)
        tasks = replan(conn)
    known = {a.id for a in current.applications}
    added = sum(1 for a in incoming.applications if a.id not in known)
    return ImportSummary(len(incoming.applications), added, tasks)


def write_search(conn: sa.Connection, search: JobSearch) -> None:
    """Replace every fact in the store with `search` (the caller replans)."""
    repo.clear_facts(conn)
    repo.write_profile(conn, search.profile)
    repo.write_references(conn, search.references)
    repo.write_applications(conn, search.applications, {a.id: n for n, a in enumerate(search.applications)})
    repo.write_dismissals(conn, search.dismissals)


def export_document(store: Store) -> str:
    with store.reading() as conn:
        return dump_document(repo.read_search(conn))
