"""Safe by default: CSRF, sessions, sign-in and its rate limit, escaping, headers, calm errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview.services import accounts
from afterview.services.store import open_store
from afterview.web import create_app
from afterview.web.security import COOKIE, LoginLimiter
from tests.web.conftest import AS_OF, Web

TASK = "northwind-office-manager:thank_you_email:r1:dana-whitfield"


@pytest.mark.parametrize("method, url", [
    ("POST", f"/tasks/{TASK}/done"), ("POST", f"/tasks/{TASK}/skip"), ("POST", f"/tasks/{TASK}/snooze"),
    ("POST", "/applications/hooli-ops/contacts"), ("POST", "/applications/hooli-ops/replies"),
    ("POST", "/applications/hooli-ops/outcome"), ("POST", "/interviews/new"), ("POST", "/settings"),
    ("POST", "/exchange/import"), ("POST", "/login"), ("POST", "/logout"),
    ("POST", f"/api/tasks/{TASK}/done"), ("POST", f"/api/tasks/{TASK}/skip"), ("POST", f"/api/tasks/{TASK}/snooze"),
    ("POST", "/api/applications/hooli-ops/contacts"), ("POST", "/api/applications/hooli-ops/replies"),
    ("POST", "/api/applications/hooli-ops/outcome"), ("POST", "/api/interviews"), ("PUT", "/api/settings"),
    ("POST", "/api/import"),
])
def test_every_state_changing_request_needs_the_csrf_token(web: Web, method: str, url: str) -> None:
    web.get("/")  # a session exists, but the request does not carry its token
    before = web.get("/api/export").json()
    for attempt in ({"data": {"why": "x"}}, {"data": {"why": "x", "csrf_token": "forged"}},
                    {"json": {}, "headers": {"x-csrf-token": "forged"}}):
        response = web.request(method, url, **attempt)  # type: ignore[arg-type]
        assert response.status_code == 403, (url, response.text)
        if url.startswith("/api/"):
            assert response.json()["detail"].startswith("This form has expired")
        else:
            assert "Reload the page and try again" in response.text
    assert web.get("/api/export").json() == before  # nothing changed


def test_a_token_from_another_session_is_refused(web: Web, demo_db: str) -> None:
    other = Web(create_app(db=demo_db, as_of=AS_OF))
    try:
        token = other.csrf()
        response = web.post(f"/tasks/{TASK}/done", data={"csrf_token": token})
        assert response.status_code == 403
    finally:
        other.close()


def test_the_session_cookie_is_signed_httponly_and_samesite(web: Web) -> None:
    response = web.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = web.csrf()
    # A tampered cookie is not trusted: a new session (and a new token) starts.
    value = web.client.cookies[COOKIE]
    web.client.cookies.clear()
    tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    fresh = web.get("/api/session", headers={"cookie": f"{COOKIE}={tampered}"})
    assert fresh.json()["csrf_token"] != token
    kept = web.get("/api/session", headers={"cookie": f"{COOKIE}={value}"})
    assert kept.json()["csrf_token"] == token


def test_security_headers_on_every_response(web: Web) -> None:
    for url in ("/", "/api/today", "/healthz", "/nope", "/static/afterview.css", "/openapi.json"):
        headers = web.get(url).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
    assert web.get("/").headers["cache-control"] == "no-store"


def test_pages_have_no_inline_script(web: Web) -> None:
    for url in ("/", "/pipeline", "/applications/hooli-ops", "/interviews/new", "/settings", "/exchange", "/login"):
        text = web.get(url).text
        assert text.count("<script") == 1 and '<script src="/static/htmx-2.0.11.min.js" defer></script>' in text
        assert " onclick=" not in text and "hx-on" not in text and "style=" not in text


def test_user_text_is_escaped_everywhere_it_shows(empty_web: Web) -> None:
    evil = '<script>alert("x")</script>'
    response = empty_web.form("/interviews/new", {
        "company": f"Evil {evil} Corp", "role": "Clerk", "on": "2026-11-20",
        "iv-0-name": "Mallory <b>Bold</b>", "iv-0-topics": evil, "went_well": evil,
    })
    assert response.status_code == 303, response.text
    app_url = response.headers["location"].split("#")[0]
    skipped = empty_web.api("GET", "/api/today?limit=100").json()["tasks"]
    task = next(t for t in skipped if t["kind"] == "debrief")
    assert empty_web.api("POST", f"/api/tasks/{task['id']}/skip", {"why": evil}).status_code == 200
    for url in (app_url, "/", "/pipeline"):
        text = empty_web.get(url).text
        assert evil not in text and "<b>Bold</b>" not in text, url
    page = empty_web.get(app_url).text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Skipped because: &lt;script&gt;" in page


@pytest.fixture
def locked(demo_db: str) -> Iterator[Web]:
    accounts.set_password(open_store(demo_db), "owner", "correct horse battery")
    clock = [1000.0]
    client = Web(create_app(db=demo_db, as_of=AS_OF, auth_required=True,
                            limiter=LoginLimiter(clock=lambda: clock[0])))
    client.clock = clock  # type: ignore[attr-defined]
    yield client
    client.close()


def test_pages_ask_to_sign_in_when_a_password_is_needed(locked: Web) -> None:
    page = locked.get("/pipeline?stage=applied")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fpipeline%3Fstage%3Dapplied"
    assert locked.get("/api/today").status_code == 401
    assert locked.get("/healthz").status_code == 200
    assert locked.get("/login").status_code == 200


def test_sign_in_and_out(locked: Web) -> None:
    wrong = locked.form("/login", {"username": "owner", "password": "nope", "next": "/pipeline"})
    assert wrong.status_code == 401 and "do not match" in wrong.text
    assert 'value="nope"' not in wrong.text
    right = locked.form("/login", {"username": "owner", "password": "correct horse battery", "next": "/pipeline"})
    assert right.status_code == 303 and right.headers["location"] == "/pipeline"
    assert locked.get("/api/today").status_code == 200
    assert "Sign out" in locked.get("/").text
    # An open redirect is not possible through `next`.
    locked.form("/logout", {})
    evil = locked.form("/login", {"username": "owner", "password": "correct horse battery",
                                  "next": "//evil.example/"})
    assert evil.headers["location"] == "/"
    locked.form("/logout", {})
    assert locked.get("/api/today").status_code == 401


def test_sign_in_is_rate_limited_per_client(locked: Web, demo_db: str) -> None:
    for _ in range(5):
        assert locked.form("/login", {"username": "owner", "password": "guess"}).status_code == 401
    blocked = locked.form("/login", {"username": "owner", "password": "correct horse battery"})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "Too many wrong passwords" in blocked.text
    assert locked.get("/api/today").status_code == 401  # even the right password waits
    locked.clock[0] += 61  # type: ignore[attr-defined]
    ok = locked.form("/login", {"username": "owner", "password": "correct horse battery"})
    assert ok.status_code == 303


def test_a_crash_is_a_calm_page_without_a_traceback(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.services import views

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "today_view", boom)
    page = web.get("/")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    api = web.get("/api/today")
    assert api.status_code == 500 and api.json()["detail"].startswith("Something went wrong")


def test_passwords_are_argon2_and_checked(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "a.sqlite3"))
    assert not accounts.has_password(store)
    with pytest.raises(accounts.UserError, match="too short"):
        accounts.set_password(store, "owner", "short")
    accounts.set_password(store, "owner", "a long enough secret")
    assert accounts.has_password(store)
    with store.reading() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert str(stored).startswith("$argon2id$")
    assert accounts.verify(store, "owner", "a long enough secret")
    assert not accounts.verify(store, "owner", "a long enough secreT")
    assert not accounts.verify(store, "someone", "a long enough secret")


def _sign_in(client: Web) -> None:
    answer = client.form("/login", {"username": "owner", "password": "correct horse battery"})
    assert answer.status_code == 303


def test_signing_out_ends_every_session_of_the_user(locked: Web, demo_db: str) -> None:
    other = Web(locked.app, client="198.51.100.7")  # a second browser, signed in on its own
    try:
        _sign_in(locked)
        _sign_in(other)
        kept_cookie = other.client.cookies.get(COOKIE)
        assert other.get("/api/today").status_code == 200
        locked.form("/logout", {})
        assert locked.get("/api/today").status_code == 401
        assert other.get("/api/today").status_code == 401
        # Even a copy of the old cookie, replayed, is worthless.
        replay = Web(locked.app, client="198.51.100.8")
        replay.client.cookies.set(COOKIE, kept_cookie or "")
        assert replay.get("/api/today").status_code == 401
        replay.close()
        _sign_in(other)
        assert other.get("/api/today").status_code == 200
    finally:
        other.close()


def test_a_new_password_ends_every_session(locked: Web, demo_db: str) -> None:
    _sign_in(locked)
    assert locked.get("/").status_code == 200
    from typer.testing import CliRunner

    from afterview.cli import web_commands  # noqa: F401  (registers `user`)
    from afterview.cli.main import app

    result = CliRunner().invoke(app, ["--db", demo_db, "user", "set-password"], input="another long secret\n")
    assert result.exit_code == 0, result.output
    assert locked.get("/").status_code == 303
    assert locked.get("/api/today").status_code == 401
    assert locked.form("/login", {"username": "owner", "password": "correct horse battery"}).status_code == 401
    assert locked.form("/login", {"username": "owner", "password": "another long secret"}).status_code == 303
    assert locked.get("/api/today").status_code == 200


def test_the_openapi_document_needs_a_session_when_a_password_is_set(locked: Web) -> None:
    assert locked.get("/openapi.json").status_code == 401
    _sign_in(locked)
    document = locked.get("/openapi.json")
    assert document.status_code == 200 and "/api/today" in document.json()["paths"]


def test_only_sign_in_health_and_the_feed_are_open_without_a_session(locked: Web) -> None:
    from afterview.web.routes import ROUTES

    public = {(r.method, r.path) for r in ROUTES if r.public}
    assert public == {("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/api/session"),
                      ("GET", "/healthz"), ("GET", "/calendar/{token}.ics")}
    for route in ROUTES:
        if route.public or route.method != "GET":
            continue
        url = route.path.replace("{task_id}", TASK).replace("{app_id}", "hooli-ops")
        assert locked.get(url).status_code in (303, 401), url


def test_feed_tokens_never_reach_the_servers_log(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from afterview.services.exchange import new_calendar_token
    from afterview.web.security import redact

    db = str(tmp_path / "feed.sqlite3")
    token = new_calendar_token(open_store(db))
    assert token not in redact(f'127.0.0.1:5000 - "GET /calendar/{token}.ics HTTP/1.1" 200')
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "server.log"
    with log.open("w") as sink:
        server = subprocess.Popen([sys.executable, "-m", "afterview", "--db", db, "serve",
                                   "--port", str(port)], stdout=sink, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            feed = httpx.get(f"http://127.0.0.1:{port}/calendar/{token}.ics")
            wrong = httpx.get(f"http://127.0.0.1:{port}/calendar/{token[::-1]}.ics")
            assert feed.status_code == 200 and wrong.status_code == 404
        finally:
            server.terminate()
            server.wait(timeout=20)
    written = log.read_text()
    assert "/calendar/….ics" in written  # the access log is on, and it wrote the requests
    assert token not in written and token[::-1] not in written


def test_a_locked_store_that_escapes_a_use_case_is_a_503_to_retry_not_a_500(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlalchemy as sa

    from afterview.services import views

    def locked(*args: object, **kwargs: object) -> None:
        raise sa.exc.OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    monkeypatch.setattr(views, "today_view", locked)
    page = web.get("/")
    assert page.status_code == 503 and "busy with another change" in page.text
    assert page.headers["retry-after"] == "1" and "Traceback" not in page.text
    api = web.get("/api/today")
    assert api.status_code == 503 and api.json()["code"] == "store-unavailable"
