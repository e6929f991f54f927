"""What every request handler reaches for: the store, today's date, and rendering a page."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from afterview.domain import wording
from afterview.domain.model import SOLO_KINDS, Task
from afterview.services.planning import local_today
from afterview.services.store import Store
from afterview.web.cache import TOKEN_SLOT, ScreenCache
from afterview.web.security import CSRF_FIELD, LoginLimiter, session_of

HERE = Path(__file__).parent
HTMX = "htmx-2.0.11.min.js"


@dataclass
class WebContext:
    store: Store
    fixed_day: date | None
    auth_required: bool
    limiter: LoginLimiter
    env: Environment
    screens: ScreenCache


def web(request: Request) -> WebContext:
    context = request.app.state.web
    assert isinstance(context, WebContext)
    return context


def as_of(request: Request) -> date:
    """The `as_of` the app was started with, else today where the user lives."""
    context = web(request)
    if context.fixed_day is not None:
        return context.fixed_day
    with context.store.reading() as conn:
        return local_today(conn)


def when(task: Task, today: date) -> str:
    return wording.when(task.due, task.deadline, task.status, today)


def is_late(task: Task, today: date) -> bool:
    return wording.is_late(task.due, task.deadline, task.status, today)


def label(kind: str | None) -> str:
    """'thank_you_email' -> 'Thank-you email', for people rather than programs."""
    return wording.kind_label(kind)


def day(value: date | None) -> str:
    return f"{value:%a %-d %b %Y}" if value else "—"


def segment(value: str) -> str:
    """One URL path segment: ids may hold characters a path treats specially."""
    return quote(value, safe="")


def sends_words(task: Task) -> bool:
    """Whether the task has a note to draft (a debrief or an offer decision is done alone)."""
    return task.kind not in SOLO_KINDS


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        # A misspelt variable fails the tests instead of rendering an empty gap.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(when=when, label=label, day=day, seg=segment, possessive=wording.possessive)
    env.tests["late"] = is_late
    env.tests["sending_words"] = sends_words
    env.globals.update(htmx=HTMX, csrf_field=CSRF_FIELD)
    return env


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    context = web(request)
    session = session_of(request)
    page = context.env.get_template(template).render(
        request_path=request.url.path, csrf_token=session.csrf, user=session.user,
        auth_required=context.auth_required, notice=values.pop("notice", None) or session.pop_notice(),
        **values,
    )
    return HTMLResponse(page, status_code=status)


async def kept_page(request: Request, key: Hashable, template: str, values: Callable[[], dict[str, Any]], *,
                    eager: bool = False) -> HTMLResponse:
    """A page rendered once per change of the data and kept (see web.cache); `values` reads the store.
    An `eager` page is drawn again by each write before it answers."""
    context = web(request)
    session = session_of(request)
    if "notice" in session.data:  # a one-shot notice belongs to this session only
        return render(request, template, **await run_in_threadpool(values))
    key = (key, session.user, context.auth_required)

    def build() -> str:
        found = values()
        # A page is drawn from its values (its `view`, and what else it shows) and what its key fixes;
        # the same values read back draw the same page.
        basis = found if "view" in found else None
        text = None if basis is None else context.screens.drawn(key, basis)
        if text is None:
            text = context.env.get_template(template).render(
                request_path=request.url.path, csrf_token=TOKEN_SLOT, user=session.user,
                auth_required=context.auth_required, notice=None, **found)
            if basis is not None:
                context.screens.draw(key, basis, text)
        return text

    text = await context.screens.kept(key, build, context.screens.fresh_from(session), eager=eager)
    return HTMLResponse(text.replace(TOKEN_SLOT, session.csrf))


async def kept_json(request: Request, key: Hashable, build: Callable[[], str]) -> Response:
    """JSON text kept until the data changes, like `kept_page`."""
    screens = web(request).screens
    return Response(await screens.kept(key, build, screens.fresh_from(session_of(request))),
                    media_type="application/json")


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def local_path(value: object, default: str = "/") -> str:
    """Where to go back to after a form: only a path of this site, never another site."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def see_other(path: str, notice: str | None = None, request: Request | None = None) -> RedirectResponse:
    """After a form that changed something: back to a page (POST/redirect/GET), with a one-shot notice."""
    if notice and request is not None:
        session_of(request).notify(notice)
    return RedirectResponse(path, status_code=303)


def problem(status: int, detail: str, errors: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "errors": errors or {}}, status_code=status)
