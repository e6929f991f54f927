"""Every page and its JSON twin, in-process."""

from __future__ import annotations

import json

from afterview.web.routes import ROUTES
from tests.web.conftest import AS_OF, Web

APP = "northwind-office-manager"
THANK_DANA = f"{APP}:thank_you_email:r1:dana-whitfield"


def test_today_lists_overdue_first_with_reasons(web: Web) -> None:
    page = web.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    text = page.text
    assert "3 days overdue" in text and "due today" in text
    assert text.index("3 days overdue") < text.index("due today")
    assert "within two business days" in text.lower() or "business day" in text
    twin = web.get("/api/today").json()
    assert twin["as_of"] == AS_OF.isoformat()
    assert twin["total"] == len(twin["tasks"]) + twin["more"]
    dues = [t["due"] for t in twin["tasks"]]
    assert dues == sorted(dues)
    assert {"id", "application", "company", "kind", "person", "due", "deadline", "status", "channel",
            "reason"} == set(twin["tasks"][0])


def test_today_is_paginated_with_a_count_of_the_rest(web: Web) -> None:
    twin = web.get("/api/today?limit=5").json()
    assert len(twin["tasks"]) == 5 and twin["more"] == twin["total"] - 5
    page = web.get("/?limit=5")
    assert f"… and {twin['more']} more" in page.text
    assert 'href="/?limit=55"' in page.text


def test_done_from_today_records_it_and_returns_to_today(web: Web) -> None:
    response = web.form(f"/tasks/{THANK_DANA}/done", {"next": "/"})
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = web.get("/")
    assert "Done: Thank-you email to Dana Whitfield." in page.text
    assert THANK_DANA not in {t["id"] for t in web.get("/api/today?limit=100").json()["tasks"]}
    # The notice shows once.
    assert "Done: Thank-you email" not in web.get("/").text


def test_done_and_skip_through_the_api(web: Web) -> None:
    done = web.api("POST", f"/api/tasks/{THANK_DANA}/done")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = web.api("POST", f"/api/tasks/{THANK_DANA}/done")
    assert again.status_code == 400 and "already done" in again.json()["detail"]
    skipped = web.api("POST", f"/api/tasks/{APP}:debrief:r1/skip", {"why": "reviewed it on the train"})
    assert skipped.status_code == 200 and skipped.json()["status"] == "skipped"
    missing = web.api("POST", "/api/tasks/nope:debrief:r1/done")
    assert missing.status_code == 404


def test_skip_needs_a_reason_and_keeps_the_page(web: Web) -> None:
    response = web.form(f"/tasks/{THANK_DANA}/skip", {"next": "/", "why": "  "})
    assert response.status_code == 422
    assert "say in a few words why you skip it" in response.text
    assert "Today" in response.text  # the same page, not an error page


def test_snooze_hides_a_task_until_the_next_business_day(web: Web) -> None:
    response = web.api("POST", f"/api/tasks/{THANK_DANA}/snooze")
    assert response.status_code == 200
    assert response.json()["until"] == "2026-11-24"
    ids = {t["id"] for t in web.get("/api/today?limit=100").json()["tasks"]}
    assert THANK_DANA not in ids
    assert web.get("/api/today").json()["snoozed"] == 1
    # Still in the plan, with its own date.
    plan = web.get(f"/api/applications/{APP}").json()["plan"]
    assert any(t["id"] == THANK_DANA and t["status"] == "open" and t["due"] == "2026-11-20" for t in plan)
    assert "snoozed until Tue 24 Nov 2026" in web.get(f"/applications/{APP}").text


def test_snooze_a_check_in_goes_to_the_first_day_the_guard_allows(web: Web) -> None:
    # A check-in just made to Globex: the next status contact must wait five business days.
    made = web.api("POST", "/api/applications/globex-analyst/contacts",
                   {"kind": "check_in", "person": "Hank Scorpio", "channel": "phone", "on": "2026-11-20"})
    assert made.status_code == 200
    final = [t for t in made.json()["plan"] if t["kind"] == "final_nudge"]
    assert final, made.json()["plan"]
    snoozed = web.api("POST", f"/api/tasks/{final[0]['id']}/snooze")
    assert snoozed.status_code == 200
    assert snoozed.json()["until"] == "2026-11-30"  # five business days after Fri 20 Nov, Thanksgiving counted


def test_snooze_form_says_until_when(web: Web) -> None:
    response = web.form(f"/tasks/{THANK_DANA}/snooze", {"next": "/"})
    assert response.status_code == 303
    assert "Snoozed until Tue 24 Nov 2026" in web.get("/").text


def test_pipeline_shows_active_against_target(web: Web) -> None:
    twin = web.get("/api/pipeline").json()
    assert twin["target"] == 5
    assert twin["counts"]["rejected"] == 1 and twin["counts"]["offer"] == 1
    assert twin["active"] == sum(twin["counts"][s] for s in ("applied", "interviewing", "offer"))
    page = web.get("/pipeline")
    assert f"{twin['active']} active of your target 5" in page.text
    assert "Northwind Traders" in page.text
    one = web.get("/api/pipeline?stage=rejected").json()
    assert list(one["stages"]) == ["rejected"]
    assert "All stages" in web.get("/pipeline?stage=rejected").text


def test_keep_searching_is_visible_below_target(web: Web) -> None:
    active = web.get("/api/pipeline").json()["active"]
    settings = web.get("/api/settings").json()
    settings["pipeline_target"] = active + 2
    assert web.api("PUT", "/api/settings", settings).status_code == 200
    assert web.get("/api/pipeline").json()["keep_searching"] is True
    assert "Keep searching:</strong> add 2 more applications this week" in web.get("/pipeline").text
    assert any(t["kind"] == "keep_searching" for t in web.get("/api/today?limit=100").json()["tasks"])


def test_application_page_has_timeline_people_plan_and_outcome(web: Web) -> None:
    page = web.get("/applications/hooli-ops")
    assert page.status_code == 200
    for text in ("Hooli", "Gavin Belson", "VP Operations", "gavin@hooli.example", "Interview, round 2",
                 "They invited you", "References will be checked", "Plan", "Thank-you email"):
        assert text in page.text, text
    twin = web.get("/api/applications/hooli-ops").json()
    assert twin["stage"] == "interviewing" and len(twin["interviews"]) == 2
    assert any(p["title"] == "VP Operations" for p in twin["people"])
    offer = web.get("/applications/umbrella-pa")
    assert "Outcome" in offer.text and "Offer" in offer.text
    assert web.get("/applications/nope").status_code == 404
    assert web.get("/api/applications/nope").status_code == 404


def test_log_a_reply_and_an_outcome_from_the_application_page(web: Web) -> None:
    reply = web.form("/applications/globex-analyst/replies",
                     {"person": "Hank Scorpio", "on": "2026-11-23", "decision_expected": "2026-12-01"})
    assert reply.status_code == 303
    page = web.get("/applications/globex-analyst")
    assert "Reply recorded" in page.text and "decision now expected Tue 1 Dec 2026" in page.text
    outcome = web.form("/applications/globex-analyst/outcome", {"kind": "rejected", "on": "2026-11-23"})
    assert outcome.status_code == 303
    assert web.get("/api/applications/globex-analyst").json()["stage"] == "rejected"


def test_api_reply_and_outcome(web: Web) -> None:
    reply = web.api("POST", "/api/applications/initech-coordinator/replies", {"invitation": True})
    assert reply.status_code == 200
    assert reply.json()["interactions"][-1]["kind"] == "invitation"
    bad = web.api("POST", "/api/applications/initech-coordinator/outcome", {"kind": "hired"})
    assert bad.status_code == 400 and (bad.json()["code"], bad.json()["field"]) == ("not-a-choice", "kind")


def test_log_an_interview_shows_the_plan(empty_web: Web) -> None:
    response = empty_web.form("/interviews/new", {
        "company": "Acme", "role": "Clerk", "on": "2026-11-23", "round": "1", "format": "onsite",
        "iv-0-name": "Jane Doe", "iv-0-title": "Head of Finance", "iv-0-email": "jane@acme.example",
        "iv-0-topics": "the new ledger", "iv-0-promised": "a link to my portfolio",
        "decision_expected": "2026-12-04", "references_will_be_checked": "on", "went_well": "rapport",
    })
    assert response.status_code == 303
    assert response.headers["location"] == "/applications/acme-clerk#plan"
    page = empty_web.get("/applications/acme-clerk")
    assert "Round 1 on Mon 23 Nov 2026 is saved" in page.text
    assert "Thank-you email" in page.text and "Jane Doe" in page.text and "Head of Finance" in page.text
    assert "Discussed: the new ledger" in page.text and "Promised: a link to my portfolio" in page.text
    second = empty_web.get("/interviews/new?application=acme-clerk")
    assert 'name="round" type="number" value=""' in second.text  # blank: the next round, never round 1 again
    again = empty_web.form("/interviews/new", {"application": "acme-clerk", "on": "2026-11-30",
                                               "iv-0-name": "Jane Doe"})
    assert again.status_code == 303
    assert "Round 2 on Mon 30 Nov 2026 is saved" in empty_web.get("/applications/acme-clerk").text
    assert "Discussed: the new ledger" in empty_web.get("/applications/acme-clerk").text  # round 1 kept
    clash = empty_web.form("/interviews/new", {"application": "acme-clerk", "on": "2026-11-24", "round": "1"})
    assert clash.status_code == 422 and "already recorded" in clash.text


def test_log_an_interview_through_the_api(empty_web: Web) -> None:
    response = empty_web.api("POST", "/api/interviews", {
        "company": "Initrode", "role": "Analyst", "on": "2026-11-20",
        "interviewers": [{"name": "Sam Berg", "title": "CFO", "email": "sam@initrode.example",
                          "topics": ["forecasting"]}],
        "follow_up_on": "2026-11-27", "follow_up_channel": "email", "follow_up_person": "Sam Berg",
    })
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["application"] == "initrode-analyst"
    kinds = {t["kind"] for t in body["plan"]}
    assert {"thank_you_email", "check_in", "debrief"} <= kinds
    check_in = next(t for t in body["plan"] if t["kind"] == "check_in")
    assert check_in["due"] == "2026-11-27" and check_in["channel"] == "email"


def test_settings_round_trip(web: Web) -> None:
    page = web.get("/settings")
    assert 'value="Alex Morgan"' in page.text and 'value="America/New_York"' in page.text
    current = web.get("/api/settings").json()
    current["pipeline_target"] = 3
    current["cadence"]["status_gap_business_days"] = 4
    saved = web.api("PUT", "/api/settings", current)
    assert saved.status_code == 200 and saved.json()["pipeline_target"] == 3
    assert web.get("/api/pipeline").json()["target"] == 3
    form = {k: v for k, v in _flat(current).items()}
    form["name"] = "Alex M. Morgan"
    response = web.form("/settings", form)
    assert response.status_code == 303
    assert 'value="Alex M. Morgan"' in web.get("/settings").text


def _flat(settings: dict[str, object]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in settings.items():
        if key == "cadence":
            assert isinstance(value, dict)
            values.update({f"cadence.{k}": str(v) for k, v in value.items()})
        elif key == "strengths":
            assert isinstance(value, list)
            values[key] = "\n".join(value)
        elif isinstance(value, bool):
            values[key] = "on" if value else ""
        else:
            values[key] = "" if value is None else str(value)
    return values


def test_export_and_import_both_ways(web: Web, empty_web: Web) -> None:
    download = web.get("/exchange/export")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="afterview-2026-11-23.json"'
    document = download.content
    assert json.loads(document)["format"] == "afterview/1"
    assert "Import" in empty_web.get("/exchange").text
    upload = empty_web.post("/exchange/import", data={"csrf_token": empty_web.csrf()},
                            files={"document": ("search.json", document, "application/json")})
    assert upload.status_code == 303
    assert "Imported 7 application(s), 7 new" in empty_web.get("/").text
    assert empty_web.get("/api/export").json() == web.get("/api/export").json()
    again = empty_web.api("POST", "/api/import", json.loads(document))
    assert again.status_code == 200 and again.json()["added"] == 0


def test_healthz_and_the_openapi_document(web: Web) -> None:
    assert web.get("/healthz").text == "ok"
    spec = web.get("/openapi.json").json()
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    for route in ROUTES:
        if route.documented:
            assert (route.method, route.path) in documented, route.path
    # Every screen has its JSON twin described.
    for twin in ("/api/today", "/api/pipeline", "/api/applications/{app_id}", "/api/interviews", "/api/settings",
                 "/api/export", "/api/import"):
        assert twin in spec["paths"], twin


def test_unknown_pages_get_a_calm_404(web: Web) -> None:
    page = web.get("/no/such/page")
    assert page.status_code == 404 and "There is no such page here." in page.text
    assert web.get("/api/nothing").json()["detail"] == "There is no such page here."
    bad = web.get("/?limit=zero")
    assert bad.status_code == 400 and "Traceback" not in bad.text


def test_kept_screens_follow_changes_made_elsewhere(web: Web, demo_db: str) -> None:
    """Today and the Application page are kept until the data changes, even by another process."""
    from afterview.services import facts
    from afterview.services.store import open_store

    assert THANK_DANA.split(":")[0] in web.get("/").text
    first = web.get(f"/applications/{APP}").text
    assert web.get(f"/applications/{APP}").text == first  # kept
    facts.complete(open_store(demo_db), THANK_DANA, AS_OF)  # as `afterview done` would, on its own connection
    assert THANK_DANA not in {t["id"] for t in web.get("/api/today?limit=100").json()["tasks"]}
    assert f'id="task-{THANK_DANA}"' not in web.get("/").text
    assert web.get(f"/applications/{APP}").text != first


def test_each_session_gets_its_own_token_in_a_kept_page(web: Web, demo_db: str) -> None:
    from afterview.web import create_app

    web.get("/")
    other = Web(web.app)
    try:
        mine, theirs = web.get("/").text, other.get("/").text
        assert web.csrf() in mine and other.csrf() in theirs and web.csrf() not in theirs
        assert "csrf-slot-" not in mine
    finally:
        other.close()
    assert create_app  # the same app object serves both sessions
