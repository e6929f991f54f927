"""What each kind of note must do, and must not do [000][001][002][003].

- `asks`: a thank-you asks for nothing and does not ask about status (no question, no "any update").
- `check-in-purpose`: a check-in restates interest and at least one strength.
- `final-nudge-purpose`: the final nudge says plainly that it is the last note.
- `decline-purpose`: a decline thanks them. A reason is the user's to give: the draft states one only when
  the facts hold it (another offer accepted), so its absence is not a fault.
- `ultimatum`: a leverage note mentions the other offer in passing, never as an ultimatum.
- `agent-role`: a note to an agent speaks to the agent, not as if they were the employer ("your decision").
- `no-attachment`: the note says something is attached or included, and nothing is.
- `promise-not-attached`: something promised has no file to attach and no link in the sentence that gives it.
"""

from __future__ import annotations

import re
from functools import cache

from afterview.drafting.checks.grammar import body_sentences
from afterview.drafting.checks.promises import _anchor, is_mentioned, key_words
from afterview.drafting.context import THANK_YOU_KINDS, CheckContext
from afterview.drafting.types import Finding, Severity
from afterview.drafting.wording import urls_in

_STATUS = (r"\b(?:status|decision|timeline|time ?frame|next steps?|where things stand|hear back|hearing back|"
           r"any news|an update|any update)\b")
_INTEREST = re.compile(r"\b(?:interest|interested|keen|enthusiastic|excited|eager)\b", re.IGNORECASE)
_LAST = re.compile(r"\b(?:last|final)\b|\b(?:not|never) (?:write|contact you|follow up|be in touch) again\b",
                   re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thank|thanks|grateful|appreciate)\b", re.IGNORECASE)
_AGENT_WRONG = re.compile(
    r"\byour (?:decision|team|company|organi[sz]ation|offer|process|timeline|interview(?:ers)?|hiring|colleagues|"
    r"panel|business|firm)\b|\byou and your colleagues\b|\binterviewing me\b|\bjoin(?:ing)? your\b|"
    r"\boffering me\b|\byou interviewed\b", re.IGNORECASE)
_CLAIMS_ATTACHMENT = re.compile(
    r"\b(?:attached|attaching|attachments?|enclosed|enclosing|please find|I am including|I[’']m including|"
    r"I have included|I[’']ve included|I include|included with this|included here)\b", re.IGNORECASE)


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    def one(phrase: str) -> str:
        return r"\b" + r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split()) + r"\b"

    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile("|".join([_STATUS, *(one(p) for p in ordered)]), re.IGNORECASE)


def _whole(text: str) -> tuple[int, int]:
    body = text.find("\n\n")
    start = body + 2 if body >= 0 else 0
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text) if m.start() >= start]
    return lines[0] if lines else (0, len(text))


def _f(code: str, message: str, span: tuple[int, int], severity: Severity = "error") -> Finding:
    return Finding(code, severity, message, span)


def _mentions_strength(text: str, strengths: tuple[str, ...]) -> bool:
    folded = text.casefold()
    for strength in strengths:
        keys = key_words(strength)
        if keys and sum(k in folded for k in keys) * 2 >= len(keys):
            return True
    return False


def purpose(text: str, context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    body_at = text.find("\n\n") + 2 if text.startswith("Subject:") else 0
    body = text[body_at:]
    if context.is_thank_you:
        for match in _pattern(context.asking_phrases).finditer(body):
            findings.append(_f("asks", f"“{match.group(0)}” asks about the decision or for something, and a "
                                       f"thank-you asks for nothing: save it for the check-in.",
                               (body_at + match.start(), body_at + match.end())))
        for match in re.finditer(r"[^.!?\n]*\?", body):
            findings.append(_f("asks", "A thank-you asks no questions: keep it to thanks, and ask in the check-in.",
                               (body_at + match.start() + len(match.group(0)) - len(match.group(0).lstrip()),
                                body_at + match.end())))
    if context.kind == "check_in":
        if not _INTEREST.search(text):
            findings.append(_f("check-in-purpose", "A check-in restates your interest in the role: say you "
                                                   "remain interested.", _whole(text)))
        if context.strengths and not _mentions_strength(text, context.strengths):
            findings.append(_f("check-in-purpose", f"A check-in reminds them of a strength: mention one, such as "
                                                   f"“{context.strengths[0]}”.", _whole(text)))
        elif not context.strengths:
            findings.append(_f("check-in-purpose", "No strengths are recorded in your profile, so this check-in "
                                                   "cannot restate one: add them.", _whole(text), "warning"))
    if context.kind == "final_nudge" and not _LAST.search(text):
        findings.append(_f("final-nudge-purpose", "The final nudge says plainly that it is your last note "
                                                  "(“This will be my last note about the role”).", _whole(text)))
    if context.kind == "decline_offer" and not _THANKS.search(body):
        findings.append(_f("decline-purpose", "A decline thanks them for the offer and their time.", _whole(text)))
    if context.kind == "leverage":
        for match in _pattern_ultimatum(context.ultimatum_phrases).finditer(text):
            findings.append(_f("ultimatum", f"“{match.group(0)}” reads as an ultimatum: mention the other offer "
                                            f"in passing and leave the timing to them.", (match.start(), match.end())))
    if context.recipient_role == "agent":
        for match in _AGENT_WRONG.finditer(body):
            findings.append(_f("agent-role", f"“{match.group(0)}” speaks to {context.recipient or 'the agent'} as if "
                                             f"they were the employer; they are your agent: name "
                                             f"{context.company or 'the company'} instead.",
                               (body_at + match.start(), body_at + match.end())))
    return findings


@cache
def _pattern_ultimatum(phrases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(r"\b" + r"\s+".join(re.escape(w) for w in p.split()) + r"\b" for p in ordered)
                      or r"(?!x)x", re.IGNORECASE)


def attachments(text: str, context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    if not context.attachments:
        for match in _CLAIMS_ATTACHMENT.finditer(text):
            findings.append(_f("no-attachment", f"“{match.group(0)}”, but this note carries no attachment: record "
                                                f"the file with the promise, or send a link instead.",
                               (match.start(), match.end())))
    linked = [s.text for s in body_sentences(text) if urls_in(s.text)]
    for item, file in context.promised_files:
        # A link in the sentence that hands the item over fulfils the promise as well as a file would.
        if file is None and not any(is_mentioned(item, sentence) for sentence in linked):
            findings.append(_f("promise-not-attached",
                               f"You promised {context.recipient or 'this person'} “{item}”, and no file is recorded "
                               f"for it: record the file to attach, or give its link.", _anchor(text)))
    return findings


__all__ = ["THANK_YOU_KINDS", "attachments", "purpose"]
