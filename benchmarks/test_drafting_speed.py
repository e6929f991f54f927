"""Drafting and checking a six-person panel's thank-you notes, after the dictionary is loaded.

The budget is 200 ms for the six drafts, their six checks and the fifteen
likeness comparisons. Run with `pytest benchmarks --benchmark-enable`; the plain
test run executes the same code once and holds it to its results, not its time.
"""

from __future__ import annotations

from typing import Any

from tests.drafting.facts import PANEL, with_offer, word_tasks

from afterview.domain.model import Task
from afterview.drafting import Finding, TemplateSet, check, compose, context_for
from afterview.drafting.spelling import dictionary

BUDGET_SECONDS = 0.200


def test_six_thank_yous_are_drafted_and_checked_within_budget(benchmark: Any) -> None:
    found = with_offer()
    panel: list[Task] = [t for t in word_tasks(found) if t.kind == "thank_you_email" and t.application == "acme"]
    templates = TemplateSet()
    dictionary()  # loaded once per process, before the clock starts

    def draft_and_check() -> dict[str, list[Finding]]:
        texts = {t.id: compose(t, found, templates=templates).text for t in panel}
        results: dict[str, list[Finding]] = {}
        for task in panel:
            context = context_for(task, found, other_texts=texts, other_tasks=panel)
            assert len(context.other_notes) == len(PANEL) - 1  # every other interviewer's note is compared
            results[task.id] = check(texts[task.id], context)
        return results

    benchmark.extra_info["budget_seconds"] = BUDGET_SECONDS
    results = benchmark(draft_and_check)
    assert len(results) == 6
    assert all(findings == [] for findings in results.values()), results
