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
from afterview.web.pages import (
    application,
    auth,
    calendar_feed,
    call,
    digest,
    draft,
    exchange,
    health,
    history,
    interview,
    mail,
    mail_suggestions,
    people,
    pipeline,
    references,
    settings,
    today,
)
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
    # What the scan read in the mail, kept until confirmed or dismissed
    Route("POST", "/suggestions/{number}/confirm", mail_suggestions.confirm_form, "suggestion_confirm", html=True,
          documented=False),
    Route("POST", "/suggestions/{number}/dismiss", mail_suggestions.dismiss_form, "suggestion_dismiss", html=True,
          documented=False),
    Route("GET", "/api/suggestions", mail_suggestions.suggestions_api, "api_suggestions"),
    Route("POST", "/api/suggestions/{number}/confirm", mail_suggestions.confirm_api, "api_suggestion_confirm"),
    Route("POST", "/api/suggestions/{number}/dismiss", mail_suggestions.dismiss_api, "api_suggestion_dismiss"),
    # A task's note: edit it with its checks shown as you type, save, send, download as .eml
    Route("GET", "/tasks/{task_id}/draft", draft.draft_page, "draft", html=True),
    Route("POST", "/tasks/{task_id}/draft", draft.save_form, "draft_save", html=True, documented=False),
    Route("POST", "/tasks/{task_id}/draft/check", draft.check_form, "draft_check", html=True, documented=False),
    Route("POST", "/tasks/{task_id}/send", draft.send_form, "task_send", html=True, documented=False),
    Route("GET", "/tasks/{task_id}/draft.eml", draft.eml_download, "draft_eml"),
    Route("POST", "/tasks/{task_id}/review", draft.review_form, "draft_review", html=True, documented=False),
    Route("POST", "/tasks/{task_id}/review/hold", draft.review_hold_form, "draft_review_hold", html=True,
          documented=False),
    Route("GET", "/api/tasks/{task_id}/draft", draft.draft_api, "api_draft"),
    Route("PUT", "/api/tasks/{task_id}/draft", draft.save_api, "api_draft_save"),
    Route("POST", "/api/tasks/{task_id}/draft/check", draft.check_api, "api_draft_check"),
    Route("POST", "/api/tasks/{task_id}/send", draft.send_api, "api_task_send"),
    Route("POST", "/tasks/{task_id}/outbox/{decision}", draft.settle_form, "task_settle", html=True,
          documented=False),
    Route("POST", "/api/tasks/{task_id}/outbox/settle", draft.settle_api, "api_task_settle"),
    # A phone task: the script, the number, and how the call went
    Route("GET", "/tasks/{task_id}/call", call.call_page, "call", html=True),
    Route("POST", "/tasks/{task_id}/call", call.call_form, "call_save", html=True, documented=False),
    Route("GET", "/api/tasks/{task_id}/call", call.call_api, "api_call"),
    Route("POST", "/api/tasks/{task_id}/call", call.log_call_api, "api_log_call"),
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
    # History, undo, archive and delete: every change can be taken back
    Route("GET", "/history", history.history_page, "history", html=True),
    Route("GET", "/api/history", history.history_api, "api_history"),
    Route("POST", "/undo", history.undo_form, "undo", html=True, documented=False),
    Route("POST", "/api/undo", history.undo_api, "api_undo"),
    Route("POST", "/applications/{app_id}/archive", history.archive_form, "archive", html=True, documented=False),
    Route("POST", "/applications/{app_id}/delete", history.delete_form, "delete", html=True, documented=False),
    Route("POST", "/api/applications/{app_id}/archive", history.archive_api, "api_archive"),
    Route("DELETE", "/api/applications/{app_id}", history.delete_api, "api_delete"),
    # The people of one application
    Route("POST", "/applications/{app_id}/people", people.add_form, "person_add", html=True, documented=False),
    Route("POST", "/applications/{app_id}/people/edit", people.edit_form, "person_edit", html=True,
          documented=False),
    Route("POST", "/applications/{app_id}/people/remove", people.remove_form, "person_remove", html=True,
          documented=False),
    Route("POST", "/api/applications/{app_id}/people", people.add_api, "api_person_add"),
    Route("PATCH", "/api/applications/{app_id}/people/{name}", people.edit_api, "api_person_edit"),
    Route("DELETE", "/api/applications/{app_id}/people/{name}", people.remove_api, "api_person_remove"),
    # Log an interview
    Route("GET", "/interviews/new", interview.interview_page, "interview", html=True),
    Route("POST", "/interviews/new", interview.interview_form, "interview_save", html=True, documented=False),
    Route("POST", "/api/interviews", interview.interview_api, "api_interview"),
    # Settings
    Route("GET", "/settings", settings.settings_page, "settings", html=True),
    Route("POST", "/settings", settings.settings_form, "settings_save", html=True, documented=False),
    Route("GET", "/api/settings", settings.settings_api, "api_settings"),
    Route("PUT", "/api/settings", settings.settings_put_api, "api_settings_save"),
    Route("POST", "/settings/smtp", mail.smtp_form, "settings_smtp", html=True, documented=False),
    Route("POST", "/settings/imap", mail.imap_form, "settings_imap", html=True, documented=False),
    Route("POST", "/settings/calendar", calendar_feed.token_form, "calendar_token", html=True, documented=False),
    Route("POST", "/settings/digest", digest.digest_form, "settings_digest", html=True, documented=False),
    Route("GET", "/api/settings/digest", digest.digest_api, "api_settings_digest"),
    Route("PUT", "/api/settings/digest", digest.digest_put_api, "api_settings_digest_save"),
    # The calendar feed: public, because calendar apps cannot sign in; the secret token is the credential
    Route("GET", "/calendar/{token}.ics", calendar_feed.feed, "calendar_feed", public=True),
    # References
    Route("GET", "/references", references.references_page, "references", html=True),
    Route("POST", "/references", references.add_form, "reference_add", html=True, documented=False),
    Route("POST", "/references/edit", references.edit_form, "reference_edit", html=True, documented=False),
    Route("POST", "/references/remove", references.remove_form, "reference_remove", html=True, documented=False),
    Route("GET", "/api/references", references.references_api, "api_references"),
    Route("POST", "/api/references", references.add_api, "api_reference_add"),
    Route("PATCH", "/api/references/{name}", references.edit_api, "api_reference_edit"),
    Route("DELETE", "/api/references/{name}", references.remove_api, "api_reference_remove"),
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
    # The OpenAPI document: it describes the user's data, so it needs a session like the data
    Route("GET", "/openapi.json", health.openapi_document, "openapi", documented=False),
)

# Documented error answers of the JSON twins.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A request the services refused, with a one-line reason."},
    401: {"description": "Sign in first (only when the app needs a password)."},
    403: {"description": "The X-CSRF-Token header is missing or wrong (state-changing requests)."},
    404: {"description": "No such task or application (or a task that sends no words, for a draft)."},
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
