"""A realistic job search for the drafting tests: every kind of note has a task in it.

Maria Lopez, a data engineer, is in three processes at once:
- Acme Analytics (referred by Sam Lee): a six-person panel, then an offer;
- Globex Systems: one interview, asked to follow up by email, now at interview stage;
- Initech: said no after one interview.
Umbrella Health came through an agency that has not passed on the interviewers' emails.
`after_accepting` is the same search a week later, when she has accepted Acme's offer,
and `after_declining` the one where she declined it; `after_check_in` has a done check-in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from afterview.domain.model import (
    Application,
    Debrief,
    FollowUp,
    Interaction,
    Interview,
    JobSearch,
    Outcome,
    Person,
    PersonNotes,
    Profile,
    Reference,
    Task,
)
from afterview.domain.playbook import derive_plan
from afterview.drafting import TEMPLATE_KINDS, TemplateSet, compose

PANEL = (
    Person("Jane Doe", "interviewer", "Engineering Manager", "jane.doe@acme.example"),
    Person("Bob Roe", "hiring_manager", "Head of Data", "bob.roe@acme.example"),
    Person("Priya Natarajan", "interviewer", "Staff Engineer", "priya@acme.example"),
    Person("Tom Okafor", "interviewer", "Product Manager", "tom@acme.example"),
    Person("Lena Fischer", "interviewer", "Analytics Lead", "lena@acme.example"),
    Person("Carlos Mendes", "recruiter", "Talent Partner", "carlos@acme.example"),
)
PANEL_NOTES = {
    "Jane Doe": PersonNotes(("the migration of the reporting pipeline to Airflow",),
                            ("a link to my portfolio: https://maria-lopez.example/portfolio",)),
    "Bob Roe": PersonNotes(("how the team balances new features against data quality",
                            "the quarterly planning process"),
                           ("my writing sample on schema design",),
                           (("my writing sample on schema design", "~/Documents/schema-design-sample.pdf"),)),
    "Priya Natarajan": PersonNotes(("testing strategies for streaming jobs",)),
    "Tom Okafor": PersonNotes(("how product and data teams agree on metrics",),
                              ("the slides from my talk on data contracts",),
                              (("the slides from my talk on data contracts", "~/Documents/data-contracts.pdf"),)),
    "Lena Fischer": PersonNotes(("the dashboards the sales team relies on", "self-service reporting")),
    "Carlos Mendes": PersonNotes(("relocation support and the hybrid working policy",)),
}
INTERVIEW_DAY = date(2026, 3, 3)


def acme(outcome: Outcome | None = None) -> Application:
    return Application(
        id="acme", company="Acme Analytics", role="Data Engineer", country="US", subdivision="NY",
        source="referral",
        people=(*PANEL, Person("Sam Lee", "referrer", None, "sam.lee@example.org")),
        interviews=(Interview(
            on=INTERVIEW_DAY, interviewers=tuple(p.name for p in PANEL), format="onsite",
            decision_expected=date(2026, 3, 13), chances="high", notes=PANEL_NOTES,
            debrief=Debrief(went_well="the system design exercise",
                            fell_short="my limited experience with Kubernetes")),),
        outcome=outcome,
    )


def globex() -> Application:
    return Application(
        id="globex", company="Globex Systems", role="Analytics Engineer", country="US", subdivision="CA",
        people=(Person("Wendy Park", "hiring_manager", "Director of Analytics", "wendy@globex.example"),
                Person("Arjun Mehta", "interviewer", "Senior Analyst", "arjun@globex.example")),
        interviews=(Interview(
            on=date(2026, 3, 5), interviewers=("Wendy Park", "Arjun Mehta"),
            follow_up=FollowUp(on=date(2026, 3, 16), channel="email", person="Wendy Park"),
            notes={"Wendy Park": PersonNotes(("building a metrics layer",), ()),
                   "Arjun Mehta": PersonNotes(("cleaning up legacy reports",), ())}),),
    )


def initech() -> Application:
    return Application(
        id="initech", company="Initech", role="Data Engineer", country="US", subdivision="TX",
        people=(Person("Peter Gibbons", "hiring_manager", "Engineering Director", "peter@initech.example"),
                Person("Joanna Reyes", "interviewer", "Data Architect", "joanna@initech.example")),
        interviews=(Interview(
            on=date(2026, 2, 10), interviewers=("Peter Gibbons", "Joanna Reyes"),
            notes={"Joanna Reyes": PersonNotes(("modelling customer events",), ())}),),
        outcome=Outcome("rejected", date(2026, 2, 20)),
    )


def umbrella() -> Application:
    return Application(
        id="umbrella", company="Umbrella Health", role="Data Platform Engineer", country="US", subdivision="NY",
        source="agency",
        people=(Person("Nora Quinn", "agent", "Recruitment Consultant", "nora@talentbridge.example"),
                Person("Hugo Brandt", "interviewer", "Platform Lead")),
        interviews=(Interview(on=date(2026, 3, 2), interviewers=("Hugo Brandt",)),),
    )


PROFILE = Profile(
    name="Maria Lopez", email="maria@maria-lopez.example", phone="+1 212 555 0147", country="US",
    subdivision="NY", strengths=("data modelling", "mentoring junior engineers", "clear technical writing"),
    send_cards=True)
REFERENCES = (Reference("Ann Smith", "ann.smith@example.org", relationship="former manager"),
              Reference("David Cho", "david.cho@example.org", relationship="colleague"))


def search(*apps: Application) -> JobSearch:
    return JobSearch(PROFILE, REFERENCES, apps)


def with_offer() -> JobSearch:
    """Acme has made an offer; Globex, Initech and Umbrella as above."""
    offer = Outcome("offer", date(2026, 3, 17), deadline=date(2026, 3, 24))
    return search(acme(offer), globex(), initech(), umbrella())


def after_accepting() -> JobSearch:
    accepted = Outcome("accepted", date(2026, 3, 19), offered_on=date(2026, 3, 17))
    return search(acme(accepted), globex())


def after_declining() -> JobSearch:
    declined = Outcome("declined", date(2026, 3, 19), offered_on=date(2026, 3, 17))
    return search(acme(declined), globex())


def after_check_in() -> JobSearch:
    """Globex did not answer by the date they gave; Maria emailed, then heard nothing for weeks."""
    done = Interaction(date(2026, 3, 16), "out", "check_in", "Wendy Park", "email")
    return search(replace(globex(), interactions=(done,)))


def open_tasks(found: JobSearch) -> list[Task]:
    return [t for t in derive_plan(found) if t.status == "open"]


def word_tasks(found: JobSearch) -> list[Task]:
    """Every task that sends words, whatever its status (a draft exists for each)."""
    return [t for t in derive_plan(found) if t.kind in TEMPLATE_KINDS]


def drafts_for(found: JobSearch, tasks: list[Task], templates: TemplateSet | None = None) -> dict[str, str]:
    templates = templates or TemplateSet()
    return {t.id: compose(t, found, templates=templates).text for t in tasks}
