"""People on the Application page: added, edited (only what changed) and removed, with JSON twins."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Web

APP = "hooli-ops"
PAGE = f"/applications/{APP}"


def _people(web: Web) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in web.get(f"/api/applications/{APP}").json()["people"]}


def _shown(person: dict[str, Any]) -> dict[str, str]:
    """The edit form as the page fills it: every detail, and what the page showed of each (`was-…`)."""
    shown = {k: person[k] or "" for k in ("name", "role", "title", "email", "phone")}
    return {"person": person["name"], **shown, **{f"was-{k}": v for k, v in shown.items()}}


def test_add_someone_who_decides_from_the_page(web: Web) -> None:
    page = web.get(PAGE).text
    assert "Add someone" in page and 'action="/applications/hooli-ops/people"' in page
    added = web.form(f"{PAGE}/people", {"name": "Richard Hendricks", "role": "hiring_manager",
                                        "title": "Head of Operations", "email": "richard@hooli.example"})
    assert added.status_code == 303
    assert _people(web)["Richard Hendricks"] == {"name": "Richard Hendricks", "role": "hiring_manager",
                                                 "title": "Head of Operations", "email": "richard@hooli.example",
                                                 "phone": None}
    assert "Saved Richard Hendricks (hiring manager)." in web.get(PAGE).text


def test_an_edit_changes_only_what_was_changed_and_a_stale_form_wipes_nothing(web: Web) -> None:
    denise = _people(web)["Denise Carter"]
    form = _shown(denise)
    # Meanwhile, elsewhere (the CLI, another tab), her phone is recorded.
    assert web.api("PATCH", f"/api/applications/{APP}/people/Denise Carter",
                   {"phone": "+1 650 555 0123"}).status_code == 200
    # The page still shows no phone; the user changes only the title.
    edited = web.form(f"{PAGE}/people/edit", {**form, "title": "VP Operations"})
    assert edited.status_code == 303
    after = _people(web)["Denise Carter"]
    assert after == {**denise, "title": "VP Operations", "phone": "+1 650 555 0123"}


def test_a_rename_follows_them_and_removal_takes_them_off(web: Web) -> None:
    gavin = _people(web)["Gavin Belson"]
    renamed = web.form(f"{PAGE}/people/edit", {**_shown(gavin), "name": "Gavin R. Belson"})
    assert renamed.status_code == 303
    people = _people(web)
    assert "Gavin R. Belson" in people and "Gavin Belson" not in people
    plan = web.get(f"/api/applications/{APP}").json()["plan"]
    assert any(t["person"] == "Gavin R. Belson" for t in plan)
    removed = web.form(f"{PAGE}/people/remove", {"person": "Gavin R. Belson"})
    assert removed.status_code == 303 and "Gavin R. Belson" not in _people(web)


def test_problems_come_back_by_the_field_with_what_was_typed(web: Web) -> None:
    bad = web.form(f"{PAGE}/people", {"name": "Ann Lee", "email": "ann-at-hooli", "title": "Recruiter"})
    assert bad.status_code == 422
    assert 'id="e-person-new-email"' in bad.text and "is not an email address" in bad.text
    assert 'value="ann-at-hooli"' in bad.text and 'value="Recruiter"' in bad.text
    assert "afterview log" not in bad.text  # the web never sends the user to the command line
    assert "Ann Lee" not in _people(web)
    denise = _people(web)["Denise Carter"]
    blank = web.form(f"{PAGE}/people/edit", {**_shown(denise), "name": ""})
    assert blank.status_code == 422 and "the new name is blank" in blank.text
    assert _people(web)["Denise Carter"] == denise


def test_the_json_twins_add_edit_and_remove(web: Web) -> None:
    made = web.api("POST", f"/api/applications/{APP}/people", {"name": "Ann Lee", "role": "recruiter"})
    assert made.status_code == 200 and made.json()["role"] == "recruiter"
    changed = web.api("PATCH", f"/api/applications/{APP}/people/Ann Lee", {"email": "ann@hooli.example"})
    assert changed.json() == {"name": "Ann Lee", "role": "recruiter", "title": None, "email": "ann@hooli.example",
                              "phone": None}
    wrong = web.api("PATCH", f"/api/applications/{APP}/people/Ann Lee", {"role": "boss"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "role"
    assert web.api("DELETE", f"/api/applications/{APP}/people/Ann Lee").status_code == 200
    assert web.api("DELETE", f"/api/applications/{APP}/people/Ann Lee").status_code == 404
    assert "Ann Lee" not in _people(web)
