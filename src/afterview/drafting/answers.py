"""What the word libraries answered about the words notes use, kept between runs.

Loading pyspellchecker's dictionary and lemminflect's lexicon costs most of a one-note
command (about a second), yet one note's words are nearly those of the last: the answers
(a word's count in the dictionary, the parts of speech lemminflect knows it as) are kept
in a small file in the cache folder, and a library loads only for a word it was never
asked about (or to suggest a correction). The file is keyed by the libraries' data files,
so an upgrade starts it afresh; a missing, unreadable or stale file is only slower.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from afterview.paths import cache_dir

V = TypeVar("V")
# Beyond this many answers the file stops growing (a note has a few hundred words).
MAX_ANSWERS = 50_000
# The data files the answers come from: (package, file in it).
_SOURCES = (("spellchecker", "resources/en.json.gz"), ("lemminflect", "resources/lemma_lu.csv.gz"),
            ("lemminflect", "resources/lemma_overrides.csv"))


def _source_key() -> str:
    parts = []
    for package, name in _SOURCES:
        spec = find_spec(package)  # finds the package without importing it
        folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else None
        try:
            found = os.stat(Path(folder or "", name))
        except OSError:
            found = None
        parts.append(f"{package}/{name}:{found.st_size}:{found.st_mtime_ns}" if found else f"{package}/{name}:-")
    return "|".join(parts)


class _Answers:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.key = _source_key()
        self.tables: dict[str, dict[str, Any]] = {}
        self.count = 0
        self.changed = False
        with contextlib.suppress(OSError, ValueError):
            stored = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("key") == self.key and isinstance(stored.get("tables"), dict):
                self.tables = {k: v for k, v in stored["tables"].items() if isinstance(v, dict)}
                self.count = sum(len(v) for v in self.tables.values())

    def remember(self, table: str, word: str, value: Any) -> None:
        if self.count >= MAX_ANSWERS:
            return
        if not self.changed:
            atexit.register(self.save)
        self.tables.setdefault(table, {})[word] = value
        self.count += 1
        self.changed = True

    def save(self) -> None:
        """Write the answers (all at once, by renaming a finished file over the old one)."""
        if not self.changed:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".answers-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump({"key": self.key, "tables": self.tables}, out, ensure_ascii=False)
                os.replace(temporary, self.path)
                self.changed = False
            finally:
                Path(temporary).unlink(missing_ok=True)


@cache
def _answers() -> _Answers:
    return _Answers(cache_dir() / "word-answers.json")


def remembered(table: str, word: str, ask: Callable[[str], V]) -> V:
    """`ask(word)`, answered from the kept answers when it was asked before (in any run)."""
    answers = _answers()
    found = answers.tables.get(table, {}).get(word)
    if found is None:
        found = ask(word)
        answers.remember(table, word, found)
    return found
