"""Afterview in the user's own tools: calendars, address books, business cards, spreadsheets.

Each use-case parses everything first and writes in one transaction, so a broken
card or row leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from afterview.domain.model import Application, Person
from afterview.exchange.business_card import CardProblem, CardReading, read_card
from afterview.exchange.csv_import import CsvImportPlan, CsvProblem, plan_csv_import
from afterview.exchange.csv_matching import Matching, match_rows
from afterview.exchange.icalendar_export import FOLLOW_UP_FORMS, CalendarProblem, plan_to_ics
from afterview.exchange.vcards import CardPerson, VCardProblem, parse_vcards, people_to_vcards, vcard_files
from afterview.exchange.vcards_merge import MergeReport, merge_people
from afterview.services.errors import NotFound, UserError
from afterview.services.facts import checked, replace_people
from afterview.services.planning import local_today, replan
from afterview.services.store import Store
from afterview.store import repository as repo
from afterview.store import schema as t

# ---- calendar ------------------------------------------------------------------


def calendar(store: Store, *, now: datetime | None = None, follow_ups: str = "events") -> bytes:
    """The plan as iCalendar: the interviews, and the tasks as all-day events with alarms, as to-dos, or
    both (`follow_ups`); closed tasks too, so a re-import or a feed refresh closes them."""
    if follow_ups not in FOLLOW_UP_FORMS:
        raise UserError(f"{follow_ups!r} is not a way to write follow-ups", field="follow_ups",
                        hint=f"use one of {', '.join(FOLLOW_UP_FORMS)}")
    with store.reading() as conn:
        profile = repo.read_profile(conn)
        snoozed = repo.read_snoozes(conn)
        # A snoozed task shows on the day it comes back to Today, as it does everywhere else.
        tasks = [x._replace(due=max(x.due, snoozed[x.id])) if x.status == "open" and x.id in snoozed else x
                 for x in repo.read_tasks(conn, statuses=None)]
        interviews = [(a, i) for a in repo.read_applications(conn) for i in a.interviews]
    try:
        return plan_to_ics(tasks, interviews, timezone=profile.timezone, calendar_name="Afterview follow-ups",
                           now=now or datetime.now(UTC), closed=True, follow_ups=follow_ups)
    except CalendarProblem as problem:
        raise UserError(str(problem)) from None


def _digest(token: str) -> str:
    # Only a digest is kept: a copy of the database does not hand out the feed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_calendar_token(store: Store) -> str:
    """A secret for the subscription URL; the old ones stop working."""
    token = secrets.token_urlsafe(24)
    with store.transaction() as conn:
        now = datetime.now(UTC)
        conn.execute(sa.update(t.calendar_tokens).where(t.calendar_tokens.c.revoked_at.is_(None))
                     .values(revoked_at=now))
        conn.execute(sa.insert(t.calendar_tokens).values(token=_digest(token), created_at=now))
    return token


def revoke_calendar_tokens(store: Store) -> int:
    with store.transaction() as conn:
        result = conn.execute(sa.update(t.calendar_tokens).where(t.calendar_tokens.c.revoked_at.is_(None))
                              .values(revoked_at=datetime.now(UTC)))
        return int(result.rowcount or 0)


def calendar_token_is_valid(store: Store, token: str) -> bool:
    """Compared in constant time, so response timing says nothing about how close a guess was."""
    wanted = _digest(token)
    with store.reading() as conn:
        live = conn.execute(sa.select(t.calendar_tokens.c.token).where(t.calendar_tokens.c.revoked_at.is_(None)))
        return any(hmac.compare_digest(wanted, row.token) for row in live)


# ---- people: vCards and business cards -------------------------------------------


def import_vcards(store: Store, app_id: str, data: bytes) -> MergeReport:
    """Attach the people of a .vcf file to an application: new ones added, known ones merged."""
    with store.reading() as conn:
        apps = repo.read_applications(conn, [app_id])
        country = (apps[0].country if apps else None) or repo.read_profile(conn).country
    if not apps:
        raise NotFound(f"no application {app_id!r}; create it first with `afterview log application`")
    try:
        cards = parse_vcards(data, default_region=country)
    except VCardProblem as problem:
        raise UserError(str(problem)) from None
    return save_cards(store, app_id, cards)


def save_cards(store: Store, app_id: str, cards: Sequence[CardPerson]) -> MergeReport:
    with store.transaction() as conn:
        apps = repo.read_applications(conn, [app_id])
        if not apps:
            raise NotFound(f"no application {app_id!r}")
        people, report = merge_people(list(apps[0].people), list(cards))
        replace_people(conn, apps[0], tuple(people))
    return report


def export_vcards(store: Store, app_id: str | None = None) -> tuple[str, dict[str, str]]:
    """Everyone met (of one application, or all): one .vcf text, and one file per card for a vdir."""
    with store.reading() as conn:
        apps = repo.read_applications(conn, None if app_id is None else [app_id])
    if app_id is not None and not apps:
        raise NotFound(f"no application {app_id!r}")
    people: list[tuple[Person, str | None]] = [(p, a.company) for a in apps for p in a.people]
    return people_to_vcards(people), vcard_files(people)


def scan_card(store: Store, app_id: str, photo: bytes) -> CardReading:
    """Read a business-card photo; nothing is saved until the user confirms (`save_cards`)."""
    with store.reading() as conn:
        apps = repo.read_applications(conn, [app_id])
        if not apps:
            raise NotFound(f"no application {app_id!r}; create it first with `afterview log application`")
        region = apps[0].country or repo.read_profile(conn).country
    try:
        reading = read_card(photo, default_region=region)
        reading.raise_for_problem()
    except CardProblem as problem:
        raise UserError(str(problem)) from None
    return reading


# ---- spreadsheets ------------------------------------------------------------------


@dataclass(frozen=True)
class SpreadsheetImport:
    """A CSV file read and matched against the applications kept: each row new, changed or the same."""

    plan: CsvImportPlan
    matching: Matching

    @property
    def applications(self) -> tuple[Application, ...]:
        """What would be written: the new rows' applications and the changed ones, in row order."""
        return tuple(r.application for r in self.matching.rows if r.verdict != "same")

    def summary(self) -> list[str]:
        """The dry run, row by row, with its counts."""
        m = self.matching
        lines = [f"would create {m.count('new')} application(s); {m.counts()}"]
        lines += [verdict.line() for verdict in m.rows]
        lines += [f"skipped {note}" for note in self.plan.skipped]
        lines += [f"duplicate {note}" for note in self.plan.duplicates]
        lines += [f"note: {note}" for note in self.plan.notes]
        return lines


def _matched(conn: sa.Connection, plan: CsvImportPlan, as_of: date) -> Matching:
    return match_rows(plan.applications, plan.rows, plan.given, plan.ids_given, repo.read_applications(conn), as_of)


def plan_spreadsheet(store: Store, data: bytes, mapping: dict[str, str] | None, *, dayfirst: bool | None,
                     delimiter: str | None, skip_bad_rows: bool, as_of: date | None = None) -> SpreadsheetImport:
    """What importing the file would do, row by row; nothing is written. New rows without a date are
    dated `as_of` (the user's today when not given)."""
    with store.reading() as conn:
        as_of = as_of or local_today(conn)
        country = repo.read_profile(conn).country
        try:
            plan = plan_csv_import(data, mapping, default_country=country, dayfirst=dayfirst, delimiter=delimiter,
                                   skip_bad_rows=skip_bad_rows)
        except CsvProblem as problem:
            raise UserError(str(problem)) from None
        return SpreadsheetImport(plan, _matched(conn, plan, as_of))


def apply_spreadsheet(store: Store, planned: SpreadsheetImport, as_of: date) -> Matching:
    """Create the new rows' applications and change the changed ones, all or none. The rows are matched
    again inside the transaction, so a second import of the same file (or a store changed since the dry
    run) creates no copies."""
    with store.transaction("import csv") as conn:
        matching = _matched(conn, planned.plan, as_of)
        writes = matching.of("new") + matching.of("changed")
        profile = repo.read_profile(conn)
        for app in writes:
            checked(app, profile)
        order = repo.positions(conn)
        start = max(order.values(), default=-1) + 1
        fresh = {a.id: start + n for n, a in enumerate(matching.of("new"))}
        repo.write_applications(conn, writes, {**order, **fresh})
        if writes:
            replan(conn, {a.id for a in writes})
    return matching
