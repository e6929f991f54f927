"""Invariants that hold for any text and any facts."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from afterview.domain.model import PersonNotes
from afterview.drafting import CheckContext, OtherNote, TemplateSet, check, compose, context_for
from afterview.drafting.checks import SEVERITY
from afterview.drafting.checks.names import _PIECE, _company_patterns, _could_name, _fold, _person_patterns
from afterview.drafting.spelling import WORD
from tests.drafting.facts import acme, drafts_for, search, word_tasks

PIECES = ["Dear", "Jane", "Bob", "Doe", "Roe", "Jnae", "Deo", "Acme", "Crop", "Corp", "Globex", "the", "the",
          "takeing", "realy", "thank", "you", "[Name]", "<company>", "{{", "}}", "{%", "%}", "TODO", "please",
          "let", "me", "know", "desperate", "portfolio", "https://x.example/p", "a@b.example", "Ms", "’s",
          "'", "-", ",", ".", "\n", "\n\n", " ", "  ", "é", "ß", "I'm", "had", "May"]

CONTEXT = CheckContext(
    kind="thank_you_email", format="card", recipient="Bob Roe", company="Acme Corp",
    promised=("link to my portfolio", "the slides"), other_people=("Jane Doe", "May Chen"),
    other_companies=("Globex Systems",), allowed_names=("Maria Lopez",),
    other_notes=(OtherNote("acme:thank_you_email:r1:jane-doe", "Jane Doe", "Dear Jane, thank you the the"),))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map(" ".join))
def test_every_span_is_inside_the_text_and_not_empty(text: str) -> None:
    for finding in check(text, CONTEXT):
        start, end = finding.span
        assert 0 <= start < end <= len(text), finding
        assert text[start:end].strip(), finding
        assert finding.severity == SEVERITY[finding.code]
        assert finding.message and "\n" not in finding.message


WORDS = st.sampled_from(["pipeline", "testing", "quarterly", "planning", "hiring", "metrics", "design",
                         "customer", "onboarding", "roadmap", "reporting", "budget", "security", "research"])
# Unique words: a generated "pipeline pipeline" would rightly be a doubled word.
PHRASES = st.lists(WORDS, min_size=1, max_size=4, unique=True).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(topics=st.lists(PHRASES, max_size=3), promised=st.lists(PHRASES.map("my notes on {}".format), max_size=2))
def test_composed_thank_yous_pass_clean_for_any_notes(topics: list[str], promised: list[str]) -> None:
    base = acme()
    files = tuple((p, f"~/notes-{n}.pdf") for n, p in enumerate(promised))
    interview = replace(base.interviews[0], notes={"Jane Doe": PersonNotes(tuple(topics), tuple(promised), files)})
    found = search(replace(base, interviews=(interview,)))
    tasks = [t for t in word_tasks(found) if t.kind in ("thank_you_email", "thank_you_card")]
    texts = drafts_for(found, tasks)
    for task in tasks:
        findings = check(texts[task.id], context_for(task, found, other_texts=texts, other_tasks=tasks))
        assert findings == [], (task.id, [(f.code, f.message) for f in findings])
    jane = compose(next(t for t in tasks if t.id == "acme:thank_you_email:r1:jane-doe"), found,
                   templates=TemplateSet())
    assert all(t in jane.body for t in topics) and all(p in jane.body for p in promised)


def test_importing_the_package_does_not_load_the_dictionary() -> None:
    script = ("import afterview.drafting as d, afterview.drafting.spelling as s\n"
              "assert s.dictionary.cache_info().currsize == 0\n"
              "d.check('Zebras graze.', d.CheckContext())\n"
              "d.check('Zebras graze quietly.', d.CheckContext())\n"
              "info = s.dictionary.cache_info()\n"
              "assert (info.misses, info.currsize) == (1, 1), info\n"
              "print('ok')\n")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=False)
    assert result.stdout.strip() == "ok", result.stderr


NAME_PIECES = ["Ines", "ines", "İnes", "ınes", "INES", "O’Brien", "O'Brien", "Brien", "Kate", "\u212aate", "Straße",
               "STRASSE", "Jo", "Ann-Marie", "Ms", "Dr.", "Employer", "3M", "Co", "Ltd", "Inc", "_x", "x2", "May",
               "Will", "’s", "'s", ",", ".", "-", " ", "  ", "\n", "é", "É"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=4).map(" ".join),
       st.lists(st.sampled_from(NAME_PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_a_name_skipped_by_the_quick_look_has_no_pattern_that_matches(name: str, text: str) -> None:
    """The wrong-name check builds patterns only for names whose first or last word is in the text;
    every pattern that could match is kept, so skipping the others changes no finding."""
    pieces = {_fold(p) for p in _PIECE.findall(text)}
    words = WORD.findall(name)
    assume(words)  # a name without a letter names nothing (test_checks)
    person_matches = any(p.search(text) for p, _ in _person_patterns(name, set()))
    if person_matches:
        assert _could_name(words[0], pieces) or _could_name(words[-1], pieces), (name, text)
    if any(p.search(text) for p in _company_patterns(name, set())):
        assert _could_name(words[0], pieces), (name, text)
