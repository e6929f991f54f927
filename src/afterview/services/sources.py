"""How an application came about: directly, through a referral (with the referrer), or through an agency
(with the agent). The plan thanks a referrer and asks an agent for the interviewers' details."""

from __future__ import annotations

from dataclasses import replace

from afterview.domain import validate
from afterview.domain.model import SOURCES, Application, Person
from afterview.services.errors import UserError
from afterview.services.facts import CONTACT_ROLE, load_application, save_application, with_source
from afterview.services.store import Store


def check(source: str, contact: Person | None) -> None:
    """The source and its person as they can be recorded, or UserError naming the field (`source_…` for
    the person's details), before anything is written."""
    if source not in SOURCES:
        raise UserError(f"{source!r} is not a way of applying", field="source",
                        hint=f"use one of {', '.join(SOURCES)}")
    if contact is not None and source not in CONTACT_ROLE:
        raise UserError("only a referral or an agency has someone behind it", field="source",
                        hint="choose referral or agency, or leave the person out")
    if contact is not None:
        try:
            validate.person(replace(contact, role=CONTACT_ROLE[source]), field_prefix="source_")
        except validate.Invalid as problem:
            raise UserError(problem.message, code=problem.code, field=problem.field, hint=problem.hint) from None


def set_source(store: Store, app_id: str, source: str, contact: Person | None = None) -> Application:
    """Record the application's source, and the referrer or agent with their role (someone already on the
    application keeps every detail on file; only what is given is added)."""
    check(source, contact)
    with store.transaction(f"source {source} for {app_id}") as conn:
        app = load_application(conn, app_id)
        after = with_source(app, source, contact)
        if after != app:
            save_application(conn, app, after)
        return after
