"""The Call page and its JSON twin, in-process: the script, the three outcomes, the guard."""

from __future__ import annotations

from tests.web.conftest import Web

APP = "globex-analyst"
CALL = f"{APP}:check_in:r1"  # due Fri 20 Nov 2026, to Hank Scorpio, by phone
HERE = f"/tasks/{CALL}/call"


def plan_of(web: Web) -> dict[str, dict[str, str]]:
    return {t["id"]: t for t in web.get(f"/api/applications/{APP}").json()["plan"]}


def test_the_call_page_shows_whom_to_call_the_script_and_the_three_outcomes(web: Web) -> None:
    page = web.get(HERE)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    text = page.text
    assert "Call Hank Scorpio" in text and "Director of Operations" in text
    assert "Call script" in text and "I interviewed for the Operations Analyst role" in text
    for label in ("I reached them", "I left a voicemail", "No answer"):
        assert label in text
    assert "No phone number on file for Hank Scorpio" in text
    twin = web.get(f"/api/tasks/{CALL}/call").json()
    assert twin["task"]["id"] == CALL and twin["person"] == "Hank Scorpio" and twin["phone"] is None
    assert "I interviewed for" in twin["script"]
    assert set(twin["outcomes"]) == {"reached", "voicemail", "no_answer"}
    assert f'href="/tasks/{CALL.replace(":", "%3A")}/call"' in web.get(f"/applications/{APP}").text


def test_no_answer_then_voicemail_from_the_page(web: Web) -> None:
    missed = web.form(HERE, {"outcome": "no_answer", "on": "2026-11-23"})
    assert missed.status_code == 303 and missed.headers["location"] == f"/applications/{APP}"
    assert plan_of(web)[CALL]["status"] == "open" and plan_of(web)[CALL]["due"] == "2026-11-24"
    left = web.form(HERE, {"outcome": "voicemail", "on": "2026-11-24", "note": "Left my number"})
    assert left.status_code == 303
    after = plan_of(web)
    assert after[CALL]["status"] == "done"
    nudge = after[f"{APP}:final_nudge:r1"]
    assert (nudge["channel"], nudge["status"], nudge["due"]) == ("email", "open", "2026-12-09")
    # The page no longer offers the form for a call that is done.
    assert "How did the call go?" not in web.get(HERE).text


def test_reached_with_a_new_date_through_the_json_twin(web: Web) -> None:
    answer = web.api("POST", f"/api/tasks/{CALL}/call",
                     {"outcome": "reached", "on": "2026-11-23", "note": "They decide next week",
                      "decision_expected": "2026-11-30"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["task"]["status"] == "done" and body["outcome"] == "reached" and not body["forced"]
    assert body["next_step"]["id"] == f"{CALL}:2026-11-23"
    assert body["next_step"]["due"] == "2026-12-01"
    interactions = web.get(f"/api/applications/{APP}").json()["interactions"]
    assert {"on": "2026-11-23", "direction": "in", "kind": "reply", "person": "Hank Scorpio", "channel": "phone",
            "decision_expected": "2026-11-30", "note": "They decide next week"} in interactions


def test_mistakes_come_back_by_their_field_and_write_nothing(web: Web) -> None:
    before = plan_of(web)
    page = web.form(HERE, {"outcome": "voicemail", "decision_expected": "2026-12-01", "on": "2026-11-23"})
    assert page.status_code == 422
    assert 'id="e-call-decision_expected"' in page.text and "only come from someone you reached" in page.text
    assert "2026-12-01" in page.text  # what was typed is kept
    missing = web.form(HERE, {"on": "2026-11-23"})
    assert missing.status_code == 422 and "Say how the call went." in missing.text
    api = web.api("POST", f"/api/tasks/{CALL}/call", {"outcome": "voicemail", "decision_expected": "2026-12-01"})
    assert api.status_code == 400 and api.json()["field"] == "decision_expected"
    far = web.api("POST", f"/api/tasks/{CALL}/call", {"outcome": "no_answer", "on": "9999-12-31"})
    assert far.status_code == 400 and far.json()["field"] == "on"
    long_note = web.api("POST", f"/api/tasks/{CALL}/call", {"outcome": "voicemail", "note": "x" * 2001})
    assert long_note.status_code == 422
    wrong = web.api("POST", f"/api/tasks/{CALL}/call", {"outcome": "maybe"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "outcome"
    not_a_call = web.get(f"/api/tasks/{APP}:debrief:r1/call")
    assert not_a_call.status_code == 400 and not_a_call.json()["code"] == "not-a-call"
    assert web.get("/api/tasks/nope:check_in:r1/call").status_code == 404
    assert plan_of(web) == before


def test_the_guard_refuses_a_second_voicemail_and_forcing_records_it(web: Web) -> None:
    assert web.api("POST", f"/api/tasks/{CALL}/call", {"outcome": "voicemail", "on": "2026-11-23"}).status_code == 200
    nudge = f"{APP}:final_nudge:r1"
    # The final nudge is an email: it is no call at all.
    assert web.get(f"/api/tasks/{nudge}/call").json()["code"] == "not-a-call"
    # A second application at the same company shares the guard.
    shared = web.api("POST", "/api/interviews", {"company": "Globex", "role": "Planner", "on": "2026-11-16",
                                                 "interviewers": [{"name": "Hank Scorpio"}]})
    assert shared.status_code in (200, 201), shared.text
    second = f"{shared.json()['application']}:check_in:r1"
    refused = web.form(f"/tasks/{second}/call", {"outcome": "voicemail", "on": "2026-11-24"})
    assert refused.status_code == 422 and "Not recorded" in refused.text and "record it anyway" in refused.text
    api = web.api("POST", f"/api/tasks/{second}/call", {"outcome": "voicemail", "on": "2026-11-24"})
    assert api.status_code == 409
    forced = web.api("POST", f"/api/tasks/{second}/call", {"outcome": "voicemail", "on": "2026-11-24",
                                                           "force": True})
    assert forced.status_code == 200 and forced.json()["forced"] is True
