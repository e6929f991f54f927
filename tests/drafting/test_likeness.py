"""Notes to two people at one company must differ in wording, not only in the name."""

from __future__ import annotations

import pytest

from afterview.domain.playbook import derive_plan
from afterview.drafting import ALIKE_THRESHOLD, CheckContext, OtherNote, check, context_for, likeness
from tests.drafting.facts import drafts_for, with_offer, word_tasks

TO_JANE = """Dear Jane,

Many thanks for our conversation on Tuesday about joining Acme Analytics. I especially enjoyed talking with you
about the migration of the reporting pipeline to Airflow.

Everything we discussed made me more certain that data modelling would serve the team well.

Again, many thanks for your time and your candour.

With thanks,
Maria Lopez"""

NAME_SWAPPED = TO_JANE.replace("Jane", "Bob")
TOPIC_SWAPPED = NAME_SWAPPED.replace("the migration of the reporting pipeline to Airflow",
                                     "the quarterly planning process")
ONE_WORD_TWEAKED = NAME_SWAPPED.replace("Many thanks for our", "Thank you for our").replace(
    "Again, many thanks", "Again, thank you")
HALF_REWRITTEN = TOPIC_SWAPPED.replace("Many thanks for our conversation on Tuesday about joining Acme "
                                              "Analytics.", "Thank you for meeting with me on Tuesday.")
REWRITTEN = """Hello Bob,

Thank you for walking me through the Data Engineer role on Tuesday. Our discussion of how the team balances new
features against data quality was a highlight of the day for me, as was hearing about quarterly planning.

I am confident that my background in clear technical writing fits what your team needs, and I have attached my
writing sample on schema design as I said I would.

I appreciate the time you gave me, and I remain very interested in joining your team.

Kind regards,
Maria Lopez"""


@pytest.mark.parametrize(("other", "too_alike"), [
    (NAME_SWAPPED, True),
    (TOPIC_SWAPPED, True),
    (ONE_WORD_TWEAKED, True),
    (HALF_REWRITTEN, False),
    (REWRITTEN, False),
])
def test_likeness_pairs(other: str, too_alike: bool) -> None:
    score = likeness(TO_JANE, other, ["Jane Doe", "Bob Roe"])
    assert (score > ALIKE_THRESHOLD) is too_alike, score


def test_names_are_removed_before_comparing() -> None:
    assert likeness("Dear Jane Doe, thank you.", "Dear Bob Roe, thank you.", ["Jane Doe", "Bob Roe"]) == 100
    assert likeness("Dear Jane Doe, thank you.", "Dear Bob Roe, thank you.") < 100


def _context(other: str) -> CheckContext:
    return CheckContext(kind="thank_you_email", recipient="Jane Doe", company="Acme Analytics",
                        other_people=("Bob Roe",), allowed_names=("Maria Lopez",),
                        known_words=frozenset({"acme", "maria", "lopez", "jane", "airflow"}),
                        other_notes=(OtherNote("acme:thank_you_email:r1:bob-roe", "Bob Roe", other),))


def test_a_near_copy_is_an_error_pointing_at_the_shared_wording() -> None:
    findings = check(TO_JANE, _context(TOPIC_SWAPPED))
    assert [(f.code, f.severity) for f in findings] == [("too-alike", "error")]
    start, end = findings[0].span
    assert TO_JANE[start:end] in TOPIC_SWAPPED and end - start > 100
    assert "Bob Roe" in findings[0].message and f"{ALIKE_THRESHOLD:.0f}%" in findings[0].message


def test_a_rewritten_note_passes() -> None:
    assert check(TO_JANE, _context(REWRITTEN)) == []


def test_only_notes_to_other_people_at_the_same_company_are_compared() -> None:
    found = with_offer()
    tasks = [t for t in derive_plan(found) if t.id in {
        "acme:thank_you_email:r1:jane-doe", "acme:thank_you_card:r1:jane-doe", "acme:thank_you_email:r1:bob-roe",
        "globex:thank_you_email:r1:wendy-park", "acme:alert_references:ann-smith"}]
    texts = drafts_for(found, tasks)
    jane = next(t for t in tasks if t.id == "acme:thank_you_email:r1:jane-doe")
    context = context_for(jane, found, other_texts=texts, other_tasks=tasks)
    assert [(n.task, n.recipient) for n in context.other_notes] == [("acme:thank_you_email:r1:bob-roe", "Bob Roe")]


def test_every_pair_of_a_composed_panel_is_well_under_the_threshold() -> None:
    found = with_offer()
    tasks = [t for t in word_tasks(found) if t.kind in ("thank_you_email", "thank_you_card")]
    texts = drafts_for(found, tasks)
    for task in tasks:
        context = context_for(task, found, other_texts=texts, other_tasks=tasks)
        # Everyone else's email and card at the same company: not one's own card, not other companies.
        others = {"acme": 10, "globex": 2, "initech": 2, "umbrella": 0}[task.application or ""]
        assert len(context.other_notes) == others
        assert check(texts[task.id], context) == []
