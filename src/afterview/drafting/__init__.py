"""Drafting: the notes a job seeker sends, and the checks a note must pass first.

Plain facts in (domain objects), drafts and findings out; no database, no CLI.

    templates = TemplateSet(user_dir)              # the user's files override the shipped ones
    draft = compose(task, search, templates=templates)
    context = context_for(task, search, other_texts={...}, user_words=[...])
    findings = check(draft.text, context)

Importing this package is cheap: the spelling dictionary loads on the first check.
The check codes are listed in `afterview.drafting.checks` (and `codes_table()`).
"""

from __future__ import annotations

from afterview.drafting.checks import CHECK_CODES, check, codes_table
from afterview.drafting.compose import compose
from afterview.drafting.context import CheckContext, OtherNote, context_for
from afterview.drafting.likeness import ALIKE_THRESHOLD, likeness
from afterview.drafting.templates import TEMPLATE_KINDS, TemplateSet, shipped_path
from afterview.drafting.types import Draft, Finding, Recipient, TemplateProblem, TextProblem
from afterview.drafting.userfiles import MAX_TEXT_BYTES, read_user_text

__all__ = [
    "ALIKE_THRESHOLD",
    "CHECK_CODES",
    "MAX_TEXT_BYTES",
    "TEMPLATE_KINDS",
    "CheckContext",
    "Draft",
    "Finding",
    "OtherNote",
    "Recipient",
    "TemplateProblem",
    "TemplateSet",
    "TextProblem",
    "check",
    "codes_table",
    "compose",
    "context_for",
    "likeness",
    "read_user_text",
    "shipped_path",
]
