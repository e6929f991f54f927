"""Nothing is lost on a bad form: it comes back with what was typed and the problem next to the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afterview.domain.model import Profile
from afterview.services import settings
from afterview.services.settings import InvalidSetting
from afterview.services.store import open_store
from tests.web.conftest import Web


def error_for(page: str, field_id: str) -> str:
    """The message shown under one input, found through the input's aria-describedby."""
    found = re.search(rf'id="e-{re.escape(field_id)}">([^<]*)<', page)
    assert found, f"no error under {field_id}"
    assert re.search(rf'id="f-{re.escape(field_id)}"[^>]*aria-invalid="true"', page), field_id
    return found.group(1)


def test_interview_form_comes_back_with_input_and_errors(empty_web: Web) -> None:
    typed = {
        "company": "Acme & Sons", "role": "Clerk", "on": "2026-11-23", "at": "10:30",
        "iv-0-name": "Jane Doe", "iv-0-email": "not-an-email", "iv-0-topics": "the ledger\nthe audit",
        "iv-1-title": "CFO", "decision_expected": "2026-12-01", "away-0-from": "2026-12-20",
        "went_well": "good rapport",
    }
    page = empty_web.form("/interviews/new", typed)
    assert page.status_code == 422
    text = page.text
    assert "Nothing was saved; what you typed is still here." in text
    assert "is not an email address" in error_for(text, "iv-0-email")
    assert "Give this person&#39;s name" in error_for(text, "iv-1-name")
    assert "last day they are away" in error_for(text, "away-0-to")
    for value in ('value="Acme &amp; Sons"', 'value="Jane Doe"', 'value="not-an-email"', 'value="CFO"',
                  ">the ledger\nthe audit</textarea>", ">good rapport</textarea>"):
        assert value in text, value
    assert empty_web.get("/api/pipeline").json()["counts"]["interviewing"] == 0  # nothing half-saved


@pytest.mark.parametrize("field, value, said", [
    ("at", "25:99", "is not a time"), ("decision_expected", "2026-11-01", "before the interview"),
    ("follow_up_person", "Bob Roe", "not one of this application&#39;s people"),
    ("on", "2207-01-05", "out of range")])
def test_the_services_rules_come_back_by_their_field(empty_web: Web, field: str, value: str, said: str) -> None:
    typed = {"company": "Acme", "on": "2026-11-23", "iv-0-name": "Jane Doe", field: value}
    page = empty_web.form("/interviews/new", typed)
    assert page.status_code == 422
    assert said in error_for(page.text, field) and f'value="{value}"' in page.text
    assert empty_web.get("/api/pipeline").json()["counts"]["interviewing"] == 0


def test_add_another_interviewer_keeps_the_form(empty_web: Web) -> None:
    page = empty_web.form("/interviews/new", {"company": "Acme", "iv-0-name": "Jane", "iv-1-name": "Bob",
                                              "more": "on"})
    assert page.status_code == 200
    assert 'name="iv-3-name"' in page.text and 'value="Bob"' in page.text


def test_new_interview_needs_a_company(empty_web: Web) -> None:
    page = empty_web.form("/interviews/new", {"on": "2026-11-23"})
    assert page.status_code == 422
    assert "Give the company" in error_for(page.text, "company")


def test_api_interview_errors_name_the_field(empty_web: Web) -> None:
    response = empty_web.api("POST", "/api/interviews", {"company": "Acme", "on": "2026-11-23",
                                                         "decision_expected": "2026-11-01"})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("date-order", "decision_expected")
    assert "decision_expected" in body["errors"]


def test_settings_errors_sit_next_to_their_field(web: Web) -> None:
    form = {"name": "Alex", "country": "XX", "timezone": "Mars/Olympus", "pipeline_target": "5",
            "strengths": "calm\nkind", "cadence.reapply_months": "6"}
    page = web.form("/settings", form)
    assert page.status_code == 422
    assert "unknown country code" in error_for(page.text, "country").lower()
    assert 'value="Mars/Olympus"' in page.text and ">calm\nkind</textarea>" in page.text
    page = web.form("/settings", {**form, "country": "US", "subdivision": "ZZ"})
    assert "unknown subdivision" in error_for(page.text, "subdivision").lower()
    page = web.form("/settings", {**form, "country": "US"})
    assert "not a known time zone" in error_for(page.text, "timezone")
    page = web.form("/settings", {**form, "country": "US", "timezone": "UTC", "cadence.reapply_months": "-1"})
    assert "from 0 to 365" in error_for(page.text, "cadence.reapply_months")
    assert web.get("/api/settings").json()["timezone"] == "America/New_York"  # unchanged


def test_api_settings_error_names_the_field(web: Web) -> None:
    current = web.get("/api/settings").json()
    response = web.api("PUT", "/api/settings", {**current, "timezone": "Nowhere/Else"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["timezone"]


def test_contact_refused_by_the_guard_shows_the_earliest_date(web: Web) -> None:
    first = web.form("/applications/globex-analyst/contacts",
                     {"kind": "check_in", "person": "Hank Scorpio", "channel": "phone", "on": "2026-11-20"})
    assert first.status_code == 303
    again = web.form("/applications/globex-analyst/contacts",
                     {"kind": "final_nudge", "person": "Hank Scorpio", "channel": "email", "on": "2026-11-23"})
    assert again.status_code == 422
    message = error_for(again.text, "contact-on")
    assert "earliest allowed date is 2026-11-30" in message
    assert 'value="2026-11-23"' in again.text and "Record it anyway" in again.text
    forced = web.form("/applications/globex-analyst/contacts",
                      {"kind": "final_nudge", "person": "Hank Scorpio", "channel": "email", "on": "2026-11-23",
                       "force": "on"})
    assert forced.status_code == 303
    assert "(past the not-pestering rule)" in web.get("/applications/globex-analyst").text
    api = web.api("POST", "/api/applications/globex-analyst/contacts",
                  {"kind": "check_in", "person": "Hank Scorpio", "on": "2026-11-24"})
    assert api.status_code == 409 and "earliest allowed date" in api.json()["detail"]


def test_outcome_form_errors(web: Web) -> None:
    page = web.form("/applications/umbrella-pa/outcome", {"kind": "", "on": "2026-11-23", "deadline": "2026-11-01"})
    assert page.status_code == 422
    assert "is not an outcome" in error_for(page.text, "outcome-kind")
    page = web.form("/applications/umbrella-pa/outcome", {"kind": "offer", "on": "2026-11-23",
                                                          "deadline": "2026-11-01"})
    assert page.status_code == 422
    assert "before the outcome date" in error_for(page.text, "outcome-deadline")


def test_import_of_a_bad_document_changes_nothing(web: Web) -> None:
    before = web.get("/api/export").json()
    page = web.post("/exchange/import", data={"csrf_token": web.csrf()},
                    files={"document": ("bad.json", b'{"format": "afterview/1", "applications": [{}]}',
                                        "application/json")})
    assert page.status_code == 422
    assert "Nothing was imported" in error_for(page.text, "document")
    empty = web.form("/exchange/import", {})
    assert "Choose an afterview/1 JSON file" in error_for(empty.text, "document")
    assert web.get("/api/export").json() == before
    assert web.api("POST", "/api/import", {"format": "nope"}).status_code == 400


def test_settings_service_validates_and_tidies(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.sqlite3"))
    saved = settings.update_settings(store, Profile(name=" Ana ", country="gb", subdivision="eng",
                                                    timezone="Europe/London", strengths=(" calm ", "")))
    assert (saved.name, saved.country, saved.subdivision, saved.strengths) == ("Ana", "GB", "ENG", ("calm",))
    assert settings.read_settings(store) == saved
    for bad, field in ((Profile(email="nope"), "email"), (Profile(pipeline_target=-1), "pipeline_target"),
                       (Profile(country="ZZ"), "country"), (Profile(timezone=""), "timezone")):
        with pytest.raises(InvalidSetting) as problem:
            settings.update_settings(store, bad)
        assert problem.value.field == field and "\n" not in problem.value.message


def test_an_interviewer_one_slip_from_someone_listed_is_asked_about_on_the_form_and_the_api(empty_web: Web) -> None:
    first = {"company": "Acme", "role": "Clerk", "on": "2026-11-23", "iv-0-name": "Ann Lee"}
    assert empty_web.form("/interviews/new", first).status_code in (200, 303)
    second = {"company": "Acme", "role": "Clerk", "on": "2026-11-30", "iv-0-name": "Anne Lee"}
    page = empty_web.form("/interviews/new", second)
    assert page.status_code == 409 or page.status_code == 422
    assert "looks like Ann Lee" in error_for(page.text, "iv-0-name")
    assert 'name="new"' in page.text  # the box that says they are someone new
    refused = empty_web.api("POST", "/api/interviews", {"company": "Acme", "role": "Clerk", "on": "2026-11-30",
                                                        "interviewers": [{"name": "Anne Lee"}]})
    assert refused.status_code == 409 and refused.json()["code"] == "look-alike-person"
    last = empty_web.get("/api/pipeline").json()["stages"]["interviewing"][0]["last_interview"]
    assert last == "2026-11-23"  # nothing saved
    saved = empty_web.api("POST", "/api/interviews", {"company": "Acme", "role": "Clerk", "on": "2026-11-30",
                                                      "interviewers": [{"name": "Anne Lee"}], "new": True})
    assert saved.status_code in (200, 201), saved.text
    assert saved.json()["interview"]["round"] == 2


def test_a_declined_offer_takes_its_reason_on_the_form_and_the_api(empty_web: Web) -> None:
    first = {"company": "Acme", "role": "Clerk", "on": "2026-11-23", "iv-0-name": "Ann Lee"}
    assert empty_web.form("/interviews/new", first).status_code in (200, 303)
    offer = empty_web.api("POST", "/api/applications/acme-clerk/outcome", {"kind": "offer", "on": "2026-11-23"})
    assert offer.status_code in (200, 201), offer.text
    long = empty_web.form("/applications/acme-clerk/outcome", {"kind": "declined", "reason": "x" * 2001})
    assert long.status_code == 422 and "2,001 characters long" in error_for(long.text, "outcome-reason")
    declined = empty_web.api("POST", "/api/applications/acme-clerk/outcome",
                             {"kind": "declined", "on": "2026-11-23", "reason": "I am staying in my current role"})
    assert declined.status_code in (200, 201), declined.text
    assert declined.json()["outcome"]["reason"] == "I am staying in my current role"
