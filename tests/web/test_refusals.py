"""What the web says when it refuses: in a person's words, where it can be seen, and only what is true."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from tests.web.conftest import Web
from tests.web.test_forms import error_for


def _notice(page: str) -> str:
    """The refusal shown at the top of the page (inside the notice region htmx swaps in too)."""
    region = re.search(r'<div id="notice"[^>]*>(.*?)</div>', page, re.S)
    assert region, "no notice region"
    found = re.search(r'<p class="notice refused" role="alert">([^<]*)</p>', region.group(1))
    assert found, f"no refusal in the notice region: {region.group(1)!r}"
    return html.unescape(found.group(1))


def test_a_button_on_a_task_closed_in_another_tab_says_why_at_the_top(web: Web) -> None:
    task = web.get("/api/today").json()["tasks"][0]["id"]
    assert web.api("POST", f"/api/tasks/{quote(task, safe='')}/skip", {"why": "done by phone"}).status_code == 200
    api = web.api("POST", f"/api/tasks/{quote(task, safe='')}/done")
    said = api.json()["message"]
    assert "is already skipped; nothing to do" in said
    # The Today tab still shows the task: its Done button is pressed (as htmx sends it, and as a plain form).
    for headers in ({"hx-request": "true"}, {}):
        page = web.form(f"/tasks/{quote(task, safe='')}/done", {"next": "/"}, headers=headers)
        assert page.status_code == 422
        assert said[1:] in _notice(page.text)  # ("Task …": capitalised at the top of a page)
        assert "Undo" not in re.search(r'<div id="notice".*?</div>', page.text, re.S).group(0)  # type: ignore[union-attr]
    # The same from an Application page, and for a task that never was.
    app = task.split(":")[0]
    page = web.form(f"/tasks/{quote(task, safe='')}/snooze", {"next": f"/applications/{app}"})
    assert page.status_code == 422 and "already skipped" in _notice(page.text)
    page = web.form("/tasks/no-such-task/done", {"next": "/"})
    assert page.status_code == 422 and "no-such-task" in _notice(page.text)


def test_a_problem_with_a_task_on_the_page_stays_next_to_it(web: Web) -> None:
    task = web.get("/api/today").json()["tasks"][0]["id"]
    page = web.form(f"/tasks/{quote(task, safe='')}/skip", {"next": "/", "why": " "})
    assert page.status_code == 422
    assert "reason for skipping it is blank" in page.text
    assert 'class="notice refused"' not in page.text


def test_a_text_too_long_on_the_interview_form_is_named_as_a_person_would(empty_web: Web) -> None:
    topic = "t" * 2912
    page = empty_web.form("/interviews/new", {"company": "Acme", "on": "2026-11-23", "iv-0-name": "Jane Doe",
                                              "iv-0-topics": topic})
    assert page.status_code == 422
    said = html.unescape(error_for(page.text, "iv-0-topics"))
    assert said.startswith("The topic discussed with Jane Doe is 2,912 characters long; at most 500 are allowed")
    assert "iv-0" not in said and "kept" not in said
    page = empty_web.form("/interviews/new", {"company": "Acme", "on": "2026-11-23", "iv-0-name": "Jane Doe",
                                              "iv-1-name": "N" * 201})
    said = html.unescape(error_for(page.text, "iv-1-name"))
    assert said.startswith("The name of the second interviewer is 201 characters long; at most 200 are allowed")
    page = empty_web.form("/interviews/new", {"company": "Acme", "on": "2026-11-23", "away-0-from": "2301-01-01",
                                              "away-0-to": "2301-01-02"})
    assert "The first day of the first time away 2301-01-01 is out of range" in html.unescape(
        error_for(page.text, "away-0-from"))
    answer = empty_web.api("POST", "/api/interviews", {"company": "Acme", "on": "2026-11-23",
                                                       "interviewers": [{"name": "Jane Doe", "topics": [topic]}]})
    assert answer.status_code == 422 and "iv-0" not in answer.json()["errors"]["iv-0-topics"]
    assert empty_web.get("/api/pipeline").json()["counts"]["interviewing"] == 0


def test_an_application_id_with_a_company_is_created_by_the_interview_form(empty_web: Web) -> None:
    page = empty_web.form("/interviews/new", {"application": "woodgrove-fa", "company": "Woodgrove Bank",
                                              "role": "Financial Analyst", "on": "2026-11-20",
                                              "iv-0-name": "Jane Doe"}, follow_redirects=False)
    assert page.status_code == 303, page.text
    assert page.headers["location"].startswith("/applications/woodgrove-fa")
    made = empty_web.get("/api/applications/woodgrove-fa").json()
    assert (made["company"], made["role"]) == ("Woodgrove Bank", "Financial Analyst")
    # Without a company an unknown id is still refused, by the application field.
    page = empty_web.form("/interviews/new", {"application": "nope", "on": "2026-11-20"})
    assert page.status_code == 422 and "no application" in html.unescape(error_for(page.text, "application"))


def test_a_reply_from_someone_not_on_file_is_refused_by_the_reply_form(web: Web) -> None:
    before = web.get("/api/applications/hooli-ops").json()
    page = web.form("/applications/hooli-ops/replies", {"person": "Denise Carte"})
    assert page.status_code == 422
    said = html.unescape(error_for(page.text, "reply-person"))
    assert said.lower().startswith("no one called 'denise carte' on hooli-ops; did you mean denise carter?"), said
    assert "afterview log" not in said  # the web never sends the user to the command line
    assert web.get("/api/applications/hooli-ops").json() == before


def test_the_same_reply_twice_from_the_form_is_recorded_once(web: Web) -> None:
    def replies() -> int:
        found = web.get("/api/applications/hooli-ops").json()["interactions"]
        return sum(1 for i in found if i["direction"] == "in")

    before = replies()
    typed = {"person": "Denise Carter", "on": "2026-11-20"}
    assert web.form("/applications/hooli-ops/replies", typed, follow_redirects=False).status_code == 303
    again = web.form("/applications/hooli-ops/replies", typed, follow_redirects=False)
    assert again.status_code == 200
    assert "This reply is already on file, so nothing changed." in again.text
    assert 'name="again"' in again.text and 'value="Denise Carter"' in again.text  # the form, kept, offers it
    assert replies() == before + 1
    # The form's own box records a second reply, as the API's `again` and the CLI's --again do.
    assert web.form("/applications/hooli-ops/replies", {**typed, "again": "on"},
                    follow_redirects=False).status_code == 303
    assert replies() == before + 2
    assert web.api("POST", "/api/applications/hooli-ops/replies", {**typed, "again": True}).status_code == 200
    assert replies() == before + 3


def test_a_look_alike_name_on_the_people_form_asks_whether_they_are_new(web: Web) -> None:
    page = web.form("/applications/hooli-ops/people", {"name": "Denise Karter", "role": "interviewer"})
    assert page.status_code == 422
    said = html.unescape(error_for(page.text, "person-new-name"))
    assert said.startswith("'Denise Karter' looks like Denise Carter, already on hooli-ops; did you mean"), said
    assert "--new" not in said
    assert 'name="new"' in page.text
    added = web.form("/applications/hooli-ops/people", {"name": "Denise Karter", "role": "interviewer",
                                                        "new": "on"}, follow_redirects=False)
    assert added.status_code == 303
    names = [p["name"] for p in web.get("/api/applications/hooli-ops").json()["people"]]
    assert "Denise Karter" in names and "Denise Carter" in names
