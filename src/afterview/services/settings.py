"""Reading and changing the user's profile and the playbook's numbers.

Every check names the field it is about (`InvalidSetting.field`), so that a form
can show the message next to the input and a command line can print one line.
A change is one transaction: the profile is written and, when it changes what the
plan depends on (country, holidays, cards, cadence), every plan is re-derived in
the same transaction, so nobody ever sees a plan from the old settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from afterview.domain import emails
from afterview.domain import validate as domain_validate
from afterview.domain.calendars import UnknownRegion, check_region
from afterview.domain.model import Cadence, Profile
from afterview.services.errors import UserError
from afterview.services.planning import replan
from afterview.services.store import Store
from afterview.store import repository as repo

MAX_TEXT = 200
MAX_STRENGTHS = 20
MAX_PIPELINE_TARGET = 1000
MAX_CADENCE = 365
CADENCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Cadence))


class InvalidSetting(UserError):
    """A setting the user gave cannot be used; `field` names it (e.g. "timezone", "cadence.reapply_months")."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, code="invalid-setting", field=field)
        self.detail = message


def read_settings(store: Store) -> Profile:
    with store.reading() as conn:
        return repo.read_profile(conn)


def validate(profile: Profile) -> Profile:
    """The profile with its text tidied, or InvalidSetting on the first problem."""
    name = profile.name.strip()
    if len(name) > MAX_TEXT:
        raise InvalidSetting("name", f"keep it under {MAX_TEXT} characters")
    email = (profile.email or "").strip() or None
    if email is not None:
        _check_email(email)
    phone = (profile.phone or "").strip() or None
    if phone is not None and len(phone) > 60:
        raise InvalidSetting("phone", "keep it under 60 characters")
    country = profile.country.strip().upper()
    subdivision = (profile.subdivision or "").strip().upper() or None
    try:
        check_region(country, None)
    except UnknownRegion as problem:
        raise InvalidSetting("country", str(problem)) from None
    try:
        check_region(country, subdivision)
    except UnknownRegion as problem:
        raise InvalidSetting("subdivision", str(problem)) from None
    timezone = profile.timezone.strip()
    _check_timezone(timezone)
    strengths = tuple(s.strip() for s in profile.strengths if s.strip())
    if len(strengths) > MAX_STRENGTHS:
        raise InvalidSetting("strengths", f"list at most {MAX_STRENGTHS}; the notes use the first few")
    if any(len(s) > MAX_TEXT for s in strengths):
        raise InvalidSetting("strengths", f"keep each strength under {MAX_TEXT} characters")
    if not 0 <= profile.pipeline_target <= MAX_PIPELINE_TARGET:
        raise InvalidSetting("pipeline_target", f"give a number from 0 to {MAX_PIPELINE_TARGET}")
    for name_ in CADENCE_FIELDS:
        value = getattr(profile.cadence, name_)
        if not 0 <= value <= MAX_CADENCE:
            raise InvalidSetting(f"cadence.{name_}", f"give a number from 0 to {MAX_CADENCE}")
    return replace(profile, name=name, email=email, phone=phone, country=country, subdivision=subdivision,
                   timezone=timezone, strengths=strengths)


def _check_email(email: str) -> None:
    why = emails.problem(email)  # the one rule every door uses (offline: the domain is never looked up)
    if why is not None:
        raise InvalidSetting("email", f"{email!r} is not an email address ({why})")


def _check_timezone(timezone: str) -> None:
    if not timezone:
        raise InvalidSetting("timezone", "give an IANA time zone such as Europe/London or America/New_York")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "US" names a folder of zones, not a zone
        raise InvalidSetting(
            "timezone", f"{timezone!r} is not a known time zone; use one such as Europe/London or America/New_York"
        ) from None


def _shapes_the_plan(before: Profile, after: Profile) -> bool:
    """Whether the stored plan depends on what changed (the rest is read when a page is shown)."""
    return (before.country, before.subdivision, before.send_cards, before.cadence, before.strengths) != (
        after.country, after.subdivision, after.send_cards, after.cadence, after.strengths)


def update_settings(store: Store, profile: Profile) -> Profile:
    """Save the whole profile (validated) and re-derive the plans it shapes; returns what was saved."""
    clean = validate(profile)
    with store.transaction("change settings") as conn:
        _write(conn, repo.read_profile(conn), clean)
    return clean


def change_settings(store: Store, changes: Mapping[str, Any], numbers: Mapping[str, int] | None = None) -> Profile:
    """Change only the given settings and playbook numbers, read and written in one transaction
    (nothing else is touched). An empty name is refused: it signs the notes.
    """
    if "name" in changes and not str(changes["name"]).strip():
        raise InvalidSetting("name", "your name is blank; it signs your notes, so give it")
    with store.transaction("change settings") as conn:
        before = repo.read_profile(conn)
        clean = validate(replace(before, **changes, cadence=replace(before.cadence, **(numbers or {}))))
        _write(conn, before, clean)
    return clean


def _write(conn: sa.Connection, before: Profile, clean: Profile) -> None:
    try:
        domain_validate.profile(clean)
    except domain_validate.Invalid as problem:
        raise InvalidSetting(problem.field, problem.message) from None
    repo.write_profile(conn, clean)
    if _shapes_the_plan(before, clean):
        replan(conn)
