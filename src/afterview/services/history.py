"""The history of changes, undo, and putting applications away (archive, delete).

Every change is in the journal with what it replaced (store/journal.py), so a
delete is never final until the user says so twice: `undo` brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from afterview.domain import plain
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import load_application, save_application
from afterview.services.planning import affected, replan
from afterview.services.store import Store
from afterview.store import journal, keepings
from afterview.store import repository as repo
from afterview.store import schema as t


@dataclass(frozen=True)
class Change:
    number: int
    at: datetime
    action: str
    undone: bool


def history(store: Store, limit: int = 50) -> list[Change]:
    """The newest changes first."""
    with store.reading() as conn:
        return [Change(r.number, r.at, r.action, r.undone) for r in journal.history(conn, limit)]


def undo(store: Store) -> Change:
    """Take back the newest change not yet taken back: everything it replaced is put back as it was."""
    with store.transaction("undo") as conn:
        journal.discard(conn)  # taking a change back is not itself a change to take back
        record = journal.newest(conn)
        if record is None:
            raise NotFound("there is nothing to undo", code="nothing-to-undo",
                           hint="`afterview history` lists the changes")
        changes = record.changes
        apps = changes.get("applications", {})
        order = repo.positions(conn)
        # Which plans the undo reaches, as for the change itself: an outcome taken back (an offer,
        # an acceptance) reaches every application's leverage and withdrawal notes.
        reach: set[str] | None = set()
        now = {a.id: a for a in repo.read_applications(conn, list(apps))}
        for app_id, before in apps.items():
            gone = now.get(app_id)
            if before is None:
                repo.delete_applications(conn, [app_id])
                touched = None if gone is not None and gone.outcome is not None else \
                    (repo.ids_of_companies(conn, {gone.company}) if gone is not None else set())
            else:
                restored = plain.application_from(before)
                order.setdefault(app_id, max(order.values(), default=-1) + 1)
                repo.write_applications(conn, [restored], order)
                touched = affected(conn, gone, restored)
            reach = None if reach is None or touched is None else reach | touched
        if "profile" in changes:
            if changes["profile"] is None:
                conn.execute(sa.delete(t.profile))
            else:
                repo.write_profile(conn, plain.profile_from(changes["profile"]))
        if "references" in changes:
            repo.write_references(conn, [plain.reference_from(r) for r in changes["references"]])
        for task_id, before in changes.get("dismissals", {}).items():
            conn.execute(sa.delete(t.dismissals).where(t.dismissals.c.task_id == task_id))
            if before is not None:
                repo.write_dismissals(conn, [plain.dismissal_from(before)])
        keepings.put_back(conn, changes.get("kept", {}))
        released = set(changes.get("tasks", {}))
        everything = "profile" in changes or "references" in changes or reach is None
        touched_tasks = {_app_of(conn, x) for x in released | set(changes.get("dismissals", {}))}
        replan(conn, None if everything else (reach or set()) | {a for a in touched_tasks if a}, release=released)
        journal.mark_undone(conn, record.number)
        return Change(record.number, record.at, record.action, True)


def _app_of(conn: sa.Connection, task_id: str) -> str | None:
    query = sa.select(t.tasks.c.application_id).where(t.tasks.c.id == task_id)
    found: str | None = conn.execute(query).scalar()
    return found


def archive(store: Store, app_id: str, *, archived: bool = True) -> None:
    """Put an application away (out of the plan and the pipeline, history kept), or bring it back."""
    verb = "archive" if archived else "unarchive"
    with store.transaction(f"{verb} {app_id}") as conn:
        app = load_application(conn, app_id)
        if app.archived == archived:
            raise UserError(f"{app_id} is already {'archived' if archived else 'not archived'}",
                            field="application", code="unchanged")
        save_application(conn, app, replace(app, archived=archived))


def delete(store: Store, app_id: str) -> None:
    """Delete an application with its plan and facts; `undo` brings it back (the journal keeps it)."""
    with store.transaction(f"delete {app_id}") as conn:
        app = load_application(conn, app_id)
        reach = affected(conn, app, app) if app.outcome is None else None
        repo.delete_applications(conn, [app_id])
        replan(conn, None if reach is None else reach - {app_id})
