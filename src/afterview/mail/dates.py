"""Dates in the words of a message, read relative to its own Date in the user's time zone.

"I'll follow up by Tuesday, March 31" sent on 12 March is 31 March; "next Friday"
is the Friday of the week after the message's; "end of next week" that week's
Friday; "within two weeks" and "in 10 days" count from the message's day;
"early January" is 10 January, "mid" the 20th, "late" or "end of" the last day;
a month alone its last day (the decision comes by then, not before).

Absolute dates ("31 March", "Tuesday, March 31", "le 3 avril", "14. April",
"04/05/2026", "the 31st") are read by `dateparser`, in the message's language and
in the day/month order of the employer's country; its candidates are kept only
when they hold a month name, a numeric date or an ordinal day, which drops its
readings of ordinary words ("We", "may"). Durations, weekdays and parts of a
month are read here from the word tables in `languages`, the same in every
language, because `dateparser` reads them differently from one language to the next.
"""

from __future__ import annotations

import calendar
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from afterview.mail import languages as words
from afterview.mail.blanks import blanked, byte_table

# Countries that write the month first (4/5 is April 5) or the year first.
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "AS", "PR", "VI", "CA", "BZ"})
_YEAR_FIRST = frozenset({"CN", "JP", "KR", "TW", "HU", "LT", "MN", "IR"})
# A reply speaks of the next weeks or months; anything later is not a decision date.
_HORIZON = timedelta(days=400)
# A sentence ends at . ! ? ; and a blank — but not after a number ("14. April", "31. März"). Each way
# starts with a blank, tested first: a pattern that starts with a look back tries it at every character.
_SENTENCE = re.compile(r"\s(?<=\D[.!?;]\s)\s*|\n\s*\n|\n(?=[-*•])")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?\b")
_ORDINAL_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th|er|e|º|°|\.)(?!\d)|"
                          r"\b(?:the|le|el|il|am|den|dem|op|de|dia|day|o|a|al)\s+\d{1,2}\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    phrase: str  # the words the date was read from
    sentence: str  # the sentence holding them, to show the user


def date_order(country: str | None) -> str:
    """`dateparser`'s DATE_ORDER for an employer in this country."""
    code = (country or "").upper()
    return "MDY" if code in _MONTH_FIRST else "YMD" if code in _YEAR_FIRST else "DMY"


# Where a reply's quote of the earlier message starts: Outlook's header block, and the
# "On … wrote:" line of Gmail, Apple Mail and Thunderbird in the seven languages.
_QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"messaggio originale|oorspronkelijk bericht|mensagem original)\s*-{2,}|_{10,}\s*$|"
    r"(?:from|von|de|da|van):\s.*\n\s*(?:sent|gesendet|envoyé|enviado|inviato|verzonden|date|datum):|"
    r"(?:on|am|le|el|il|op|em)\s.{6,200}\b(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\b"
    r".{0,200}:\s*$)",
    re.IGNORECASE | re.MULTILINE)


def own_words(text: str) -> str:
    """The text without the quote of the message it answers, and without quoted ("> …") lines."""
    found = _QUOTE_START.search(text)
    if found:
        text = text[: found.start()]
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def sentences(text: str) -> list[str]:
    """The sender's own words cut into sentences, each on one line (see `own_words`)."""
    kept = own_words(text)
    out = []
    for part in _SENTENCE.split(kept):
        sentence = " ".join(part.split())
        if sentence:
            out.append(sentence)
    return out


@cache
def _tables(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Per language: durations, weekdays (with "next"), parts of a month, and "next week"."""
    def alt(items: object) -> str:
        return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))  # type: ignore[call-overload]

    numbers = words.NUMBERS[lang]
    duration = re.compile(rf"\b(?P<n>\d{{1,3}}|{alt(numbers)})\s+(?:(?P<biz>{alt(words.BUSINESS)})\s+)?"
                          rf"(?P<unit>{alt(words.UNITS[lang])})(?:\s+(?P<biz2>{alt(words.BUSINESS)}))?\b")
    weekday = re.compile(rf"(?:(?P<pre>{alt(words.NEXT[lang])})\s+(?:week\s+)?)?"
                         rf"\b(?P<day>{alt(words.weekday_names(lang))})\b"
                         rf"(?:\s+(?P<post>{alt(words.NEXT[lang])})\b)?")
    month_part = re.compile(rf"(?:(?P<part>{alt(words.MONTH_PART[lang])})[\s-]*(?:of\s+|de\s+|di\s+)?)?"
                            rf"\b(?P<month>{alt(words.month_names(lang))})\b(?!\s*\d)")
    week = words.WEEK[lang]
    nxt = alt(words.NEXT[lang])
    next_week = re.compile(rf"(?:{nxt})\s+{week}|{week}\s+(?:{nxt})|(?P<this>{alt(words.THIS_WEEK[lang])})")
    return duration, weekday, month_part, next_week


def _friday(of: date, weeks_ahead: int) -> date:
    return of - timedelta(days=of.weekday()) + timedelta(days=7 * weeks_ahead + 4)


def _month_day(base: date, month: int, part: int | None) -> date:
    year = base.year if month >= base.month else base.year + 1
    last = calendar.monthrange(year, month)[1]
    day = last if not part else min(part, last)
    found = date(year, month, day)
    return found if found > base else date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def _durations(low: str, lang: str, base: date) -> list[tuple[int, date, str]]:
    found = []
    for match in _tables(lang)[0].finditer(low):
        n_text = match.group("n")
        n = int(n_text) if n_text.isdigit() else words.NUMBERS[lang][n_text]
        days = n * words.UNITS[lang][match.group("unit")]
        if match.group("biz") or match.group("biz2"):
            days = n // 5 * 7 + n % 5  # business days: five to a week
        found.append((match.start(), base + timedelta(days=days), match.group(0)))
    return found


def _weekdays(low: str, lang: str, base: date) -> list[tuple[int, date, str]]:
    found = []
    for match in _tables(lang)[1].finditer(low):
        target = words.weekday_names(lang)[match.group("day")]
        if match.group("pre") or match.group("post"):
            when = base - timedelta(days=base.weekday()) + timedelta(days=7 + target)
        else:
            when = base + timedelta(days=(target - base.weekday()) % 7 or 7)
        found.append((match.start(), when, match.group(0)))
    return found


def _month_parts(low: str, lang: str, base: date) -> list[tuple[int, date, str]]:
    found = []
    for match in _tables(lang)[2].finditer(low):
        part_word = match.group("part")
        part = words.MONTH_PART[lang][part_word] if part_word else None
        if lang == "en" and match.group("month") == "may" and not part_word:
            continue  # "we may decide": the verb, not the month
        found.append((match.start(), _month_day(base, words.month_names(lang)[match.group("month")], part),
                      match.group(0)))
    return found


def _next_weeks(low: str, lang: str, base: date) -> list[tuple[int, date, str]]:
    return [(match.start(), _friday(base, 0 if match.group("this") else 1), match.group(0))
            for match in _tables(lang)[3].finditer(low)]


_WORD = re.compile(r"\w+")
# In ASCII text a word character is a letter, a digit or "_": the rest made blanks, `split` gives the words.
_ASCII_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})
_ASCII_NOT_WORD_BYTES = byte_table(_ASCII_NOT_WORD)


def _words_of(low: str) -> frozenset[str]:
    """The words (runs of `\\w`) of a text, as `_WORD` finds them."""
    if low.isascii():
        return frozenset(blanked(low, _ASCII_NOT_WORD, _ASCII_NOT_WORD_BYTES).split())
    return frozenset(_WORD.findall(low))


_Reader = Callable[[str, str, date], list[tuple[int, date, str]]]


@cache
def _openers() -> tuple[dict[str, tuple[tuple[str, _Reader], ...]], dict[str, tuple[str, ...]]]:
    """What a sentence must hold for a language's table of `_tables` to match, looked for first: most
    sentences hold none, and a set lookup costs far less than running the pattern. A duration's unit, a
    weekday's or a month's name (its first word) is a whole word, as the patterns bound them: each such word
    with the (language, reader) pairs it opens. "Next week" holds the week's word anywhere: each with its
    languages."""
    by_word: dict[str, set[tuple[str, _Reader]]] = {}
    by_week: dict[str, set[str]] = {}
    for lang in words.LANGUAGES:
        for reader, names in ((_durations, words.UNITS[lang]), (_weekdays, words.weekday_names(lang)),
                              (_month_parts, words.month_names(lang))):
            for name in names:
                by_word.setdefault(_WORD.findall(name)[0], set()).add((lang, reader))
        phrases = {words.WEEK[lang], *words.THIS_WEEK[lang]}
        for phrase in phrases:
            if not any(other != phrase and other in phrase for other in phrases):  # "week" in "this week"
                by_week.setdefault(phrase, set()).add(lang)
    return ({word: tuple(pairs) for word, pairs in by_word.items()},
            {week: tuple(langs) for week, langs in by_week.items()})


_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_digit(text: str) -> bool:
    """Whether a character of the text is a digit (`str.isdigit`): in ASCII text only 0-9 are."""
    return _ASCII_DIGIT.search(text) is not None if text.isascii() else any(map(str.isdigit, text))


@cache
def _number_words(lang: str) -> frozenset[str]:
    return frozenset(_WORD.findall(number)[0] for number in words.NUMBERS[lang])


def _may_match(reader: _Reader, lang: str, low: str, held: frozenset[str]) -> bool:
    """The second thing a duration and "next week" need: a number before the unit (a whole word, or
    digits); the word for next, or a phrase for this week."""
    if reader is _durations:
        return not held.isdisjoint(_number_words(lang)) or _has_digit(low)
    if reader is _next_weeks:
        return any(word in low for word in words.NEXT[lang]) or any(p in low for p in words.THIS_WEEK[lang])
    return True


def _relative(low: str, base: date) -> list[tuple[int, date, str]]:
    """(position, date, phrase) of the durations, weekdays, weeks and month parts of every language in a
    case-folded sentence, in no particular order."""
    by_word, by_week = _openers()
    held = _words_of(low)
    opened = {pair for word in held.intersection(by_word) for pair in by_word[word]}
    opened.update((lang, _next_weeks) for week, langs in by_week.items() if week in low for lang in langs)
    return [found for lang, reader in opened if _may_match(reader, lang, low, held)
            for found in reader(low, lang, base)]


def _absolute(sentence: str, lang: str, base: datetime, order: str) -> list[tuple[int, date, str]]:
    """(position, date, phrase) of the dates `dateparser` finds that hold a month name, a numeric date or a day."""
    from dateparser.search import search_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about its own use of deprecated parsing
        try:
            results = search_dates(sentence, languages=[lang], settings={
                "RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "DATE_ORDER": order,
                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}) or []
        except (ValueError, OverflowError, TypeError, LookupError, IndexError):
            return []
    found: list[tuple[int, date, str]] = []
    low = sentence.casefold()
    at = 0
    for phrase, when in results:
        text = phrase.casefold()
        position = low.find(text, at)
        at = max(at, position + 1)
        has_month = _month_words(lang, short=True).search(text) is not None
        if not (has_month or _NUMERIC_DATE.search(text) or _ORDINAL_DAY.search(text)):
            continue
        if not any(c.isdigit() for c in text):
            continue  # a month alone ("in January") is a part of a month: see `_relative`
        found.append((max(position, 0), when.date(), phrase))
    return found


@cache
def _month_words(lang: str, *, short: bool) -> re.Pattern[str]:
    """Any month name of the language as a whole word: with `short`, also its abbreviations and the English
    names (a month in a date `dateparser` found), else only names longer than three letters (a sign the
    sentence is in that language)."""
    names = [*words.month_names(lang), *words.month_names("en")] if short else [
        m for m in words.month_names(lang) if len(m) > 3]
    return re.compile("|".join(rf"\b{re.escape(m)}\b" for m in names))


def _languages(sentence: str, lang: str) -> list[str]:
    """The message's language first, then any other whose month names the sentence uses."""
    low = sentence.casefold()
    others = [other for other in words.LANGUAGES
              if other != lang and _month_words(other, short=False).search(low) is not None]
    return [lang, *others]


def find_dates(text: str, sent: datetime, *, lang: str | None = None, country: str | None = None,
               cues: tuple[str, ...] = ()) -> list[FoundDate]:
    """The dates after `sent` (a naive local datetime: the message's Date in the user's zone) that the text names.

    Only sentences holding one of `cues` (lower case) are read when cues are given.
    In a sentence, a full date wins over a weekday, a duration or a month alone.
    Relative words are looked for in every language (a short sentence does not
    tell its language); full dates in the message's language and in any other
    whose month names the sentence holds.
    """
    base_day = sent.date()
    out: list[FoundDate] = []
    for sentence in sentences(text):
        low = sentence.casefold()
        if cues and not any(cue in low for cue in cues):
            continue
        absolute: list[tuple[int, date, str]] = []
        # A full date holds a digit (`_absolute` keeps no other): most sentences have none, and
        # `dateparser` is by far the dearest step of the scan.
        if _has_digit(sentence):
            # The message's language matters to `dateparser` only; most messages never get here.
            lang = lang or words.detect(text)
            for each in _languages(sentence, lang):
                absolute = _absolute(sentence, each, sent, date_order(country))
                if absolute:
                    break
        candidates = absolute or sorted(_relative(low, base_day))
        for _, day, phrase in candidates:
            if base_day < day <= base_day + _HORIZON:
                out.append(FoundDate(day, phrase, sentence))
                break
    return out
