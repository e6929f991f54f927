"""Today: what to do now, most overdue first, and the one-click done / skip / snooze."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import Task
from afterview.services import facts, suggestions, views
from afterview.services.errors import StoreUnavailable, UserError
from afterview.web.context import as_of, day, kept_json, kept_page, label, local_path, render, see_other, web
from afterview.web.forms import Form
from afterview.web.models import SkipIn, SnoozeOut, TaskOut, TodayOut

PAGE = 50
Limit = Query(PAGE, ge=1, le=1000, description="How many tasks to list (the rest are counted in `more`).")


def _title(task: Task) -> str:
    who = f" to {task.person}" if task.person else ""
    return f"{label(task.kind)}{who}"


async def today_page(request: Request, limit: int = Limit) -> HTMLResponse:
    """Today's tasks as a page."""
    store, day_ = web(request).store, as_of(request)
    return await kept_page(request, ("today", day_, limit), "today.html", lambda: dict(
        view=views.today_view(store, day_, limit), limit=limit, page=PAGE, task_errors={}, task_values={},
        mail=suggestions.pending(store)), eager=True)


async def today_api(request: Request, limit: int = Limit) -> Response:
    """Open tasks due today or earlier, most overdue first, without snoozed ones."""
    store, day_ = web(request).store, as_of(request)
    return await kept_json(request, ("api_today", day_, limit),
                           lambda: TodayOut.of(views.today_view(store, day_, limit)).model_dump_json())


async def _form(request: Request) -> Form:
    return Form.of(await request.form())


async def done_form(request: Request, task_id: str) -> Response:
    form = await _form(request)
    back = local_path(form.raw("next"))
    try:
        task = await run_in_threadpool(facts.complete, web(request).store, task_id, as_of(request),
                                       force=form.flag("force"))
    except StoreUnavailable:
        raise  # not about this task: the store's own page (503), from web/errors.py
    except UserError as problem:
        return _refused(request, task_id, "done", problem.message, form, back)
    return see_other(back, f"Done: {_title(task)}.", request)


async def skip_form(request: Request, task_id: str) -> Response:
    form = await _form(request)
    back = local_path(form.raw("next"))
    why = form.values.get("why", "")
    try:
        task = await run_in_threadpool(facts.skip, web(request).store, task_id, as_of(request), why)
    except StoreUnavailable:
        raise  # not about this task: the store's own page (503), from web/errors.py
    except UserError as problem:
        line = problem.line()
        return _refused(request, task_id, "why", line[:1].upper() + line[1:] + ".", form, back)
    return see_other(back, f"Skipped: {_title(task)} ({why.strip()}).", request)


async def snooze_form(request: Request, task_id: str) -> Response:
    form = await _form(request)
    back = local_path(form.raw("next"))
    try:
        task, until = await run_in_threadpool(views.snooze, web(request).store, task_id, as_of(request))
    except StoreUnavailable:
        raise  # not about this task: the store's own page (503), from web/errors.py
    except UserError as problem:
        return _refused(request, task_id, "snooze", problem.message, form, back)
    return see_other(back, f"Snoozed until {day(until)}: {_title(task)} stays in your plan and comes back "
                           f"to Today then.", request)


def _refused(request: Request, task_id: str, field: str, message: str, form: Form, back: str) -> Response:
    """Show the page the button was on again, with the reason next to that task's button (or at the
    top of the page, when the task is no longer there to show: done or skipped in another tab, or unknown)."""
    if back.startswith("/applications/"):
        from afterview.web.pages.application import application_page_with

        return application_page_with(request, back.split("/")[2].split("?")[0], status=422,
                                     task_errors={task_id: {field: message}}, task_values={task_id: form.values})
    store = web(request).store
    view = views.today_view(store, as_of(request), PAGE)
    errors = {task_id: {field: message}}
    return render(request, "today.html", 422, view=view, limit=PAGE, page=PAGE, mail=suggestions.pending(store),
                  task_errors=errors, task_values={task_id: form.values}, refusal=refusal_for(errors, view.tasks))


def refusal_for(task_errors: dict[str, dict[str, str]], shown: Iterable[Task]) -> str | None:
    """The problems about tasks a page does not show with their buttons, as one line for its top:
    next to a task that is not on the page, a reason would never be seen."""
    there = {t.id for t in shown if t.status == "open"}
    stray = [message for task_id, problems in task_errors.items() if task_id not in there
             for message in problems.values()]
    if not stray:
        return None
    return " ".join(m[:1].upper() + m[1:] + ("" if m.endswith(".") else ".") for m in stray)


def done_api(request: Request, task_id: str, force: bool = Query(False)) -> TaskOut:
    """Mark a task done: a contact made today for notes and calls, a dismissal for the rest."""
    return TaskOut.of(facts.complete(web(request).store, task_id, as_of(request), force=force))


def skip_api(request: Request, task_id: str, body: SkipIn) -> TaskOut:
    """Skip a task, saying why."""
    return TaskOut.of(facts.skip(web(request).store, task_id, as_of(request), body.why))


def snooze_api(request: Request, task_id: str) -> SnoozeOut:
    """Leave a task off Today until the earliest day it may be done; it stays in the plan."""
    task, until = views.snooze(web(request).store, task_id, as_of(request))
    return SnoozeOut(task=TaskOut.of(task), until=until)
