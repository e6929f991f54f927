"""What drafting and checking one note reads: its application and the names it may carry, not the store.

A note is composed from its own application's facts. Its checks need, besides, the names
that could wrongly appear in it (the mail-merge check; the spelling check knows names) and
what a few notes say of other applications. What a user would expect caught is a name
from a note they could have started from, so that is what is read:

- the application in full, with every other application at its company (another posting
  at the same employer is the likeliest mix-up) and the user's references and profile;
- the people, company and role of the applications of the notes nearest in time to this
  one (`NEARBY_NOTES` either side of its day, open or done): text copied between notes
  written in one sitting is how another person's or company's name gets in;
- by their own rows only: the application whose offer prompted a leverage or withdrawal
  note (the note names it), and one offer accepted elsewhere (a decline says so).

So the cost of one note does not grow with the number of applications.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from afterview.domain.model import SOLO_KINDS, TASK_KINDS, Application, JobSearch, Person, Task
from afterview.store import repository as repo
from afterview.store import schema as t

# Notes read either side of this note's day, per status (open and done): four small index walks.
NEARBY_NOTES = 25
# The kinds of task that send words.
_NOTE_KINDS = tuple(k for k in TASK_KINDS if k not in SOLO_KINDS)


def search_for_note(conn: sa.Connection, task: Task) -> JobSearch:
    """The search as `task`'s note is composed and checked from (see the module's note)."""
    app_id = task.application
    if app_id is None:
        return repo.read_search(conn)
    full = _same_company(conn, app_id)
    rows = (_prompted_by(conn, task) | _accepted_elsewhere(conn, app_id)) - full
    nearby = [found for found in nearby_applications(conn, task) if found not in full and found not in rows]
    apps = repo.read_applications(conn, full | rows, in_full=full) + _named(conn, nearby)
    return JobSearch(repo.read_profile(conn), repo.read_references(conn), tuple(apps), ())


def _same_company(conn: sa.Connection, app_id: str) -> set[str]:
    """This application and the others to its company, whatever the capitalisation.

    One of the two scans of the applications a note makes (with the accepted offer's: no
    index holds companies or outcomes), so it stays in the database: on SQLite, LIKE
    compares without case (ASCII letters, as its lower() does) at a tenth of the cost of
    lower() on every row.
    """
    apps = t.applications.c
    company = conn.execute(sa.select(apps.company).where(apps.id == app_id)).scalar()
    if company is None:
        return {app_id}
    if conn.dialect.name == "sqlite":
        escaped = company.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        same = apps.company.like(escaped, escape="\\")
    else:
        same = sa.func.lower(apps.company) == company.lower()
    return set(conn.execute(sa.select(apps.id).where(same)).scalars()) | {app_id}


def nearby_applications(conn: sa.Connection, task: Task) -> list[str]:
    """The applications of the notes nearest in time to `task`'s, nearest first on each side."""
    found: dict[str, None] = {}
    tasks = t.tasks.c
    for status in ("open", "done"):
        # One status at a time, so each walk follows the (status, due) index in order and stops early.
        notes = sa.select(tasks.application_id).where(
            tasks.status == status, tasks.kind.in_(_NOTE_KINDS), tasks.application_id.is_not(None),
            tasks.application_id != task.application)
        for query in (notes.where(tasks.due <= task.due).order_by(tasks.due.desc()),
                      notes.where(tasks.due > task.due).order_by(tasks.due)):
            found.update(dict.fromkeys(conn.execute(query.limit(NEARBY_NOTES)).scalars()))
    return list(found)


def _prompted_by(conn: sa.Connection, task: Task) -> set[str]:
    """The application whose offer a leverage or withdrawal note answers (the last part of its id)."""
    if task.kind not in ("leverage", "withdraw"):
        return set()
    other = task.id.rsplit(":", 1)[-1]
    query = sa.select(t.applications.c.id).where(t.applications.c.id == other)
    return set(conn.execute(query).scalars())


def _accepted_elsewhere(conn: sa.Connection, app_id: str) -> set[str]:
    query = sa.select(t.applications.c.id).where(t.applications.c.outcome_kind == "accepted",
                                                 t.applications.c.id != app_id).limit(1)
    return set(conn.execute(query).scalars())


def _named(conn: sa.Connection, ids: list[str]) -> list[Application]:
    """These applications by their company and role, with their people's names and titles: all that
    a note's checks use of an application it is not about."""
    if not ids:
        return []
    apps, people = t.applications.c, t.people.c
    named: dict[str, list[Person]] = defaultdict(list)
    query = sa.select(people.application_id, people.name, people.title).where(
        people.application_id.in_(ids)).order_by(people.application_id, people.position)
    for found, name, title in conn.execute(query):
        named[found].append(Person(name, title=title))
    rows = conn.execute(sa.select(apps.id, apps.company, apps.role).where(apps.id.in_(ids)).order_by(apps.position))
    return [Application(found, company, role, people=tuple(named[found])) for found, company, role in rows]
