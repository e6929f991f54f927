"""The importers under fuzzing: every input is accepted or refused in one line, never a crash.

A quick profile runs here on every test run; `AFTERVIEW_FUZZ=long` runs the long one
(and `python -m benchmarks.fuzz_importers` prints the counts for the README). Each input
goes through the service function every door calls, against a real SQLite store.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.fuzz_importers import (
    SEED_CSV,
    SEED_VCARD,
    Tally,
    _nodes,
    _replace,
    _seed_document,
    campaign,
    check_one,
    importers,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = os.environ.get("AFTERVIEW_FUZZ") == "long"
EXAMPLES = 2000 if LONG else 60


def _clean(tally: Tally) -> dict[str, int]:
    return {"crashes": tally.crashes, "partial writes": tally.partial_writes, "hangs": tally.hangs,
            "long lines": tally.long_lines}


def test_the_mutation_campaign_finds_no_crash_partial_write_or_hang(tmp_path: Path) -> None:
    results = campaign(3000 if LONG else 50, seed=int(os.environ.get("AFTERVIEW_FUZZ_SEED", "1")), folder=tmp_path)
    for name, tally in results.items():
        assert tally.inputs == (3000 if LONG else 50)
        assert tally.refused > 0  # the mutations reach the checks
        assert _clean(tally) == {"crashes": 0, "partial writes": 0, "hangs": 0, "long lines": 0}, \
            (name, tally.examples)


@pytest.fixture(scope="module")
def doors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return importers(tmp_path_factory.mktemp("fuzz"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5),
    max_leaves=20)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_anywhere_in_a_document_is_accepted_or_refused_in_one_line(doors: dict[str, Any],
                                                                           data: st.DataObject) -> None:
    run, state, _, _ = doors["afterview/1"]
    root = json.loads(_seed_document())
    nodes = list(_nodes(root))
    path, _ = nodes[data.draw(st.integers(0, len(nodes) - 1), label="node")]
    root = _replace(root, path, data.draw(json_values, label="value"))
    tally = Tally()
    check_one(run, state, json.dumps(root).encode("utf-8", "surrogatepass"), tally)
    assert _clean(tally) == {"crashes": 0, "partial writes": 0, "hangs": 0, "long lines": 0}, tally.examples


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(kind=st.sampled_from(["CSV", "vCard"]), splice=st.binary(max_size=400), where=st.floats(0, 1),
       text=st.text(max_size=200))
def test_any_bytes_in_a_csv_or_vcard_are_accepted_or_refused_in_one_line(
        doors: dict[str, Any], kind: str, splice: bytes, where: float, text: str) -> None:
    run, state, _, _ = doors[kind]
    seed = SEED_CSV if kind == "CSV" else SEED_VCARD
    at = int(len(seed) * where)
    inserted = splice + text.encode("utf-8", "surrogatepass")
    tally = Tally()
    check_one(run, state, seed[:at] + inserted + seed[at:], tally)
    assert _clean(tally) == {"crashes": 0, "partial writes": 0, "hangs": 0, "long lines": 0}, tally.examples


def test_the_mutators_are_deterministic_for_a_seed() -> None:
    from benchmarks.fuzz_importers import mutate_bytes, mutate_document

    one, two = random.Random(5), random.Random(5)
    assert [mutate_bytes(SEED_CSV, one) for _ in range(5)] == [mutate_bytes(SEED_CSV, two) for _ in range(5)]
    assert mutate_document(_seed_document(), random.Random(3)) == mutate_document(_seed_document(), random.Random(3))
