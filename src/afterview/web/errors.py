"""Every failure as one calm line: a page for people, `{"detail": …}` for programs.

No traceback ever reaches a user. Errors a user can cause (services.UserError)
keep their one-line message; anything unexpected is logged and answered with a
short apology (the use-case's transaction was rolled back, so nothing is half-saved).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from jinja2 import Environment
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import Scope

from afterview.domain import limits
from afterview.services.errors import Conflict, NotFound, Refused, StoreUnavailable, UserError
from afterview.web.context import problem, render
from afterview.web.security import CSRF_REFUSED, CsrfRefused, SignInRequired

UNEXPECTED = ("Something went wrong on our side and nothing was changed. "
              "Try again; if it keeps happening, restart afterview serve.")
TITLES = {400: "That did not work", 401: "Please sign in", 403: "Not allowed", 404: "Not found",
          405: "Not possible here", 409: "Not recorded", 422: "Please check the form", 429: "Too many tries"}


class FormProblem(Exception):
    """A JSON body that breaks the same checks the HTML form makes (422 with the field errors)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values()), "the request is not valid"))
        self.errors = errors


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def error_page(env: Environment) -> Callable[[Scope], Response]:
    """The last resort for a crash, rendered without touching the database."""

    def page(scope: Scope) -> Response:
        if is_api(scope.get("path", "")):
            return JSONResponse({"detail": UNEXPECTED, "errors": {}}, status_code=500)
        html = env.get_template("error.html").render(
            title="Something went wrong", message=UNEXPECTED, request_path="", csrf_token="",
            user=None, auth_required=False, notice=None)
        return HTMLResponse(html, status_code=500)

    return page


def _show(request: Request, status: int, message: str) -> Response:
    if is_api(request.url.path):
        return problem(status, message)
    return render(request, "error.html", status, title=TITLES.get(status, "That did not work"), message=message)


def status_of(error: UserError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, (Refused, Conflict)):
        return 409
    if isinstance(error, StoreUnavailable):
        return 503
    return 400


async def on_user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    status = status_of(exc)
    if is_api(request.url.path):
        body = {"detail": exc.message, **exc.as_json(), "errors": {exc.field: exc.message} if exc.field else {}}
        return JSONResponse(body, status_code=status)
    return _show(request, status, exc.line() if not isinstance(exc, Refused) else exc.message)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "There is no such page here.", 405: "This address does not accept that kind of request."}
    response = _show(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _where(error: Mapping[str, Any]) -> str:
    return ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")) or "request"


def _request_problem(error: Mapping[str, Any]) -> UserError:
    """One of the request model's refusals, worded and coded as the domain words the same mistake,
    so that a text too long gets the same answer from the JSON API as from the CLI and the forms."""
    where = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
    field = where[-1] if where and not where[-1].isdigit() else ".".join(where) or "request"
    value, context = error.get("input"), error.get("ctx") or {}
    if error.get("type") == "string_too_long" and isinstance(value, str):
        return UserError(f"the {field.replace('_', ' ')} {limits.too_long(len(value), context.get('max_length', 0))}",
                         code="too-long", field=field, hint="shorten it")
    if error.get("type") == "missing":
        return UserError(f"the {field.replace('_', ' ')} is missing", code="required", field=field,
                         hint=f"give the {field.replace('_', ' ')}")
    return UserError(f"{'.'.join(where) or 'request'}: {error.get('msg', 'is not valid')}", code="invalid-request",
                     field=field)


async def on_invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [(_where(error), _request_problem(error)) for error in exc.errors()]
    first = problems[0][1] if problems else UserError("the request is not valid", code="invalid-request")
    if is_api(request.url.path):
        errors: dict[str, str] = {}
        for where, each in problems:
            errors.setdefault(where, each.message)
        return JSONResponse({"detail": first.message, **first.as_json(), "errors": errors}, status_code=422)
    return _show(request, 400, f"The address has a value this page cannot use ({first.message}).")


async def on_form_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FormProblem)
    field, message = next(iter(exc.errors.items()), ("request", "is not valid"))
    return problem(422, f"{field}: {message}", exc.errors)


async def on_csrf(request: Request, exc: Exception) -> Response:
    return _show(request, 403, CSRF_REFUSED)


async def on_sign_in(request: Request, exc: Exception) -> Response:
    if is_api(request.url.path):
        return problem(401, "sign in first: POST the login form at /login, then send the session cookie")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def install(app: FastAPI) -> None:
    app.add_exception_handler(UserError, on_user_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_invalid_request)
    app.add_exception_handler(FormProblem, on_form_problem)
    app.add_exception_handler(CsrfRefused, on_csrf)
    app.add_exception_handler(SignInRequired, on_sign_in)
