"""References on the web: the page with its forms, the JSON twin, and the Application page's hint."""

from __future__ import annotations

from tests.web.conftest import Web

HOOLI = "hooli-ops"  # the demo's employer that said it will check references


def _names(web: Web) -> list[str]:
    return [r["name"] for r in web.get("/api/references").json()["references"]]


def test_the_page_lists_them_and_the_forms_add_edit_and_remove(web: Web) -> None:
    page = web.get("/references")
    assert page.status_code == 200 and "Grace Liu" in page.text and 'href="/references"' in page.text
    added = web.form("/references", {"name": "Sam Poe", "email": "sam@example.org", "relationship": "mentor"})
    assert added.status_code == 303
    assert "Added Sam Poe" in web.get("/references").text
    assert _names(web) == ["Grace Liu", "Omar Haddad", "Sam Poe"]
    alerts = {t["person"] for t in web.get(f"/api/applications/{HOOLI}").json()["plan"]
              if t["kind"] == "alert_references"}
    assert "Sam Poe" in alerts

    edited = web.form("/references/edit", {"reference": "Sam Poe", "name": "Sam Poe", "email": "sam@example.org",
                                           "phone": "+1 555 0199", "relationship": "mentor"})
    assert edited.status_code == 303
    sam = web.get("/api/references").json()["references"][2]
    assert sam == {"name": "Sam Poe", "email": "sam@example.org", "phone": "+1 555 0199", "relationship": "mentor"}

    removed = web.form("/references/remove", {"reference": "Sam Poe"})
    assert removed.status_code == 303 and _names(web) == ["Grace Liu", "Omar Haddad"]


def test_a_bad_value_comes_back_next_to_its_field_with_what_was_typed(web: Web) -> None:
    page = web.form("/references", {"name": "Sam Poe", "email": "sam-at-example", "relationship": "mentor"})
    assert page.status_code == 422
    assert 'id="e-new-email"' in page.text and "is not an email address" in page.text
    assert 'value="sam-at-example"' in page.text and 'value="mentor"' in page.text
    twin = web.form("/references", {"name": "grace liu"})
    assert twin.status_code == 409 and 'id="e-new-name"' in twin.text and "already one of your references" in twin.text
    blank = web.form("/references/edit", {"reference": "Grace Liu", "name": "", "email": "grace@example.org"})
    assert blank.status_code == 422 and 'id="e-ref-0-name"' in blank.text
    assert _names(web) == ["Grace Liu", "Omar Haddad"]


def test_the_json_twin_adds_edits_only_what_is_given_and_removes(web: Web) -> None:
    made = web.api("POST", "/api/references", {"name": "Sam Poe", "email": "sam@example.org"})
    assert made.status_code == 200 and made.json()["email"] == "sam@example.org"
    again = web.api("POST", "/api/references", {"name": "SAM POE"})
    assert again.status_code == 409 and again.json()["field"] == "name"
    bad = web.api("POST", "/api/references", {"name": "Ann Lee", "email": "nope"})
    assert bad.status_code == 400 and bad.json()["field"] == "email"
    changed = web.api("PATCH", "/api/references/Sam Poe", {"relationship": "mentor"})
    assert changed.json() == {"name": "Sam Poe", "email": "sam@example.org", "phone": None, "relationship": "mentor"}
    missing = web.api("PATCH", "/api/references/Nobody", {"phone": "1"})
    assert missing.status_code == 404
    assert web.api("DELETE", "/api/references/Sam Poe").json()["name"] == "Sam Poe"
    assert _names(web) == ["Grace Liu", "Omar Haddad"]


def test_with_no_references_the_application_page_says_the_plan_needs_them(web: Web) -> None:
    assert web.get(f"/api/applications/{HOOLI}").json()["references_wanted"] is None
    for name in ("Grace Liu", "Omar Haddad"):
        assert web.form("/references/remove", {"reference": name}).status_code == 303
    twin = web.get(f"/api/applications/{HOOLI}").json()
    assert twin["references_wanted"].startswith("They said they will check references. You have no references")
    assert not [t for t in twin["plan"] if t["kind"] == "alert_references" and t["status"] == "open"]
    page = web.get(f"/applications/{HOOLI}").text
    assert 'id="references-wanted"' in page and 'href="/references">Add your references</a>' in page
    listing = web.get("/api/references").json()
    assert listing["references"] == [] and HOOLI in listing["wanted_by"]
    assert "Hooli calls" in web.get("/references").text
