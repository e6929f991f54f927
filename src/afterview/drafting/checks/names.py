"""Name checks: another person's or company's name (the mail-merge disaster), and misspelt names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from rapidfuzz.distance import OSA

from afterview.drafting.context import CheckContext, salutation_forms
from afterview.drafting.spelling import WORD, Token, is_common_word, is_word, starts_sentence, tokens
from afterview.drafting.types import Finding

_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+"
_POSSESSIVE = re.compile(r"['’]s?$")
_LEGAL = re.compile(r"[\s,]+(?:inc|ltd|llc|plc|gmbh|corp|corporation|co|company|limited|group|sa|ag|bv)\.?$",
                    re.IGNORECASE)


def _words(name: str) -> list[str]:
    return WORD.findall(name)


def _phrase(words: Iterable[str]) -> str:
    return r"\s+".join(re.escape(w) for w in words)


def _keep_apart(findings: list[Finding]) -> list[Finding]:
    """Longest first; drop any finding inside one already kept (Jane inside Jane Doe)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.span[0] - f.span[1], f.span[0])):
        if not any(k.span[0] <= finding.span[0] and finding.span[1] <= k.span[1] for k in kept):
            kept.append(finding)
    return kept


def _person_patterns(name: str, shared: set[str]) -> list[tuple[re.Pattern[str], bool]]:
    """(pattern, first-name-only) pairs that find `name`: in full, as Ms Surname, or by first name."""
    words = _words(name)
    if not words:
        return []
    found = [(re.compile(r"\b" + _phrase(words) + r"\b", re.IGNORECASE), False)]
    if len(words) > 1:
        found.append((re.compile(r"\b" + _HONORIFIC + re.escape(words[-1]) + r"\b"), False))
        if words[0].casefold() not in shared and len(words[0]) > 1:
            # Case-sensitive, so the name Will does not match the verb will.
            found.append((re.compile(r"\b" + re.escape(words[0]) + r"\b"), True))
    return found


def _company_patterns(company: str, shared: set[str]) -> list[re.Pattern[str]]:
    core = _LEGAL.sub("", company).strip() or company
    found = [re.compile(r"\b" + _phrase(_words(company)) + r"\b")]
    core_words = _words(core)
    if core != company and core_words:
        found.append(re.compile(r"\b" + _phrase(core_words) + r"\b"))
    head = core_words[0] if core_words else ""
    if len(core_words) > 1 and len(head) >= 3 and head.casefold() not in shared and not is_word(head):
        # "Globex" alone names Globex Systems; "General" alone does not name General Dynamics.
        found.append(re.compile(r"\b" + re.escape(head) + r"\b"))
    return found


_PIECE = re.compile(r"\w+")


def _fold(piece: str) -> str:
    """Case-folded as far as `re.IGNORECASE` goes: it also matches i with the Turkish İ and ı."""
    return piece.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def _could_name(word: str, pieces: set[str]) -> bool:
    """Could a pattern with `word` at its start or end match in the text of these pieces?

    Every pattern below has a name's first or last word between word boundaries (or
    whitespace), so where it matches, each \\w+ piece of that word is a whole piece of
    the text: a name none of whose end words is there is skipped without building its
    patterns, which for a few hundred names would cost more than the rest of the checks.
    """
    return all(_fold(p) in pieces for p in _PIECE.findall(word))


def wrong_names(text: str, context: CheckContext) -> list[Finding]:
    own = [n for n in (context.recipient, context.company, *context.allowed_names) if n]
    shared = {w.casefold() for n in own for w in _words(n)}
    pieces = {_fold(p) for p in _PIECE.findall(text)}
    findings: list[Finding] = []
    for person in context.other_people:
        words = _words(person)
        if not words or not (_could_name(words[0], pieces) or _could_name(words[-1], pieces)):
            continue
        for pattern, first_only in _person_patterns(person, shared):
            for match in pattern.finditer(text):
                word = " ".join(match.group(0).split())  # a name wrapped across lines is quoted on one
                if first_only and is_common_word(word) and starts_sentence(text, match.start()):
                    continue  # "May I ..." is not May Chen
                findings.append(Finding(
                    "wrong-name", "error",
                    f"“{word}” names {person}, who is not the recipient"
                    f"{' (' + context.recipient + ')' if context.recipient else ''}: "
                    f"is this text meant for someone else?",
                    (match.start(), match.end())))
    for company in context.other_companies:
        words = _words(company)
        if not words or not _could_name(words[0], pieces):
            continue
        for pattern in _company_patterns(company, shared):
            for match in pattern.finditer(text):
                findings.append(Finding(
                    "wrong-name", "error",
                    f"“{' '.join(match.group(0).split())}” names {company}, but this note is "
                    f"{'to ' + context.company if context.company else 'for another company'}: "
                    f"remove it or check the note is meant for them.",
                    (match.start(), match.end())))
    return _keep_apart(findings)


def _close(word: str, target: str) -> bool:
    """One slip away (two for long words): a swap, a missing, extra or wrong letter."""
    a, b = _POSSESSIVE.sub("", word.casefold()), target.casefold()
    if a == b:
        return False
    allowed = 2 if len(b) >= 8 else 1
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


def misspelt_names(text: str, context: CheckContext) -> list[Finding]:
    targets = [n for n in (context.recipient, context.company, *context.allowed_names) if n]
    exact = {w.casefold() for n in (*targets, *context.other_people, *context.other_companies) for w in _words(n)}
    words = list(tokens(text))
    findings: list[Finding] = []
    for target in targets:
        parts = _words(target)
        if len(parts) >= 2:
            findings += _windows(text, words, target, parts, exact)
        findings += _single_words(words, target, parts, exact)
    return _keep_apart(findings)


def _adjacent(text: str, run: list[Token]) -> bool:
    return all(not text[a.end:b.start].strip() for a, b in pairwise(run))


def _windows(text: str, words: list[Token], target: str, parts: list[str], exact: set[str]) -> list[Finding]:
    """'Jane Deo' for Jane Doe, 'Acme Crop' for Acme Corp: one word right, the others one slip off."""
    findings: list[Finding] = []
    size = len(parts)
    for i in range(len(words) - size + 1):
        run = words[i:i + size]
        same = [_POSSESSIVE.sub("", w.text).casefold() == p.casefold() for w, p in zip(run, parts, strict=True)]
        if all(same) or not any(same) or not _adjacent(text, run):
            continue
        if all(s or (_close(w.text, p) and _POSSESSIVE.sub("", w.text).casefold() not in exact)
               for s, w, p in zip(same, run, parts, strict=True)):
            findings.append(_misspelt(text[run[0].start:run[-1].end], target, run[0].start, run[-1].end))
    return findings


def _single_words(words: list[Token], target: str, parts: list[str], exact: set[str]) -> list[Finding]:
    """'Jnae' for Jane, 'Initek' for Initech: capitalised, not a word, one slip from a name of four letters or more."""
    findings: list[Finding] = []
    for part in (p for p in parts if len(p) >= 4):
        for word in words:
            text = word.text
            bare = _POSSESSIVE.sub("", text)
            if (len(bare) >= 4 and bare[0].isupper() and bare.casefold() not in exact
                    and _close(bare, part) and not is_word(bare)):
                findings.append(_misspelt(text, part, word.start, word.end))
    return findings


def _misspelt(found: str, target: str, start: int, end: int) -> Finding:
    return Finding("misspelt-name", "error", f"“{found}” looks like a misspelling of “{target}”: correct it.",
                   (start, end))


_SALUTATION = re.compile(r"^(?:Dear|Hello|Hi|Hey|Good (?:morning|afternoon|evening))[ \t]+([^,\n]{1,80}),",
                         re.MULTILINE)


def salutations(text: str, context: CheckContext) -> list[Finding]:
    """The greeting names the recipient exactly as recorded (or by a name they go by): 'Dear Anne,' to Ann Smith is
    an error, though Anne is a real name."""
    forms = context.recipient_forms or salutation_forms(context.recipient, None)
    if not forms:
        return []
    match = _SALUTATION.search(text)
    if match is None:
        return []
    said = " ".join(match.group(1).split())
    if said in forms:
        return []
    others = {" ".join(_words(n)).casefold() for n in context.other_people}
    others |= {_words(n)[0].casefold() for n in context.other_people if _words(n)}
    if said.casefold() in others:
        return []  # the wrong-name check says whose name it is
    first = forms[1] if len(forms) > 1 else forms[0]
    return [Finding("wrong-salutation", "error",
                    f"“{said}” does not match the name recorded for {context.recipient} (“{first}”): greet them "
                    f"by their name exactly, or record the name they go by.", match.span(1))]


def recipient_mentions(text: str, context: CheckContext) -> list[Finding]:
    """Every mention of the recipient is spelt as recorded: a word one letter off their first name or surname
    is an error even when it is itself a name or a word ('Anne' for Ann, 'Jon' for John)."""
    if not context.recipient:
        return []
    parts = [p for p in {*_words(context.recipient), *_words(" ".join(context.recipient_forms[-1:]))} if len(p) >= 3]
    exact = {w.casefold() for n in (context.recipient, context.company or "", *context.allowed_names,
                                    *context.other_people, *context.other_companies, *context.recipient_forms)
             for w in _words(n)} | set(context.known_words)
    findings: list[Finding] = []
    greeting = _SALUTATION.search(text)
    for word in tokens(text):
        bare = _POSSESSIVE.sub("", word.text)
        if not bare[:1].isupper() or bare.casefold() in exact or len(bare) < 3:
            continue
        if greeting is not None and greeting.start(1) <= word.start < greeting.end(1):
            continue  # the salutation check reports it
        if starts_sentence(text, word.start) and is_common_word(bare):
            continue  # "Can we …" is not a slip of Dan
        for part in parts:
            allowed = 2 if len(part) >= 8 else 1
            if OSA.distance(bare.casefold(), part.casefold(), score_cutoff=allowed) <= allowed \
                    and bare.casefold() != part.casefold():
                findings.append(_misspelt(word.text, part, word.start, word.end))
                break
    return findings
