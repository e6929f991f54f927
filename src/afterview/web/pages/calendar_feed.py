"""The calendar subscription feed: the plan as iCalendar at a secret address.

Calendar apps cannot sign in, so the long random token in the address is the
credential: the feed is public, and an unknown or revoked token gets the same
plain 404 as any missing page, so a guess learns nothing.
"""

from __future__ import annotations

import re

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from afterview.services import exchange
from afterview.web.context import see_other, web

# Tokens are URL-safe base64; anything else is answered without asking the store.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


FollowUps = Query("events", max_length=10, description="Follow-ups as all-day `events` with an alarm (what "
                  "every calendar app shows), as `todos`, or `both`.")


def feed(request: Request, token: str, follow_ups: str = FollowUps) -> Response:
    """Your plan as an iCalendar feed for a calendar app (the address is made on the Settings page)."""
    store = web(request).store
    if not TOKEN.fullmatch(token) or not exchange.calendar_token_is_valid(store, token):
        raise HTTPException(404)
    return Response(exchange.calendar(store, follow_ups=follow_ups), media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'inline; filename="afterview.ics"'})


def feed_url(request: Request, token: str) -> str:
    return str(request.url_for("calendar_feed", token=token))


async def token_form(request: Request) -> Response:
    """Make a new feed address (the old one stops working) or stop them all; the page shows the result."""
    from afterview.web.pages.settings import settings_page_with

    form = await request.form()
    store = web(request).store
    if form.get("action") == "revoke":
        stopped = await run_in_threadpool(exchange.revoke_calendar_tokens, store)
        return see_other("/settings#calendar", "Calendar feed stopped: its address no longer works." if stopped
                         else "There was no calendar feed to stop.", request)
    token = await run_in_threadpool(exchange.new_calendar_token, store)
    # Shown once, in this answer only: the address is a secret and is not kept in the session cookie.
    return await run_in_threadpool(lambda: settings_page_with(
        request, feed=feed_url(request, token),
        notice="New calendar feed address made; any earlier one has stopped working."))
