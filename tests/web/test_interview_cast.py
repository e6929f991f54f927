"""The web interview form asks who decides, takes phones, the source with its referrer or agent, and
several periods of time away; the JSON twin takes the same."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Web
from tests.web.test_forms import error_for


def _application(web: Web, app_id: str) -> dict[str, Any]:
    found: dict[str, Any] = web.get(f"/api/applications/{app_id}").json()
    return found


def test_the_form_records_the_hiring_manager_the_referrer_and_two_periods_away(empty_web: Web) -> None:
    page = empty_web.get("/interviews/new").text
    for name in ('name="iv-0-decides"', 'name="iv-0-phone"', 'name="source"', 'name="source_name"',
                 'name="away-0-from"'):
        assert name in page, name
    saved = empty_web.form("/interviews/new", {
        "company": "Acme", "role": "Clerk", "on": "2026-11-23",
        "iv-0-name": "Jane Doe", "iv-0-title": "Head of Finance", "iv-0-email": "jane@acme.example",
        "iv-0-phone": "+1 212 555 0100", "iv-0-decides": "on",
        "iv-1-name": "Bob Roe", "follow_up_person": "jane doe",
        "away-0-from": "2026-12-21", "away-0-to": "2027-01-04", "away-1-from": "2026-12-01", "away-1-to": "2026-12-02",
        "source": "referral", "source_name": "Priya Shah", "source_email": "priya@friends.example",
    })
    assert saved.status_code == 303, saved.text[:500]
    app = _application(empty_web, "acme-clerk")
    people = {p["name"]: p for p in app["people"]}
    assert people["Jane Doe"] == {"name": "Jane Doe", "role": "hiring_manager", "title": "Head of Finance",
                                  "email": "jane@acme.example", "phone": "+1 212 555 0100"}
    assert people["Bob Roe"]["role"] == "interviewer"
    assert people["Priya Shah"]["role"] == "referrer" and app["source"] == "referral"
    (interview,) = app["interviews"]
    assert interview["employer_away"] == [{"from": "2026-12-01", "to": "2026-12-02"},
                                          {"from": "2026-12-21", "to": "2027-01-04"}]
    assert interview["follow_up"] == {"person": "Jane Doe"}
    assert any(t["kind"] == "thank_referrer" and t["person"] == "Priya Shah" for t in app["plan"])


def test_another_time_away_row_and_problems_by_their_field(empty_web: Web) -> None:
    more = empty_web.form("/interviews/new", {"company": "Acme", "away-0-from": "2026-12-21",
                                              "away-0-to": "2027-01-04", "more_away": "on"})
    assert more.status_code == 200 and 'name="away-2-from"' in more.text and 'value="2026-12-21"' in more.text
    bad = empty_web.form("/interviews/new", {"company": "Acme", "on": "2026-11-23", "iv-0-name": "Jane Doe",
                                             "away-1-from": "2026-12-10"})
    assert bad.status_code == 422 and "last day they are away" in error_for(bad.text, "away-1-to")
    nobody = empty_web.form("/interviews/new", {"company": "Acme", "on": "2026-11-23", "iv-0-name": "Jane Doe",
                                                "source": "direct", "source_name": "Priya Shah"})
    assert nobody.status_code == 422
    assert "only a referral or an agency has someone behind it" in error_for(nobody.text, "source")
    assert 'value="Priya Shah"' in nobody.text
    assert empty_web.get("/api/pipeline").json()["counts"]["interviewing"] == 0


def test_the_json_twin_takes_the_same(empty_web: Web) -> None:
    response = empty_web.api("POST", "/api/interviews", {
        "company": "Globex", "on": "2026-11-23", "source": "agency", "source_name": "Tom Baker",
        "source_title": "Talent Partners", "interviewers": [{"name": "Hank Scorpio", "decides": True}],
        "away_from": "2026-12-21", "away_to": "2027-01-04", "away": [{"from": "2026-12-01", "to": "2026-12-02"}],
    })
    assert response.status_code == 200, response.text
    app = _application(empty_web, "globex")
    people = {p["name"]: p["role"] for p in app["people"]}
    assert people == {"Hank Scorpio": "hiring_manager", "Tom Baker": "agent"} and app["source"] == "agency"
    assert len(app["interviews"][0]["employer_away"]) == 2
