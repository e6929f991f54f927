"""Generated panels of 2 to 8 people with realistic debriefs: every note passes every check, and no two notes to
the same company are too alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.model import AnswerToImprove, Application, Interview, JobSearch, Person, PersonNotes
from afterview.domain.playbook import derive_plan
from afterview.drafting import ALIKE_THRESHOLD, check, compose, context_for, likeness
from afterview.drafting.templates import TemplateSet
from tests.drafting.corpus import DEBRIEFS, FILES, IMPROVE, LINKS, MESSY_TOPICS, STRENGTHS, STRONG, TOPICS
from tests.drafting.facts import PROFILE, REFERENCES

# First names no two of which are one letter apart (that would be a real risk of a misspelt name).
NAMES = ["Dana Whitfield", "Marcus Lee", "Raj Patel", "Chloe Martin", "Tomasz Nowak", "Siobhan O'Neill",
         "Femi Adeyemi", "Grace Liu", "Robert Roe", "Hannah Becker", "Priya Shah", "Luis Ortega", "Emma Wright",
         "Kwame Mensah", "Ingrid Olsen", "Yusuf Demir"]
TITLES = ["Head of Operations", "Finance Lead", "Senior Accountant", "HR Business Partner", "Design Lead", None,
          "Engineering Manager", "Payroll Manager", "QA Lead"]
TEMPLATES = TemplateSet()


@st.composite
def panels(draw: st.DrawFn) -> JobSearch:
    size = draw(st.integers(2, 8))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=size, max_size=size, unique=True))
    people, notes = [], {}
    for i, name in enumerate(names):
        title = draw(st.sampled_from(TITLES))
        people.append(Person(name, "hiring_manager" if i == 0 else "interviewer", title,
                             name.split()[0].lower() + "@northwind.example"))
        topics = draw(st.lists(st.sampled_from(TOPICS + MESSY_TOPICS), max_size=3, unique=True))
        promised, files = [], []
        if draw(st.booleans()):
            promised.append(draw(st.sampled_from(LINKS)))
        if draw(st.booleans()):
            item = draw(st.sampled_from(FILES))
            promised.append(item)
            files.append((item, "~/Documents/file.pdf"))
        notes[name] = PersonNotes(tuple(topics), tuple(promised), tuple(files))
    debrief = draw(st.sampled_from([None, *DEBRIEFS]))
    if debrief is not None:
        improve = draw(st.sampled_from(IMPROVE))
        asked = draw(st.sampled_from([None, *names]))
        debrief = replace(debrief, strong_topics=draw(st.sampled_from(STRONG)),
                          improve=tuple(AnswerToImprove(a.topic, a.addition, asked) for a in improve))
    interview = Interview(on=date(2026, 3, 3), interviewers=tuple(names), notes=notes, debrief=debrief)
    app = Application(id="northwind", company="Northwind Traders", role="Office Manager", country="US",
                      subdivision="NY", people=tuple(people), interviews=(interview,))
    profile = replace(PROFILE, strengths=draw(st.sampled_from(STRENGTHS)), send_cards=draw(st.booleans()))
    return JobSearch(profile, REFERENCES, (app,))


@settings(max_examples=30, deadline=None)
@given(panels())
def test_every_note_of_a_generated_panel_passes_and_no_two_are_too_alike(found: JobSearch) -> None:
    tasks = [t for t in derive_plan(found) if t.kind in ("thank_you_email", "thank_you_card")]
    texts = {t.id: compose(t, found, templates=TEMPLATES).text for t in tasks}
    for task in tasks:
        findings = check(texts[task.id], context_for(task, found, other_texts=texts))
        assert [f for f in findings if f.severity == "error"] == [], (task.id, texts[task.id], findings)
    names = [p.name for p in found.applications[0].people]
    for kind in ("thank_you_email", "thank_you_card"):
        same = [t for t in tasks if t.kind == kind]
        for a, b in combinations(same, 2):
            score = likeness(texts[a.id], texts[b.id], names)
            assert score <= ALIKE_THRESHOLD, (a.id, b.id, score)
