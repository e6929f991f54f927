"""The Pipeline shows each application's next step and its date, on the page and in its JSON twin."""

from __future__ import annotations

from afterview.domain import wording
from afterview.services import planning
from afterview.services.store import open_store
from tests.web.conftest import AS_OF, Web


def _first_open(demo_db: str) -> dict[str, tuple[str, str]]:
    """Each application's first open task in plan order, read through the planning service."""
    store = open_store(demo_db)
    with store.reading() as conn:
        tasks = planning.plan(conn, AS_OF)
    store.engine.dispose()
    first: dict[str, tuple[str, str]] = {}
    for task in tasks:
        if task.application is not None:
            first.setdefault(task.application, (task.id, task.due.isoformat()))
    return first


def test_every_listed_application_has_its_next_step_in_the_json_twin(web: Web, demo_db: str) -> None:
    twin = web.get("/api/pipeline").json()
    expected = _first_open(demo_db)
    listed = [e for entries in twin["stages"].values() for e in entries]
    assert len(listed) == 7
    for entry in listed:
        step = entry["next_step"]
        if entry["id"] in expected:
            assert (step["id"], step["due"]) == expected[entry["id"]], entry["id"]
            assert step["status"] == "open" and step["application"] == entry["id"]
        else:
            assert step is None
    assert {e["id"] for e in listed if e["next_step"] is None} == {"wayne-admin"}  # applied, nothing planned yet


def test_the_page_says_what_to_do_next_and_when(web: Web) -> None:
    twin = web.get("/api/pipeline").json()
    page = web.get("/pipeline").text
    for entries in twin["stages"].values():
        for entry in entries:
            step = entry["next_step"]
            if step is None:
                continue
            words = wording.kind_label(step["kind"]) + (f" to {step['person']}" if step["person"] else "")
            assert f">{words}</a>" in page, words
    globex = next(e for es in twin["stages"].values() for e in es if e["id"] == "globex-analyst")["next_step"]
    assert globex["kind"] == "check_in"
    row = page[page.index('href="/applications/globex-analyst"'):]
    row = row[:row.index("</li>")]
    assert "Next: " in row and "Fri 20 Nov 2026" in row and "3 days overdue" in row
