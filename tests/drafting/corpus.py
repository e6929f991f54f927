"""A corpus of interview records as people really write them down, for the drafting tests and benchmark.

Sixty-four interviews, each built from hand-written parts: a company and role, a
panel with titles, per-person topics and promises (links and files), and a debrief
in the user's own words: fragments, "nothing really", complaints about themselves,
names of the interviewers inside the free text, run-on sentences, lower-case
scribbles. Records differ in source (direct, referral, agency), outcome (none, offer,
rejection, accepted, declined) and country, so every kind of note is drafted.
`BROKEN` holds deliberate slips made to good notes; each must be caught.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from afterview.domain.model import (
    AnswerToImprove,
    Application,
    Debrief,
    Interview,
    JobSearch,
    Outcome,
    Person,
    PersonNotes,
    Profile,
    Reference,
)
from afterview.drafting.context import CheckContext

COMPANIES = [
    ("Northwind Traders", "Office Manager", "US", "NY"), ("Brightwater Health", "Finance Analyst", "GB", None),
    ("Kestrel Logistics", "Operations Coordinator", "CA", "ON"), ("Larkspur Studio", "Product Designer", "US", "CA"),
    ("Harbourline Bank", "Management Accountant", "GB", None), ("Pinecrest Schools", "Payroll Officer", "AU", "NSW"),
    ("Tidewell Energy", "Data Analyst", "IE", None), ("Ashgrove Council", "Project Officer", "GB", None),
    ("Copperleaf Foods", "Supply Planner", "US", "IL"), ("Quillstone Press", "Editorial Assistant", "US", "MA"),
    ("Meridian Robotics", "Test Engineer", "DE", None), ("Saltmarsh Hotels", "Front Office Manager", "US", "FL"),
    ("Foxglove Care", "Practice Manager", "GB", None), ("Ironbridge Legal", "Legal Secretary", "GB", None),
    ("Bluebell Software", "Support Engineer", "CA", "BC"), ("Oakhaven Housing", "Tenancy Officer", "GB", None),
]
PANELS = [
    [("Dana Whitfield", "Head of Operations", "hiring_manager"), ("Marcus Lee", "Finance Lead", "interviewer")],
    [("Raj Patel", "Financial Controller", "hiring_manager"), ("Ann Smith", "Senior Accountant", ("interviewer",)),
     ("Chloe Martin", "HR Business Partner", "recruiter")],
    [("Tomasz Nowak", "Warehouse Manager", "hiring_manager")],
    [("Siobhan O'Neill", "Design Lead", "hiring_manager"), ("Will Carter", "Engineering Manager", ("interviewer",)),
     ("May Chen", "Researcher", "interviewer"), ("Femi Adeyemi", "Product Manager", "interviewer")],
    [("Grace Liu", "Payroll Manager", "hiring_manager"), ("Robert Roe", "Finance Director", "interviewer")],
    [("Hannah Becker", "QA Lead", "hiring_manager"), ("Jon Park", "Test Analyst", ("interviewer",)),
     ("Priya Shah", "Platform Engineer", "interviewer"), ("Luis Ortega", "Recruiter", ("recruiter",)),
     ("Emma Wright", "Director of Engineering", "interviewer")],
]
TOPICS = [
    "moving the office to a hybrid schedule", "the supplier contract renewals", "monthly petty-cash reconciliation",
    "the month-end close", "the Sage-to-Xero migration", "how the team plans its quarter", "deferred tax",
    "onboarding new starters", "the new booking system", "customer complaints at the front desk",
    "the audit in March", "payroll for casual staff", "warehouse safety checks", "route planning in winter",
    "the design system", "user research with nurses", "accessibility reviews", "the reporting dashboards",
    "forecasting demand for the spring range", "the editorial calendar", "regression testing on the robot arm",
    "rota planning", "the tenancy audit", "the ticket backlog", "how they measure support quality",
]
MESSY_TOPICS = ["nothing really", "idk, general stuff", "I rambled about Excel", "my weak answer on VAT",
                "It went OK", "the whole thing??", "   ", "Good chat with Raj"]
STRENGTHS = [
    ("ten years of office management", "calm under deadline pressure", "budgeting and vendor negotiation"),
    ("eight years of month-end close and management accounts", "a Sage-to-Xero migration I led"),
    ("clear writing", "patient customer service", "Excel modelling"),
    ("user research", "prototyping in Figma", "workshop facilitation"),
    ("test automation", "root-cause analysis"),
    (),
]
DEBRIEFS = [
    Debrief("Good rapport with Marcus; my Xero migration story landed well",
            "I know I rambled when asked about my weaknesses"),
    Debrief("nothing really", "nothing really"),
    Debrief("", ""),
    Debrief("the case study went fine i think", "was vague on deferred tax when Raj asked about it, ugh"),
    Debrief("Dana laughed at my joke!! felt good", "forgot to ask about the team size. also nervous"),
    Debrief("answers on rota planning were solid", "blanked on the formula question",
            ("What would I do differently with the backlog?",)),
    Debrief("everything", "everything lol"),
    Debrief("talked too long about my last job but they seemed to like it", None),
    Debrief(None, "I was bad at the whiteboard part, Priya looked bored"),
    Debrief("Grace and Robert both nodded a lot. Good sign?", "didnt have numbers ready for the savings"),
]
STRONG = [(), ("the Sage-to-Xero migration",), ("the case study", "route planning in winter"), ("nothing really",),
          ("my rambling answer",), ("the design system",)]
IMPROVE = [
    (),
    (AnswerToImprove("payroll software", "I ran payroll for 40 staff in Sage 50 for three years"),),
    (AnswerToImprove("deferred tax", None),),
    (AnswerToImprove("team size", "I have managed a team of six, and I would be glad to grow one"),),
    (AnswerToImprove("my vague answer on VAT", "I was bad at it"),),
    (AnswerToImprove("the savings figures", "the supplier review saved 12% in its first year"),),
]
LINKS = ["my portfolio: https://portfolio.example/work", "the case study https://portfolio.example/case-study",
         "https://portfolio.example/slides"]
FILES = ["the seating plan I made for the Bellweather move", "my writing sample",
         "the budget-holder training checklist"]
OUTCOMES: list[Callable[[date], Outcome | None]] = [
    lambda d: None,
    lambda d: Outcome("offer", d + timedelta(days=10), deadline=d + timedelta(days=17)),
    lambda d: Outcome("rejected", d + timedelta(days=9)),
    lambda d: None,
    lambda d: Outcome("declined", d + timedelta(days=12), offered_on=d + timedelta(days=10)),
]
REFERENCES = (Reference("Grace Hopper", "grace.hopper@example.org", relationship="former manager"),
              Reference("Omar Haddad", "omar.haddad@example.org", relationship="colleague"))


@dataclass(frozen=True)
class Record:
    number: int
    search: JobSearch
    application: str


def _slug(text: str) -> str:
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in text.split())


def record(n: int) -> Record:
    """The n-th interview record (0 <= n < 64): every field chosen by its own stride, so records differ."""
    company, role, country, subdivision = COMPANIES[n % len(COMPANIES)]
    panel = PANELS[(n * 5 + n // 16) % len(PANELS)]
    day = date(2026, 3, 2) + timedelta(days=(n * 3) % 40)
    source = ("direct", "referral", "agency", "direct")[n % 4]
    people = [Person(name, role_, title, f"{_slug(name)}@{_slug(company)}.example") for name, title, role_ in panel]
    if source == "referral":
        people.append(Person("Sam Okoro", "referrer", None, "sam.okoro@example.org"))
    if source == "agency":
        people.append(Person("Nora Quinn", "agent", "Recruitment Consultant", "nora@talentbridge.example"))
    notes: dict[str, PersonNotes] = {}
    for i, (name, _, _) in enumerate(panel):
        topics = [TOPICS[(n * 7 + i * 3) % len(TOPICS)]]
        if (n + i) % 3 == 0:
            topics.append(TOPICS[(n * 11 + i * 5 + 1) % len(TOPICS)])
        if (n + i) % 5 == 0:
            topics.append(MESSY_TOPICS[(n + i) % len(MESSY_TOPICS)])
        promised: list[str] = []
        files: list[tuple[str, str]] = []
        if (n + i) % 4 == 1:
            promised.append(LINKS[(n + i) % len(LINKS)])
        if (n + i) % 6 == 2:
            item = FILES[(n + i) % len(FILES)]
            promised.append(item)
            files.append((item, f"~/Documents/{_slug(item)}.pdf"))
        goes_by = "Bob" if name == "Robert Roe" and n % 2 else None
        notes[name] = PersonNotes(tuple(topics), tuple(promised), tuple(files), goes_by)
    base = DEBRIEFS[n % len(DEBRIEFS)]
    improve = tuple(replace(a, asked_by=panel[(n + k) % len(panel)][0] if (n + k) % 2 else None)
                    for k, a in enumerate(IMPROVE[(n // 2) % len(IMPROVE)]))
    debrief = replace(base, strong_topics=STRONG[(n // 3) % len(STRONG)], improve=improve) if n % 7 else None
    interview = Interview(on=day, interviewers=tuple(p[0] for p in panel), format=("onsite", "video", "phone")[n % 3],
                          decision_expected=day + timedelta(days=10) if n % 2 else None,
                          references_will_be_checked=n % 3 == 0, chances=("high", "medium", "low")[n % 3],
                          notes=notes, debrief=debrief)
    app_id = f"{_slug(company)}-{n}"
    app = Application(id=app_id, company=company, role=role, country=country, subdivision=subdivision, source=source,
                      people=tuple(people), interviews=(interview,), outcome=OUTCOMES[n % len(OUTCOMES)](day))
    others: list[Application] = []
    if n % 5 == 1:  # an offer: leverage and (later) withdrawals go to another live process
        other_company, other_role, other_country, other_sub = COMPANIES[(n + 7) % len(COMPANIES)]
        others.append(Application(
            id=f"{_slug(other_company)}-other-{n}", company=other_company, role=other_role, country=other_country,
            subdivision=other_sub, people=(Person("Kim Adams", "hiring_manager", "Head of Team",
                                                  f"kim.adams@{_slug(other_company)}.example"),),
            interviews=(Interview(on=day, interviewers=("Kim Adams",),
                                  notes={"Kim Adams": PersonNotes((TOPICS[n % len(TOPICS)],))}),)))
    profile = Profile(name=("Alex Morgan", "Sam Carter", "Jordan Blake", "Priyanka Rao")[n % 4],
                      email="me@example.net", phone="+1 212 555 0147", country=country, subdivision=subdivision,
                      strengths=STRENGTHS[n % len(STRENGTHS)], send_cards=n % 3 == 1)
    return Record(n, JobSearch(profile, REFERENCES, (app, *others)), app_id)


CORPUS_SIZE = 64


def corpus() -> list[Record]:
    return [record(n) for n in range(CORPUS_SIZE)]


# Deliberate slips made to a good note: (name, the kinds it applies to, how to break the text, the codes that
# catch it). A breaker reads the note and its check context, and returns the note unchanged when it cannot apply.
Breaker = Callable[[str, CheckContext], str]


def _paste_debrief(text: str, context: CheckContext) -> str:
    private = next((p for p in context.private_texts if len(p.split()) >= 2), None)
    return _after_greeting(text, private.strip() + ".") if private else text


def _after_greeting(text: str, sentence: str) -> str:
    head, sep, rest = text.partition(",\n\n")
    return f"{head}{sep}{sentence} {rest}" if sep else f"{sentence} {text}"


def _greeting_one_letter_off(text: str) -> str:
    head, sep, rest = text.partition(",\n\n")
    if not sep or not head.startswith(("Dear ", "Hello ")):
        return text
    words = head.split(" ")
    name = words[-1]
    words[-1] = name + "e" if not name.endswith("e") else name[:-1]
    return " ".join(words) + sep + rest


THANKS = ("thank_you_email", "thank_you_card")
BROKEN: list[tuple[str, tuple[str, ...], Breaker, tuple[str, ...]]] = [
    ("the debrief pasted", THANKS + ("thank_referrer",), _paste_debrief, ("private-copy",)),
    ("a clause after a preposition", THANKS, lambda t, c: _after_greeting(
        t, "On I was vague on deferred tax: I took the point to heart."), ("dangling-clause",)),
    ("a shrug as a topic", THANKS, lambda t, c: _after_greeting(
        t, "I have been thinking about nothing really since our conversation."), ("empty-phrase",)),
    ("a stray capital", THANKS, lambda t, c: _after_greeting(t, "I felt that Good rapport came through."),
     ("stray-capital",)),
    ("a fragment", THANKS, lambda t, c: _after_greeting(t, "Good rapport with the whole panel."), ("fragment",)),
    ("a run-on list", THANKS, lambda t, c: _after_greeting(
        t, "I bring ten years of office management and payroll and a Sage migration."), ("run-on-list",)),
    ("a small-letter start", THANKS, lambda t, c: _after_greeting(t, "the day went quickly for me."),
     ("lower-case-start",)),
    ("including with nothing attached", ("thank_you_card", "check_in", "final_nudge", "keep_in_touch"),
     lambda t, c: _after_greeting(t, "I am including the budget-holder training checklist."), ("no-attachment",)),
    ("a greeting one letter off", ("thank_you_email", "thank_you_card", "check_in", "final_nudge"),
     lambda t, c: _greeting_one_letter_off(t), ("wrong-salutation", "misspelt-name")),
    ("a thank-you that asks about status", THANKS, lambda t, c: _after_greeting(
        t, "Could you tell me when you expect to decide?"), ("asks",)),
    ("a final nudge that is not the last", ("final_nudge",),
     lambda t, c: t.replace("This will be my last note about the role, so I will not write again. ", ""),
     ("final-nudge-purpose",)),
    ("a decline without thanks", ("decline_offer",), lambda t, c: t.split("\n\n")[0]
     + "\n\nI have decided not to accept the offer.\n\nKind regards,\nAlex Morgan", ("decline-purpose",)),
    ("an ultimatum", ("leverage",), lambda t, c: _after_greeting(
        t, "Unless you can decide by Friday, I will accept the other offer."), ("ultimatum",)),
    ("speaking to an agent as the employer", ("reply_to_rejection", "check_in", "final_nudge"),
     lambda t, c: _after_greeting(t, "Thank you for letting me know about your decision."), ("agent-role",)),
    ("a check-in without interest", ("check_in",),
     lambda t, c: t.replace("I remain very interested in joining", "I wrote to").replace(
         "I remain very interested", "I called").replace("still very interested", "calling"), ("check-in-purpose",)),
    ("a misspelt word", THANKS + ("check_in", "final_nudge"), lambda t, c: _after_greeting(t, "I realy enjoyed it."),
     ("spelling",)),
    ("a placeholder left in", THANKS + ("check_in", "withdraw"), lambda t, c: _after_greeting(t, "I met [Name] too."),
     ("placeholder",)),
]
