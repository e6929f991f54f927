"""End to end in real headless Chromium against a real uvicorn server on 127.0.0.1.

Screenshots at a laptop size and a phone size are saved in each test's tmp folder
(look at them when changing the pages: they must stay clean and readable).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from afterview.services.demo import demo_document
from tests.support import live
from tests.web.conftest import AS_OF

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def run_server(db: str) -> Iterator[str]:
    yield from live.run_server(db, AS_OF)


@pytest.fixture
def demo_server(demo_db: str) -> Iterator[str]:
    yield from run_server(demo_db)


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[str]:
    yield from run_server(str(tmp_path / "empty.sqlite3"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    problems: list[str] = []
    # A console error here would mean the CSP blocked something or htmx failed.
    tab.on("console", lambda m: problems.append(m.text + ' at ' + str(m.location)) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()
    # A form sent back with its errors (422) is expected; anything else is not.
    assert not [p for p in problems if "422" not in p], problems


def shots(page: Any, folder: Path, name: str) -> None:
    """The same page at laptop and phone size, full length."""
    for size, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(LAPTOP)


def test_log_an_interview_and_see_the_plan(page: Any, empty_server: str, tmp_path: Path) -> None:
    page.goto(f"{empty_server}/interviews/new")
    page.get_by_label("Company (for a new application)").fill("Acme")
    page.get_by_label("Role", exact=True).fill("Clerk")
    page.get_by_label("Date", exact=True).fill("2026-11-23")
    page.locator("#f-iv-0-name").fill("Jane Doe")
    page.locator("#f-iv-0-title").fill("Head of Finance")
    page.locator("#f-iv-0-email").fill("jane@acme.example")
    page.locator("#f-iv-0-topics").fill("the new ledger")
    page.locator("#f-iv-0-promised").fill("a link to my portfolio")
    page.get_by_label("When do they expect to decide?").fill("2026-12-04")
    page.get_by_label("They will check my references").check()
    shots(page, tmp_path, "interview-form")
    page.get_by_role("button", name="Save and see my plan").click()
    page.wait_for_url("**/applications/acme-clerk*")
    assert "is saved" in page.locator("#notice").inner_text()
    plan = page.locator("#plan")
    assert "Thank-you email to Jane Doe" in plan.inner_text()
    assert "Check in" in plan.inner_text()
    shots(page, tmp_path, "application")


def test_a_bad_interview_form_keeps_the_input(page: Any, empty_server: str, tmp_path: Path) -> None:
    page.goto(f"{empty_server}/interviews/new")
    page.locator("#f-iv-0-name").fill("Jane Doe")
    page.locator("#f-iv-0-email").fill("jane@acme")  # the browser accepts it; the server does not
    page.get_by_role("button", name="Save and see my plan").click()
    page.wait_for_selector(".problems")
    assert page.locator("#f-iv-0-name").input_value() == "Jane Doe"
    assert "is not an email address" in page.locator("#e-iv-0-email").inner_text()
    assert "Give the company" in page.locator("#e-company").inner_text()
    shots(page, tmp_path, "interview-errors")


def test_mark_a_task_done_on_today(page: Any, demo_server: str, tmp_path: Path) -> None:
    page.goto(demo_server + "/")
    shots(page, tmp_path, "today")
    task = page.locator("li.task", has_text="Thank-you email to Dana Whitfield")
    # Past its due day but not its deadline: still on time, and it says how long is left.
    assert "deadline in 1 day" in task.inner_text() and "overdue" not in task.inner_text()
    assert "overdue" in page.locator("li.task", has_text="Debrief").first.inner_text()
    task.get_by_role("button", name="Done").click()
    playwright.expect(page.locator("#notice")).to_contain_text("Done:")
    assert "Done: Thank-you email to Dana Whitfield." in page.locator("#notice").inner_text()
    assert page.locator("li.task", has_text="Thank-you email to Dana Whitfield").count() == 0
    # Skip without a reason: the reason is asked for next to that task; with one, it goes.
    debrief = page.locator("li.task", has_text="Debrief").first
    debrief.locator("summary").click()
    debrief.get_by_role("button", name="Skip").click()
    page.wait_for_selector("li.task .error")
    assert "say in a few words why you skip it" in page.locator("li.task .error").first.inner_text()
    page.locator("li.task .error").first.locator("xpath=..").locator("input[name=why]").fill("did it on the bus")
    page.locator("li.task .error").first.locator("xpath=..").get_by_role("button", name="Skip").click()
    playwright.expect(page.locator("#notice")).to_contain_text("Skipped:")
    shots(page, tmp_path, "today-after")


def test_pipeline_and_settings_look_right(page: Any, demo_server: str, tmp_path: Path) -> None:
    page.goto(demo_server + "/pipeline")
    assert "active of your target" in page.locator("main").inner_text()
    shots(page, tmp_path, "pipeline")
    page.goto(demo_server + "/applications/hooli-ops")
    shots(page, tmp_path, "application-hooli")
    page.goto(demo_server + "/settings")
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_selector(".problems")
    assert page.get_by_label("Time zone").input_value() == "Mars/Olympus"
    shots(page, tmp_path, "settings-error")
    page.get_by_role("button", name="Make a feed address").click()
    feed = page.get_by_label("Your calendar feed address", exact=False).input_value()
    assert feed.startswith(demo_server + "/calendar/") and feed.endswith(".ics")
    shots(page, tmp_path, "settings-feed")


def test_import_a_document(page: Any, empty_server: str, tmp_path: Path) -> None:
    document = tmp_path / "search.json"
    document.write_text(json.dumps(demo_document(AS_OF)), encoding="utf-8")
    page.goto(empty_server + "/exchange")
    shots(page, tmp_path, "exchange")
    page.get_by_label("Document (.json)").set_input_files(str(document))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(empty_server + "/")
    assert "Imported 7 application(s), 7 new" in page.locator("#notice").inner_text()
    assert page.locator("li.task").count() > 5


def test_edit_a_draft_with_the_checks_inline(page: Any, demo_server: str, tmp_path: Path) -> None:
    page.goto(demo_server + "/")
    task = page.locator("li.task", has_text="Thank-you email to Dana Whitfield")
    task.get_by_role("link", name="Draft").click()
    page.wait_for_url("**/draft")
    checks = page.locator("#checks")
    playwright.expect(checks).to_contain_text("All clear")
    shots(page, tmp_path, "draft")
    body = page.get_by_label("Message")
    original = body.input_value()
    # Typed as a person types, so the debounced check fires on its own.
    body.click()
    body.press("Control+Home")
    body.press_sequentially("I realy ")
    playwright.expect(checks.locator(".finding.is-error")).to_contain_text("realy")
    assert "did you mean “really”" in checks.inner_text()
    shots(page, tmp_path, "draft-error")
    lines = original.splitlines()  # the sign-off varies from note to note: change whichever it is
    body.fill("\n".join([*lines[:-2], "Warm regards,", lines[-1]]))
    playwright.expect(checks).to_contain_text("All clear")
    page.get_by_role("button", name="Save").click()
    playwright.expect(page.locator("#notice")).to_contain_text("Saved: your wording is kept")
    page.reload()
    assert "Warm regards," in page.get_by_label("Message").input_value()
    assert "realy" not in page.get_by_label("Message").input_value()
    # The copy button appears where the Clipboard API is there (loopback is a secure context).
    playwright.expect(page.get_by_role("button", name="Copy text")).to_be_visible()
    shots(page, tmp_path, "draft-saved")
