"""References: the people who vouch for you, listed, added, edited and removed, with a JSON twin.

The forms only hand the text to services.references, which checks it; a problem
comes back next to the field it is about, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import Reference
from afterview.services import references
from afterview.services.errors import UserError
from afterview.web.context import render, see_other, web
from afterview.web.forms import Form
from afterview.web.models import longest


class ReferenceIO(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Their name as you would write it in a letter.", max_length=longest("name"))
    email: str | None = Field(None, max_length=longest("email"))
    phone: str | None = Field(None, max_length=longest("phone"))
    relationship: str | None = Field(None, description="How they know you, e.g. 'former manager'.",
                                     max_length=longest("relationship"))

    @classmethod
    def of(cls, r: Reference) -> ReferenceIO:
        return cls(name=r.name, email=r.email, phone=r.phone, relationship=r.relationship)


class ReferenceChangesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, description="A new name.", max_length=longest("name"))
    email: str | None = Field(None, description="A new email; an empty text clears it.", max_length=longest("email"))
    phone: str | None = Field(None, description="A new phone; an empty text clears it.", max_length=longest("phone"))
    relationship: str | None = Field(None, description="An empty text clears it.", max_length=longest("relationship"))


class ReferencesOut(BaseModel):
    references: list[ReferenceIO]
    wanted_by: dict[str, str] = Field(description="Applications whose plan needs references while none are on "
                                                  "file, and why.")


def _values(r: Reference) -> dict[str, str]:
    return {"name": r.name, "email": r.email or "", "phone": r.phone or "", "relationship": r.relationship or ""}


def references_page_with(request: Request, *, status: int = 200, editing: str | None = None,
                         edit_form: Form | None = None, add_form: Form | None = None) -> HTMLResponse:
    store = web(request).store
    found = references.list_references(store)
    forms = []
    for n, reference in enumerate(found):
        form = edit_form if edit_form is not None and editing == reference.name else Form(_values(reference))
        form.prefix = f"ref-{n}-"
        forms.append((reference, form))
    add = add_form or Form()
    add.prefix = "new-"
    return render(request, "references.html", status, forms=forms, add=add, editing=editing,
                  wanted=references.wanted_by(store) if not found else {})


def references_page(request: Request) -> HTMLResponse:
    """Your references as a page, with the forms to add, edit and remove them."""
    return references_page_with(request)


def references_api(request: Request) -> ReferencesOut:
    """Your references, and which plans need them while none are on file."""
    store = web(request).store
    return ReferencesOut(references=[ReferenceIO.of(r) for r in references.list_references(store)],
                         wanted_by=references.wanted_by(store))


async def add_form(request: Request) -> Response:
    form = Form.of(await request.form())
    reference = Reference(form.raw("name"), form.raw("email") or None, form.raw("phone") or None,
                          form.raw("relationship") or None)
    try:
        saved = await run_in_threadpool(references.add_reference, web(request).store, reference)
    except UserError as problem:
        form.fail(problem.field or "name", problem.line())
        status = _status(problem)
        return await run_in_threadpool(lambda: references_page_with(request, status=status, add_form=form))
    return see_other("/references", f"Added {saved.name} to your references; the plan warns them when an "
                                    f"employer may call.", request)


async def edit_form(request: Request) -> Response:
    form = Form.of(await request.form())
    original = form.raw("reference")
    changes = references.ReferenceChanges(*(form.values.get(name, "") for name in references.FIELDS))
    try:
        saved = await run_in_threadpool(references.edit_reference, web(request).store, original, changes)
    except UserError as problem:
        form.fail(problem.field or "name", problem.line())
        status = _status(problem)
        return await run_in_threadpool(lambda: references_page_with(
            request, status=status, editing=original, edit_form=form))
    return see_other("/references", f"Saved {saved.name}.", request)


async def remove_form(request: Request) -> Response:
    form = Form.of(await request.form())
    gone = await run_in_threadpool(references.remove_reference, web(request).store, form.raw("reference"))
    return see_other("/references", f"Removed {gone.name} from your references.", request)


def _status(problem: UserError) -> int:
    from afterview.web.errors import status_of

    status = status_of(problem)
    return 422 if status == 400 else status


def add_api(request: Request, body: ReferenceIO) -> ReferenceIO:
    """Add a reference; 409 when one of that name is already on file."""
    data: dict[str, Any] = body.model_dump()
    return ReferenceIO.of(references.add_reference(web(request).store, Reference(**data)))


def edit_api(request: Request, name: str, body: ReferenceChangesIn) -> ReferenceIO:
    """Change only the fields given of the reference called `name`."""
    changes = references.ReferenceChanges(**body.model_dump(exclude_unset=True))
    return ReferenceIO.of(references.edit_reference(web(request).store, name, changes))


def remove_api(request: Request, name: str) -> ReferenceIO:
    """Remove the reference called `name`; answers with who was removed."""
    return ReferenceIO.of(references.remove_reference(web(request).store, name))
