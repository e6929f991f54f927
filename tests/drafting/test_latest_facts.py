"""Notes quote the latest facts on file: the newest decision date, and how the search ended."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from afterview.domain.model import Interaction, Outcome
from afterview.domain.playbook import derive_plan
from afterview.drafting import TemplateSet, compose
from afterview.drafting.facts import recipient_of
from tests.drafting.facts import acme, globex, search


def test_the_call_script_quotes_the_decision_date_from_the_latest_reply() -> None:
    moved = Interaction(date(2026, 3, 12), "in", "reply", "Bob Roe", "email", date(2026, 3, 20))
    found = search(replace(acme(), interactions=(moved,)))
    check_in = next(t for t in derive_plan(found) if t.kind == "check_in" and t.status == "open")
    script = compose(check_in, found, templates=TemplateSet()).text
    assert "March 20" in script or "20 March" in script, script
    assert "March 13" not in script and "13 March" not in script


def test_the_search_ending_thanks_the_referrer_and_the_alerted_references_by_their_own_address() -> None:
    alerted = Interaction(date(2026, 3, 4), "out", "alert_references", "Ann Smith", "email")
    accepted = Outcome("accepted", date(2026, 3, 19), offered_on=date(2026, 3, 17))
    found = search(replace(acme(accepted), interactions=(alerted,)), globex())
    shares = {t.person: t for t in derive_plan(found) if t.kind == "share_outcome"}
    assert set(shares) == {"Sam Lee", "Ann Smith"}
    assert recipient_of(shares["Ann Smith"], found).email == "ann.smith@example.org"  # type: ignore[union-attr]
    assert recipient_of(shares["Sam Lee"], found).email == "sam.lee@example.org"  # type: ignore[union-attr]
    note = compose(shares["Ann Smith"], found, templates=TemplateSet()).text
    assert "accepted an offer from Acme Analytics" in note and "Dear Ann" in note
