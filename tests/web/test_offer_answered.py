"""The application page states only facts the user gave: no guessed application date, and an
offer's deadline only while the offer waits for an answer."""

from __future__ import annotations

from tests.web.conftest import Web


def test_a_new_application_from_an_interview_has_no_guessed_date_and_an_answered_offer_no_deadline(
        empty_web: Web) -> None:
    made = empty_web.api("POST", "/api/interviews", {"company": "Acme", "on": "2026-11-20",
                                                     "interviewers": [{"name": "Jane Doe"}]})
    assert made.status_code == 200, made.text
    app_id = made.json()["application"]
    page = empty_web.get(f"/applications/{app_id}").text
    assert "· applied" not in page and "Fri 20 Nov 2026" in page  # the interview day, never as the applied day
    offered = empty_web.api("POST", f"/api/applications/{app_id}/outcome",
                            {"kind": "offer", "on": "2026-11-23", "deadline": "2026-11-27"})
    assert offered.status_code == 200, offered.text
    assert "answer by Fri 27 Nov 2026" in empty_web.get(f"/applications/{app_id}").text
    accepted = empty_web.api("POST", f"/api/applications/{app_id}/outcome", {"kind": "accepted", "on": "2026-11-23"})
    assert accepted.status_code == 200, accepted.text
    page = empty_web.get(f"/applications/{app_id}").text
    assert "Accepted</strong> on Mon 23 Nov 2026" in page and "answer by" not in page
