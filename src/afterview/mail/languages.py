"""The words of dates and of hiring mail in the seven languages the scan reads.

English, German, French, Spanish, Italian, Dutch and Portuguese. Everything is
lower case; text is compared after `casefold`. `detect` picks the language of a
message from its most common small words, which is all the date and outcome
readers need: which month names, weekdays and phrases to look for.
"""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")

MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
           ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
           ("october", "oct"), ("november", "nov"), ("december", "dec")),
    "de": (("januar", "jänner", "jan"), ("februar", "feb"), ("märz", "maerz", "mär"), ("april", "apr"), ("mai",),
           ("juni",), ("juli",), ("august", "aug"), ("september", "sept", "sep"), ("oktober", "okt"),
           ("november", "nov"), ("dezember", "dez")),
    "fr": (("janvier", "janv"), ("février", "fevrier", "févr"), ("mars",), ("avril", "avr"), ("mai",), ("juin",),
           ("juillet", "juil"), ("août", "aout"), ("septembre", "sept"), ("octobre", "oct"), ("novembre", "nov"),
           ("décembre", "decembre", "déc")),
    "es": (("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",), ("julio",), ("agosto",),
           ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre",)),
    "it": (("gennaio",), ("febbraio",), ("marzo",), ("aprile",), ("maggio",), ("giugno",), ("luglio",), ("agosto",),
           ("settembre",), ("ottobre",), ("novembre",), ("dicembre",)),
    "nl": (("januari", "jan"), ("februari", "feb"), ("maart", "mrt"), ("april", "apr"), ("mei",), ("juni",),
           ("juli",), ("augustus", "aug"), ("september", "sept", "sep"), ("oktober", "okt"), ("november", "nov"),
           ("december", "dec")),
    "pt": (("janeiro",), ("fevereiro",), ("março", "marco"), ("abril",), ("maio",), ("junho",), ("julho",),
           ("agosto",), ("setembro",), ("outubro",), ("novembro",), ("dezembro",)),
}
WEEKDAYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("monday",), ("tuesday",), ("wednesday",), ("thursday",), ("friday",), ("saturday",), ("sunday",)),
    "de": (("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",), ("samstag", "sonnabend"),
           ("sonntag",)),
    "fr": (("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
    "es": (("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",), ("sábado", "sabado"),
           ("domingo",)),
    "it": (("lunedì", "lunedi"), ("martedì", "martedi"), ("mercoledì", "mercoledi"), ("giovedì", "giovedi"),
           ("venerdì", "venerdi"), ("sabato",), ("domenica",)),
    "nl": (("maandag",), ("dinsdag",), ("woensdag",), ("donderdag",), ("vrijdag",), ("zaterdag",), ("zondag",)),
    "pt": (("segunda-feira", "segunda"), ("terça-feira", "terca-feira", "terça"), ("quarta-feira", "quarta"),
           ("quinta-feira", "quinta"), ("sexta-feira", "sexta"), ("sábado", "sabado"), ("domingo",)),
}
NUMBERS: dict[str, dict[str, int]] = {
    "en": {"a": 1, "an": 1, "one": 1, "a couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14},
    "de": {"einer": 1, "einem": 1, "eine": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "vierzehn": 14},
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "dix": 10, "quinze": 15},
    "es": {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "diez": 10, "quince": 15},
    "it": {"un": 1, "una": 1, "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
           "otto": 8, "dieci": 10, "quindici": 15},
    "nl": {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
           "tien": 10, "veertien": 14},
    "pt": {"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
           "sete": 7, "oito": 8, "dez": 10, "quinze": 15},
}
# Units of a duration ("in 10 days", "within two weeks"), as days per unit.
UNITS: dict[str, dict[str, int]] = {
    "en": {"days": 1, "day": 1, "weeks": 7, "week": 7, "months": 30, "month": 30},
    "de": {"tagen": 1, "tage": 1, "tag": 1, "wochen": 7, "woche": 7, "monaten": 30, "monate": 30, "monat": 30},
    "fr": {"jours": 1, "jour": 1, "semaines": 7, "semaine": 7, "mois": 30},
    "es": {"días": 1, "dias": 1, "día": 1, "dia": 1, "semanas": 7, "semana": 7, "meses": 30, "mes": 30},
    "it": {"giorni": 1, "giorno": 1, "settimane": 7, "settimana": 7, "mesi": 30, "mese": 30},
    "nl": {"dagen": 1, "dag": 1, "weken": 7, "week": 7, "maanden": 30, "maand": 30},
    "pt": {"dias": 1, "dia": 1, "semanas": 7, "semana": 7, "meses": 30, "mês": 30, "mes": 30},
}
# "business days", "Werktagen", "jours ouvrés" …: five of them make a week.
BUSINESS = ("business", "working", "werktag", "werktagen", "arbeitstag", "arbeitstagen", "ouvrés", "ouvrables",
            "hábiles", "habiles", "laborables", "lavorativi", "werkdagen", "úteis", "uteis")
NEXT = {"en": ("next", "the following"), "de": ("nächste", "nächsten", "nächster", "kommende", "kommenden"),
        "fr": ("prochain", "prochaine"), "es": ("próximo", "próxima", "proximo", "proxima", "que viene"),
        "it": ("prossimo", "prossima"), "nl": ("volgende", "komende"),
        "pt": ("próximo", "próxima", "proximo", "proxima", "que vem")}
THIS_WEEK = {"en": ("this week", "end of the week", "by the weekend"), "de": ("diese woche", "dieser woche",
             "ende der woche", "diese woche noch"), "fr": ("cette semaine", "fin de semaine", "fin de la semaine"),
             "es": ("esta semana", "final de la semana", "fin de semana"),
             "it": ("questa settimana", "fine settimana", "fine della settimana"),
             "nl": ("deze week", "eind van de week", "einde van de week"),
             "pt": ("esta semana", "fim da semana", "final da semana")}
WEEK = {"en": "week", "de": "woche", "fr": "semaine", "es": "semana", "it": "settimana", "nl": "week",
        "pt": "semana"}
# Words before a month that say which part of it: early, mid, late.
MONTH_PART: dict[str, dict[str, int]] = {
    "en": {"early": 10, "beginning of": 10, "start of": 10, "mid": 20, "middle of": 20, "late": 0, "end of": 0},
    "de": {"anfang": 10, "beginn": 10, "mitte": 20, "ende": 0},
    "fr": {"début": 10, "debut": 10, "mi-": 20, "mi": 20, "milieu": 20, "fin": 0},
    "es": {"principios de": 10, "comienzos de": 10, "inicios de": 10, "mediados de": 20, "finales de": 0,
           "fines de": 0},
    "it": {"inizio": 10, "primi di": 10, "metà": 20, "meta": 20, "fine": 0},
    "nl": {"begin": 10, "half": 20, "midden": 20, "eind": 0, "einde": 0},
    "pt": {"início de": 10, "inicio de": 10, "começo de": 10, "meados de": 20, "final de": 0, "fim de": 0},
}
# Small words that say which language a text is in.
_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("the", "and", "you", "we", "to", "for", "with", "your", "will", "of", "thank"),
    "de": ("und", "der", "die", "das", "sie", "wir", "ihnen", "mit", "für", "nicht", "ist", "uns", "ihre"),
    "fr": ("le", "la", "les", "et", "vous", "nous", "pour", "avec", "votre", "est", "une", "des"),
    "es": ("el", "la", "los", "las", "y", "usted", "para", "con", "su", "que", "le", "por", "una"),
    "it": ("il", "la", "di", "e", "che", "per", "con", "la", "sua", "lei", "non", "una", "gli"),
    "nl": ("de", "het", "een", "en", "u", "wij", "we", "voor", "met", "uw", "niet", "van", "is"),
    "pt": ("o", "a", "os", "as", "e", "você", "para", "com", "sua", "que", "não", "uma", "em"),
}
_WORD = re.compile(r"[^\W\d_]+")
# Each marker word with the languages it counts for (a word such as "la" speaks for several).
_MARKED: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang in LANGUAGES if word in _MARKERS[lang]) for words in _MARKERS.values() for word in words}


def detect(text: str) -> str:
    """The language of a text among `LANGUAGES` (English when nothing tells)."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text[:4000].casefold()):
        for lang in _MARKED.get(word, ()):
            counts[lang] += 1
    best = max(LANGUAGES, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else "en"


# Read for every sentence the scan looks at: built once (callers never change them).
@cache
def month_names(lang: str) -> dict[str, int]:
    return {name: number for number, names in enumerate(MONTHS[lang], start=1) for name in names}


@cache
def weekday_names(lang: str) -> dict[str, int]:
    return {name: number for number, names in enumerate(WEEKDAYS[lang]) for name in names}
