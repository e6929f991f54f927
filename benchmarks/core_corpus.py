"""Generate a large, realistic afterview/1 document for the benchmarks.

    python benchmarks/core_corpus.py --applications 10000 --out /tmp/big.json

Each application has people, one to three interview rounds, about four
interactions (thank-yous, check-ins, replies), and some have outcomes, so the
plan has every kind of task: 3% of the applications have offers (most answered
within days, 21 still pending) and 10% rejections. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from typing import Any

FIRST = ["Dana", "Marcus", "Priya", "Tom", "Grace", "Omar", "Lena", "Yusuf", "Mei", "Carlos", "Ines", "Sam"]
LAST = ["Whitfield", "Lee", "Shah", "Baker", "Liu", "Haddad", "Novak", "Okafor", "Tanaka", "Ruiz", "Berg"]
PENDING_OFFERS = 21
PLACES = [("US", "NY"), ("US", "CA"), ("GB", "ENG"), ("DE", "BY"), ("IL", None), (None, None)]


def build(applications: int, as_of: date, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    apps: list[dict[str, Any]] = []
    lasts: list[date] = []
    for n in range(applications):
        names = rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 3)
        people = [{"name": names[0], "title": "Hiring Manager", "email": f"hm{n}@employer{n}.example",
                   "role": "hiring_manager"},
                  {"name": names[1], "title": "Engineer", "email": f"e{n}@employer{n}.example"},
                  {"name": names[2], "title": "Recruiter", "role": "recruiter"}]
        first = as_of - timedelta(days=rng.randint(0, 120))
        interviews, interactions = [], []
        for r in range(1, rng.randint(1, 3) + 1):
            on = first + timedelta(days=14 * (r - 1))
            interview: dict[str, Any] = {"on": on.isoformat(), "round": r, "interviewers": names[:2]}
            if rng.random() < 0.5:
                interview["decision_expected"] = (on + timedelta(days=rng.randint(5, 20))).isoformat()
            interviews.append(interview)
            interactions.append({"on": on.isoformat(), "direction": "out", "kind": "thank_you_email",
                                 "person": names[1], "channel": "email"})
        last = first + timedelta(days=14 * (len(interviews) - 1))
        interactions.append({"on": (last + timedelta(days=8)).isoformat(), "direction": "out", "kind": "check_in",
                             "person": names[0], "channel": "phone"})
        interactions.append({"on": (last + timedelta(days=rng.randint(9, 30))).isoformat(), "direction": "in",
                             "kind": "reply", "person": names[0]})
        while len(interactions) < 4:
            interactions.append({"on": (last + timedelta(days=1)).isoformat(), "direction": "out",
                                 "kind": "thank_you_email", "person": names[0], "channel": "email"})
        app: dict[str, Any] = {"id": f"app-{n:05d}", "company": f"Employer {n % 4000}", "role": "Analyst",
                               "applied_on": (first - timedelta(days=10)).isoformat(),
                               "source": rng.choice(["direct", "direct", "referral", "agency"]),
                               "people": people, "interviews": interviews, "interactions": interactions[:4]}
        country, subdivision = rng.choice(PLACES)
        if country:
            app["country"] = country
            if subdivision:
                app["subdivision"] = subdivision
        lasts.append(last)
        apps.append(app)
    _outcomes(apps, lasts, as_of, rng)
    return {"format": "afterview/1",
            "profile": {"name": "Alex Morgan", "country": "US", "subdivision": "NY", "pipeline_target": 5},
            "references": [{"name": "Grace Liu"}, {"name": "Omar Haddad"}], "applications": apps}


def _outcomes(apps: list[dict[str, Any]], lasts: list[date], as_of: date, rng: random.Random) -> None:
    """3% offers (most answered within days, PENDING_OFFERS still open) and 10% rejections.

    Every offer reaches the applications at interview stage that day (leverage), so
    this is the shape that once made the plan grow with offers times applications.
    """
    order = list(range(len(apps)))
    rng.shuffle(order)
    offers = order[:len(apps) * 3 // 100]
    rejections = order[len(offers):len(offers) + len(apps) // 10]
    # Pending offers came in the last week and are due after `as_of`: only applications whose
    # interviews are over by then can hold one (an interview never follows its outcome).
    settled = [n for n in offers if lasts[n] <= as_of - timedelta(days=8)]
    pending = set(settled[:PENDING_OFFERS])
    for n in offers:
        if n in pending:
            offered = as_of - timedelta(days=rng.randint(1, 7))
            apps[n]["outcome"] = {"kind": "offer", "on": offered.isoformat(),
                                  "deadline": (as_of + timedelta(days=rng.randint(3, 14))).isoformat()}
            continue
        offered = lasts[n] + timedelta(days=rng.randint(5, 20))
        answered = offered + timedelta(days=rng.randint(1, 5))
        apps[n]["outcome"] = {"kind": "declined", "on": answered.isoformat(), "offered_on": offered.isoformat(),
                              "deadline": (offered + timedelta(days=7)).isoformat()}
    for n in rejections:
        apps[n]["outcome"] = {"kind": "rejected", "on": (lasts[n] + timedelta(days=rng.randint(31, 40))).isoformat()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    document = build(args.applications, date.fromisoformat(args.as_of))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out)
    count = sum(len(a["interactions"]) for a in document["applications"])
    print(f"{args.applications} applications, {count} interactions -> {args.out}")


if __name__ == "__main__":
    main()
