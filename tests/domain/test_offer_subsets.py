"""Each plan looks at the pending offers only, unless something was written or dismissed.

Deriving a plan no longer goes through every offer for every application (that made
the derivation offers times applications): answered offers are looked at only for an
application with a leverage note written or dismissed. These are the cases where that
shortcut must not lose what the user did.
"""

from __future__ import annotations

from afterview.domain.model import Dismissal, Outcome
from afterview.domain.outcome_rules import Offers
from tests.support.facts import application, day, interview, only, out, plan_of


def answered(app_id: str, offered: str, resolved: str, kind: str = "declined") -> object:
    return application(app_id, interviews=(interview("2026-11-10", "Jane Doe"),),
                       outcome=Outcome(kind, day(resolved), None, day(offered)))


def test_a_leverage_note_dismissed_for_an_answered_offer_stays_as_the_user_left_it() -> None:
    acme = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    skipped = Dismissal("acme:leverage:umbrella", "skipped", day("2026-11-26"))
    tasks = plan_of(answered("umbrella", "2026-11-25", "2026-11-30"), acme, dismissals=(skipped,))
    assert only(tasks, "leverage").status == "skipped"


def test_a_dismissal_on_one_application_widens_that_one_only() -> None:
    offers = [answered("umbrella", "2026-11-25", "2026-11-30"),
              application("wayne", outcome=Outcome("offer", day("2026-11-26")),
                          interviews=(interview("2026-11-12", "Jane Doe"),))]
    acme = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),))
    globex = application("globex", interviews=(interview("2026-11-19", "Jane Doe"),))
    done = Dismissal("acme:leverage:umbrella", "done", day("2026-11-27"))
    tasks = plan_of(*offers, acme, globex, dismissals=(done,))  # type: ignore[arg-type]
    leverage = sorted((t.id, t.status) for t in tasks if t.kind == "leverage" and t.application != "umbrella")
    assert leverage == [("acme:leverage:umbrella", "done"), ("acme:leverage:wayne", "open"),
                        ("globex:leverage:wayne", "open")]


def test_a_written_note_for_an_answered_offer_among_pending_ones_is_kept() -> None:
    wrote = application("acme", interviews=(interview("2026-11-18", "Jane Doe"),),
                        interactions=(out("2026-11-24", "leverage", "Bob Roe"),))
    tasks = plan_of(answered("umbrella", "2026-11-23", "2026-11-30", kind="accepted"),
                    application("wayne", outcome=Outcome("offer", day("2026-11-25")),
                                interviews=(interview("2026-11-12", "Jane Doe"),)), wrote)
    leverage = [(t.id, t.status) for t in tasks if t.kind == "leverage" and t.application == "acme"]
    assert ("acme:leverage:umbrella", "done") in leverage


def test_the_offers_are_split_once_for_the_whole_search() -> None:
    apps = [answered("umbrella", "2026-11-20", "2026-11-24", kind="accepted"),
            answered("initech", "2026-11-21", "2026-11-25"),
            application("wayne", outcome=Outcome("offer", day("2026-11-22")))]
    offers = Offers.of(apps, ["acme:leverage:wayne", "odd:leverage:id:leverage:x", "acme:debrief:r1"])  # type: ignore[arg-type]
    assert [o.application for o in offers.ordered] == ["umbrella", "initech", "wayne"]
    assert [o.application for o in offers.pending] == ["wayne"]
    assert [o.application for o in offers.accepted] == ["umbrella"]
    # Every split of an id that holds the marker twice is a possible owner.
    assert offers.leverage_dismissed == {"acme", "odd", "odd:leverage:id"}
