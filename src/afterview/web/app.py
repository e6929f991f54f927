"""The app factory: one function builds the whole web app from a few keyword-only switches."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from datetime import date

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from afterview.services.store import open_store
from afterview.services.views import ChangeWatch
from afterview.web import errors, routes
from afterview.web.cache import FreshAfterWrites, ScreenCache
from afterview.web.context import HERE, WebContext, make_env
from afterview.web.security import GuardMiddleware, LoginLimiter, make_serializer
from afterview.web.ticker import Tick, no_tick, run_ticks

DESCRIPTION = """The follow-up plan after a job interview, over HTTP.

Every page has a JSON twin under `/api/`. State-changing requests need the
session's CSRF token in the `X-CSRF-Token` header: `GET /api/session` gives it
(with the session cookie to send back)."""


def create_app(
    *,
    db: str | None,
    as_of: date | None = None,
    auth_required: bool = False,
    secret_key: bytes | None = None,
    tick: Tick = no_tick,
    tick_interval: float = 60.0,
    limiter: LoginLimiter | None = None,
) -> FastAPI:
    """The web app over the store at `db` (a URL or file path; None: the default file).

    `as_of` fixes the day treated as today (tests, demos); `auth_required` puts every
    page behind the password of `afterview user set-password`; `secret_key` signs the
    session cookies (a random one means sessions end when the process does); `tick`
    is called every `tick_interval` seconds while the server runs.
    """
    store = open_store(db)
    env = make_env()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.create_task(run_ticks(tick, tick_interval), name="afterview-tick")
        try:
            yield
        finally:
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop

    app = FastAPI(title="Afterview", version="1", description=DESCRIPTION, lifespan=lifespan,
                  # The interactive docs load scripts from a CDN and inline script, which the
                  # content security policy forbids; the OpenAPI document itself is served.
                  docs_url=None, redoc_url=None,
                  # Served by the route table instead, behind the sign-in like every page.
                  openapi_url=None)
    screens = ScreenCache(ChangeWatch(store))
    app.state.web = WebContext(store=store, fixed_day=as_of, auth_required=auth_required,
                               limiter=limiter or LoginLimiter(), env=env, screens=screens)
    routes.install(app)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(FreshAfterWrites, screens=screens)  # inside the guard, which keeps the session
    app.add_middleware(GuardMiddleware, serializer=make_serializer(secret_key or secrets.token_bytes(32)),
                       error_page=errors.error_page(env))
    return app
