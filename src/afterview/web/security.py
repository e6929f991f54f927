"""Sessions, CSRF tokens, sign-in rate limits and the headers every response carries.

The session lives in one signed cookie (itsdangerous): the CSRF token, the signed-in
user and a one-shot notice. Nothing secret is in it, and the signature means nobody
can forge one. Every state-changing request must carry the session's CSRF token,
either in the `csrf_token` form field or the `X-CSRF-Token` header (htmx sends the
header, plain forms the field); a request without it is refused with 403 before
anything is read or written.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterview.domain import limits

log = logging.getLogger("afterview.web")

COOKIE = "afterview_session"
SESSION_SECONDS = 14 * 24 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = "This form has expired or did not come from this app. Reload the page and try again."
CSRF_HEADER = "x-csrf-token"

# No inline script anywhere (htmx is a file of our own origin), no framing, no
# sniffing, and no referrer leaving the app: task ids and names are in the URLs.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
)


class Session:
    """The decoded session cookie; changes are written back on the response."""

    __slots__ = ("data", "modified")

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = dict(data or {})
        self.modified = False
        if not isinstance(self.data.get("csrf"), str):
            self.data["csrf"] = secrets.token_urlsafe(32)
            self.modified = True

    @property
    def csrf(self) -> str:
        return str(self.data["csrf"])

    @property
    def user(self) -> str | None:
        user = self.data.get("user")
        return user if isinstance(user, str) else None

    @property
    def epoch(self) -> int | None:
        """The user's session epoch when this session signed in (see accounts.end_sessions)."""
        epoch = self.data.get("epoch")
        return epoch if isinstance(epoch, int) else None

    def sign_in(self, user: str, epoch: int) -> None:
        # A new token on every change of identity: a token seen before sign-in is worthless after it.
        self.data = {"csrf": secrets.token_urlsafe(32), "user": user, "epoch": epoch}
        self.modified = True

    def sign_out(self) -> None:
        self.data = {"csrf": secrets.token_urlsafe(32)}
        self.modified = True

    def notify(self, text: str) -> None:
        self.data["notice"] = text
        self.modified = True

    def pop_notice(self) -> str | None:
        text = self.data.pop("notice", None)
        if text is not None:
            self.modified = True
        return text if isinstance(text, str) else None


# The calendar feed's address holds its secret token: whatever logs a path writes it without.
_FEED_TOKEN = re.compile(r"(/calendar/)[^/?#\s]+(\.ics)")


def redact(text: str) -> str:
    """A path or a log line with any calendar-feed token blanked out."""
    return _FEED_TOKEN.sub(r"\1…\2", text)


class RedactTokens(logging.Filter):
    """Blanks feed tokens in every record of a logger (uvicorn's access log passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def make_serializer(secret_key: bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="afterview.session",
                                  signer_kwargs={"digest_method": hashlib.sha256})


def session_of(request: Request) -> Session:
    session = request.scope.get("afterview.session")
    if not isinstance(session, Session):  # only when the middleware is missing, e.g. in a unit test
        session = Session()
        request.scope["afterview.session"] = session
    return session


def _cookie_value(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key == COOKIE:
                    return str(val)
    return None


ErrorPage = Callable[[Scope], Response]


class GuardMiddleware:
    """Loads the session, adds the security headers, and turns any crash into a calm 500 page.

    Written as plain ASGI (not BaseHTTPMiddleware) because it wraps every request
    and costs almost nothing this way.
    """

    def __init__(self, app: ASGIApp, *, serializer: URLSafeTimedSerializer, error_page: ErrorPage) -> None:
        self.app = app
        self.serializer = serializer
        self.error_page = error_page

    def _load(self, scope: Scope) -> Session:
        raw = _cookie_value(scope)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=SESSION_SECONDS)
                if isinstance(data, dict):
                    return Session(data)
            except (BadSignature, ValueError):
                pass  # tampered with or expired: start afresh
        return Session()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        scope["afterview.session"] = session
        started = False
        secure = scope.get("scheme") == "https"
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
                # Pages hold personal data: never keep them in a shared or back-button cache.
                headers["cache-control"] = "no-cache" if static else "no-store"
                if session.modified and not static:
                    cookie = (f"{COOKIE}={self.serializer.dumps(session.data)}; Path=/; Max-Age={SESSION_SECONDS}; "
                              f"HttpOnly; SameSite=Lax" + ("; Secure" if secure else ""))
                    headers.append("set-cookie", cookie)
            await send(message)

        if _declared_length(scope) > MAX_REQUEST_BYTES:
            # Refused before a byte of the body is read: no request can make the server hold more.
            await _too_large(scope, receive, send_with_headers)
            return
        if scope["method"] not in SAFE_METHODS and scope["path"].startswith("/api/") \
                and not _header_matches(scope, session.csrf):
            # The JSON API takes its token in a header only, so it is checked here, before the body is
            # even read: a forged request never reaches the body's parsing or validation.
            await JSONResponse({"detail": CSRF_REFUSED, "errors": {}}, status_code=403)(
                scope, receive, send_with_headers)
            return
        if _sends_body_without_length(scope):
            # Chunked: no length to check up front, so the body is read here, at most to the bound, and
            # handed on whole; past the bound it is refused as a declared one is.
            body = await _read_at_most(receive, MAX_REQUEST_BYTES)
            if body is None:
                await _too_large(scope, receive, send_with_headers)
                return
            receive = _replay(body, receive)
        try:
            await self.app(scope, receive, send_with_headers)
        except sa.exc.DBAPIError as problem:
            # A database error that escaped its use-case: a locked or unreachable store is a
            # 503 to try again, worded as the services word it, never a 500.
            if started:
                raise
            log.warning("store unavailable on %s %s: %s", scope.get("method"), redact(str(scope.get("path"))),
                        str(problem.orig or problem).splitlines()[0] if str(problem.orig or problem) else "")
            await _unavailable(scope, problem)(scope, receive, send_with_headers)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), redact(str(scope.get("path"))))
            if started:
                raise
            await self.error_page(scope)(scope, receive, send_with_headers)


# The largest request body: an afterview/1 document, with room for a form's other fields.
MAX_REQUEST_BYTES = limits.MAX_DOCUMENT_BYTES + 1024 * 1024
TOO_LARGE = (f"This request is larger than {MAX_REQUEST_BYTES // 2**20} MB, more than any import takes; "
             f"nothing was read or changed.")


def _sends_body_without_length(scope: Scope) -> bool:
    return scope["method"] not in SAFE_METHODS and not any(
        name == b"content-length" for name, _ in scope.get("headers", ()))


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it is longer than `limit` (the rest is never read)."""
    parts: list[bytes] = []
    read = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts)  # the client went away; the app sees an empty or partial body
        chunk = message.get("body", b"")
        read += len(chunk)
        if read > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(body: bytes, then: Receive) -> Receive:
    """The body read already, as one message; after it, what the client sends next (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse({"detail": TOO_LARGE, "errors": {}}, status_code=413)
    else:
        response = Response(TOO_LARGE, status_code=413, media_type="text/plain; charset=utf-8")
    response.headers["connection"] = "close"
    await response(scope, receive, send)


def _unavailable(scope: Scope, problem: sa.exc.DBAPIError) -> Response:
    from afterview.services.store import unavailable

    store = getattr(getattr(getattr(scope.get("app"), "state", None), "web", None), "store", None)
    error = unavailable(problem, str(getattr(store, "url", "") or "sqlite://"))
    headers = {"retry-after": "1"}
    if scope.get("path", "").startswith("/api/") or scope.get("path") == "/openapi.json":
        return JSONResponse({"detail": error.message, **error.as_json(), "errors": {}}, status_code=503,
                            headers=headers)
    return Response(error.line(), status_code=503, media_type="text/plain; charset=utf-8", headers=headers)


def _header_matches(scope: Scope, expected: str) -> bool:
    for name, value in scope.get("headers", ()):
        if name == CSRF_HEADER.encode():
            return hmac.compare_digest(value, expected.encode())
    return False


class CsrfRefused(Exception):
    """A state-changing request without the session's token."""


class SignInRequired(Exception):
    """The app needs a password and this session has not signed in."""


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose token does not match the session's."""
    if request.method in SAFE_METHODS:
        return
    token: object = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if token is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        try:
            token = (await request.form()).get(CSRF_FIELD)
        except (HTTPException, ValueError):
            token = None  # a body that is not a form carries no token: refused like any other

    expected = session_of(request).csrf
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise CsrfRefused()


class LoginLimiter:
    """At most `failures` wrong passwords per client in `window` seconds; then 429 until the oldest expires."""

    def __init__(self, failures: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        times = self._seen.get(client, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int:
        """Seconds to wait before trying again; 0 when a try is allowed."""
        times = self._recent(client)
        if len(times) < self.failures:
            return 0
        return max(1, int(self.window - (self.clock() - times[0])) + 1)

    def failed(self, client: str) -> None:
        if len(self._seen) > 10_000:  # a bound on memory under a flood of clients
            self._seen = {k: v for k, v in self._seen.items() if self._recent(k)}
        times = self._recent(client)
        times.append(self.clock())
        self._seen[client] = times

    def succeeded(self, client: str) -> None:
        self._seen.pop(client, None)

