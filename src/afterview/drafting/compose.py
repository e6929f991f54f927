"""Turn a task and the facts into a ready-to-check draft."""

from __future__ import annotations

from afterview.domain.model import JobSearch, Task
from afterview.drafting.facts import draft_format, fields_for, recipient_of
from afterview.drafting.templates import TEMPLATE_KINDS, TemplateSet
from afterview.drafting.types import Draft, TemplateProblem

_SUBJECT = "Subject:"


def compose(task: Task, search: JobSearch, *, templates: TemplateSet) -> Draft:
    """The draft of `task`'s note; `ValueError` for a kind that sends no words.

    Emails take their subject from a first line `Subject: ...`; cards and call
    scripts have no subject, so such a line is dropped from them.
    """
    if task.kind not in TEMPLATE_KINDS:
        raise ValueError(f"{task.kind} tasks send no words, so there is nothing to draft")
    fmt = draft_format(task)
    text = templates.render(task.kind, fields_for(task, search))
    subject: str | None = None
    first, _, rest = text.partition("\n")
    if first.startswith(_SUBJECT):
        subject = first[len(_SUBJECT):].strip() or None
        text = rest.strip()
    elif fmt == "email":
        raise TemplateProblem(f"{templates.path_of(task.kind)}, line 1: an email template must begin with "
                              f"a line 'Subject: ...'")
    if not text:
        raise TemplateProblem(f"{templates.path_of(task.kind)}, line 1: the template produced a subject but no body")
    return Draft(
        task=task.id,
        to=recipient_of(task, search),
        subject=subject if fmt == "email" else None,
        body=text,
        format=fmt,
    )
