"""The stored plan grows linearly with the facts, never with offers times applications.

A search is imported through the ordinary door into a real SQLite store, and the
task rows are counted. However many offers there are, answered or pending, each
application keeps at most one leverage row, and the whole plan stays within a
fixed multiple of what was recorded.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.services import documents
from afterview.services.planning import replan
from afterview.services.store import open_store
from afterview.store import schema as t

AS_OF = date(2026, 11, 23)
# Per application and per recorded fact, the most tasks the playbook plans (thank-yous per
# interviewer, the status chain, outcome notes, one leverage note, a withdrawal).
TASKS_PER_FACT = 6


def _application(n: int, rounds: int, start: int, outcome: dict[str, Any] | None) -> dict[str, Any]:
    first = AS_OF - timedelta(days=start)
    names = [f"Ann Hale{n}", f"Bo Reyes{n}"]
    interviews = [{"on": (first + timedelta(days=14 * r)).isoformat(), "round": r + 1, "interviewers": names}
                  for r in range(rounds)]
    app: dict[str, Any] = {
        "id": f"app-{n}", "company": f"Firm {n}", "applied_on": (first - timedelta(days=7)).isoformat(),
        "people": [{"name": names[0], "role": "hiring_manager", "email": f"a{n}@firm.example"},
                   {"name": names[1]}],
        "interviews": interviews,
        "interactions": [{"on": first.isoformat(), "direction": "out", "kind": "thank_you_email",
                          "person": names[1], "channel": "email"}],
    }
    if outcome is not None:
        app["outcome"] = outcome
    return app


@st.composite
def searches(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(2, 24))
    apps = []
    for n in range(count):
        rounds = draw(st.integers(1, 3))
        start = draw(st.integers(40, 120))
        last = AS_OF - timedelta(days=start) + timedelta(days=14 * (rounds - 1))
        offered = last + timedelta(days=draw(st.integers(1, 10)))
        kind = draw(st.sampled_from(["none", "none", "offer", "declined", "rejected"]))
        outcome = None
        if kind == "offer" and offered <= AS_OF:
            outcome = {"kind": "offer", "on": offered.isoformat(),
                       "deadline": (AS_OF + timedelta(days=7)).isoformat()}
        elif kind == "declined":
            outcome = {"kind": "declined", "on": (offered + timedelta(days=2)).isoformat(),
                       "offered_on": offered.isoformat()}
        elif kind == "rejected":
            outcome = {"kind": "rejected", "on": (last + timedelta(days=20)).isoformat()}
        apps.append(_application(n, rounds, start, outcome))
    return {"format": "afterview/1", "profile": {"name": "Alex Morgan", "country": "US", "subdivision": "NY"},
            "applications": apps}


def _facts(document: dict[str, Any]) -> int:
    return sum(1 + len(a["interviews"]) + len(a["interactions"]) + len(a["people"]) + ("outcome" in a)
               for a in document["applications"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=searches())
def test_stored_tasks_grow_linearly_with_the_facts(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / f"plan-{abs(hash(json.dumps(document))) % 10**9}.sqlite3"
    store = open_store(str(path))
    documents.import_document(store, json.dumps(document))
    with store.transaction("replan") as conn:
        replan(conn)  # deriving everything again adds no rows either
    with store.reading() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(t.tasks)).scalar_one()
        leverage = conn.execute(sa.select(t.tasks.c.application_id, sa.func.count())
                                .where(t.tasks.c.kind == "leverage").group_by(t.tasks.c.application_id)).all()
    offers = sum(1 for a in document["applications"] if a.get("outcome", {}).get("kind") in ("offer", "declined"))
    assert all(n == 1 for _, n in leverage), leverage  # never one row per offer
    assert len(leverage) <= len(document["applications"])
    assert stored <= TASKS_PER_FACT * _facts(document), (stored, _facts(document), offers)
    store.engine.dispose()
