"""The morning digest's setting on the Settings page, and its JSON twin."""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from afterview.services import digest
from afterview.services.errors import UserError
from afterview.services.store import Store
from afterview.web.context import see_other, web
from afterview.web.forms import Form

HOURS = tuple(f"{h:02d}:00" for h in range(24))


class DigestIO(BaseModel):
    hour: int | None = Field(description="The hour (0-23, your time zone) the digest of what is due today and "
                                         "what is late is emailed to you; null: off.")


def digest_form_of(store: Store, given: Form | None = None) -> Form:
    """The digest form, filled from the store unless it came back with a problem."""
    if given is not None:
        return given
    hour = digest.digest_hour(store)
    return Form({"hour": "" if hour is None else HOURS[hour]}, prefix="digest-")


async def digest_form(request: Request) -> Response:
    from afterview.web.pages.settings import settings_page_with

    form = Form.of(await request.form())
    form.prefix = "digest-"
    chosen = form.choice("hour", HOURS)
    if form.ok:
        try:
            hour = await run_in_threadpool(digest.set_digest_hour, web(request).store,
                                           None if chosen is None else HOURS.index(chosen))
        except UserError as problem:
            form.fail("hour", problem.line()[:1].upper() + problem.line()[1:] + ".")
        else:
            return see_other("/settings#digest", f"The morning digest comes at {HOURS[hour]} each day."
                             if hour is not None else "The morning digest is off.", request)
    return await run_in_threadpool(lambda: settings_page_with(request, status=422, digest_form=form))


def digest_api(request: Request) -> DigestIO:
    """When the morning digest goes out (null: off)."""
    return DigestIO(hour=digest.digest_hour(web(request).store))


def digest_put_api(request: Request, body: DigestIO) -> DigestIO:
    """Turn the morning digest on at an hour, or off with null (it needs your email and outgoing mail set)."""
    return DigestIO(hour=digest.set_digest_hour(web(request).store, body.hour))
