"""Grammar and fluency: what a careful reader stumbles on in a note.

Each sentence of the body (the subject line, the salutation and the sign-off are
headlines, not sentences) is read for:
- `fragment`: no word that can be a verb (lemminflect's lexicon): "Good rapport with Marcus.";
- `dangling-clause`: a clause where a noun phrase belongs, after a preposition ("On I was vague
  on deferred tax") or two clauses run into one ("… asked about my weaknesses came up",
  "… landed well went especially well");
- `run-on-list`: "X and Y and Z" with no comma, where a list was joined badly;
- `empty-phrase`: a shrug from the debrief used as a topic ("thinking about nothing really");
- `lower-case-start`: a sentence that begins with a small letter;
- `stray-capital`: a capitalised ordinary word inside a sentence that is not a name ("I felt that Good
  rapport"); names in the facts, words the user capitalised in their own facts, days and months pass;
- `private-copy`: words copied from the private debrief into the note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from afterview.drafting.context import CheckContext
from afterview.drafting.language import can_be_verb, likely_verb
from afterview.drafting.spelling import WORD, is_common_word, is_word
from afterview.drafting.types import Finding

_SALUTATION = re.compile(r"^(?:Dear|Hello|Hi|Hey|Good (?:morning|afternoon|evening))\b")
_SKIP_WORDS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=\S)")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|Prof|St|vs|approx|incl)\.$", re.IGNORECASE)
_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december"})
_PRONOUN_AFTER_PREPOSITION = re.compile(
    r"\b(?:on|about|of|regarding|with|in|for|from)\s+(I|we|he|she|they)\s+([A-Za-z’']+)", re.IGNORECASE)
_VERDICT_THEN_VERB = re.compile(
    r"\b(?:well|badly|fine|great|ok|okay|nicely)\s+(?:went|was|were|is|are|landed|came|felt|seemed|worked)\b",
    re.IGNORECASE)
_ASKED_ABOUT_CLAUSE = re.compile(
    r"\b(?:asked|talking|talked|thinking|spoke|spoken|question(?:ed)?)\s+(?:about|on|regarding)\s+"
    r"(?:(?!(?:how|what|why|when|where|whether|which|who|that)\b)[\w’'-]+\s+){1,5}?"
    r"(?:came up|went|was raised|were raised|was|were|landed|happened)\b", re.IGNORECASE)
_RUN_ON = re.compile(r"\band\b[^,.;:!?\n—–()]{1,80}?\band\b", re.IGNORECASE)
_I_FORMS = frozenset({"I", "I’m", "I'm", "I’ve", "I've", "I’d", "I'd", "I’ll", "I'll"})
_IDIOM = re.compile(r"^(?:(?:again|and|so), )?(?:many thanks|thanks|with thanks|best wishes|all the best|"
                    r"congratulations|good luck|cheers)\b", re.IGNORECASE)
_CLAUSE_WORDS = frozenset({"i", "you", "we", "he", "she", "they", "it", "am", "is", "are", "was", "were", "be",
                           "have", "has", "had", "do", "does", "did", "will", "would", "can", "could", "should",
                           "may", "might", "must", "that", "which", "who"})
_EMPTY_OBJECT = re.compile(r"\b(?:about|on|of|with|in)\s+(?:nothing|none|n/a|nada)(?:\s+(?:really|much|at all))?\b",
                           re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def body_sentences(text: str, lines_apart: bool = False) -> Iterator[Sentence]:
    """The sentences of the note's body with their offsets; headlines and sign-offs left out.

    Lines wrapped inside a paragraph are read as one paragraph (offsets kept: each newline
    reads as a space), so a hard-wrapped note reads like any other; with `lines_apart` (a call
    script's cues) every line stands alone.
    """
    lines = list(re.finditer(r"[^\n]+", text))
    last_content = max((i for i, m in enumerate(lines) if m.group(0).strip()), default=-1)
    masked = list(text)
    for index, match in enumerate(lines):
        stripped = match.group(0).strip()
        if (stripped.startswith("Subject:") or _SALUTATION.match(stripped)
                or index == last_content  # the signature
                or (stripped.endswith(",") and len(stripped.split()) <= 4)):  # "Best regards,"
            masked[match.start():match.end()] = " " * (match.end() - match.start())
    flat = "".join(masked)
    for paragraph in re.finditer(r"[^\n]+" if lines_apart else r"(?:[^\n]|\n(?![ \t]*\n))+", flat):
        joined = paragraph.group(0).replace("\n", " ")
        position = 0
        for part in _split(joined):
            at = joined.index(part, position)
            position = at + len(part)
            if part.strip():
                lead = len(part) - len(part.lstrip())
                start = paragraph.start() + at + lead
                yield Sentence(start, start + len(part.strip()), part.strip())


def _split(line: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    last = 0
    for match in _SPLIT.finditer(line):
        candidate = current + line[last:match.start()]
        if _ABBREVIATION.search(candidate):
            current = candidate + line[match.start():match.end()]
        else:
            pieces.append(candidate)
            current = ""
        last = match.end()
    pieces.append(current + line[last:])
    return pieces


def _words(sentence: Sentence) -> list[tuple[str, int, int]]:
    masked = _SKIP_WORDS.sub(lambda m: " " * len(m.group(0)), sentence.text)
    return [(m.group(0), sentence.start + m.start(), sentence.start + m.end()) for m in WORD.finditer(masked)]


def _finding(code: str, message: str, start: int, end: int) -> Finding:
    return Finding(code, "error", message, (start, end))


def fragments(sentences: list[Sentence], call: bool) -> list[Finding]:
    findings: list[Finding] = []
    if call:
        return findings  # a call script is prompts and cues, not prose
    for sentence in sentences:
        words = _words(sentence)
        if len(words) < 2 or sentence.text.endswith(":") or sentence.text[-1:] not in ".!?":
            continue
        if _IDIOM.match(sentence.text):
            continue  # "Many thanks for your time." is the verbless sentence every letter may use
        if not any(likely_verb(w, words[i - 1][0] if i else None) for i, (w, _, _) in enumerate(words)):
            findings.append(_finding(
                "fragment", f"“{sentence.text}” is not a full sentence (it has no verb): say what happened, "
                            f"or leave it out.", sentence.start, sentence.end))
    return findings


def clauses(sentences: list[Sentence]) -> list[Finding]:
    findings: list[Finding] = []
    for sentence in sentences:
        for match in _PRONOUN_AFTER_PREPOSITION.finditer(sentence.text):
            if can_be_verb(match.group(2)):
                findings.append(_finding(
                    "dangling-clause", f"“{match.group(0)}”: a clause stands where a noun belongs; rewrite the "
                                       f"sentence around what you mean.",
                    sentence.start + match.start(), sentence.start + match.end()))
        for pattern in (_VERDICT_THEN_VERB, _ASKED_ABOUT_CLAUSE):
            for match in pattern.finditer(sentence.text):
                findings.append(_finding(
                    "dangling-clause", f"“{match.group(0)}”: two clauses run into one; split them or rewrite.",
                    sentence.start + match.start(), sentence.start + match.end()))
        for match in _RUN_ON.finditer(sentence.text):
            inner = WORD.findall(match.group(0))[1:-1]
            if {w.casefold() for w in inner} & _CLAUSE_WORDS or any(
                    likely_verb(w, inner[i - 1] if i else None) for i, w in enumerate(inner)):
                continue  # "and I am sure that X and Y": the first "and" joins clauses, not list items
            findings.append(_finding(
                "run-on-list", f"“{match.group(0)}”: a list joined with “and” twice; separate the items with commas.",
                sentence.start + match.start(), sentence.start + match.end()))
        for match in _EMPTY_OBJECT.finditer(sentence.text):
            findings.append(_finding(
                "empty-phrase", f"“{match.group(0)}” says nothing: name what you talked about, or leave it out.",
                sentence.start + match.start(), sentence.start + match.end()))
    return findings


def capitals(sentences: list[Sentence], context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for sentence in sentences:
        first = sentence.text.lstrip("\"“‘'(")[:1]
        if first.isalpha() and first.islower() and not _SKIP_WORDS.match(sentence.text):
            findings.append(_finding(
                "lower-case-start", "This sentence starts with a small letter: capitalise it.",
                sentence.start, sentence.start + len(sentence.text.split()[0])))
        words = _words(sentence)
        capital = [w[:1].isupper() and w not in _I_FORMS for w, _, _ in words]
        for index, (word, start, end) in enumerate(words):
            if index == 0 or not capital[index]:
                continue
            if (index > 1 and capital[index - 1]) or (index + 1 < len(words) and capital[index + 1]):
                continue  # a run of capitals is a name or a title: Data Engineer, Head of Data
            before = sentence.text[:start - sentence.start].rstrip()
            if before.endswith((":", "\"", "“", "(", "—")) or any(c.isupper() for c in word[1:]):
                continue  # after a colon or a quote, and acronyms and names like McKinsey
            folded = word.casefold().rstrip("’'s") if word.endswith(("’s", "'s")) else word.casefold()
            if (folded in context.known_words or folded in context.proper_words or folded in _CALENDAR
                    or word.casefold() in context.known_words):
                continue
            if is_word(folded) and is_common_word(folded, 500):
                findings.append(_finding(
                    "stray-capital", f"“{word}” has a capital letter inside a sentence but is not a name: "
                                     f"write it in small letters.", start, end))
    return findings


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(0).casefold().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return " ".join(w for w, _, _ in _tokens(text))


def private_copies(text: str, context: CheckContext) -> list[Finding]:
    """Runs of words from the private debrief found in the note (the whole of a short one, five words of a long one)."""
    if not context.private_texts:
        return []
    note = _tokens(text)
    folded_facts = [_folded(f) for f in context.fact_phrases]
    findings: list[Finding] = []
    for private in context.private_texts:
        words = [w for w, _, _ in _tokens(private)]
        if len(words) < 2:
            continue
        size = min(len(words), 5)
        grams = {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}
        covered_until = -1
        for i in range(len(note) - size + 1):
            gram = tuple(w for w, _, _ in note[i:i + size])
            if gram not in grams or note[i][1] < covered_until:
                continue
            phrase = " ".join(gram)
            if any(phrase in fact for fact in folded_facts):
                continue  # the user gave these words as a fact for the notes as well
            start, end = note[i][1], note[i + size - 1][2]
            covered_until = end
            findings.append(_finding(
                "private-copy", f"“{text[start:end]}” is copied from your private debrief: the notes say what "
                                f"you mean in their own words; rewrite or remove it.", start, end))
    return findings


def grammar(text: str, context: CheckContext) -> list[Finding]:
    sentences = list(body_sentences(text, lines_apart=context.format == "call"))
    return (fragments(sentences, context.format == "call") + clauses(sentences) + capitals(sentences, context)
            + private_copies(text, context))
