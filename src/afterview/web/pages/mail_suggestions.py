"""What the scan read in the mail, on Today ("From your mail") and as JSON: confirm or dismiss each.

Every door calls services/suggestions.py: the same list, the same checks, the same effect.
A confirm or a dismiss is a write through the store's transaction, so the kept pages
(web/cache.py) are drawn again with the list as it now is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from afterview.services import suggestions
from afterview.services.errors import StoreUnavailable, UserError
from afterview.web.context import as_of, local_path, see_other, web
from afterview.web.forms import Form


class SuggestionOut(BaseModel):
    id: int
    application: str
    company: str
    kind: str
    what: str
    sentence: str
    confidence: float | None
    received_on: date
    first_day: date | None
    last_day: date | None
    sender: str | None
    state: str
    message: str
    found_at: str

    @classmethod
    def of(cls, found: suggestions.Suggestion) -> SuggestionOut:
        return cls.model_validate(found.as_json())


class SettledOut(BaseModel):
    suggestion: SuggestionOut
    message: str


def suggestions_api(request: Request) -> list[SuggestionOut]:
    """Suggestions from your mail waiting for a confirm or a dismiss, oldest message first."""
    return [SuggestionOut.of(s) for s in suggestions.pending(web(request).store)]


def confirm_api(request: Request, number: int) -> SettledOut:
    """Apply a suggestion (an outcome, a decision date, time away …) and mark it confirmed."""
    done = suggestions.confirm(web(request).store, number, as_of(request))
    return SettledOut(suggestion=SuggestionOut.of(done.suggestion), message=done.message)


def dismiss_api(request: Request, number: int) -> SettledOut:
    """Set a suggestion aside; nothing in the plan changes."""
    done = suggestions.dismiss(web(request).store, number, as_of(request))
    return SettledOut(suggestion=SuggestionOut.of(done.suggestion), message=done.message)


async def _settle(request: Request, number: int,
                  settle: Callable[..., suggestions.Settled], verb: str) -> Response:
    form = Form.of(await request.form())
    back = local_path(form.raw("next"))
    try:
        done = await run_in_threadpool(settle, web(request).store, number, as_of(request))
    except StoreUnavailable:
        raise  # not about this suggestion: the store's own page (503), from web/errors.py
    except UserError as problem:
        return see_other(back, f"Could not {verb} it: {problem.line()}.", request)
    return see_other(back, done.message[:1].upper() + done.message[1:] + ".", request)


async def confirm_form(request: Request, number: int) -> Response:
    return await _settle(request, number, suggestions.confirm, "confirm")


async def dismiss_form(request: Request, number: int) -> Response:
    return await _settle(request, number, suggestions.dismiss, "dismiss")
