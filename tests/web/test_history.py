"""History, Undo, archive and delete on the web and through the API: the same services as the CLI."""

from __future__ import annotations

from tests.web.conftest import Web


def test_undo_on_the_web_takes_back_the_last_change(web: Web) -> None:
    before = web.api("GET", "/api/applications/globex-analyst").json()
    done = web.form("/applications/globex-analyst/outcome", {"kind": "rejected"})
    assert done.status_code == 303
    page = web.get(done.headers["location"])
    assert 'action="/undo"' in page.text  # the notice offers Undo
    undone = web.form("/undo", {"back": "/pipeline"})
    assert undone.status_code == 303 and undone.headers["location"] == "/pipeline"
    assert web.api("GET", "/api/applications/globex-analyst").json() == before
    history = web.get("/history")
    assert history.status_code == 200 and "log outcome rejected on globex-analyst" in history.text


def test_archive_and_delete_through_forms_and_api(web: Web) -> None:
    archived = web.form("/applications/globex-analyst/archive", {"archived": "true"})
    assert archived.status_code == 303
    ids = {a["id"] for found in web.api("GET", "/api/pipeline").json()["stages"].values() for a in found}
    assert "globex-analyst" not in ids
    assert web.api("POST", "/api/applications/globex-analyst/archive", {"archived": False}).status_code == 200
    refused = web.form("/applications/globex-analyst/delete", {})  # not confirmed: nothing deleted
    assert refused.status_code == 303 and web.api("GET", "/api/applications/globex-analyst").status_code == 200
    deleted = web.api("DELETE", "/api/applications/globex-analyst")
    assert deleted.status_code == 200 and deleted.json()["action"] == "delete globex-analyst"
    gone = web.api("GET", "/api/applications/globex-analyst")
    assert gone.status_code == 404 and gone.json()["code"] == "not-found"
    assert web.api("POST", "/api/undo").status_code == 200
    assert web.api("GET", "/api/applications/globex-analyst").status_code == 200


def test_nothing_to_undo_is_a_clear_answer(empty_web: Web) -> None:
    answer = empty_web.api("POST", "/api/undo")
    assert answer.status_code == 404 and answer.json()["code"] == "nothing-to-undo"
    page = empty_web.form("/undo", {})
    assert page.status_code == 404 and "nothing to undo" in page.text


def test_an_accepted_offer_shows_the_search_as_won(web: Web) -> None:
    apps = web.api("GET", "/api/pipeline").json()
    assert apps["won"] is None
    with_offer = next(a["id"] for found in apps["stages"].values() for a in found if a["stage"] == "offer")
    accepted = web.api("POST", f"/api/applications/{with_offer}/outcome", {"kind": "accepted"})
    assert accepted.status_code == 200, accepted.text
    after = web.api("GET", "/api/pipeline").json()
    assert after["won"] and after["keep_searching"] is False
    assert "The search is won" in web.get("/pipeline").text
