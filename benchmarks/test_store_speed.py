"""Recording one contact, drafting one note, replanning and importing on a large store, in-process
(the services).

Run by benchmarks/core.sh with AFTERVIEW_BENCH_STORE pointing at a copy of the store
it imported (10,000 applications) and AFTERVIEW_BENCH_DOCUMENT at the document; in the
normal test run a small generated search is imported first, so the benchmarks' own
checks still run once. Budgets (issue: plans that stay small and fast): 150 ms for a
contact, 100 ms for a note; at 10,000 applications, 2 s to derive and store every plan
and 5 s for the import (the commands, as core.sh measures them).
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from afterview.services import documents, drafts, facts, planning
from afterview.services.store import Store, open_store
from afterview.store import schema as t
from benchmarks.core_corpus import build

AS_OF = date(2026, 11, 23)
APPLICATION = "app-00042"


def _store(tmp_path: Path) -> Store:
    path = os.environ.get("AFTERVIEW_BENCH_STORE")
    if path:
        return open_store(path)
    store = open_store(str(tmp_path / "bench.sqlite3"))
    documents.import_document(store, json.dumps(build(200, AS_OF)))
    return store


def test_record_one_contact(benchmark: Any, tmp_path: Path) -> None:
    store = _store(tmp_path)
    days = count()
    with store.reading() as conn:
        person = facts.load_application(conn, APPLICATION).people[0].name  # a contact names someone on file

    def record() -> None:
        day = AS_OF - timedelta(days=next(days) % 300)
        facts.log_contact(store, APPLICATION, kind="other", person=person, on=day, force=True)

    benchmark.pedantic(record, rounds=15, iterations=1, warmup_rounds=2)
    with store.reading() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(t.interactions)
                              .where(t.interactions.c.application_id == APPLICATION)).scalar_one()
    assert stored >= 5  # four from the corpus, and the ones recorded here


def test_draft_one_note(benchmark: Any, tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.reading() as conn:
        task = conn.execute(sa.select(t.tasks.c.id).where(t.tasks.c.application_id == APPLICATION,
                                                          t.tasks.c.kind == "thank_you_email")).scalars().first()
    assert task is not None
    drafts.draft_for(store, task, AS_OF)  # templates compiled and the dictionary loaded before the clock
    checked = benchmark.pedantic(drafts.draft_for, args=(store, task, AS_OF), rounds=15, iterations=1)
    assert checked.draft.body


def test_replan_every_plan(benchmark: Any, tmp_path: Path) -> None:
    """What `afterview replan` does in-process: read the facts, derive every plan, store what changed."""
    store = _store(tmp_path)

    def replan() -> int:
        with store.transaction("replan") as conn:
            return planning.replan(conn)

    derived = benchmark.pedantic(replan, rounds=5, iterations=1, warmup_rounds=1)
    with store.reading() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(t.tasks)).scalar_one()
    assert 0 < stored <= derived  # the tasks never open are not stored


def test_import_a_whole_search(benchmark: Any, tmp_path: Path) -> None:
    """What `afterview import` does in-process, into a new store each round."""
    path = os.environ.get("AFTERVIEW_BENCH_DOCUMENT")
    text = Path(path).read_bytes() if path else json.dumps(build(200, AS_OF)).encode()
    rounds = count()

    def fresh() -> tuple[tuple[Store, bytes], dict[str, Any]]:
        return (open_store(str(tmp_path / f"import-{next(rounds)}.sqlite3")), text), {}

    summary = benchmark.pedantic(documents.import_document, setup=fresh, rounds=3, iterations=1)
    assert summary.added == summary.applications > 0
