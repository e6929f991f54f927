"""Drafts for the tasks that send words: composed from the facts, checked, edited, kept.

A task's draft is composed afresh from the facts and the templates each time,
unless the user edited it: the edited text is kept with the task and is what
gets checked, exported as .eml and sent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from afterview.domain.model import SOLO_KINDS, JobSearch, Task
from afterview.drafting import (
    Draft,
    Finding,
    TemplateProblem,
    TemplateSet,
    check,
    compose,
    context_for,
)
from afterview.drafting.facts import attachment_paths
from afterview.paths import data_dir
from afterview.services.errors import UserError
from afterview.services.planning import find_task
from afterview.services.store import Store
from afterview.store import keepings, note_reads
from afterview.store import repository as repo
from afterview.store import schema as t

WORDS_KEY = "spelling.words"


@dataclass(frozen=True)
class CheckedDraft:
    draft: Draft
    findings: list[Finding]
    edited: bool

    @property
    def blocked(self) -> bool:
        """Errors block sending; warnings do not."""
        return any(f.severity == "error" for f in self.findings)


def templates() -> TemplateSet:
    """The shipped templates, overridden by the user's own in the data folder."""
    return TemplateSet(data_dir() / "templates")


def word_task(conn: sa.Connection, task_id: str, as_of: date) -> Task:
    task = find_task(conn, task_id, as_of)
    if task.kind in SOLO_KINDS:
        raise UserError(f"task {task_id!r} ({task.kind.replace('_', ' ')}) sends no words, so it has no draft")
    return task


def _compose(task: Task, search: JobSearch, edits: dict[str, tuple[str | None, str]]) -> tuple[Draft, bool]:
    try:
        draft = compose(task, search, templates=templates())
    except TemplateProblem as problem:
        raise UserError(str(problem)) from None
    if task.id in edits:
        subject, body = edits[task.id]
        return replace(draft, subject=subject, body=body), True
    return draft, False


def _read_edits(conn: sa.Connection, task_ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """The user's own wording of these tasks' notes, where they edited them."""
    rows = conn.execute(sa.select(t.drafts.c.task_id, t.drafts.c.subject, t.drafts.c.body)
                        .where(t.drafts.c.task_id.in_(task_ids)))
    return {row.task_id: (row.subject, row.body) for row in rows}


def user_words(conn: sa.Connection) -> list[str]:
    value = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == WORDS_KEY)).scalar()
    return list(value or [])


def read_words(store: Store) -> list[str]:
    with store.reading() as conn:
        return user_words(conn)


def add_words(store: Store, words: list[str]) -> int:
    """Add words the spelling check should accept; returns how many were new."""
    cleaned = [w.strip() for w in words if w.strip()]
    bad = next((w for w in cleaned if len(w) > 60 or any(c.isspace() for c in w)), None)
    if bad is not None:
        raise UserError(f"{bad!r} is not one word; add words one at a time, without spaces")
    with store.transaction("add words to the dictionary") as conn:
        current = user_words(conn)
        known = {w.casefold() for w in current}
        new = [w for w in dict.fromkeys(cleaned) if w.casefold() not in known]
        keepings.put_setting(conn, WORDS_KEY, current + new)
    return len(new)


def checked_draft(conn: sa.Connection, task: Task, text: str | None, as_of: date) -> CheckedDraft:
    search = note_reads.search_for_note(conn, task)
    # The other notes of this kind in this application, for the likeness check (which compares only
    # notes within an application, so a task without one has none to compare).
    mine = repo.read_tasks(conn, application=task.application, statuses=("open", "done")) if task.application else []
    siblings = [other for other in mine if other.id != task.id and other.kind == task.kind]
    edits = _read_edits(conn, [task.id, *(other.id for other in siblings)])
    draft, edited = _compose(task, search, edits)
    if text is not None:
        subject, body = split_text(text, draft.subject is not None)
        # Editing the body only keeps the composed subject line.
        draft, edited = replace(draft, subject=subject or draft.subject, body=body), True
    others = {other.id: _compose(other, search, edits)[0].text for other in siblings}
    context = context_for(task, search, other_texts=others, other_tasks=siblings, user_words=user_words(conn))
    return CheckedDraft(draft, check(draft.text, context), edited)


def draft_for(store: Store, task_id: str, as_of: date) -> CheckedDraft:
    with store.reading() as conn:
        return checked_draft(conn, word_task(conn, task_id, as_of), None, as_of)


def check_text(store: Store, task_id: str, text: str, as_of: date) -> CheckedDraft:
    """Check text the user wrote as if it were this task's note (nothing is stored)."""
    if not text.strip():
        raise UserError("the text is empty; write the note first")
    with store.reading() as conn:
        return checked_draft(conn, word_task(conn, task_id, as_of), text, as_of)


def save_edit(store: Store, task_id: str, text: str, as_of: date) -> CheckedDraft:
    """Keep the user's own wording for this task, and check it."""
    if not text.strip():
        raise UserError("the edited draft is empty; nothing was saved")
    with store.transaction(f"edit the draft {task_id}") as conn:
        task = word_task(conn, task_id, as_of)
        result = checked_draft(conn, task, text, as_of)
        keepings.put_draft(conn, task_id, result.draft.subject, result.draft.body, datetime.now(UTC))
        return result


def split_text(text: str, has_subject: bool) -> tuple[str | None, str]:
    """'Subject: …' on the first line, a blank line, then the body (the form drafts are edited in)."""
    if has_subject and text.startswith("Subject:"):
        first, _, rest = text.partition("\n")
        return first[len("Subject:"):].strip(), rest.lstrip("\n")
    return None, text


def template_path(kind: str) -> Path:
    try:
        return templates().path_of(kind)
    except ValueError as problem:
        raise UserError(str(problem)) from None


def template_for_editing(kind: str) -> Path:
    try:
        return templates().copy_for_editing(kind)
    except ValueError as problem:
        raise UserError(str(problem)) from None


def email_address(draft: Draft) -> str:
    """Where an email draft goes; one clear line when it is not an email or has nowhere to go."""
    if draft.format != "email" or draft.subject is None:
        raise UserError(f"this task's note is a {draft.format}, not an email; make it, then mark the task done")
    if draft.to is None or not draft.to.email:
        who = draft.to.name if draft.to else "the recipient"
        raise UserError(f"no email address for {who}", code="no-email",
                        hint="add it to their entry among the application's people")
    return draft.to.email


def attachments_of(conn: sa.Connection, task: Task) -> list[Path]:
    """The files this task's email carries (promised to its recipient at the interview)."""
    apps = repo.read_applications(conn, [task.application], in_full=[task.application]) if task.application else []
    search = JobSearch(repo.read_profile(conn), (), tuple(apps), ())
    return [Path(p).expanduser() for p in attachment_paths(task, search)]


def attachments_for_task(conn: sa.Connection, task_id: str) -> list[Path]:
    task = repo.read_task(conn, task_id)
    return attachments_of(conn, task) if task is not None else []


def eml(store: Store, checked: CheckedDraft) -> bytes:
    """The draft as a standards-conforming message file, ready to open in a mail client."""
    from afterview.mail.errors import MailError
    from afterview.mail.smtp import attach_files, build_message, make_message_id

    draft = checked.draft
    address = email_address(draft)
    with store.reading() as conn:
        profile = repo.read_profile(conn)
        files = attachments_for_task(conn, draft.task)
    if not profile.email:
        raise UserError("your own email address is not set; add \"email\" to your profile first")
    try:
        message = build_message(from_address=profile.email, from_name=profile.name, to=address,
                                to_names=[draft.to.name if draft.to else ""], subject=draft.subject or "",
                                body=draft.body,
                                message_id=make_message_id(f"{draft.task}:draft"))
        attach_files(message, files)
    except MailError as problem:
        raise UserError(str(problem)) from None
    return bytes(message)
