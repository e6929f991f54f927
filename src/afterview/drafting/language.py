"""English mechanics for notes, by kept libraries: `inflect` joins lists and picks articles and
plurals, `lemminflect` knows which words can be verbs.

And the gate for the user's own words: a phrase the user typed goes into a note only
when it reads as a noun phrase in the middle of a sentence ("the Sage-to-Xero
migration", "how the team plans its quarter"), never when it is a clause ("my story
landed well"), a shrug ("nothing really") or a self-criticism ("my vague answer on
deferred tax").
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from afterview.domain import wording
from afterview.drafting.answers import remembered
from afterview.drafting.spelling import is_common_word

if TYPE_CHECKING:
    import inflect

_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
# Words that are always ordinary lower-case words at the start of a phrase.
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those",
    "some", "how", "what", "why", "when", "where", "which", "whether", "who", "building", "working", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
})
_SUBJECTS = frozenset({"i", "i'm", "i've", "i'd", "we", "he", "she", "they", "it", "you", "me", "us", "him", "them"})
_WH = frozenset({"how", "what", "why", "when", "where", "which", "whether", "who"})
# A shrug is not a topic.
_EMPTY = frozenset({
    "nothing", "nothing really", "nothing much", "not much", "not sure", "none", "n/a", "na", "no", "nope", "dunno",
    "idk", "tbd", "?", "-", "--", "unsure", "no idea", "nothing in particular", "not really", "all of it",
    "everything", "everything really", "all good", "fine", "ok", "okay", "meh", "hmm", "um", "same",
})
# Words that make a phrase a scribble rather than a topic ("idk, general stuff").
_VAGUE = frozenset({"idk", "dunno", "lol", "ugh", "stuff", "things", "whatever", "etc", "misc", "general", "blah",
                    "tbh", "imo", "lmao", "omg", "hmm", "um", "err"})
# Words a person uses about their own performance; none of them belongs in a note to the employer.
SELF_CRITICAL = frozenset({
    "vague", "rambled", "rambling", "ramble", "weak", "weakness", "weaknesses", "bad", "badly", "poor", "poorly",
    "nervous", "nerves", "forgot", "forgotten", "blanked", "blank", "stumbled", "struggled", "struggle", "fumbled",
    "mess", "messed", "awful", "terrible", "embarrassing", "embarrassed", "awkward", "failed", "fail", "flopped",
    "botched", "waffled", "waffle", "unprepared", "underprepared", "clueless", "rushed", "mumbled", "froze",
    "shaky", "flustered", "wrong", "mistake", "mistakes", "stupid", "dumb", "sloppy", "lame", "cringe",
    "oops", "ugh", "disaster", "worst", "incoherent", "lost", "panicked", "overran", "overtalked",
})
# Finite verbs and auxiliaries: one of these (outside a wh- or that-clause) makes a phrase a clause.
_FINITE = frozenset({
    "is", "was", "were", "are", "am", "be", "been", "went", "go", "goes", "felt", "feel", "feels", "did", "do",
    "does", "had", "has", "have", "got", "get", "landed", "lands", "came", "comes", "seemed", "seems", "liked",
    "likes", "loved", "said", "says", "asked", "asks", "think", "thought", "know", "knew", "could", "couldn't",
    "would", "should", "can", "can't", "didn't", "wasn't", "weren't", "don't", "doesn't", "will", "won't",
    "might", "must", "rambled", "talked", "explained", "answered", "clicked", "worked", "impressed",
    "mentioned", "enjoyed", "wanted", "needed", "tried", "hoped", "gave", "made", "took", "told",
})


@cache
def engine() -> inflect.engine:
    """inflect's engine, imported on first use.

    inflect wraps its methods in typeguard's `@typechecked`, which re-parses and recompiles
    inflect's whole module once per method at import: seconds of CPU before the first
    word. Those run-time type checks are for development (typeguard turns itself off under
    `python -O`), so inflect is imported with the decorator as the identity, as it would be there.
    """
    if "inflect" not in sys.modules:
        import typeguard

        checked = typeguard.typechecked
        typeguard.typechecked = _unchecked  # type: ignore[assignment]
        try:
            import inflect
        finally:
            typeguard.typechecked = checked
    import inflect

    return inflect.engine()


def _unchecked(target: object = None, **_options: object) -> object:
    """`typechecked` as under `python -O`: the function itself (or, called with options only, a decorator)."""
    return target if target is not None else _unchecked


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def join(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'; a comma before the last 'and' when an item has its own 'and'."""
    kept = [i.strip() for i in items if i and i.strip()]
    if len(kept) <= 1:
        return "".join(kept)
    has_and = [bool(re.search(r"\band\b", i)) for i in kept]
    if len(kept) == 2:
        if all(has_and):
            return f"{kept[0]}, as well as {kept[1]}"
        if has_and[1]:
            kept.reverse()  # "a and b, and c", never "c, and a and b" (which reads as a run-on list)
        return f"{kept[0]}{', and' if any(has_and) else ' and'} {kept[1]}"
    return engine().join(kept, final_sep="," if any(has_and) else "")


def article(phrase: str) -> str:
    """'an hour', 'a user study'."""
    return str(engine().a(phrase))


def plural(noun: str, count: int) -> str:
    return str(engine().plural_noun(noun, count))


def verb_for(items: Sequence[str], singular: str) -> str:
    """The verb agreeing with a list: 'was' for one item, 'were' for more."""
    return singular if len(items) == 1 else str(engine().plural_verb(singular, 2))


def possessive(name: str) -> str:
    """'Acme’s', 'the team’s', 'Northwind Traders’', with the typographic apostrophe of a letter."""
    return wording.possessive(name, "’")


_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                           "twelve", "fifteen", "twenty", "several", "many"})
_THEIR = {"their": "your", "theirs": "yours"}


def held(strength: str) -> str:
    """A strength as something the user has and could bring: 'building dashboards' is an activity,
    so 'my experience in building dashboards'; 'six years running finance' becomes 'my six years …'."""
    found = words(strength)
    if not found:
        return strength
    first = found[0].casefold()
    if first in _NUMBER_WORDS | {"my"} or first.isdigit():
        return strength if first == "my" else "my " + strength
    if first.endswith("ing") and len(first) > 4:
        return "my experience in " + strength
    return strength


def to_reader(phrase: str) -> str:
    """The user's note about a person, addressed to that person: 'their Looker layer' -> 'your Looker layer'."""
    def swap(match: re.Match[str]) -> str:
        word = _THEIR[match.group(0).casefold()]
        return word.capitalize() if match.group(0)[0].isupper() else word

    return re.sub(r"\b(?:their|theirs)\b", swap, phrase, flags=re.IGNORECASE)


def sentence(text: str) -> str:
    """Sentence case: the first letter capital, the rest as written."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def as_phrase(text: str, names: Iterable[str] = ()) -> str | None:
    """`text` as a noun phrase for the middle of a sentence, or None when it cannot be one (see `_as_phrase`)."""
    return _as_phrase(text, tuple(names))


# Longer than this, a phrase no longer reads in the middle of a sentence.
LONGEST_PHRASE = 120


@lru_cache(maxsize=8192)
def _as_phrase(text: str, names: tuple[str, ...]) -> str | None:
    """`text` as a noun phrase for the middle of a sentence, or None when it cannot be one.

    The first word is lower-cased unless it is a name (one of `names`, an acronym, or a
    word the user wrote with a capital that is not an ordinary word at a phrase start).
    """
    phrase = " ".join(text.split()).strip().rstrip(".").strip()
    if len(phrase) > LONGEST_PHRASE:
        # A long note is shortened to its first clause, when that is a phrase of its own, rather than lost.
        head = re.split(r",\s|\s[-–—]\s|\s\(|;", phrase, maxsplit=1)[0].strip()
        phrase = head if len(head) < len(phrase) else phrase
    if not phrase or is_shrug(phrase):
        return None
    if any(c in phrase for c in ";!?\n\"“”") or re.search(r":(?!//)", phrase) or len(phrase) > LONGEST_PHRASE:
        return None
    found = words(phrase)
    if not found or len(found) > 14:
        return None
    lowered = [w.casefold().replace("’", "'") for w in found]
    if _VAGUE & set(lowered):
        return None
    if lowered[0] in _SUBJECTS or "i" in lowered or any(w in SELF_CRITICAL for w in lowered):
        return None
    if lowered[0] in ("not", "no", "nothing", "never", "maybe", "probably", "just", "really", "very", "so"):
        return None
    clause_ok = bool(_WH & set(lowered[:2])) or lowered[0] in ("that",)
    if not clause_ok and any(w in _FINITE for w in lowered[1:]):
        return None
    if re.search(r"\b(?:well|badly|ok|okay|fine|great)\s*$", phrase.casefold()):
        return None  # "the migration story went well": a verdict, not a topic
    head = found[0]
    known = {n.casefold() for name in names for n in words(name)}
    is_name = head.casefold() in known or (len(head) > 1 and head[1:].lower() != head[1:])
    if head[:1].isupper() and not is_name and (head.casefold() in _FUNCTION_WORDS or _ordinary(head)):
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


def _ordinary(word: str) -> bool:
    """An ordinary English word (so 'Good' at a phrase start is 'good'), not a name like 'Xero'."""
    return is_common_word(word, min_count=2_000)


def as_object(phrase: str) -> str:
    """'link to my portfolio' -> 'the link to my portfolio'; leaves 'my slides' and proper nouns alone."""
    phrase = phrase.strip().rstrip(".:").strip()
    first = phrase.split(" ", 1)[0]
    if not first or first.casefold() in _FUNCTION_WORDS or first[0].isupper() or "://" in first:
        return phrase
    return "the " + phrase


def is_shrug(text: str) -> bool:
    return " ".join(text.split()).casefold().strip("!?. ") in _EMPTY


def is_self_critical(text: str) -> bool:
    return any(w.casefold() in SELF_CRITICAL for w in words(text))


def _parts_of_speech(word: str) -> list[str]:
    from lemminflect import getAllLemmas

    return sorted(getAllLemmas(word))


@cache
def _lemmas(word: str) -> frozenset[str]:
    """The parts of speech lemminflect's lexicon knows `word` as (kept between runs: loading it costs more
    than checking a note)."""
    return frozenset(remembered("parts of speech", word.casefold(), _parts_of_speech))


def can_be_verb(word: str) -> bool:
    """True when `word` is a verb or auxiliary form in lemminflect's lexicon (or an -ed/-ing form)."""
    folded = word.casefold().replace("’", "'")
    if folded in _FINITE or "'" in folded:
        return True
    tags = _lemmas(folded)
    return "VERB" in tags or "AUX" in tags


_BEFORE_VERB = frozenset({"i", "you", "we", "he", "she", "they", "it", "to", "will", "would", "can", "could", "should",
                          "may", "might", "must", "not", "also", "still", "really", "who", "that", "which"})


def likely_verb(word: str, before: str | None) -> bool:
    """A verb here: a word only ever a verb, or one that is also a noun ("panel", "thanks") when it follows a
    subject, a modal or "to", or wears a verb ending."""
    folded = word.casefold().replace("’", "'")
    if folded in _FINITE or "'" in folded:
        return True
    tags = _lemmas(folded)
    if not ({"VERB", "AUX"} & tags):
        return False
    if not ({"NOUN", "ADJ", "PROPN"} & tags) or folded.endswith(("ed", "ing")):
        return True
    return before is not None and before.casefold() in _BEFORE_VERB
