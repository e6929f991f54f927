"""Reading a reply for a clear offer, a clear rejection, or a new decision date.

These are suggestions for the user to confirm, never facts applied silently, so
the lists favour phrases that are unambiguous in hiring mail. "Unfortunately"
on its own is not a rejection ("unfortunately the interviewer is ill"); it
counts only next to a second rejection cue.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Suggestion = Literal["offer", "rejected"]

OFFER_PHRASES: tuple[str, ...] = (
    "pleased to offer", "happy to offer", "delighted to offer", "offer of employment", "formal offer",
    "offer letter", "extend an offer", "extend you an offer", "extending an offer", "like to offer you",
    "offer you the position", "offer you the role", "offer you the job", "welcome you to the team",
    "welcome aboard",
)
REJECTION_PHRASES: tuple[str, ...] = (
    "decided to move forward with other candidates", "move forward with other candidates",
    "moving forward with other candidates", "move forward with another candidate",
    "not be moving forward", "not moving forward with your application", "won't be moving forward",
    "decided not to proceed", "not to proceed with your application", "position has been filled",
    "role has been filled", "pursue other candidates", "gone with another candidate",
    "selected another candidate", "offered the position to another", "not been selected",
    "were not selected", "unsuccessful on this occasion", "regret to inform you",
    "not be offering you", "unable to offer you", "not be able to offer you",
)
# "unfortunately" is a rejection only together with one of these.
WEAK_REJECTION = "unfortunately"
REJECTION_CUES: tuple[str, ...] = (
    "other candidate", "another candidate", "not selected", "not successful", "unsuccessful",
    "not proceed", "closer match", "better match", "more closely match", "decided to", "regret",
)
# An offer phrase right after one of these is a refusal ("not be able to offer you").
_NEGATIONS = ("not ", "n't ", "unable ", "no longer ")


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _has_offer(text: str) -> bool:
    for phrase in OFFER_PHRASES:
        at = text.find(phrase)
        while at >= 0:
            before = text[max(0, at - 20) : at]
            if not any(neg in before for neg in _NEGATIONS):
                return True
            at = text.find(phrase, at + 1)
    return False


def suggest_outcome(subject: str, body: str) -> Suggestion | None:
    """"offer" or "rejected" when the message says so clearly, else None (also when it says both)."""
    text = _normal(f"{subject}\n{body}")
    rejected = any(p in text for p in REJECTION_PHRASES) or (
        WEAK_REJECTION in text and any(c in text for c in REJECTION_CUES))
    offer = _has_offer(text)
    if rejected and not offer:
        return "rejected"
    if offer and not rejected:
        return "offer"
    return None


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december")), start=1) for name in names}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?P<iso>\b\d{4}-\d{2}-\d{2}\b)"
    rf"|\b(?P<md_month>{_MONTH_NAMES})\b\.?\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_year>\d{{4}}))?"
    rf"|\b(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<dm_month>{_MONTH_NAMES})\b\.?(?:,?\s+(?P<dm_year>\d{{4}}))?"
    rf"|\b(?P<weekday>{'|'.join(_WEEKDAYS)})\b"
)
_DECISION_WORDS = ("decision", "decide", "get back to you", "let you know", "hear from", "update you",
                   "be in touch", "next steps", "come back to you")


def _date_of(found: re.Match[str], received: date) -> date | None:
    try:
        if found.group("iso"):
            return date.fromisoformat(found.group("iso"))
        if found.group("weekday"):
            ahead = (_WEEKDAYS.index(found.group("weekday")) - received.weekday()) % 7 or 7
            return received + timedelta(days=ahead)
        kind = "md" if found.group("md_month") else "dm"
        month = _MONTHS[found.group(f"{kind}_month")]
        day = int(found.group(f"{kind}_day"))
        year_text = found.group(f"{kind}_year")
        year = int(year_text) if year_text else received.year
        result = date(year, month, day)
        if not year_text and result < received:
            result = date(year + 1, month, day)
        return result
    except (KeyError, ValueError, IndexError):
        return None


def find_decision_date(text: str, received: date) -> date | None:
    """A date the sender gives for the decision or their next word, if one is stated plainly.

    Looks only in sentences that talk about a decision or getting back; the
    date must be after the day the message came. Month names are English.
    """
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", _normal_keep_lines(text)):
        if not any(word in sentence for word in _DECISION_WORDS):
            continue
        for found in _DATE.finditer(sentence):
            when = _date_of(found, received)
            if when is not None and when > received:
                return when
    return None


def _normal_keep_lines(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("’", "'").lower())
