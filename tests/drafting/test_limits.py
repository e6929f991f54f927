"""A user's template renders under time and size limits, with a clear one-line error when it goes past them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from afterview.drafting import TemplateProblem, TemplateSet, compose
from tests.drafting.facts import with_offer, word_tasks

HOSTILE: dict[str, tuple[str, str | None]] = {
    "a gigabyte string": ("{{ 'x' * 10**9 }}", "repeating a value 1,000,000,000 times"),
    "doubling a string in a loop": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                                    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", "over the limit"),
    "a huge width in a filter": ("{{ 'x' | center(1000000000) }}", "too large for a width"),
    "a huge width in a method": ("{{ 'x'.ljust(1000000000) }}", "too large for a width"),
    "a huge format width": ("{{ '{:>1000000000}'.format(1) }}", "too large for a width"),
    "a huge percent width": ("{{ '%1000000000d' % 1 }}", "too large for a width"),
    "a replace that explodes": ("{% set s = 'x' * 100000 %}{{ s.replace('x', s) }}", "replace would build"),
    "a loop that writes too much": ("{% for i in range(100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}", "wrote over"),
    "an innocent number is fine to format": ("{{ '{:,}'.format(85000) }} {{ 'x' * 100 }}", None),
    "a tower of powers": ("{{ 10 ** 200 ** 200 ** 200 }}", "number too large"),
    "loops inside loops over ranges": ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}"
                                       "{% endfor %}", "took longer than 2 seconds"),
    "loops inside loops over lists": ("{% set l = [0] * 10000 %}{% for a in l %}{% for b in l %}{% for c in l %}"
                                      "{% endfor %}{% endfor %}{% endfor %}", "took longer than 2 seconds"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_template_ends_in_one_clear_line(name: str, tmp_path: Path) -> None:
    body, expected = HOSTILE[name]
    if expected is None:
        (tmp_path / "thank_you_email.txt.j2").write_text(f"Subject: Thanks\n\n{body}\n", encoding="utf-8")
        found = with_offer()
        task = next(t for t in word_tasks(found) if t.kind == "thank_you_email")
        assert compose(task, found, templates=TemplateSet(tmp_path)).body.startswith("85,000 xxx")
        return
    found = with_offer()
    task = next(t for t in word_tasks(found) if t.kind == "thank_you_email")
    (tmp_path / "thank_you_email.txt.j2").write_text(f"Subject: Thanks\n\n{body}\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as problem:
        compose(task, found, templates=TemplateSet(tmp_path))
    assert time.monotonic() - started < 5
    message = str(problem.value)
    assert expected in message and "\n" not in message and str(tmp_path) in message


def test_after_a_stopped_render_the_next_one_works(tmp_path: Path) -> None:
    found = with_offer()
    task = next(t for t in word_tasks(found) if t.kind == "thank_you_email")
    (tmp_path / "thank_you_email.txt.j2").write_text(
        "Subject: x\n\n{% set l = [0] * 10000 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}\n")
    with pytest.raises(TemplateProblem):
        compose(task, found, templates=TemplateSet(tmp_path))
    time.sleep(1.0)  # past the watchdog's moment: nothing may land on later work
    assert compose(task, found, templates=TemplateSet()).body.startswith(("Dear", "Hello"))
