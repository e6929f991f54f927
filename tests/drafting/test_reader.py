"""Each draft read as its recipient reads it: no invented reasons, no one placed at the wrong company,
no fragments pasted as they were typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from afterview.domain.model import (
    Application,
    Interview,
    JobSearch,
    Outcome,
    Person,
    Profile,
    Reference,
    Task,
)
from afterview.domain.playbook import derive_plan
from afterview.domain.wording import possessive
from afterview.drafting import TemplateSet, compose
from afterview.drafting.language import possessive as letter_possessive

ME = Profile(name="Priya Raman", email="priya@example.net", country="DE", subdivision="BY",
             strengths=("financial reporting",))
GRACE = Reference("Grace Liu", "grace@example.org")


def _task(found: JobSearch, kind: str) -> Task:
    return next(t for t in derive_plan(found) if t.kind == kind)


def _body(found: JobSearch, kind: str) -> str:
    return compose(_task(found, kind), found, templates=TemplateSet()).body


def _contoso(*people: Person, outcome: Outcome | None = None, source: str = "agency") -> Application:
    return Application(
        id="h1", company="Contoso GmbH", role="Controller", country="DE", subdivision="BY", source=source,
        people=people,
        interviews=(Interview(on=date(2026, 12, 15), interviewers=("Anna Schmidt",),
                              references_will_be_checked=True),),
        outcome=outcome)


HELEN = Person("Helen Park", "agent", "Senior Consultant, Hays", "helen@hays.example")
ANNA = Person("Anna Schmidt", "interviewer", "CFO", "anna@contoso.example")


def test_a_decline_gives_no_reason_the_user_never_gave() -> None:
    declined = Outcome("declined", date(2026, 12, 16), offered_on=date(2026, 12, 14))
    found = JobSearch(ME, (), (_contoso(ANNA, outcome=declined, source="direct"),))
    body = _body(found, "decline_offer")
    assert "decided not to accept" in body and "Thank you" in body
    assert "because" not in body and "not the right fit" not in body and "impressed" not in body


def test_a_decline_after_accepting_elsewhere_says_so_with_one_because() -> None:
    declined = Outcome("declined", date(2026, 12, 16), offered_on=date(2026, 12, 14))
    won = Application(id="n1", company="Northwind Traders", role="Controller",
                      outcome=Outcome("accepted", date(2026, 12, 16), offered_on=date(2026, 12, 14)))
    found = JobSearch(ME, (), (_contoso(ANNA, outcome=declined, source="direct"), won))
    body = _body(found, "decline_offer")
    assert "because I have accepted a position" in body
    assert body.count("because") == 1


def test_a_decline_gives_the_reason_the_user_gave_in_their_words() -> None:
    declined = Outcome("declined", date(2026, 12, 16), offered_on=date(2026, 12, 14),
                       reason="the daily commute to Munich would be too long for my family  ")
    won = Application(id="n1", company="Northwind Traders", role="Controller",
                      outcome=Outcome("accepted", date(2026, 12, 16), offered_on=date(2026, 12, 14)))
    found = JobSearch(ME, (), (_contoso(ANNA, outcome=declined, source="direct"), won))
    body = _body(found, "decline_offer")
    assert ("decided not to accept. The daily commute to Munich would be too long for my family. "
            "It was not an easy decision.") in body
    assert "because I have accepted" not in body  # the user's own reason, not the facts' guess


def test_the_reference_alert_never_places_the_agent_at_the_employer() -> None:
    found = JobSearch(ME, (GRACE,), (_contoso(HELEN, ANNA),))
    task = _task(found, "alert_references")
    body = compose(task, found, templates=TemplateSet()).body
    assert "Helen Park" not in body and "Helen Park" not in task.reason
    assert "someone from the company may call you" in body
    assert "someone from Contoso GmbH may call" in task.reason


def test_the_reference_alert_names_the_hiring_manager_and_the_role_once() -> None:
    boss = Person("Anna Schmidt", "hiring_manager", "CFO", "anna@contoso.example")
    found = JobSearch(ME, (GRACE,), (_contoso(HELEN, boss),))
    task = _task(found, "alert_references")
    body = compose(task, found, templates=TemplateSet()).body
    assert "Anna Schmidt (CFO) may call you" in body
    assert "Anna Schmidt from Contoso GmbH may call" in task.reason
    assert body.count("Contoso GmbH") == 1 and body.count("Controller") == 1


def test_a_name_ending_in_s_takes_the_apostrophe_alone() -> None:
    assert possessive("Northwind Traders") == "Northwind Traders'"
    assert possessive("Acme") == "Acme's"
    assert letter_possessive("Northwind Traders") == "Northwind Traders’"


def test_plan_reasons_make_possessives_of_names_ending_in_s() -> None:
    declined = Outcome("declined", date(2026, 12, 16), offered_on=date(2026, 12, 14))
    found = JobSearch(ME, (), (replace(_contoso(ANNA, outcome=declined, source="direct"),
                                       company="Northwind Traders"),))
    reason = _task(found, "decline_offer").reason
    assert "Northwind Traders' offer" in reason and "Traders's" not in reason
    assert "if you wish" in reason  # a reason is the user's to give, not a duty the plan imposes


MARK = Person("Mark Chen", "interviewer", "BI Lead", "mark@fabrikam.example")
WRITE_UP = "my write-up on testing data models"


def _fabrikam(**notes: object) -> JobSearch:
    from afterview.domain.model import PersonNotes

    app = Application(
        id="p1", company="Fabrikam", role="Data Engineer", country="US", subdivision="NY", people=(MARK,),
        interviews=(Interview(on=date(2026, 12, 1), interviewers=("Mark Chen",),
                              notes={"Mark Chen": PersonNotes(**notes)}),))  # type: ignore[arg-type]
    return JobSearch(ME, (), (app,))


def _thanks_check(found: JobSearch, text: str) -> list[str]:
    from afterview.drafting import check, context_for

    task = _task(found, "thank_you_email")
    return [f.code for f in check(text, context_for(task, found))]


def test_a_promise_with_no_file_is_still_mentioned_and_flagged() -> None:
    found = _fabrikam(promised=(WRITE_UP,))
    draft = compose(_task(found, "thank_you_email"), found, templates=TemplateSet())
    assert WRITE_UP in draft.body and "shortly" in draft.body
    assert "promise-not-attached" in _thanks_check(found, draft.text)


def test_a_link_in_the_sentence_that_gives_the_item_fulfils_the_promise() -> None:
    found = _fabrikam(promised=(WRITE_UP,))
    text = ("Subject: Thank you\n\nDear Mark,\n\nThank you for meeting me on Tuesday to talk about the Data Engineer "
            "role at Fabrikam.\n\nAs promised, my write-up on testing data models is at "
            "https://priya.example.net/testing-write-up.\n\nKind regards,\nPriya Raman")
    assert "promise-not-attached" not in _thanks_check(found, text)
    # A link elsewhere, to something else, does not count for the write-up.
    other = text.replace("As promised, my write-up on testing data models is at", "My portfolio is at")
    other = other.replace("\n\nKind regards", "\n\nI will send my write-up on testing data models soon."
                                              "\n\nKind regards")
    assert "promise-not-attached" in _thanks_check(found, other)


def test_an_excerpt_never_ends_inside_a_link() -> None:
    from afterview.drafting.wording import excerpt

    line = "As promised, my write-up on testing data models is at https://priya.example.net/testing-write-up."
    cut = excerpt(line)
    assert "https://priya.example.net/testing-write-up" in cut
    assert excerpt(line + " More text follows it here.").endswith("testing-write-up…")
    assert excerpt("I keep coming back to what you said about the quarterly planning process") == \
        "I keep coming back to what you said about the quarterly…"
    assert excerpt("short enough") == "short enough"


def test_the_spelling_hint_without_a_suggestion_is_two_sentences() -> None:
    from afterview.drafting import CheckContext, check

    found = check("Dear Ann,\n\nThank you for the qzxwv.\n\nKind regards,\nSam Carter",
                  CheckContext(kind="thank_you_email", recipient="Ann Smith"))
    messages = [f.message for f in found if f.code == "spelling"]
    assert messages and all("spelling If" not in m for m in messages)
    assert any("check the spelling. If it is right" in m for m in messages)


def test_a_topic_about_the_readers_team_is_addressed_to_them() -> None:
    found = _fabrikam(topics=("their Looker semantic layer",))
    body = _body(found, "thank_you_email")
    assert "your Looker semantic layer" in body and "their Looker" not in body


def test_activities_and_years_read_as_things_the_user_brings() -> None:
    from afterview.drafting.language import held

    assert held("building reporting dashboards in SQL") == "my experience in building reporting dashboards in SQL"
    assert held("six years running finance operations") == "my six years running finance operations"
    assert held("financial reporting") == "financial reporting"
    me = replace(ME, strengths=("building reporting dashboards in SQL", "six years running finance operations"))
    found = _fabrikam()
    found = JobSearch(me, found.references, found.applications)
    body = _body(found, "thank_you_email")
    assert "my experience in building reporting dashboards in SQL" in body
    assert "bring building" not in body and "for building" not in body


def test_the_reply_to_a_rejection_does_not_repeat_itself() -> None:
    rejected = Outcome("rejected", date(2026, 12, 18))
    found = JobSearch(ME, (), (_contoso(HELEN, ANNA, outcome=rejected),))
    bodies = [compose(t, found, templates=TemplateSet()).body for t in derive_plan(found)
              if t.kind == "reply_to_rejection"]
    assert bodies and all("put into putting" not in b for b in bodies)
    assert any("everything you did to put me forward" in b for b in bodies)


LONG_TOPIC = ("the migration of the reporting pipeline from nightly cron jobs to Airflow, including how the team "
              "handled backfills, alerting on late-arriving data, and the on-call rotation they set up afterwards "
              "to cover weekends")


def test_a_long_topic_is_shortened_to_its_first_clause_not_dropped() -> None:
    assert len(LONG_TOPIC) > 200
    found = _fabrikam(topics=(LONG_TOPIC,))
    body = _body(found, "thank_you_email")
    assert "the migration of the reporting pipeline from nightly cron jobs to Airflow" in body
    assert "backfills" not in body
