"""History and undo on the web, and putting an application away (archive) or deleting it.

Every change is in the journal with what it replaced; Undo takes back the newest,
the same as `afterview undo`. Forms only call the services (services/history.py).
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.services import history
from afterview.web.context import render, see_other, segment, web
from afterview.web.forms import Form


class ChangeOut(BaseModel):
    number: int
    at: str
    action: str
    undone: bool

    @classmethod
    def of(cls, change: history.Change) -> ChangeOut:
        return cls(number=change.number, at=change.at.isoformat(), action=change.action, undone=change.undone)


class ArchiveIn(BaseModel):
    archived: bool = Field(True, description="true puts it away; false brings it back into the plan.")


def history_page(request: Request) -> HTMLResponse:
    """The latest changes, newest first, with Undo."""
    return render(request, "history.html", changes=history.history(web(request).store, 50))


def history_api(request: Request) -> list[ChangeOut]:
    """The latest changes to your facts, newest first."""
    return [ChangeOut.of(c) for c in history.history(web(request).store, 50)]


async def undo_form(request: Request) -> Response:
    change = await run_in_threadpool(history.undo, web(request).store)
    back = Form.of(await request.form()).raw("back")
    return see_other(back if back.startswith("/") and not back.startswith("//") else "/history",
                     f"Undone: {change.action}.", request)


def undo_api(request: Request) -> ChangeOut:
    """Take back the newest change (what it replaced is put back as it was)."""
    return ChangeOut.of(history.undo(web(request).store))


async def archive_form(request: Request, app_id: str) -> Response:
    form = Form.of(await request.form())
    archived = form.raw("archived") != "false"
    await run_in_threadpool(lambda: history.archive(web(request).store, app_id, archived=archived))
    if archived:
        return see_other("/pipeline", f"{app_id} is archived: out of your plan, kept with its history.", request)
    return see_other(f"/applications/{segment(app_id)}", f"{app_id} is back in your plan.", request)


def archive_api(request: Request, app_id: str, body: ArchiveIn) -> ChangeOut:
    """Put an application away (out of the plan and the pipeline, history kept), or bring it back."""
    history.archive(web(request).store, app_id, archived=body.archived)
    return ChangeOut.of(history.history(web(request).store, 1)[0])


async def delete_form(request: Request, app_id: str) -> Response:
    form = Form.of(await request.form())
    if not form.flag("confirm"):
        return see_other(f"/applications/{segment(app_id)}",
                         "Tick “Yes, delete it” to delete the application (or archive it instead).", request)
    await run_in_threadpool(history.delete, web(request).store, app_id)
    return see_other("/pipeline", f"Deleted {app_id}; Undo on the History page brings it back.", request)


def delete_api(request: Request, app_id: str) -> ChangeOut:
    """Delete an application with its plan and facts (undo brings it back)."""
    history.delete(web(request).store, app_id)
    return ChangeOut.of(history.history(web(request).store, 1)[0])
