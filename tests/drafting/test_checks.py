"""The checks on real notes: good ones pass clean, bad ones raise exactly the expected codes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from afterview.drafting import CHECK_CODES, CheckContext, check, codes_table
from afterview.drafting.checks import SEVERITY

KNOWN = frozenset({"maria", "lopez", "bob", "roe", "jane", "doe", "acme", "corp", "globex", "natarajan", "priya"})


TO_BOB = CheckContext(
    kind="thank_you_email", recipient="Bob Roe", company="Acme Corp",
    promised=("link to my portfolio",), other_people=("Jane Doe", "Priya Natarajan", "May Chen"),
    other_companies=("Globex Systems", "Initech"), allowed_names=("Maria Lopez",), known_words=KNOWN,
    attachments=("portfolio.pdf",))


def to_bob(**changes: Any) -> CheckContext:
    return replace(TO_BOB, **changes)


GOOD_TO_BOB = """Dear Bob,

Thank you for meeting with me on Tuesday to talk about the Data Engineer role at Acme Corp. I especially enjoyed
our discussion of how the team balances new features against data quality, and your plans for the Airflow migration.

I believe my experience in data modelling would let me contribute from the start. As promised, my portfolio is at
https://maria-lopez.example/portfolio, and the case study on page three shows the schema work we talked about.

Thank you again for your time and your candour; I came away even more enthusiastic about the team.

Kind regards,
Maria Lopez"""

GOOD_NOTES = {
    "an interviewer's thank-you": (GOOD_TO_BOB, to_bob()),
    "British spelling and a URL": (
        "Dear Bob,\n\nThank you for a thoughtful conversation. I enjoyed hearing how your colour-coded roadmap "
        "helps the programme organise its priorities, and I have put my portfolio at www.maria-lopez.example/work "
        "for you.\n\nWith thanks,\nMaria Lopez", to_bob()),
    "a check-in may ask for news": (
        "Dear Bob,\n\nI interviewed for the Data Engineer role on 3 March and wanted to follow up. I remain very "
        "interested, and my data modelling would help your team. Could you tell me where things stand? Please let "
        "me know if I can send anything else.\n\nBest regards,\nMaria Lopez",
        to_bob(kind="check_in", promised=(), strengths=("data modelling",))),
    "a short card": (
        "Dear Bob,\n\nThank you for a warm welcome to Acme Corp on Tuesday. Our talk about data quality stayed "
        "with me, and I have emailed you the portfolio link.\n\nWarmly,\nMaria Lopez", to_bob(format="card")),
    "had had is grammar, not a slip": (
        "Dear Bob,\n\nThe team had had a long week, yet everyone made time for me; thank you. My portfolio is "
        "attached.\n\nBest,\nMaria Lopez", to_bob()),
    "a first name that is a common word at a sentence start": (
        "Dear Bob,\n\nMay I say how much I enjoyed our talk. Thank you. My portfolio is attached.\n\nBest,\n"
        "Maria Lopez", to_bob()),
}


@pytest.mark.parametrize("name", sorted(GOOD_NOTES))
def test_good_notes_pass_clean(name: str) -> None:
    text, context = GOOD_NOTES[name]
    assert check(text, context) == []


def _found(text: str, context: CheckContext) -> list[tuple[str, str]]:
    return [(f.code, text[f.span[0]:f.span[1]]) for f in check(text, context)]


def test_common_misspellings_are_caught_with_a_suggestion() -> None:
    text = GOOD_TO_BOB.replace("Thank you for meeting", "Thank you for takeing the time and meeting").replace(
        "I especially enjoyed", "I realy enjoyed").replace("I believe my", "I hope to recieve the oppurtunity; my")
    findings = check(text, to_bob())
    assert [(f.code, text[f.span[0]:f.span[1]]) for f in findings] == [
        ("spelling", "takeing"), ("spelling", "realy"), ("spelling", "recieve"), ("spelling", "oppurtunity")]
    assert [f.severity for f in findings] == ["error"] * 4
    for finding, right in zip(findings, ("taking", "really", "receive", "opportunity"), strict=True):
        assert f"“{right}”" in finding.message and "\n" not in finding.message


def test_the_users_own_words_are_not_misspellings() -> None:
    text = GOOD_TO_BOB.replace("data modelling", "dbt and lakehouse modelling")
    assert _found(text, to_bob()) == [("spelling", "dbt"), ("spelling", "lakehouse")]
    assert check(text, to_bob(known_words=KNOWN | {"dbt", "lakehouse"})) == []


def test_a_doubled_word() -> None:
    text = GOOD_TO_BOB.replace("about the Data", "about the the Data")
    assert _found(text, to_bob()) == [("doubled-word", "the the")]


def test_a_word_doubled_across_a_line_break() -> None:
    text = GOOD_TO_BOB.replace("I especially enjoyed\nour", "I especially enjoyed\nenjoyed our")
    assert _found(text, to_bob()) == [("doubled-word", "enjoyed\nenjoyed")]


@pytest.mark.parametrize("leftover", ["[Company]", "<company>", "{{ company }}", "{% if x %}", "{first_name}",
                                      "TODO", "XXX", "TBD", "FIXME", "____"])
def test_placeholders_left_in(leftover: str) -> None:
    text = GOOD_TO_BOB.replace("at Acme Corp.", f"at {leftover}.")
    assert _found(text, to_bob()) == [("placeholder", leftover)]


def test_links_and_addresses_in_brackets_are_not_placeholders() -> None:
    text = GOOD_TO_BOB.replace("my portfolio is at\nhttps://maria-lopez.example/portfolio",
                               "my [portfolio](https://maria-lopez.example/portfolio) is online\n"
                               "(write to <maria@maria-lopez.example>)")
    assert check(text, to_bob()) == []


def test_a_note_to_bob_that_says_dear_jane() -> None:
    text = GOOD_TO_BOB.replace("Dear Bob,", "Dear Jane,")
    findings = check(text, to_bob())
    assert [(f.code, text[f.span[0]:f.span[1]]) for f in findings] == [("wrong-name", "Jane")]
    assert "Jane Doe" in findings[0].message and "Bob Roe" in findings[0].message


@pytest.mark.parametrize(("wrong", "found"), [("Jane Doe", "Jane Doe"), ("Ms Doe", "Ms Doe"),
                                              ("Priya", "Priya"), ("jane doe", "jane doe")])
def test_another_recipients_name_in_any_form(wrong: str, found: str) -> None:
    text = GOOD_TO_BOB.replace("Dear Bob,", f"Dear {wrong},")
    assert _found(text, to_bob()) == [("wrong-name", found)]


def test_another_companys_name() -> None:
    text = GOOD_TO_BOB.replace("role at Acme Corp", "role at Globex Systems")
    assert _found(text, to_bob()) == [("wrong-name", "Globex Systems")]
    text = GOOD_TO_BOB.replace("the team.", "Globex and Initech.")
    assert _found(text, to_bob()) == [("wrong-name", "Globex"), ("wrong-name", "Initech")]


def test_a_company_named_without_letters_names_nothing() -> None:
    # Its pattern was once two word boundaries, found (empty) at every word of the note.
    context = to_bob(other_companies=("84.51", "1-800", "Globex Systems"))
    assert _found(GOOD_TO_BOB, context) == []


def test_a_misspelt_recipient_or_company() -> None:
    text = GOOD_TO_BOB.replace("at Acme Corp.", "at Acme Crop.")
    assert _found(text, to_bob()) == [("misspelt-name", "Acme Crop")]
    text = GOOD_TO_BOB.replace("Dear Bob,", "Dear Bob Reo,")
    assert _found(text, to_bob()) == [("misspelt-name", "Bob Reo")]
    to_jane = to_bob(recipient="Jane Doe", other_people=("Bob Roe",), promised=())
    text = GOOD_TO_BOB.replace("Dear Bob,", "Dear Jane Deo,")
    assert _found(text, to_jane) == [("misspelt-name", "Jane Deo")]
    text = GOOD_TO_BOB.replace("Dear Bob,", "Dear Jnae,")
    assert _found(text, to_jane) == [("misspelt-name", "Jnae")]


def test_a_promised_link_that_is_missing() -> None:
    text = GOOD_TO_BOB.replace("As promised, my portfolio is at\nhttps://maria-lopez.example/portfolio, and the",
                               "The")
    findings = check(text, to_bob())
    assert [f.code for f in findings] == ["missing-promise"]
    assert "link to my portfolio" in findings[0].message and "Bob Roe" in findings[0].message
    start, end = findings[0].span
    assert text[start:end].startswith("Thank you again for your time and your candour;")


@pytest.mark.parametrize("mention", [
    "my portfolio: https://maria-lopez.example/work",
    "my portfolios are online",
    "https://maria-lopez.example/portfolio",
])
def test_a_promise_is_matched_fuzzily(mention: str) -> None:
    text = f"Dear Bob,\n\nThank you for your time. Here is {mention}.\n\nBest,\nMaria Lopez"
    assert check(text, to_bob()) == []


def test_a_promise_of_several_key_words_needs_most_of_them() -> None:
    context = to_bob(promised=("a copy of the reference letter from my previous employer",))
    kept = "Dear Bob,\n\nThank you. I attach the reference letter from my last employer.\n\nBest,\nMaria Lopez"
    assert check(kept, context) == []
    forgotten = "Dear Bob,\n\nThank you. I attach my letter of motivation.\n\nBest,\nMaria Lopez"
    assert [f.code for f in check(forgotten, context)] == ["missing-promise"]


def test_a_thank_you_that_asks_is_an_error_and_pleading_a_warning() -> None:
    text = GOOD_TO_BOB.replace("Thank you again", "Please let me know if there is any update. I really need "
                                                 "this job. Thank you again")
    findings = check(text, to_bob())
    assert [(f.code, f.severity, text[f.span[0]:f.span[1]]) for f in findings] == [
        ("asks", "error", "Please let me know"), ("asks", "error", "any update"),
        ("tone", "warning", "I really need this job")]


def test_a_thank_you_asks_no_question_and_not_about_the_decision() -> None:
    text = GOOD_TO_BOB.replace("Thank you again", "When do you expect to decide? I hope the timeline holds. "
                                                 "Thank you again")
    assert [(f.code, text[f.span[0]:f.span[1]]) for f in check(text, to_bob())] == [
        ("asks", "When do you expect to decide?"), ("asks", "timeline")]


def test_desperation_is_flagged_in_any_note_but_asking_only_in_a_thank_you() -> None:
    text = "Dear Bob,\n\nIs there any update? I am desperate to hear."
    context = to_bob(kind="check_in", promised=(), strengths=("data modelling",))
    assert _found(text + " I remain interested; my data modelling would help.", context) == [("tone", "desperate")]


def test_an_ultimatum_in_a_leverage_note() -> None:
    text = ("Dear Bob,\n\nI have another offer. Unless you can decide by Friday, I will accept it.\n\n"
            "Best,\nMaria Lopez")
    assert _found(text, to_bob(kind="leverage", promised=())) == [("ultimatum", "Unless you")]


def test_the_tone_lists_can_be_extended() -> None:
    text = "Dear Bob,\n\nThank you so much; fingers crossed! My portfolio is attached.\n\nBest,\nMaria Lopez"
    assert check(text, to_bob()) == []
    extended = to_bob(asking_phrases=(*to_bob().asking_phrases, "fingers crossed"))
    assert _found(text, extended) == [("asks", "fingers crossed")]


def test_length_depends_on_the_format() -> None:
    body = " ".join(["Thank you for a wonderful conversation about the team."] * 10)
    text = f"Dear Bob,\n\n{body} My portfolio is attached.\n\nBest,\nMaria Lopez"
    assert check(text, to_bob()) == []
    findings = check(text, to_bob(format="card"))
    assert [(f.code, f.severity) for f in findings] == [("length", "warning")]
    start, end = findings[0].span
    assert len(text[:start].split()) == 80 and text[end:] == ""


def test_an_email_over_the_limit() -> None:
    text = "Dear Bob,\n\n" + " ".join(["Thank you for your time."] * 80) + " My portfolio is attached."
    assert [f.code for f in check(text, to_bob())] == ["length"]


def test_several_problems_at_once_are_each_reported_in_order() -> None:
    text = ("Dear Jane,\n\nThank you for takeing the time at [Company]. I realy enjoyed it and I look forward "
            "to hearing from you.\n\nBest,\nMaria Lopez")
    # The missing promise points at the last paragraph before the sign-off, where it belongs.
    assert [code for code, _ in _found(text, to_bob())] == [
        "wrong-name", "missing-promise", "spelling", "placeholder", "spelling", "asks"]


def test_every_code_is_documented_with_its_severity() -> None:
    codes = {c.code for c in CHECK_CODES}
    assert codes == {"spelling", "doubled-word", "placeholder", "wrong-name", "missing-promise",
                     "misspelt-name", "too-alike", "tone", "length", "wrong-salutation", "asks", "check-in-purpose",
                     "final-nudge-purpose", "decline-purpose", "ultimatum", "agent-role", "no-attachment",
                     "promise-not-attached", "fragment", "dangling-clause", "run-on-list", "empty-phrase",
                     "lower-case-start", "stray-capital", "private-copy"}
    assert {c for c, s in SEVERITY.items() if s == "warning"} == {"tone", "length"}
    table = codes_table()
    assert all(f"| `{code}` |" in table for code in codes)


def test_possessives_of_names_are_neither_misspelt_nor_unknown() -> None:
    context = to_bob(recipient="Priya Natarajan", other_people=("Jane Doe",), promised=())
    good = "Dear Priya,\n\nThank you for Priya Natarajan's time and Acme Corp's welcome.\n\nBest,\nMaria Lopez"
    assert check(good, context) == []
    bad = good.replace("Priya Natarajan's", "Priya Natarjan's")
    assert _found(bad, context) == [("misspelt-name", "Priya Natarjan's")]
