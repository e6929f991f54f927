"""In real headless Chromium: a reply with an offer, scanned from an mbox file, waits on Today
under "From your mail"; Confirm records the offer, Dismiss leaves the plan as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.mail.test_inbox_service import mbox
from tests.mail.test_suggestions import DATED, OFFER
from tests.web.test_browser import browser, demo_server, page, shots  # noqa: F401 (fixtures)
from tests.web.test_mail_suggestions import scan

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


def test_confirm_an_offer_from_the_mail_on_today(page: Any, demo_server: str, demo_db: str,  # noqa: F811
                                                 tmp_path: Path) -> None:
    scan(demo_db, mbox(tmp_path / "in.mbox", OFFER))
    page.goto(demo_server + "/")
    found = page.locator("#from-mail li.suggestion")
    assert found.count() == 1
    text = found.inner_text()
    assert "Globex" in text and "an offer" in text and "% sure" in text
    assert "We are pleased to offer you the position of Operations Analyst." in text
    shots(page, tmp_path, "today-from-mail")
    found.get_by_role("button", name="Confirm").click()
    playwright.expect(page.locator("#notice")).to_contain_text("Recorded an offer on globex-analyst")
    assert page.locator("#from-mail").count() == 0
    page.goto(demo_server + "/applications/globex-analyst")
    assert "offer" in page.locator("main").inner_text().lower()
    assert "Acknowledge" in page.locator("#plan").inner_text()  # the offer's own task is in the plan now


def test_dismiss_leaves_the_plan_as_it_was(page: Any, demo_server: str, demo_db: str,  # noqa: F811
                                          tmp_path: Path) -> None:
    scan(demo_db, mbox(tmp_path / "in.mbox", DATED))
    page.goto(demo_server + "/applications/globex-analyst")
    plan = page.locator("#plan").inner_text()
    page.goto(demo_server + "/")
    dated = page.locator("#from-mail li.suggestion", has_text="a new decision date")
    dated.get_by_role("button", name="Dismiss").click()
    playwright.expect(page.locator("#notice")).to_contain_text("nothing in your plan changed")
    assert page.locator("#from-mail li.suggestion", has_text="a new decision date").count() == 0
    assert page.locator("#from-mail li.suggestion", has_text="they need more time").count() == 1
    page.goto(demo_server + "/applications/globex-analyst")
    assert page.locator("#plan").inner_text() == plan
