"""A realistic sample job search, dated around the as-of day, for a first look around."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from afterview.paths import data_dir
from afterview.services.documents import ImportSummary, import_document
from afterview.services.errors import Conflict
from afterview.services.store import Store
from afterview.store import schema as t


def demo_document(as_of: date) -> dict[str, Any]:
    def d(offset: int) -> str:
        # Interviews and letters happen on weekdays: step back from a weekend.
        day = as_of + timedelta(days=offset)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day.isoformat()

    return {
        "format": "afterview/1",
        "profile": {
            "name": "Alex Morgan", "email": "alex.morgan@example.net", "phone": "+1 212 555 0147",
            "country": "US", "subdivision": "NY", "timezone": "America/New_York",
            "strengths": ["ten years of office management", "calm under deadline pressure",
                          "budgeting and vendor negotiation"],
            "pipeline_target": 5, "send_cards": False,
        },
        "references": [
            {"name": "Grace Liu", "email": "grace.liu@example.org", "phone": "+1 212 555 0199",
             "relationship": "former manager at Bellweather"},
            {"name": "Omar Haddad", "email": "omar.haddad@example.org", "relationship": "colleague for six years"},
        ],
        "applications": [
            {"id": "northwind-office-manager", "company": "Northwind Traders", "role": "Office Manager",
             "applied_on": d(-20), "source": "referral",
             "people": [
                 {"name": "Dana Whitfield", "title": "Head of Operations", "email": "dana.whitfield@northwind.example",
                  "role": "hiring_manager"},
                 {"name": "Marcus Lee", "title": "Finance Lead", "email": "marcus.lee@northwind.example"},
                 {"name": "Priya Shah", "email": "priya.shah@example.org", "role": "referrer"}],
             "interviews": [{
                 "on": d(-1), "at": "10:30", "round": 1, "format": "onsite",
                 "interviewers": ["Dana Whitfield", "Marcus Lee"], "decision_expected": d(12),
                 "chances": "high",
                 "notes": {
                     "Dana Whitfield": {"topics": ["moving the office to a hybrid schedule",
                                                   "the supplier contract renewals"],
                                        "promised": ["the seating plan I made for the Bellweather move: "
                                                     "https://portfolio.example/seating-plan"]},
                     "Marcus Lee": {"topics": ["monthly petty-cash reconciliation"]}},
                 "debrief": {"went_well": "rapport with Dana", "fell_short": "my vague answer about payroll software",
                             "questions": ["Which payroll systems have I used, and how well?"],
                             "strong_topics": ["the Bellweather office move"],
                             "improve": [{"topic": "payroll software", "asked_by": "Marcus Lee",
                                          "addition": "I ran payroll for 40 staff in Sage 50 for three years"}]}}]},
            {"id": "globex-analyst", "company": "Globex", "role": "Operations Analyst", "applied_on": d(-30),
             "people": [{"name": "Hank Scorpio", "title": "Director of Operations",
                         "email": "hank@globex.example", "role": "hiring_manager"}],
             "interviews": [{"on": d(-9), "round": 1, "format": "video", "interviewers": ["Hank Scorpio"]}],
             "interactions": [{"on": d(-9), "direction": "out", "kind": "thank_you_email",
                               "person": "Hank Scorpio", "channel": "email"}]},
            {"id": "initech-coordinator", "company": "Initech", "role": "Project Coordinator",
             "applied_on": d(-18), "source": "agency",
             "people": [{"name": "Tom Baker", "title": "Consultant, Talent Bridge", "email": "tom@talentbridge.example",
                         "role": "agent"},
                        {"name": "Bill Lumbergh", "title": "Division Manager"},
                        {"name": "Joanna Smith"}],
             "interviews": [{"on": d(-2), "round": 1, "format": "onsite",
                             "interviewers": ["Bill Lumbergh", "Joanna Smith"],
                             "decision_expected": d(8)}]},
            {"id": "hooli-ops", "company": "Hooli", "role": "Operations Coordinator", "applied_on": d(-25),
             "people": [{"name": "Gavin Belson", "title": "VP Operations", "email": "gavin@hooli.example",
                         "role": "hiring_manager"},
                        {"name": "Denise Carter", "title": "Recruiter", "email": "denise@hooli.example",
                         "role": "recruiter"}],
             "interviews": [
                 {"on": d(-14), "round": 1, "format": "phone", "interviewers": ["Denise Carter"]},
                 {"on": d(-3), "round": 2, "format": "onsite", "interviewers": ["Gavin Belson"],
                  "decision_expected": d(4), "references_will_be_checked": True,
                  "follow_up": {"on": d(7), "channel": "email", "person": "Denise Carter"},
                  "employer_away": [{"from": d(5), "to": d(15)}]}],
             "interactions": [
                 {"on": d(-14), "direction": "out", "kind": "thank_you_email", "person": "Denise Carter",
                  "channel": "email"},
                 {"on": d(-8), "direction": "in", "kind": "invitation", "person": "Denise Carter",
                  "channel": "email"}]},
            {"id": "umbrella-pa", "company": "Umbrella Corporation", "role": "Personal Assistant",
             "applied_on": d(-40),
             "people": [{"name": "Alice Abernathy", "title": "Chief of Staff",
                         "email": "alice@umbrella.example", "role": "hiring_manager"}],
             "interviews": [{"on": d(-16), "round": 1, "format": "onsite", "interviewers": ["Alice Abernathy"]}],
             "interactions": [{"on": d(-16), "direction": "out", "kind": "thank_you_email",
                               "person": "Alice Abernathy", "channel": "email"}],
             "outcome": {"kind": "offer", "on": d(-1), "deadline": d(6)}},
            {"id": "stark-exec-assistant", "company": "Stark Industries", "role": "Executive Assistant",
             "applied_on": d(-45),
             "people": [{"name": "Pepper Potts", "title": "COO", "email": "pepper@stark.example",
                         "role": "hiring_manager"}],
             "interviews": [{"on": d(-21), "round": 1, "format": "video", "interviewers": ["Pepper Potts"],
                             "notes": {"Pepper Potts": {"topics": ["travel planning for the board"]}}}],
             "interactions": [{"on": d(-21), "direction": "out", "kind": "thank_you_email",
                               "person": "Pepper Potts", "channel": "email"}],
             "outcome": {"kind": "rejected", "on": d(-2)}},
            {"id": "wayne-admin", "company": "Wayne Enterprises", "role": "Administrator", "applied_on": d(-4)},
        ],
        # Older interviews were already reviewed.
        "dismissals": [{"task": f"{app}:debrief:r1", "status": "done", "on": d(days)}
                       for app, days in (("globex-analyst", -9), ("hooli-ops", -14), ("umbrella-pa", -16),
                                         ("stark-exec-assistant", -21))],
    }


def demo_path() -> Path:
    """The demo's own store: beside the user's, never the user's."""
    return data_dir() / "demo.sqlite3"


def holds_anything(store: Store) -> bool:
    with store.reading() as conn:
        return any(conn.execute(sa.select(table).limit(1)).first() is not None
                   for table in (t.applications, t.profile, t.references))


def load_demo(store: Store, as_of: date) -> ImportSummary:
    """Fill an empty store with the sample search; a store that holds anything is refused untouched."""
    import json

    if holds_anything(store):
        raise Conflict("this store already holds a job search, so the demo was not loaded into it",
                       code="store-not-empty",
                       hint="run `afterview demo` without --db: it uses a sandbox of its own")
    return import_document(store, json.dumps(demo_document(as_of)))
