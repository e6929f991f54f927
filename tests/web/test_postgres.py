"""The web app over PostgreSQL, as a career centre would run it: pages render and writes land."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from afterview.services.demo import load_demo
from afterview.services.store import open_store
from afterview.web.app import create_app
from tests.web.conftest import AS_OF, Web

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_web(postgres_url: str) -> Iterator[Web]:
    store = open_store(postgres_url)
    load_demo(store, AS_OF)
    store.engine.dispose()
    client = Web(create_app(db=postgres_url, as_of=AS_OF))
    yield client
    client.close()


def test_pages_render_and_a_task_is_done_on_postgresql(pg_web: Web) -> None:
    for path in ("/", "/pipeline", "/applications/hooli-ops", "/settings", "/exchange",
                 "/tasks/northwind-office-manager:thank_you_email:r1:dana-whitfield/draft"):
        assert pg_web.get(path).status_code == 200, path
    task = "northwind-office-manager:thank_you_email:r1:marcus-lee"
    assert pg_web.api("POST", f"/api/tasks/{task}/done").status_code == 200
    ids = {t["id"] for t in pg_web.get("/api/today").json()["tasks"]}
    assert task not in ids
