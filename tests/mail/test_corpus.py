"""The scan against a corpus of 252 messages shaped like real servers' and clients' mail (see `corpus`)."""

from __future__ import annotations

from pathlib import Path

from tests.mail.corpus import classify, corpus


def test_the_corpus_is_read_without_a_false_match_or_a_missed_reply(tmp_path: Path) -> None:
    samples = corpus()
    assert len(samples) >= 200
    tally = classify(samples, str(tmp_path))
    assert tally.per_class == {"reply": 145, "answer": 6, "auto_reply": 25, "bounce": 16, "bulk": 20, "stranger": 40}
    assert tally.false_matches == []
    assert tally.missed == []
    assert (tally.dates_right, tally.dates_total) == (61, 61)
    assert tally.readings_wrong == []
