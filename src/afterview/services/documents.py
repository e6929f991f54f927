"""Moving a whole job search in and out as one `afterview/1` document.

A backup is everything the user made: the facts, and on top of them the drafts
they edited, the outbox with the words that went out, snoozes, settings (never a
password), the tasks they closed and what the mail scan read for them to settle.
Importing an export gives the same export.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from afterview.domain.backup import Backup
from afterview.domain.merge import merge_search
from afterview.domain.model import JobSearch, Profile
from afterview.exchange.document import DocumentError, dump_document, parse_document
from afterview.services import collector
from afterview.services.errors import UserError
from afterview.services.planning import replan
from afterview.services.store import Store
from afterview.store import keepings, suggestion_rows
from afterview.store import repository as repo


@dataclass(frozen=True)
class ImportSummary:
    applications: int
    added: int
    tasks: int
    changed: tuple[str, ...] = ()  # applications already here that the document changed

    def line(self) -> str:
        """The import's result in one sentence, the same at every door."""
        changed = (f", {len(self.changed)} changed ({', '.join(self.changed[:5])}"
                   f"{', …' if len(self.changed) > 5 else ''})") if self.changed else ""
        return (f"Imported {self.applications} application(s), {self.added} new{changed}; "
                f"the plan has {self.tasks} task(s).")


def import_document(store: Store, text: str | bytes) -> ImportSummary:
    """Merge a document into the store; importing the same one twice changes nothing."""
    with collector.paused():
        return _import(store, text)


def _import(store: Store, text: str | bytes) -> ImportSummary:
    try:
        incoming = parse_document(text)
    except DocumentError as problem:
        raise UserError(str(problem)) from None
    with store.transaction("import") as conn:
        current = repo.read_search(conn)
        merged = merge_search(current, incoming.search, profile_given=incoming.search.profile != Profile())
        write_changes(conn, current, merged)  # the facts are not rewritten: the closed tasks stay as they are
        write_kept(conn, incoming, {a.id for a in merged.applications})
        tasks = replan(conn, written=merged)
    known = {a.id: a for a in current.applications}
    added = sum(1 for a in incoming.search.applications if a.id not in known)
    changed = tuple(a.id for a in merged.applications if a.id in known and known[a.id] != a)
    return ImportSummary(len(incoming.search.applications), added, tasks, changed)


def write_changes(conn: sa.Connection, current: JobSearch, merged: JobSearch) -> None:
    """Write what the merge changed, and nothing else (the caller replans).

    So the journal holds what an import really replaced: the applications it
    changed as they were, "did not exist" for the new ones, and the profile,
    references and dismissals only when they changed. Importing into an empty
    store journals no copy of anything, and the same document twice writes nothing.
    """
    if merged.profile != current.profile or not repo.has_profile(conn):
        repo.write_profile(conn, merged.profile)
    if merged.references != current.references:
        repo.write_references(conn, merged.references)
    before = {a.id: a for a in current.applications}
    changed = [a for a in merged.applications if before.get(a.id) != a]
    order = repo.positions(conn)
    following = max(order.values(), default=-1) + 1
    for app in changed:
        if app.id not in order:
            order[app.id], following = following, following + 1
    repo.write_applications(conn, changed, order)
    dismissed = {d.task: d for d in current.dismissals}
    repo.write_dismissals(conn, [d for d in merged.dismissals if dismissed.get(d.task) != d])


def write_kept(conn: sa.Connection, backup: Backup, applications: set[str]) -> None:
    """What the user made on top of the facts, merged by key (the caller replans)."""
    keepings.write_drafts(conn, backup.drafts)
    keepings.write_outbox(conn, backup.outbox)
    keepings.write_snoozes(conn, backup.snoozes)
    keepings.write_settings(conn, backup.settings)
    keepings.write_task_history(conn, backup.task_history, applications)
    keepings.write_mail_seen(conn, backup.mail_seen)
    keepings.write_mailbox_places(conn, backup.mailbox_places)
    suggestion_rows.write_kept(conn, backup.suggestions, applications)


def read_backup(conn: sa.Connection) -> Backup:
    return Backup(repo.read_search(conn), keepings.read_drafts(conn), keepings.read_outbox(conn),
                  keepings.read_snoozes(conn), keepings.read_settings(conn), keepings.read_task_history(conn),
                  keepings.read_mail_seen(conn), keepings.read_mailbox_places(conn), suggestion_rows.read_kept(conn))


def export_document(store: Store) -> str:
    with collector.paused(), store.reading() as conn:
        return dump_document(read_backup(conn))
