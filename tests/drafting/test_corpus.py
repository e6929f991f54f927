"""The interview corpus: every draft of 64 messy, human records passes every check, and every slip is caught."""

from __future__ import annotations

import pytest
from benchmarks.drafting_corpus import run

from tests.drafting.corpus import BROKEN, CORPUS_SIZE


@pytest.mark.slow
def test_every_draft_of_the_corpus_passes_and_every_slip_is_caught() -> None:
    result = run()
    assert result.records == CORPUS_SIZE >= 60
    assert result.failures == [] and result.notes_clean == result.notes >= 400
    assert result.missed == [] and result.caught == result.broken >= 10 * len(BROKEN)
