"""The Draft page: a task's note, editable, with its checks shown next to it as the user types.

Checking stores nothing; Save keeps the user's wording with the task; Send puts
the note through the outbox, which refuses a note with errors or one the
not-pestering guard forbids. Browsers submit a textarea with CRLF line ends and
the checks' spans are offsets into the text, so line ends are made plain first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import SOLO_KINDS, Task
from afterview.services import drafts
from afterview.services import review as reviews
from afterview.services.drafts import CheckedDraft
from afterview.services.errors import NotFound, UserError
from afterview.services.planning import find_task
from afterview.services.store import Store
from afterview.web.context import as_of, label, render, see_other, segment, web
from afterview.web.models import (
    MAX_DRAFT_CHARS,
    CheckOut,
    ChecksOut,
    DraftIn,
    DraftOut,
    RecipientOut,
    SendOut,
    SettleIn,
)
from afterview.web.pages import sending

# More findings than this are summed up rather than listed: a pasted essay must not bury the page.
SHOWN_FINDINGS = 30
QUOTE_CHARS = 80


class NoDraft(Exception):
    """The task is one the user does alone (a debrief, deciding on an offer): it has no note."""

    def __init__(self, task: Task) -> None:
        super().__init__(task.id)
        self.message = (f"{label(task.kind)} is something you do yourself, so there is no note to write for it. "
                        f"Mark it done on Today once it is done.")


@dataclass(frozen=True)
class ShownFinding:
    """One finding as the page shows it: where it is and the very text it is about."""

    severity: str
    message: str
    quote: str
    where: str


@dataclass(frozen=True)
class Typed:
    """What the form holds, line ends made plain; `text` is what the checks read."""

    subject: str
    body: str
    is_email: bool

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}" if self.is_email else self.body

    def problem(self) -> str | None:
        if not self.body.strip():
            return "The note is empty; write it first."
        if self.is_email and not self.subject.strip():
            return "Give the email a subject."
        if len(self.text) > MAX_DRAFT_CHARS:
            return f"Keep the note under {MAX_DRAFT_CHARS:,} characters."
        return None


def _plain_lines(value: object) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else ""


def typed_of(form: Mapping[str, Any]) -> Typed:
    # Only an email's form has a subject field; a subject is one line whatever was pasted into it.
    is_email = "subject" in form
    subject = " ".join(_plain_lines(form.get("subject")).split("\n")).strip()
    return Typed(subject, _plain_lines(form.get("body")), is_email)


def word_task(store: Store, task_id: str, day: date) -> Task:
    with store.reading() as conn:
        task = find_task(conn, task_id, day)
    if task.kind in SOLO_KINDS:
        raise NoDraft(task)
    return task


def shown_findings(checked: CheckedDraft) -> list[ShownFinding]:
    text, body = checked.draft.text, checked.draft.body
    body_start = len(text) - len(body)
    shown = []
    for finding in sorted(checked.findings, key=lambda f: (f.severity != "error", f.span)):
        start, end = finding.span
        quote = text[start:end].replace("\n", " ")
        if len(quote) > QUOTE_CHARS:
            quote = quote[:QUOTE_CHARS - 1].rstrip() + "…"
        where = "Subject" if start < body_start else f"Line {text.count(chr(10), body_start, start) + 1}"
        shown.append(ShownFinding(finding.severity, finding.message, quote, where))
    return shown


def checks_fragment(request: Request, checked: CheckedDraft | None, note: str | None = None,
                    status: int = 200) -> HTMLResponse:
    """Only the checks, for htmx to put next to the text while the user types."""
    html = web(request).env.get_template("_checks.html").render(**_checks_values(checked, note))
    return HTMLResponse(html, status_code=status)


def _checks_values(checked: CheckedDraft | None, note: str | None) -> dict[str, Any]:
    findings = shown_findings(checked) if checked is not None else []
    errors = sum(1 for f in findings if f.severity == "error")
    return {"findings": findings[:SHOWN_FINDINGS], "hidden": max(0, len(findings) - SHOWN_FINDINGS),
            "errors": errors, "warnings": len(findings) - errors, "check_note": note}


def page(request: Request, task: Task, checked: CheckedDraft, *, typed: Typed | None = None, status: int = 200,
         messages: dict[str, str] | None = None) -> HTMLResponse:
    draft = checked.draft
    shown = typed or Typed(draft.subject or "", draft.body, draft.subject is not None)
    entry = sending.entry_of(web(request).store, task.id)
    store = web(request).store
    with store.reading() as conn:
        held = reviews.hold_reason(conn, task, as_of(request)) if task.status == "open" else None
        holding = reviews.holding(conn)
    return render(request, "draft.html", status, task=task, draft=draft, edited=checked.edited, typed=shown,
                  messages=messages or {}, entry=entry, entry_line=sending.state_line(entry) if entry else None,
                  can_send=sending.can_send(task, draft, entry), today=as_of(request),
                  reviews=reviews.reviews_for(store, task.id), held=held, holding=holding,
                  **_checks_values(checked, None))


def _no_draft(request: Request, missing: NoDraft) -> HTMLResponse:
    return render(request, "error.html", 404, title="No note for this task", message=missing.message)


def _here(task_id: str) -> str:
    return f"/tasks/{segment(task_id)}/draft"


# ---- the page and its forms -------------------------------------------------------------


def draft_page(request: Request, task_id: str) -> HTMLResponse:
    """A task's note with its checks, to edit, send, download or copy."""
    store, day = web(request).store, as_of(request)
    try:
        task = word_task(store, task_id, day)
    except NoDraft as missing:
        return _no_draft(request, missing)
    return page(request, task, drafts.draft_for(store, task_id, day))


async def check_form(request: Request, task_id: str) -> HTMLResponse:
    """The checks on what is in the form now; nothing is saved."""
    typed = typed_of(await request.form())
    store, day = web(request).store, as_of(request)
    try:
        await run_in_threadpool(word_task, store, task_id, day)
    except NoDraft as missing:
        return checks_fragment(request, None, missing.message, 404)
    except NotFound as missing:
        return checks_fragment(request, None, missing.message, 404)
    if not typed.body.strip() or len(typed.text) > MAX_DRAFT_CHARS:
        return checks_fragment(request, None, typed.problem())
    checked = await run_in_threadpool(drafts.check_text, store, task_id, typed.text, day)
    return checks_fragment(request, checked)


async def _refused_page(request: Request, task: Task, typed: Typed, key: str, message: str) -> HTMLResponse:
    """The page again with the user's own text and the reason next to the button they pressed."""
    store, day = web(request).store, as_of(request)
    if typed.body.strip() and len(typed.text) <= MAX_DRAFT_CHARS:
        checked = await run_in_threadpool(drafts.check_text, store, task.id, typed.text, day)
    else:
        checked = await run_in_threadpool(drafts.draft_for, store, task.id, day)
    return await run_in_threadpool(lambda: page(request, task, checked, typed=typed, status=422,
                                                messages={key: message}))


async def _submitted(request: Request, task_id: str, key: str, nothing: str) -> tuple[Typed, Task] | Response:
    """The text the user sent for a word-sending task, or the page to answer with instead."""
    typed = typed_of(await request.form())
    try:
        task = await run_in_threadpool(word_task, web(request).store, task_id, as_of(request))
    except NoDraft as missing:
        return _no_draft(request, missing)
    wrong = typed.problem()
    if wrong is not None:
        return await _refused_page(request, task, typed, key, f"{wrong} {nothing}")
    return typed, task


async def save_form(request: Request, task_id: str) -> Response:
    submitted = await _submitted(request, task_id, "save", "Nothing was saved.")
    if isinstance(submitted, Response):
        return submitted
    typed, task = submitted
    store, day = web(request).store, as_of(request)
    try:
        checked = await run_in_threadpool(drafts.save_edit, store, task_id, typed.text, day)
    except UserError as refused:
        return await _refused_page(request, task, typed, "save", refused.message)
    errors = sum(1 for f in checked.findings if f.severity == "error")
    notice = "Saved: your wording is kept with this task." + (
        f" It still has {errors} error{'s' if errors != 1 else ''} to fix before it can be sent." if errors else "")
    return see_other(_here(task_id), notice, request)


async def send_form(request: Request, task_id: str) -> Response:
    """Keep what is in the form (when it changed), then send it through the outbox."""
    submitted = await _submitted(request, task_id, "send", "Nothing was sent.")
    if isinstance(submitted, Response):
        return submitted
    typed, task = submitted
    store, day = web(request).store, as_of(request)
    try:
        current = await run_in_threadpool(drafts.draft_for, store, task_id, day)
        if current.draft.text != typed.text:
            await run_in_threadpool(drafts.save_edit, store, task_id, typed.text, day)
        entry = await run_in_threadpool(sending.send_now, store, task_id, day)
    except UserError as refused:
        return await _refused_page(request, task, typed, "send", refused.message)
    return see_other(_here(task_id), sending.result_line(entry), request)


async def settle_form(request: Request, task_id: str, decision: str) -> Response:
    """An uncertain message settled by the user: `sent` (it is in their Sent folder) or `retry`."""
    if decision not in ("sent", "retry"):
        return see_other(_here(task_id), "Say whether the message went out or should be sent again.", request)
    try:
        entry = await run_in_threadpool(sending.settle, web(request).store, task_id, decision == "sent",
                                        as_of(request))
    except UserError as refused:
        return see_other(_here(task_id), refused.message, request)
    return see_other(_here(task_id), sending.result_line(entry), request)


async def review_form(request: Request, task_id: str) -> Response:
    """Send the saved note to a friend for review, from the user's own mail server."""
    form = await request.form()
    to = str(form.get("review_to", "")).strip()
    try:
        task = await run_in_threadpool(word_task, web(request).store, task_id, as_of(request))
    except NoDraft as missing:
        return _no_draft(request, missing)
    try:
        if not to:
            raise UserError("Give your friend's email address.", field="review_to")
        await run_in_threadpool(reviews.request_review, web(request).store, task_id, to, as_of(request))
    except UserError as refused:
        message = refused.message
        checked = await run_in_threadpool(drafts.draft_for, web(request).store, task_id, as_of(request))
        return await run_in_threadpool(lambda: page(request, task, checked, status=422,
                                                    messages={"review": message}))
    return see_other(_here(task_id), f"Sent to {to} for review; their reply will show here as comments.", request)


async def review_hold_form(request: Request, task_id: str) -> Response:
    """Hold every note until a review is back (or a business day before its deadline), or stop holding."""
    hold = str((await request.form()).get("hold", "")) == "on"
    await run_in_threadpool(reviews.set_hold, web(request).store, hold)
    return see_other(_here(task_id), "Notes are held until a review is back." if hold
                     else "Notes are no longer held for review.", request)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def eml_download(request: Request, task_id: str) -> Response:
    """The saved note as a message file (.eml) to open in a mail client."""
    store, day = web(request).store, as_of(request)
    try:
        word_task(store, task_id, day)
        data = drafts.eml(store, drafts.draft_for(store, task_id, day))
    except NoDraft as missing:
        return _no_draft(request, missing)
    except UserError as refused:
        return see_other(_here(task_id), f"No .eml file: {refused.message}.", request)
    name = _UNSAFE.sub("-", task_id).strip("-.")[:100] or "note"
    return Response(data, media_type="message/rfc822",
                    headers={"content-disposition": f'attachment; filename="{name}.eml"'})


# ---- the JSON twins ---------------------------------------------------------------------


def _out(checked: CheckedDraft) -> DraftOut:
    d = checked.draft
    return DraftOut(task=d.task, to=RecipientOut(name=d.to.name, email=d.to.email) if d.to else None,
                    subject=d.subject, body=d.body, checks=_checks_out(checked), edited=checked.edited)


def _checks_out(checked: CheckedDraft) -> list[CheckOut]:
    return [CheckOut(code=f.code, severity=f.severity, message=f.message, span=list(f.span))
            for f in checked.findings]


def _api_task(request: Request, task_id: str) -> tuple[Store, date]:
    """The store and today, once the task is known to send words (404 otherwise)."""
    store, day = web(request).store, as_of(request)
    try:
        word_task(store, task_id, day)
    except NoDraft as missing:
        raise NotFound(missing.message) from None
    return store, day


def draft_api(request: Request, task_id: str) -> DraftOut:
    """A task's note (your saved wording, else composed from the facts) and its checks."""
    store, day = _api_task(request, task_id)
    return _out(drafts.draft_for(store, task_id, day))


def save_api(request: Request, task_id: str, body: DraftIn) -> DraftOut:
    """Keep your own wording for the task ('Subject: …', a blank line, the body); answers it checked."""
    store, day = _api_task(request, task_id)
    return _out(drafts.save_edit(store, task_id, _plain_lines(body.text), day))


def check_api(request: Request, task_id: str, body: DraftIn) -> ChecksOut:
    """Check text as if it were this task's note; nothing is stored."""
    store, day = _api_task(request, task_id)
    return ChecksOut(checks=_checks_out(drafts.check_text(store, task_id, _plain_lines(body.text), day)))


def settle_api(request: Request, task_id: str, body: SettleIn) -> SendOut:
    """Settle the task's uncertain message: `went_out` true records it as sent, false sends it again."""
    store, day = _api_task(request, task_id)
    entry = sending.settle(store, task_id, body.went_out, day)
    return SendOut.model_validate({"state": entry.state, "reason": entry.last_error})


def send_api(request: Request, task_id: str) -> SendOut:
    """Send the task's saved note now through the outbox: 400 when its checks find errors, 409 when the
    not-pestering guard refuses; otherwise the outbox's state (sent, or queued/failed with the reason)."""
    store, day = _api_task(request, task_id)
    entry = sending.send_now(store, task_id, day)
    return SendOut.model_validate({"state": entry.state, "reason": entry.last_error})
