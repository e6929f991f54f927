"""Log an interview: the close-of-interview checklist as a form; the plan appears once it is saved."""

from __future__ import annotations

import contextlib
from datetime import date

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import CHANCES, CHANNELS, FORMATS, SOURCES, Interview, Person, Task
from afterview.services import facts, planning, sources, views
from afterview.services.errors import NotFound, UserError
from afterview.services.store import Store
from afterview.web.context import as_of, day, render, see_other, segment, web
from afterview.web.errors import FormProblem
from afterview.web.forms import Form, away_rows, interviewer_rows, new_application_id, parse_interview, parse_source
from afterview.web.models import InterviewIn, InterviewOut

NEW = ""


def _page(request: Request, form: Form, status: int = 200) -> HTMLResponse:
    store = web(request).store
    chosen = form.raw("application")
    choices = views.application_choices(store)
    if chosen and chosen not in {c[0] for c in choices} and views.application_exists(store, chosen):
        choices.insert(0, (chosen, chosen))
    return render(request, "interview.html", status, form=form, rows=interviewer_rows(form), choices=choices,
                  formats=FORMATS, channels=CHANNELS, chances=CHANCES, away_rows=away_rows(form), sources=SOURCES)


def interview_page(request: Request, application: str | None = Query(None, max_length=120)) -> HTMLResponse:
    """The checklist, for a new application or (with ?application=ID) an existing one."""
    # The round is left blank: the service numbers it after the rounds on file, so an
    # earlier round is never replaced by a form left at its default.
    form = Form({"on": as_of(request).isoformat()})
    if application:
        form.values["application"] = application
    return _page(request, form)


# The form's own name for a typed field, where the two differ; a person's details are the first row's.
FIELD_OF = {"interviewer": "iv-0-name", "away": "away-0-to", "name": "iv-0-name", "title": "iv-0-title",
            "email": "iv-0-email", "topic": "iv-0-topics", "promise": "iv-0-promised", "debrief": "went_well"}
INPUTS = ("application", "company", "role", "on", "at", "round", "format", "decision_expected",
          "second_round_expected", "follow_up_on", "follow_up_channel", "follow_up_person", "chances", "source",
          "source_name", "source_title", "source_email", "source_phone")


def form_field(field: str | None) -> str:
    """Where a service's problem with `field` is shown on the checklist form."""
    if field in FIELD_OF:
        return FIELD_OF[field]
    return field if field in INPUTS else "on"


def _save(store: Store, form: Form, today: date) -> tuple[str, Interview, list[Task]] | None:
    """Check the whole form first, then record it in one transaction; None when the form has problems."""
    app_id = form.raw("application")
    known: tuple[Person, ...] = ()
    company = role = None
    if app_id:
        # One not on file is made with this interview when the company is given too (as the CLI's
        # `log interview ID --company …` does); else the service says there is no such application.
        with contextlib.suppress(NotFound):
            known = views.application_view(store, app_id, today).app.people
        company, role = form.text("company"), form.text("role")
    else:
        company = form.text("company", required="Give the company's name (or choose an existing application).")
        role = form.text("role")
        app_id = new_application_id(company or "", role)
        if views.application_exists(store, app_id):
            known = views.application_view(store, app_id, today).app.people
            company = None  # the same company and role: this is that application
    interview, people = parse_interview(form, known)
    source, contact = parse_source(form)
    if not form.ok:
        return None
    if source is not None:
        sources.check(source, contact)  # before anything is written

    # A new application is written with its first interview in one go: nothing is half-saved.
    logged = facts.log_interview(store, app_id, interview, people, next_round=not form.raw("round"),
                                 replace_round=form.flag("replace"), company=company, role=role,
                                 source=source, source_contact=contact, new=form.flag("new"))
    with store.reading() as conn:
        tasks = planning.plan(conn, today, application=app_id)
    return app_id, logged.interview, tasks


async def interview_form(request: Request) -> Response:
    form = Form.of(await request.form())
    if form.flag("more") or form.flag("more_away"):
        return _page(request, form)
    try:
        saved = await run_in_threadpool(_save, web(request).store, form, as_of(request))
    except UserError as problem:
        form.fail(form_field(problem.field), problem.line())
        if problem.code == "look-alike-person":
            form.values["look_alike"] = "on"  # offer the box that says they are someone new
        saved = None
    if saved is None:
        return _page(request, form, 422)
    app_id, interview, tasks = saved
    due = sum(1 for t in tasks if t.status == "open")
    return see_other(f"/applications/{segment(app_id)}#plan",
                     f"Round {interview.round} on {day(interview.on)} is saved. Your plan has {due} open "
                     f"task{'s' if due != 1 else ''}, below.", request)


def interview_api(request: Request, body: InterviewIn) -> InterviewOut:
    """Record an interview (creating the application when `company` is given) and return its plan."""
    form = Form(body.as_form())
    saved = _save(web(request).store, form, as_of(request))  # a UserError answers 4xx JSON with code and field
    if saved is None:
        raise FormProblem(form.errors)
    return InterviewOut.of(*saved)
