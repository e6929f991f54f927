"""Deriving one application's plan from the part of the search it reads gives what deriving the
whole search gives: after a full replan, replanning each application alone writes nothing.

A one-application replan reads the other applications only as far as its plan can depend on
them (services.planning): offers still open or taken, and the answered ones only for a plan with
a leverage note written. Generated searches hold offers pending and declined, rejections, and
leverage notes written, so a context read too narrowly shows as a row written here.
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
from tests.core.test_plan_size import AS_OF, searches


@st.composite
def with_leverage(draw: st.DrawFn) -> dict[str, Any]:
    """Searches where some applications mentioned an offer from elsewhere: most often one that was
    declined since (its note then is history that only the answered offer explains)."""
    document = draw(searches())
    offered = [date.fromisoformat(a["outcome"].get("offered_on", a["outcome"]["on"]))
               for a in document["applications"] if a.get("outcome", {}).get("kind") in ("offer", "declined")]
    for app in document["applications"]:
        if draw(st.booleans()):
            if offered and draw(st.integers(0, 3)):
                on = draw(st.sampled_from(offered)) + timedelta(days=draw(st.integers(0, 2)))
            else:
                on = AS_OF - timedelta(days=draw(st.integers(1, 60)))
            first = min(date.fromisoformat(i["on"]) for i in app["interviews"])
            app["interactions"].append({"on": min(max(on, first), AS_OF).isoformat(), "direction": "out",
                                        "kind": "leverage", "person": app["people"][0]["name"],
                                        "channel": "email"})
    return document


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=with_leverage())
def test_each_application_replanned_alone_writes_nothing_after_a_full_replan(tmp_path: Path,
                                                                             document: dict[str, Any]) -> None:
    path = tmp_path / f"context-{abs(hash(json.dumps(document))) % 10**9}.sqlite3"
    store = open_store(str(path))
    documents.import_document(store, json.dumps(document))
    with store.transaction("replan") as conn:
        replan(conn)
    written: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO TASKS", "UPDATE TASKS", "DELETE FROM TASKS")):
            written.append(statement)

    with store.reading() as conn:
        ids = list(conn.execute(sa.select(t.applications.c.id)).scalars())
    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        for app_id in ids:
            with store.transaction(f"replan {app_id}") as conn:
                replan(conn, {app_id})
            assert written == [], app_id
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
        store.engine.dispose()
