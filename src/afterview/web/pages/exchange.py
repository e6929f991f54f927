"""Import and export: the whole job search as one afterview/1 document, both ways."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Body
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain import limits
from afterview.services import documents
from afterview.services.errors import UserError
from afterview.web.context import as_of, render, see_other, web
from afterview.web.forms import Form
from afterview.web.models import ImportOut

MAX_UPLOAD = limits.MAX_DOCUMENT_BYTES


def exchange_page(request: Request) -> HTMLResponse:
    """Upload a document to import, or download everything."""
    return render(request, "exchange.html", form=Form())


async def import_form(request: Request) -> Response:
    data = await request.form()
    form = Form.of(data)
    upload = data.get("document")
    text: bytes | str = form.values.get("pasted", "")
    if isinstance(upload, UploadFile) and upload.filename:
        text = await upload.read(MAX_UPLOAD + 1)
        if len(text) > MAX_UPLOAD:
            form.fail("document", "This file is too large to be an afterview/1 document.")
    if not text or (isinstance(text, str) and not text.strip()):
        form.fail("document", "Choose an afterview/1 JSON file (or paste one below).")
    if form.ok:
        try:
            summary = await run_in_threadpool(documents.import_document, web(request).store, text)
        except UserError as problem:
            form.fail("document", f"Nothing was imported: {problem.message}.")
        else:
            return see_other("/", summary.line(), request)
    if len(form.values.get("pasted", "")) > 100_000:
        form.values.pop("pasted")  # too long to send back into the page; the file is still on the user's disk
    return render(request, "exchange.html", 422, form=form)


def _download(request: Request) -> Response:
    text = documents.export_document(web(request).store)
    name = f"afterview-{as_of(request).isoformat()}.json"
    return Response(text, media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


def export_download(request: Request) -> Response:
    """The whole search as a file to keep or to move elsewhere."""
    return _download(request)


def export_api(request: Request) -> Any:
    """The whole search as an afterview/1 document."""
    return json.loads(documents.export_document(web(request).store))


def import_api(request: Request, document: dict[str, Any] = Body(..., description="An afterview/1 document.")
               ) -> ImportOut:
    """Merge an afterview/1 document into the search; importing the same one twice changes nothing."""
    summary = documents.import_document(web(request).store, json.dumps(document))
    return ImportOut(applications=summary.applications, added=summary.added, tasks=summary.tasks,
                     changed=list(summary.changed))
