"""Composing every kind of note from realistic facts: personal, in the playbook's voice, and clean."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from afterview.domain.model import JobSearch, Person, PersonNotes, Task
from afterview.domain.playbook import derive_plan
from afterview.drafting import (
    ALIKE_THRESHOLD,
    TEMPLATE_KINDS,
    Draft,
    Recipient,
    TemplateSet,
    check,
    compose,
    context_for,
    likeness,
)
from tests.drafting.facts import (
    PANEL,
    acme,
    after_accepting,
    after_check_in,
    after_declining,
    drafts_for,
    globex,
    search,
    with_offer,
    word_tasks,
)

SCENARIOS = {"with_offer": with_offer, "after_accepting": after_accepting,
             "after_declining": after_declining, "after_check_in": after_check_in}


def _find(kind: str, task_id: str | None = None) -> tuple[Task, JobSearch]:
    for build in SCENARIOS.values():
        found = build()
        for task in word_tasks(found):
            if task.kind == kind and (task_id is None or task.id == task_id):
                return task, found
    raise AssertionError(f"no {kind} task in the scenarios")


def _draft(kind: str, task_id: str | None = None) -> Draft:
    task, found = _find(kind, task_id)
    return compose(task, found, templates=TemplateSet())


def test_the_scenarios_cover_every_kind_that_sends_words() -> None:
    covered = {t.kind for build in SCENARIOS.values() for t in word_tasks(build())}
    assert covered == set(TEMPLATE_KINDS)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_composed_draft_passes_every_check(scenario: str) -> None:
    found = SCENARIOS[scenario]()
    tasks = word_tasks(found)
    texts = drafts_for(found, tasks)
    for task in tasks:
        context = context_for(task, found, other_texts=texts, other_tasks=tasks)
        findings = check(texts[task.id], context)
        assert findings == [], f"{task.id}: {[(f.code, f.message) for f in findings]}"


def test_a_thank_you_email_is_personal() -> None:
    draft = _draft("thank_you_email", "acme:thank_you_email:r1:jane-doe")
    assert draft.to == Recipient("Jane Doe", "jane.doe@acme.example", "Engineering Manager")
    assert draft.format == "email" and draft.subject
    assert draft.body.startswith(("Dear Jane,", "Hello Jane,"))
    assert "the migration of the reporting pipeline to Airflow" in draft.body      # their topic
    assert "https://maria-lopez.example/portfolio" in draft.body                   # what was promised
    assert "Kubernetes" not in draft.body        # the private weak point, with nothing to add, is left out
    assert any(s in draft.body for s in ("data modelling", "mentoring junior engineers", "clear technical writing"))
    assert draft.body.endswith("\nMaria Lopez")
    assert "?" not in draft.body                                                   # a thank-you asks for nothing


def test_a_thank_you_mentions_the_interviewers_title_when_it_is_used() -> None:
    draft = _draft("thank_you_email", "acme:thank_you_email:r1:bob-roe")
    assert "the quarterly planning process" in draft.body and "writing sample on schema design" in draft.body
    assert draft.to is not None and draft.to.title == "Head of Data"


def test_each_interviewer_of_a_six_person_panel_gets_different_words() -> None:
    found = with_offer()
    tasks = [t for t in word_tasks(found) if t.kind == "thank_you_email" and t.application == "acme"]
    assert len(tasks) == len(PANEL) == 6
    drafts = {t.person: compose(t, found, templates=TemplateSet()) for t in tasks}
    openings = {d.body.split("\n\n")[1].split(". ")[0] for d in drafts.values()}
    closings = {d.body.split("\n\n")[-2] for d in drafts.values()}
    subjects = {d.subject for d in drafts.values()}
    assert len(openings) == 6 and len(closings) == 6 and len(subjects) >= 5
    for (a, da), (b, db) in itertools.combinations(drafts.items(), 2):
        assert a and b
        assert likeness(da.body, db.body, [a, b]) < ALIKE_THRESHOLD - 15


def test_composing_is_deterministic_within_a_process() -> None:
    found = with_offer()
    tasks = word_tasks(found)
    assert drafts_for(found, tasks) == drafts_for(found, tasks, TemplateSet())


def test_composing_is_deterministic_across_processes() -> None:
    found = with_offer()
    task = next(t for t in word_tasks(found) if t.id == "acme:thank_you_email:r1:priya-natarajan")
    here = compose(task, found, templates=TemplateSet()).text
    script = ("from afterview.drafting import TemplateSet, compose\n"
              "from tests.drafting.facts import with_offer, word_tasks\n"
              "s = with_offer()\n"
              "t = next(t for t in word_tasks(s) if t.id == 'acme:thank_you_email:r1:priya-natarajan')\n"
              "print(compose(t, s, templates=TemplateSet()).text, end='')\n")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=root, env=env).stdout
    assert there == here


def test_the_inflection_libraries_are_imported_when_a_note_first_needs_them() -> None:
    # inflect's import alone (typeguard recompiling its module once per method) took seconds.
    script = ("import sys\n"
              "import afterview.services.drafts\n"
              "print(sorted(m for m in ('inflect', 'lemminflect', 'typeguard') if m in sys.modules))\n"
              "import typeguard\n"
              "decorator = typeguard.typechecked\n"
              "from afterview.drafting.language import article, can_be_verb\n"
              "print(article('hour'), can_be_verb('went'), 'inflect' in sys.modules,\n"
              "      typeguard.typechecked is decorator)\n")
    root = Path(__file__).resolve().parents[2]
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root,
                           env={**os.environ, "PYTHONPATH": str(root)}).stdout.splitlines()
    assert there == ["[]", "an hour True True True"]


def test_a_card_is_short_with_no_subject() -> None:
    draft = _draft("thank_you_card", "acme:thank_you_card:r1:jane-doe")
    assert draft.format == "card" and draft.subject is None
    assert len(draft.body.split()) <= 80
    assert "portfolio" in draft.body  # points to the promised link sent by email


def test_the_reference_alert_names_caller_company_and_position() -> None:
    draft = _draft("alert_references", "acme:alert_references:ann-smith")
    assert draft.to == Recipient("Ann Smith", "ann.smith@example.org")
    assert "Bob Roe" in draft.body and "Acme Analytics" in draft.body and "Data Engineer role" in draft.body


def test_a_phone_check_in_is_a_call_script_and_an_email_one_is_an_email() -> None:
    call = _draft("check_in", "acme:check_in:r1")
    assert call.format == "call" and call.subject is None
    assert "Bob Roe" in call.body and "Friday 13 March 2026" in call.body
    email = _draft("check_in", "globex:check_in:r1")
    assert email.format == "email" and email.subject
    assert email.to == Recipient("Wendy Park", "wendy@globex.example", "Director of Analytics")


def test_the_final_nudge_is_an_email_to_the_same_contact() -> None:
    draft = _draft("final_nudge")
    assert draft.format == "email" and draft.to is not None and draft.to.name == "Wendy Park"
    assert "once more" in draft.body


def test_acknowledging_an_offer_says_when_the_answer_comes() -> None:
    body = _draft("acknowledge_offer").body
    # Offered Tuesday 17 March; two business days later, before their 24 March deadline.
    assert "Thank you very much for offering me" in body and "by Thursday 19 March 2026" in body


def test_leverage_mentions_the_other_offer_politely_without_naming_or_threatening() -> None:
    body = _draft("leverage", "globex:leverage:acme").body
    assert "offer from another company" in body and "Tuesday 24 March 2026" in body
    assert "Acme" not in body and "unless" not in body.casefold()


def test_declining_thanks_them_and_invents_no_reason() -> None:
    body = _draft("decline_offer").body
    assert "decided not to accept" in body
    assert "Thank you" in body
    # No other offer was accepted and the user gave no reason: none is made up, and no "because" at all.
    assert "not the right fit" not in body and "because" not in body and "impressed" not in body


def test_withdrawing_is_courteous() -> None:
    body = _draft("withdraw").body
    assert "accepted another offer" in body and "withdraw my application" in body and "Thank you" in body


def test_a_reply_to_a_rejection_keeps_the_door_open_and_asks_for_referrals() -> None:
    body = _draft("reply_to_rejection").body
    assert body.startswith("Dear Peter,")
    assert "Thank you" in body and "future openings" in body and "other companies" in body


def test_keeping_in_touch_recalls_the_conversation() -> None:
    body = _draft("keep_in_touch").body
    assert "Joanna" in body and "modelling customer events" in body and "February" in body


def test_asking_the_agent_names_who_is_missing() -> None:
    draft = _draft("ask_agent_for_contacts")
    assert draft.to == Recipient("Nora Quinn", "nora@talentbridge.example", "Recruitment Consultant")
    assert "Hugo Brandt" in draft.body and "Umbrella Health" in draft.body


def test_thanking_the_referrer_says_how_it_went() -> None:
    body = _draft("thank_referrer").body
    assert body.startswith("Dear Sam,") and "referring me to Acme Analytics" in body


def test_a_task_that_sends_no_words_has_no_draft() -> None:
    found = with_offer()
    debrief = next(t for t in derive_plan(found) if t.kind == "debrief")
    with pytest.raises(ValueError, match="send no words"):
        compose(debrief, found, templates=TemplateSet())


def test_a_typo_in_the_users_own_notes_is_caught_in_the_draft() -> None:
    base = acme()
    notes = {**base.interviews[0].notes, "Jane Doe": PersonNotes(("the realy old reporting pipeline",))}
    found = search(replace(base, interviews=(replace(base.interviews[0], notes=notes),)))
    task = next(t for t in word_tasks(found) if t.id == "acme:thank_you_email:r1:jane-doe")
    text = compose(task, found, templates=TemplateSet()).text
    findings = check(text, context_for(task, found))
    assert [(f.code, text[f.span[0]:f.span[1]]) for f in findings] == [("spelling", "realy")]


def test_a_leverage_note_may_name_the_company_that_made_the_offer_but_no_other() -> None:
    task, found = _find("leverage", "globex:leverage:acme")
    context = context_for(task, found)
    text = compose(task, found, templates=TemplateSet()).text
    assert check(text.replace("another company", "Acme Analytics"), context) == []
    named = text.replace("another company", "Initech")
    assert [(f.code, named[f.span[0]:f.span[1]]) for f in check(named, context)] == [("wrong-name", "Initech")]


def test_with_no_contact_on_file_the_check_in_asks_for_the_hiring_manager() -> None:
    base = globex()
    lone = replace(base, people=(Person("Arjun Mehta", "interviewer"),),
                   interviews=(replace(base.interviews[0], follow_up=None, interviewers=("Arjun Mehta",)),))
    found = search(lone)
    task = next(t for t in word_tasks(found) if t.kind == "check_in")
    draft = compose(task, found, templates=TemplateSet())
    assert draft.to is None and draft.format == "call" and "Ask for: the hiring manager" in draft.body
    assert check(draft.text, context_for(task, found)) == []
