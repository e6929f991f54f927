"""Signing in, when the app needs a password (any address but loopback, or a password was set)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.services import accounts
from afterview.web.context import local_path, render, see_other, web
from afterview.web.forms import Form
from afterview.web.models import SessionOut
from afterview.web.security import SignInRequired, session_of


async def require_user(request: Request) -> None:
    """A dependency of every route but sign-in, the health check, the calendar feed and the static files.

    A session is valid while its user's epoch is the one it signed in under: signing out
    anywhere or a new password (`afterview user set-password`) moves the epoch on. Run on
    the event loop (a plain function would be handed to a worker thread on every request,
    and back, even with no password to check); only the store is asked in a worker thread.
    """
    if not web(request).auth_required:
        return
    session = session_of(request)
    if session.user is None:
        raise SignInRequired()
    if session.epoch is None or await run_in_threadpool(accounts.session_epoch, web(request).store,
                                                        session.user) != session.epoch:
        session.sign_out()
        raise SignInRequired()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_page(request: Request) -> HTMLResponse:
    """The sign-in form."""
    form = Form({"username": accounts.DEFAULT_USERNAME, "next": local_path(request.query_params.get("next"))})
    return render(request, "login.html", form=form)


async def login_form(request: Request) -> Response:
    form = Form.of(await request.form())
    limiter = web(request).limiter
    client = _client(request)
    wait = limiter.retry_after(client)
    if wait:
        form.fail("password", f"Too many wrong passwords. Wait {wait} seconds, then try again.")
        response = render(request, "login.html", 429, form=form)
        response.headers["retry-after"] = str(wait)
        return response
    username = form.raw("username") or accounts.DEFAULT_USERNAME
    password = form.values.get("password", "")
    if await run_in_threadpool(accounts.verify, web(request).store, username, password):
        limiter.succeeded(client)
        epoch = await run_in_threadpool(accounts.session_epoch, web(request).store, username.strip())
        session_of(request).sign_in(username.strip(), epoch or 0)
        return see_other(local_path(form.raw("next")), f"Signed in as {username}.", request)
    limiter.failed(client)
    form.values.pop("password", None)  # the one field never sent back
    form.fail("password", "That name and password do not match. Check them and try again.")
    return render(request, "login.html", 401, form=form)


async def logout_form(request: Request) -> Response:
    session = session_of(request)
    if session.user is not None and session.epoch == await run_in_threadpool(
            accounts.session_epoch, web(request).store, session.user):
        # Signing out ends every session of this user, not just this browser's.
        await run_in_threadpool(accounts.end_sessions, web(request).store, session.user)
    session.sign_out()
    return see_other("/login" if web(request).auth_required else "/", "Signed out.", request)


def session_api(request: Request) -> SessionOut:
    """The CSRF token to send as X-CSRF-Token, and who is signed in."""
    session = session_of(request)
    return SessionOut(csrf_token=session.csrf, user=session.user, auth_required=web(request).auth_required)
