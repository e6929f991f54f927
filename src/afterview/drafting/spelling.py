"""The spelling check: pyspellchecker's bundled English dictionary, loaded once, lazily.

Loading the dictionary takes a noticeable fraction of a second, so nothing here
touches it until the first word is looked up; `import afterview.drafting` stays
cheap. After that one load every lookup is a set membership test.

What is not a spelling error (so real notes pass clean):
- words the context knows: people's and companies' names, referees, the role,
  the user's own word list, and the shipped templates' own words;
- a small vocabulary of workplace and technology words (`data/words.txt`);
- British spellings of known American words (colour, organise, centre, programme);
- acronyms and mixed-case names (API, GitHub), and capitalised words inside a
  sentence, which are almost always names (Kubernetes, Airflow);
- anything inside a URL or an email address, and words with digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from afterview.drafting.answers import remembered
from afterview.drafting.types import Finding

if TYPE_CHECKING:
    from spellchecker import SpellChecker

_DATA = Path(__file__).parent / "data" / "words.txt"
_TEMPLATES = Path(__file__).parent / "templates"

# A word: letters, possibly joined by apostrophes (don't, Acme's). Hyphens split words.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Text no spell checker should read: links, addresses, and template syntax the placeholder check reports.
_SKIP = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*"
                   r"|\{\{.*?\}\}|\{%.*?%\}", re.IGNORECASE)
_SENTENCE_END = frozenset('.!?:;"“”\n')
# British endings and the American ones the dictionary holds.
_BRITISH = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|ably)?$"), r"or\1"),
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"mme(s)?$"), r"m\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
    (re.compile(r"dgement(s)?$"), r"dgment\1"),
)


@cache
def dictionary() -> SpellChecker:
    """The English dictionary, loaded on first use and kept for the life of the process."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@cache
def product_words() -> frozenset[str]:
    """The workplace vocabulary and every word of the shipped templates' own text."""
    words = {line.strip().casefold() for line in _DATA.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    for path in sorted(_TEMPLATES.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        # The letter text lives outside the tags and in the string literals inside them.
        outside = re.sub(r"\{[{%#].*?[}%#]\}", " ", source, flags=re.DOTALL)
        literals = " ".join(re.findall(r'"([^"\\\n]*)"', source))
        words.update(w.casefold() for w in WORD.findall(outside + " " + literals))
    return frozenset(words)


def _count(key: str) -> int:
    """How often the dictionary has `key` (as stored: lower case), -1 when it has not; kept between runs."""
    return remembered("count", key, lambda k: dictionary().word_frequency.dictionary.get(k, -1))


def is_word(word: str) -> bool:
    """True for a word of the dictionary, in any case, American or British spelling."""
    folded = word.casefold().replace("’", "'")
    if _count(folded.lower()) >= 0:
        return True
    for pattern, american in _BRITISH:
        variant = pattern.sub(american, folded)
        if variant != folded and _count(variant.lower()) >= 0:
            return True
    return False


def is_common_word(word: str, min_count: int = 20_000) -> bool:
    """A frequent English word (will, may, hope, grace): as a first name it is ambiguous at a sentence start."""
    return _count(word.casefold()) >= min_count


@cache
def _words_by_length() -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for word in dictionary().word_frequency.dictionary:
        buckets.setdefault(len(word), []).append(word)
    return buckets


def suggestion(word: str) -> str | None:
    """The likeliest intended word: the most frequent word one edit away, else two edits away."""
    checker = dictionary()
    folded = word.casefold()
    frequency = checker.word_frequency.dictionary
    near = [w for w in checker.edit_distance_1(folded) if w in frequency]
    if not near:
        # Two edits away by brute force is too slow in pyspellchecker for long words;
        # rapidfuzz over words of a similar length answers in milliseconds.
        buckets = _words_by_length()
        pool = [w for n in range(len(folded) - 2, len(folded) + 3) for w in buckets.get(n, ())]
        near = [match for match, _, _ in process.extract(folded, pool, scorer=Levenshtein.distance,
                                                          score_cutoff=2, limit=None)]
    if not near:
        return None
    best = max(near, key=lambda w: (frequency[w], w))
    return best.capitalize() if word[:1].isupper() else best


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """The words of `text` with their offsets, skipping links, addresses and template tags."""
    skipped = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
    index = 0
    for match in WORD.finditer(text):
        while index < len(skipped) and skipped[index][1] <= match.start():
            index += 1
        if index < len(skipped) and skipped[index][0] <= match.start() < skipped[index][1]:
            continue
        yield Token(match.group(0), match.start(), match.end())


def starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t(‘'\"“")
    return not before or before[-1] in _SENTENCE_END


def _looks_like_a_name(token: Token, text: str) -> bool:
    word = token.text
    if any(c.isupper() for c in word[1:]):
        return True  # API, GitHub, McKinsey: acronyms and names
    return word[0].isupper() and not starts_sentence(text, token.start)


def _stem(word: str) -> str:
    """Drop a possessive or a contraction ending: Acme's -> Acme, they'll -> they."""
    return re.sub(r"['’](s|ll|ve|re|d|t|m)?$", "", word, flags=re.IGNORECASE) or word


def spelling_findings(text: str, known_words: Iterable[str]) -> list[Finding]:
    known = known_words if isinstance(known_words, (set, frozenset)) else set(known_words)
    extra = product_words()
    findings: list[Finding] = []
    for token in tokens(text):
        word = token.text
        if len(word) < 2 or _looks_like_a_name(token, text):
            continue
        folded = word.casefold()
        if folded in known or folded in extra or is_word(word):
            continue
        stem = _stem(word)
        if stem != word and (stem.casefold() in known or stem.casefold() in extra or is_word(stem)):
            continue
        fix = suggestion(word)
        how = f"did you mean “{fix}”?" if fix else "check the spelling."
        findings.append(Finding(
            "spelling", "error",
            f"“{word}” is not in the dictionary: {how} If it is right, add it to your word list.",
            (token.start, token.end)))
    return findings
