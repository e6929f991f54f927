"""What the scan read in the mail, on Today ("From your mail") and in the JSON API.

The same service as the CLI (services/suggestions.py): the page and the API list the same
suggestions, confirm applies one, dismiss changes nothing in the plan, and settling twice is
refused with its code. The scan writes from outside the web app (as `afterview tick` does),
and the kept Today page shows what it found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview.services import inbox
from afterview.services.store import open_store
from afterview.web import create_app
from tests.mail.test_inbox_service import mbox, message
from tests.mail.test_suggestions import DATED, OFFER
from tests.web.conftest import AS_OF, Web


def scan(db: str, path: Path) -> None:
    """A scan from outside the web app, as the tick in another process does it."""
    store = open_store(db)
    inbox.scan(store, AS_OF, mbox=path)
    store.engine.dispose()


@pytest.fixture
def site(demo_db: str) -> Iterator[Web]:
    client = Web(create_app(db=demo_db, as_of=AS_OF))
    yield client
    client.close()


def test_today_shows_what_the_scan_found_and_confirm_records_the_offer(site: Web, demo_db: str,
                                                                       tmp_path: Path) -> None:
    before = site.get("/").text
    assert "From your mail" not in before  # nothing found yet (and the page is now kept)
    scan(demo_db, mbox(tmp_path / "in.mbox", OFFER))
    page = site.get("/").text
    assert "From your mail" in page and "We are pleased to offer you the position of Operations Analyst." in page
    [offer] = site.get("/api/suggestions").json()
    assert (offer["application"], offer["kind"], offer["state"]) == ("globex-analyst", "offer", "pending")
    assert f'action="/suggestions/{offer["id"]}/confirm"' in page and 'name="csrf_token"' in page

    done = site.form(f"/suggestions/{offer['id']}/confirm", {"next": "/"})
    assert done.status_code == 303
    after = site.get("/").text
    assert "Recorded an offer on globex-analyst" in after and "From your mail" not in after
    application = site.get("/api/applications/globex-analyst").json()
    assert application["outcome"]["kind"] == "offer" and application["outcome"]["on"] == "2026-11-24"
    again = site.api("POST", f"/api/suggestions/{offer['id']}/confirm")
    assert again.status_code == 400 and again.json()["code"] == "already-settled"
    assert site.get("/api/suggestions").json() == []


def test_dismiss_leaves_the_plan_unchanged_on_every_door(site: Web, demo_db: str, tmp_path: Path) -> None:
    scan(demo_db, mbox(tmp_path / "in.mbox", DATED))
    found = site.get("/api/suggestions").json()
    assert {s["kind"] for s in found} == {"decision_date", "more_time"}
    application = site.get("/api/applications/globex-analyst").json()
    today = site.get("/api/today").json()
    dated = next(s for s in found if s["kind"] == "decision_date")
    shown = site.get("/").text  # kept from here on: the plan does not change below, only the list
    assert "a new decision date, 2026-12-04" in shown and "they need more time" in shown
    answer = site.api("POST", f"/api/suggestions/{dated['id']}/dismiss")
    assert answer.status_code == 200 and answer.json()["suggestion"]["state"] == "dismissed"
    shown = site.get("/").text
    assert "a new decision date, 2026-12-04" not in shown and "they need more time" in shown
    site.form(f"/suggestions/{next(s for s in found if s['kind'] == 'more_time')['id']}/dismiss", {"next": "/"})
    assert site.get("/api/suggestions").json() == []
    assert site.get("/api/today").json() == today
    assert site.get("/api/applications/globex-analyst").json() == application
    assert "From your mail" not in site.get("/").text
    missing = site.api("POST", "/api/suggestions/999/confirm")
    assert missing.status_code == 404


def test_a_mistake_in_the_form_is_one_line_on_the_page(site: Web, demo_db: str, tmp_path: Path) -> None:
    old = message("Hank Scorpio <hank@globex.example>", "Re: Operations Analyst",
                  "We are pleased to offer you the position of Operations Analyst.",
                  message_id="<old@globex.example>", day="10 Nov 2026")
    scan(demo_db, mbox(tmp_path / "in.mbox", old))
    [offer] = [s for s in site.get("/api/suggestions").json() if s["kind"] == "offer"]
    site.form(f"/suggestions/{offer['id']}/confirm", {"next": "/"})
    page = site.get("/").text
    assert f"Could not confirm it: suggestion #{offer['id']} cannot be applied" in page
    assert [s["id"] for s in site.get("/api/suggestions").json() if s["kind"] == "offer"] == [offer["id"]]
