"""Deriving every plan of a large job search: the pure function, facts to tasks.

Run by benchmarks/core.sh with AFTERVIEW_BENCH_DOCUMENT pointing at a generated
10,000-application document; in the normal test run it uses a small generated
search so the benchmark's own correctness check still runs once.
"""

from __future__ import annotations

import gc
import json
import os
from datetime import date
from typing import Any

from afterview.domain import plain
from afterview.domain.playbook import derive_plan
from benchmarks.core_corpus import build


def _search() -> Any:
    path = os.environ.get("AFTERVIEW_BENCH_DOCUMENT")
    if not path:
        return plain.search_from(build(200, date(2026, 11, 23)))
    with open(path, encoding="utf-8") as handle:
        return plain.search_from(json.load(handle))


def test_derive_every_plan(benchmark: Any) -> None:
    search = _search()
    gc.collect()
    tasks = benchmark.pedantic(derive_plan, args=(search,), rounds=5, iterations=1, warmup_rounds=1)
    assert len({t.id for t in tasks}) == len(tasks)
    assert {t.application for t in tasks if t.application} == {a.id for a in search.applications if a.interviews}
