"""Every address the app answers, in one table.

Each screen has a JSON twin under /api/ that the OpenAPI document describes.
The HTML form handlers (POST without /api/) are for browsers: they answer with a
redirect or the form again, and are left out of the OpenAPI document because
their JSON twins are the documented way in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI
from starlette.responses import HTMLResponse, PlainTextResponse

from afterview.web.models import TodayOut
from afterview.web.pages import application, auth, exchange, health, interview, pipeline, settings, today
from afterview.web.security import check_csrf


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    endpoint: Callable[..., Any]
    name: str
    html: bool = False  # a page for people (text/html) rather than JSON
    documented: bool = True
    public: bool = False  # reachable without signing in
    model: Any = None  # the JSON shape, when the endpoint answers with ready-made JSON text


ROUTES: tuple[Route, ...] = (
    # Today
    Route("GET", "/", today.today_page, "today", html=True),
    Route("GET", "/api/today", today.today_api, "api_today", model=TodayOut),
    Route("POST", "/tasks/{task_id}/done", today.done_form, "task_done", html=True, documented=False),
    Route("POST", "/tasks/{task_id}/skip", today.skip_form, "task_skip", html=True, documented=False),
    Route("POST", "/tasks/{task_id}/snooze", today.snooze_form, "task_snooze", html=True, documented=False),
    Route("POST", "/api/tasks/{task_id}/done", today.done_api, "api_task_done"),
    Route("POST", "/api/tasks/{task_id}/skip", today.skip_api, "api_task_skip"),
    Route("POST", "/api/tasks/{task_id}/snooze", today.snooze_api, "api_task_snooze"),
    # DRAFT SLOT: the Draft page (edit a task's note with its checks inline, send, .eml, copy) comes with
    # the drafting package. Its rows go here: GET /tasks/{task_id}/draft, POST /tasks/{task_id}/draft,
    # GET /api/tasks/{task_id}/draft, and the `draft_link` block in templates/_task.html links to it.
    # Pipeline
    Route("GET", "/pipeline", pipeline.pipeline_page, "pipeline", html=True),
    Route("GET", "/api/pipeline", pipeline.pipeline_api, "api_pipeline"),
    # One application
    Route("GET", "/applications/{app_id}", application.application_page, "application", html=True),
    Route("GET", "/api/applications/{app_id}", application.application_api, "api_application"),
    Route("POST", "/applications/{app_id}/contacts", application.log_contact_form, "log_contact", html=True,
          documented=False),
    Route("POST", "/applications/{app_id}/replies", application.log_reply_form, "log_reply", html=True,
          documented=False),
    Route("POST", "/applications/{app_id}/outcome", application.log_outcome_form, "log_outcome", html=True,
          documented=False),
    Route("POST", "/api/applications/{app_id}/contacts", application.contact_api, "api_log_contact"),
    Route("POST", "/api/applications/{app_id}/replies", application.reply_api, "api_log_reply"),
    Route("POST", "/api/applications/{app_id}/outcome", application.outcome_api, "api_log_outcome"),
    # Log an interview
    Route("GET", "/interviews/new", interview.interview_page, "interview", html=True),
    Route("POST", "/interviews/new", interview.interview_form, "interview_save", html=True, documented=False),
    Route("POST", "/api/interviews", interview.interview_api, "api_interview"),
    # Settings
    Route("GET", "/settings", settings.settings_page, "settings", html=True),
    Route("POST", "/settings", settings.settings_form, "settings_save", html=True, documented=False),
    Route("GET", "/api/settings", settings.settings_api, "api_settings"),
    Route("PUT", "/api/settings", settings.settings_put_api, "api_settings_save"),
    # Import and export
    Route("GET", "/exchange", exchange.exchange_page, "exchange", html=True),
    Route("POST", "/exchange/import", exchange.import_form, "import", html=True, documented=False),
    Route("GET", "/exchange/export", exchange.export_download, "export"),
    Route("GET", "/api/export", exchange.export_api, "api_export"),
    Route("POST", "/api/import", exchange.import_api, "api_import"),
    # Signing in, and the bare health check
    Route("GET", "/login", auth.login_page, "login", html=True, public=True),
    Route("POST", "/login", auth.login_form, "login_submit", html=True, documented=False, public=True),
    Route("POST", "/logout", auth.logout_form, "logout", html=True, documented=False, public=True),
    Route("GET", "/api/session", auth.session_api, "api_session", public=True),
    Route("GET", "/healthz", health.healthz, "healthz", public=True),
)

# Documented error answers of the JSON twins.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A request the services refused, with a one-line reason."},
    401: {"description": "Sign in first (only when the app needs a password)."},
    403: {"description": "The X-CSRF-Token header is missing or wrong (state-changing requests)."},
    404: {"description": "No such task or application."},
    409: {"description": "The not-pestering guard refused the contact; the reason names the earliest date."},
    422: {"description": "The body breaks a check; `errors` maps each field to its message."},
}


def install(app: FastAPI) -> None:
    for route in ROUTES:
        dependencies = [] if route.public else [Depends(auth.require_user)]
        if route.method != "GET":
            dependencies.append(Depends(check_csrf))
        extra: dict[str, Any] = {"response_model": route.model} if route.model else {}
        if route.html:
            extra["response_class"] = HTMLResponse
        elif route.name == "healthz":
            extra["response_class"] = PlainTextResponse
        app.add_api_route(route.path, route.endpoint, methods=[route.method], name=route.name,
                          include_in_schema=route.documented, dependencies=dependencies,
                          responses=ERRORS if route.path.startswith("/api/") else None, **extra)
