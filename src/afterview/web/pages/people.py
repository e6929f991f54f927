"""The people of one application, added, edited and removed from its page, with JSON twins.

The forms only turn text into values and call services.facts (`save_person`,
`remove_person`). An edit form sends only what the user changed, compared with
the values the page showed, so a detail recorded elsewhere in the meantime is
never wiped by a stale form; a problem comes back next to its field.
"""

from __future__ import annotations

from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from afterview.domain.model import Application
from afterview.services import people
from afterview.services.errors import NotFound, UserError
from afterview.web.context import see_other, segment, web
from afterview.web.forms import Form
from afterview.web.models import PersonOut, longest

DETAILS: tuple[str, ...] = ("role", "title", "email", "phone")
# The service's field names, as the forms name their inputs.
FORM_FIELD = {"rename_to": "name"}


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=longest("name"))
    role: str | None = Field(None, description="interviewer (the default for someone new), hiring_manager, "
                                               "recruiter, agent or referrer.", max_length=40)
    title: str | None = Field(None, max_length=longest("title"))
    email: str | None = Field(None, max_length=longest("email"))
    phone: str | None = Field(None, max_length=longest("phone"))
    new: bool = Field(False, description="Someone new, though their name looks like someone's already listed "
                                         "(without it such a name is refused as a likely misspelling).")


class PersonChangesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str | None = Field(None, max_length=40)
    title: str | None = Field(None, description="An empty text clears it.", max_length=longest("title"))
    email: str | None = Field(None, description="An empty text clears it.", max_length=longest("email"))
    phone: str | None = Field(None, description="An empty text clears it.", max_length=longest("phone"))
    rename_to: str | None = Field(None, description="A corrected name.", max_length=longest("name"))


def _changes(form: Form) -> people.PersonChanges:
    """Only what differs from what the page showed (`was-…`): a stale form wipes nothing."""
    def changed(name: str) -> str | None:
        value = form.raw(name)
        return value if value != form.raw(f"was-{name}") else None

    role, title, email, phone = (changed(n) for n in DETAILS)
    return people.PersonChanges(form.raw("person"), role or None, title, email, phone, changed("name"))


async def _save(request: Request, app_id: str, what: str) -> Response:
    from afterview.web.pages.application import application_page_with

    app_id = unquote(app_id)
    form = Form.of(await request.form())
    store = web(request).store
    try:
        if what == "add":
            saved = await run_in_threadpool(lambda: people.save_person(store, app_id, people.PersonChanges(
                form.raw("name"), form.raw("role") or None, *(form.raw(n) or None for n in DETAILS[1:])),
                new=form.flag("new")))
            notice = f"Saved {saved.name} ({saved.role.replace('_', ' ')})."
        elif what == "edit":
            saved = await run_in_threadpool(people.save_person, store, app_id, _changes(form))
            notice = f"Saved {saved.name}."
        else:
            gone = await run_in_threadpool(people.remove_person, store, app_id, form.raw("person"))
            notice = f"Removed {gone.name} from this application; its history keeps what happened."
    except UserError as problem:
        if what == "remove" or isinstance(problem, NotFound):  # no such application or person: the error page
            raise
        form.fail(FORM_FIELD.get(problem.field or "", problem.field or "name"), problem.line())
        if problem.code == "look-alike-person":
            form.values["offer_new"] = "on"  # the form then asks whether they are someone new
        key = "person" if what == "add" else f"person:{form.raw('person')}"
        return await run_in_threadpool(lambda: application_page_with(request, app_id, status=422,
                                                                     forms={key: form}))
    return see_other(f"/applications/{segment(app_id)}#people-h", notice, request)


async def add_form(request: Request, app_id: str) -> Response:
    return await _save(request, app_id, "add")


async def edit_form(request: Request, app_id: str) -> Response:
    return await _save(request, app_id, "edit")


async def remove_form(request: Request, app_id: str) -> Response:
    return await _save(request, app_id, "remove")


def add_api(request: Request, app_id: str, body: PersonIn) -> PersonOut:
    """Add someone to the application (someone already there: only the details given change)."""
    given = body.model_dump(exclude={"new"})
    return PersonOut.of(people.save_person(web(request).store, app_id, people.PersonChanges(**given), new=body.new))


def edit_api(request: Request, app_id: str, name: str, body: PersonChangesIn) -> PersonOut:
    """Change only the details given of someone on the application ("" clears one)."""
    changes = people.PersonChanges(name, **body.model_dump(exclude_unset=True))
    return PersonOut.of(people.save_person(web(request).store, app_id, changes))


def remove_api(request: Request, app_id: str, name: str) -> PersonOut:
    """Take someone off the application; its history keeps what happened."""
    return PersonOut.of(people.remove_person(web(request).store, app_id, name))


def person_forms(app: Application, given: dict[str, Form] | None = None) -> dict[str, Form]:
    """The add form ("person") and one edit form per person ("person:Name"), filled from the store
    unless a form came back with its problems."""
    given = given or {}
    forms = {"person": given.get("person") or Form()}
    forms["person"].prefix = "person-new-"
    for n, p in enumerate(app.people):
        key = f"person:{p.name}"
        shown = {"name": p.name, "role": p.role, "title": p.title or "", "email": p.email or "",
                 "phone": p.phone or ""}
        form = given.get(key) or Form({**shown, **{f"was-{k}": v for k, v in shown.items()}})
        form.prefix = f"person-{n}-"
        forms[key] = form
    return forms
