"""Task ids: unique by construction for any names and any number of events on a day, stable over time."""

from __future__ import annotations

import pytest

from afterview.domain.candidates import Names, slug
from afterview.domain.model import Outcome, Person
from tests.support.facts import application, day, interview, out, plan_of, reply


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("Jane Doe", "jane-doe"), ("Dana O'Neil", "dana-o-neil"), ("Ann-Lee", "ann-lee"), ("  Bob   Roe ", "bob-roe"),
     ("R2-D2", "r2-d2"), ("!!!", "x")],
)
def test_ascii_names_keep_the_fragments_they_always_had(name: str, fragment: str) -> None:
    assert slug(name) == fragment


def test_names_in_any_script_get_distinct_ascii_fragments() -> None:
    ivan, maria, jose = slug("Иван Петров"), slug("Мария Иванова"), slug("José Núñez")
    assert len({ivan, maria, jose, slug("Jose Nunez")}) == 4
    assert all(f.isascii() and f == f.strip("-") for f in (ivan, maria, jose))
    assert jose.startswith("jose-nunez-")
    assert slug("ИВАН ПЕТРОВ") == ivan  # case does not make another person


def test_names_that_slug_alike_are_told_apart_and_the_first_keeps_its_fragment() -> None:
    names = Names(["Ann-Lee", "Ann Lee", "ann-lee", "ANN LEE"])
    assert names.of("Ann-Lee") == "ann-lee"
    assert names.of("ann-lee") == "ann-lee"  # the same person, spelled in another case
    assert names.of("Ann Lee") != "ann-lee" and names.of("Ann Lee").startswith("ann-lee.")
    assert names.of("ANN LEE") == names.of("Ann Lee")


def test_interviewers_whose_names_slug_alike_get_their_own_thank_you() -> None:
    app = application(people=(Person("Ann-Lee"), Person("Ann Lee"), Person("Иван Петров"),
                              Person("Мария Иванова")),
                      interviews=(interview("2026-11-25", "Ann-Lee", "Ann Lee", "Иван Петров", "Мария Иванова"),))
    notes = [t for t in plan_of(app) if t.kind == "thank_you_email"]
    assert len({t.id for t in notes}) == 4
    assert "acme:thank_you_email:r1:ann-lee" in {t.id for t in notes}


def test_an_existing_id_stays_when_someone_whose_name_slugs_alike_is_added() -> None:
    before = application(people=(Person("Ann-Lee"),), interviews=(interview("2026-11-25", "Ann-Lee"),))
    ids_before = {t.id for t in plan_of(before)}
    after = application(people=(Person("Ann-Lee"), Person("Ann Lee")),
                        interviews=(interview("2026-11-25", "Ann Lee", "Ann-Lee"),))
    ids_after = {t.id: t.person for t in plan_of(after)}
    assert ids_before <= set(ids_after)
    assert ids_after["acme:thank_you_email:r1:ann-lee"] == "Ann-Lee"


def test_two_replies_with_a_new_date_on_one_day_plan_two_check_ins_with_their_own_ids() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),),
                      interactions=(reply("2026-12-01", decision="2026-12-08"),
                                    reply("2026-12-01", decision="2026-12-10"),
                                    reply("2026-12-01", decision="2026-12-14")))
    checks = [t for t in plan_of(app) if t.kind == "check_in"]
    assert [t.id for t in checks] == ["acme:check_in:r1", "acme:check_in:r1:2026-12-01",
                                      "acme:check_in:r1:2026-12-01.2", "acme:check_in:r1:2026-12-01.3"]
    assert [t.status for t in checks] == ["cancelled", "cancelled", "cancelled", "open"]
    assert checks[-1].due == day("2026-12-15")


def test_a_reference_listed_twice_is_alerted_once() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe", "jane doe", chances="high"),))
    tasks = plan_of(app, references=("Ann Ref", "ann ref"))
    assert [t.id for t in tasks if t.kind == "alert_references"] == ["acme:alert_references:ann-ref"]
    assert len([t for t in tasks if t.kind == "thank_you_email"]) == 1


@pytest.mark.parametrize("second_round", ["2026-12-02", "2026-12-03"], ids=["before-the-note", "same-day"])
def test_a_finished_thank_you_stays_done_when_a_later_round_is_logged(second_round: str) -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"),
                                  interview(second_round, "Bob Roe", round=2)),
                      interactions=(out("2026-12-03", "thank_you_email", "Jane Doe"),))
    statuses = {t.id: t.status for t in plan_of(app) if t.kind == "thank_you_email"}
    assert statuses == {"acme:thank_you_email:r1:jane-doe": "done", "acme:thank_you_email:r2:bob-roe": "open"}


def test_a_note_after_the_later_round_thanks_that_round_when_the_same_person_is_in_it() -> None:
    app = application(interviews=(interview("2026-11-25", "Jane Doe"), interview("2026-12-02", "Jane Doe", round=2)),
                      interactions=(out("2026-11-25", "thank_you_email", "Jane Doe"),
                                    out("2026-12-02", "thank_you_email", "Jane Doe")))
    statuses = {t.id: t.status for t in plan_of(app) if t.kind == "thank_you_email"}
    assert statuses == {"acme:thank_you_email:r1:jane-doe": "done", "acme:thank_you_email:r2:jane-doe": "done"}


def test_keep_in_touch_ids_tell_apart_names_that_slug_alike() -> None:
    app = application(people=(Person("Ann-Lee"), Person("Ann Lee")),
                      interviews=(interview("2026-11-10", "Ann-Lee", "Ann Lee"),),
                      outcome=Outcome("rejected", day("2026-11-20")))
    ids = [t.id for t in plan_of(app) if t.kind == "keep_in_touch"]
    assert len(ids) == 2 == len(set(ids))
