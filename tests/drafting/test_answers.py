"""The word libraries' answers are kept between runs, so a second note loads neither library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Checks a note (spelling, names, grammar) in a fresh process; prints its findings and which libraries it loaded.
SCRIPT = """
import sys
from afterview.drafting import check
from afterview.drafting.spelling import dictionary
from tests.drafting.test_checks import GOOD_TO_BOB, TO_BOB
text = GOOD_TO_BOB.replace("especially", "especialy")
print([(f.code, f.span) for f in check(text, TO_BOB)])
print(dictionary.cache_info().currsize, "lemminflect" in sys.modules)
"""


def _run(cache: Path) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT,
                          env=env).stdout.splitlines()


def test_a_second_run_answers_from_the_kept_answers_with_the_same_findings(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first[0] == "[('spelling', (105, 114))]"
    assert first[1] == "1 True"  # both libraries loaded to answer (the grammar check asks which words are verbs)
    kept = tmp_path / "afterview" / "word-answers.json"
    assert kept.is_file()
    second = _run(tmp_path)
    # The misspelling still loads the dictionary to suggest a correction, but nothing else is asked again.
    assert second == [first[0], "1 False"]


def test_answers_kept_for_other_library_files_are_not_used(tmp_path: Path) -> None:
    first = _run(tmp_path)
    kept = tmp_path / "afterview" / "word-answers.json"
    stored = json.loads(kept.read_text(encoding="utf-8"))
    stored["key"] = "an older dictionary"
    stored["tables"]["parts of speech"] = {word: [] for word in stored["tables"]["parts of speech"]}
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert _run(tmp_path) == first  # asked afresh: the wrong answers are not used
    kept.write_text("{not json", encoding="utf-8")
    assert _run(tmp_path) == first
