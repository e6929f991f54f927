"""What a reply says: an offer, a rejection, an invitation to a next round, a request for
references, "we need more time", and a date for the decision.

These are suggestions for the user to confirm, never facts applied silently. Each
comes with the sentence that triggered it and a confidence: 0.9 for a phrase that
says it outright in hiring mail ("we are pleased to offer you", "leider müssen wir
Ihnen mitteilen"), 0.6 for a weaker word next to a second cue ("unfortunately" is a
rejection only beside "another candidate", "regret", …: "unfortunately the
interviewer is ill" is not). An offer phrase right after a negation ("we will not be
offering you") is a refusal. A message that reads as both an offer and a rejection
gets neither. Phrases are in English, German, French, Spanish, Italian, Dutch and
Portuguese, compared on case-folded text with typographic apostrophes made plain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from afterview.mail.blanks import blanked, byte_table
from afterview.mail.dates import FoundDate, find_dates, sentences

Suggestion = Literal["offer", "rejected"]
ReadingKind = Literal["offer", "rejected", "invitation", "references", "more_time"]
STRONG, WEAK = 0.9, 0.6

OFFER_PHRASES: tuple[str, ...] = (
    "pleased to offer", "happy to offer", "delighted to offer", "offer of employment", "formal offer",
    "offer letter", "extend an offer", "extend you an offer", "extending an offer", "like to offer you",
    "offer you the position", "offer you the role", "offer you the job", "welcome you to the team",
    "welcome aboard", "job offer", "offer you a position", "we are offering you",
    "freuen uns, ihnen", "ihnen die stelle anbieten", "ihnen ein angebot", "vertragsangebot", "arbeitsvertrag",
    "zusage für die stelle", "ihnen eine zusage",
    "vous proposer le poste", "offre d'emploi", "proposition d'embauche", "promesse d'embauche",
    "le plaisir de vous proposer", "vous faire une offre",
    "ofrecerle el puesto", "oferta de trabajo", "oferta de empleo", "ofrecerte el puesto", "oferta formal",
    "offrirle la posizione", "offerta di lavoro", "proposta di assunzione", "offrirti la posizione",
    "aanbieden van de functie", "de functie aan te bieden", "arbeidsovereenkomst", "aanbod voor de functie",
    "een aanbod te doen",
    "oferecer a vaga", "oferecer o cargo", "proposta de emprego", "oferta de emprego", "proposta de trabalho",
)
REJECTION_PHRASES: tuple[str, ...] = (
    "decided to move forward with other candidates", "move forward with other candidates",
    "moving forward with other candidates", "move forward with another candidate",
    "not be moving forward", "not moving forward with your application", "won't be moving forward",
    "decided not to proceed", "not to proceed with your application", "position has been filled",
    "role has been filled", "pursue other candidates", "gone with another candidate",
    "selected another candidate", "offered the position to another", "not been selected",
    "were not selected", "unsuccessful on this occasion", "regret to inform you",
    "not be offering you", "not be offering the position", "will not be offering", "won't be offering",
    "unable to offer you", "not be able to offer you", "chosen a candidate", "chosen another candidate",
    "chose another candidate", "decided to go with another", "not be progressing", "not progress your application",
    "other candidates whose", "not to move forward",
    "leider müssen wir ihnen mitteilen", "nicht berücksichtigen", "für einen anderen kandidaten",
    "für eine andere kandidatin", "absage", "anderen bewerber entschieden", "anderen bewerberin entschieden",
    "nicht weiter berücksichtigt",
    "ne pas retenir votre candidature", "pas été retenue", "pas été retenu", "ne pouvons pas donner une suite",
    "ne pouvons donner une suite favorable", "un autre candidat", "une autre candidate",
    "regrettons de vous informer",
    "no ha sido seleccionada", "no ha sido seleccionado", "otro candidato", "otra candidata",
    "lamentamos informarle", "no continuar con su candidatura", "no seguir adelante con su candidatura",
    "non è stata selezionata", "non è stato selezionato", "altro candidato", "un'altra candidata",
    "siamo spiacenti di comunicarle", "non proseguire con la sua candidatura",
    "helaas moeten wij u", "helaas moeten we je", "niet verder te gaan", "voor een andere kandidaat",
    "niet geselecteerd", "afgewezen",
    "não foi selecionada", "não foi selecionado", "outro candidato", "outra candidata",
    "lamentamos informar", "não seguir com a sua candidatura", "não dar continuidade",
)
WEAK_REJECTION = ("unfortunately", "leider", "malheureusement", "lamentablemente", "desafortunadamente",
                  "purtroppo", "helaas", "infelizmente")
REJECTION_CUES: tuple[str, ...] = (
    "other candidate", "another candidate", "not selected", "not successful", "unsuccessful",
    "not proceed", "closer match", "better match", "more closely match", "decided to", "regret",
    "hands-on experience", "more experience", "not be offering",
    "entschieden", "nicht weiter", "anderen", "passender", "pas retenu", "pas retenue", "autre", "profil",
    "otro", "otra", "no continuar", "altro", "altra", "non proseguire", "andere", "niet verder",
    "outro", "outra", "não seguir",
)
INVITATION_PHRASES: tuple[str, ...] = (
    "invite you to a second", "invite you to the next", "invite you for a second", "invite you for another",
    "next round", "second interview", "second round", "final interview", "final round", "on-site interview",
    "onsite interview", "meet the team", "schedule a follow-up interview", "invite you back",
    "zweites gespräch", "zweiten gespräch", "nächste runde", "weiteres gespräch", "einladen",
    "second entretien", "prochain entretien", "prochaine étape", "vous inviter",
    "segunda entrevista", "siguiente ronda", "próxima entrevista", "invitarle",
    "secondo colloquio", "prossimo colloquio", "invitarla",
    "tweede gesprek", "volgende ronde", "vervolggesprek", "uitnodigen",
    "próxima etapa", "convidá-lo", "convidá-la", "convidar",
)
REFERENCES_PHRASES: tuple[str, ...] = (
    "references", "referees", "reference check", "contact details of two", "contact details for two",
    "referenzen", "referenzgeber", "références", "referencias", "referenze", "referenties", "referências",
)
REFERENCES_CUES: tuple[str, ...] = (
    "send", "provide", "share", "could you", "can you", "please", "need", "ask", "details",
    "bitte", "senden", "nennen", "merci de", "pourriez", "envoyer", "por favor", "enviar", "facilitar",
    "potrebbe", "inviare", "fornire", "graag", "kunt u", "sturen", "poderia", "enviar", "pode",
)
MORE_TIME_PHRASES: tuple[str, ...] = (
    "need more time", "need a little more time", "need a bit more time", "taking longer than",
    "take longer than", "delayed", "delay in our", "still deciding", "still reviewing", "on hold",
    "still interviewing", "not yet made a decision", "haven't made a decision", "have not made a decision",
    "not made a final decision", "more time", "been postponed", "push back",
    "mehr zeit", "länger als geplant", "länger dauert", "verzögert", "noch keine entscheidung",
    "plus de temps", "plus longtemps que prévu", "pas encore pris de décision", "retardé",
    "más tiempo", "más de tiempo", "más de lo previsto", "todavía no hemos tomado", "retrasado",
    "più tempo", "più di tempo", "più del previsto", "non abbiamo ancora preso", "ritardo",
    "meer tijd", "langer dan verwacht", "nog geen beslissing", "vertraging",
    "mais tempo", "mais do que o previsto", "ainda não tomamos", "atrasado",
)
_DECISION_CUES: tuple[str, ...] = (
    "decision", "decide", "get back to you", "let you know", "hear from", "update you", "be in touch",
    "next steps", "come back to you", "follow up", "feedback", "news", "respond", "answer",
    "entscheid", "melden", "rückmeldung", "bescheid", "informieren", "feedback",
    "décision", "décider", "reviendr", "revenir vers vous", "tiendr", "retour", "nouvelles",
    "decisión", "decidir", "pondremos en contacto", "informaremos", "respuesta", "noticias",
    "decisione", "decidere", "faremo sapere", "ricontatt", "risposta", "aggiorn", "notizie",
    "beslissing", "besluit", "laten weten", "weten", "terugkoppeling", "horen", "contact opnemen", "bericht",
    "decisão", "retornaremos", "entraremos em contato", "informaremos", "resposta", "notícias", "retorno",
)
# An offer phrase right after one of these is a refusal ("not be able to offer you").
_NEGATIONS = ("not ", "n't ", "unable ", "no longer ", "nicht ", "kein", "pas ", "no ", "non ", "niet ", "geen ",
              "não ")


@dataclass(frozen=True, slots=True)
class Reading:
    """One thing a reply seems to say, for the user to confirm."""

    kind: ReadingKind
    sentence: str
    confidence: float


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _offer_at(text: str) -> bool:
    for phrase in OFFER_PHRASES:
        at = text.find(phrase)
        while at >= 0:
            before = text[max(0, at - 24) : at]
            if not any(neg in before for neg in _NEGATIONS):
                return True
            at = text.find(phrase, at + 1)
    return False


_WORD = re.compile(r"[^\W_][\w'-]*")
# Punctuation around words, made blanks so that `str.split` yields the words (faster than `_WORD` on a reply).
_PUNCTUATION = str.maketrans({c: " " for c in ".,;:!?()[]{}\"«»¿¡/<>*"})
_ASCII_PUNCTUATION = byte_table(_PUNCTUATION)


def _first_word(phrase: str) -> str:
    return str(_WORD.findall(phrase)[0])


# Every phrase list by the first word of its phrases: word -> ((list name, phrase), …).
_LISTS: dict[str, tuple[str, ...]] = {
    "offer": OFFER_PHRASES, "rejected": REJECTION_PHRASES, "weak": WEAK_REJECTION, "invitation": INVITATION_PHRASES,
    "references": REFERENCES_PHRASES, "more_time": MORE_TIME_PHRASES}
_INDEX: dict[str, list[tuple[str, str]]] = {}
for _name, _phrases in _LISTS.items():
    for _phrase in _phrases:
        _INDEX.setdefault(_first_word(_phrase), []).append((_name, _phrase))
# Intersected with a reply's list of words: no set of the reply's words is built (it holds
# every word of the reply, where a few of them begin a phrase).
_FIRST_WORDS = frozenset(_INDEX)


class _Text:
    """A reply's words, normalised once; cut into sentences only when some phrase is in them.

    A phrase is looked for only when its first word is one of the text's words: a
    reply holds a few dozen distinct words and the lists a few hundred phrases.
    """

    def __init__(self, subject: str, body: str) -> None:
        self.subject, self.body = subject, body
        # Quoted text counts here too (one pass, no cutting); `first` reads the sender's own sentences only.
        whole = _normal(f"{subject}\n{body}")
        words = _FIRST_WORDS.intersection(blanked(whole, _PUNCTUATION, _ASCII_PUNCTUATION).split())
        self.hits = {name for word in words for name, phrase in _INDEX[word] if phrase in whole}
        self._lines: list[str] | None = None

    def first(self, name: str, test: Callable[[str], bool]) -> str | None:
        """The first sentence that passes `test`; at once None when the text holds no phrase of list `name`
        (the common case: no sentences cut)."""
        if name not in self.hits:
            return None
        if self._lines is None:
            self._lines = [self.subject, *sentences(self.body)] if self.subject else sentences(self.body)
        return next((line for line in self._lines if test(_normal(line))), None)


def _any_of(phrases: tuple[str, ...]) -> Callable[[str], bool]:
    return lambda sentence: any(p in sentence for p in phrases)


def read_reply(subject: str, body: str) -> list[Reading]:
    """Everything the reply seems to say, strongest first; an offer and a rejection together cancel out."""
    text = _Text(subject, body)
    if not text.hits:
        return []
    found: list[Reading] = []
    offer = text.first("offer", _offer_at)
    strong_no = text.first("rejected", _any_of(REJECTION_PHRASES))
    weak_no = None if strong_no else text.first("weak", lambda s: _any_of(WEAK_REJECTION)(s) and _any_of(
        REJECTION_CUES)(s))
    rejection = strong_no or weak_no
    if offer and not rejection:
        found.append(Reading("offer", offer, STRONG))
    if rejection and not offer:
        found.append(Reading("rejected", rejection, STRONG if strong_no else WEAK))
    if not rejection and (invite := text.first("invitation", _any_of(INVITATION_PHRASES))):
        found.append(Reading("invitation", invite, STRONG))
    if not rejection and (refs := text.first("references", lambda s: _any_of(REFERENCES_PHRASES)(s) and _any_of(
            REFERENCES_CUES)(s))):
        found.append(Reading("references", refs, STRONG))
    if not rejection and not offer and (later := text.first("more_time", _any_of(MORE_TIME_PHRASES))):
        found.append(Reading("more_time", later, WEAK if _normal(later).count("more time") == 0 else STRONG))
    return sorted(found, key=lambda r: -r.confidence)


def suggest_outcome(subject: str, body: str) -> Suggestion | None:
    """"offer" or "rejected" when the message says so clearly, else None (also when it says both)."""
    for reading in read_reply(subject, body):
        if reading.kind == "offer":
            return "offer"
        if reading.kind == "rejected":
            return "rejected"
    return None


def decision_dates(text: str, sent: datetime, *, country: str | None = None) -> list[FoundDate]:
    """Dates the sender gives for the decision or their next word, in sentences that speak of one."""
    return find_dates(text, sent, country=country, cues=_DECISION_CUES)


def find_decision_date(text: str, received: date, *, country: str | None = None) -> date | None:
    """The first decision date after `received` that the text states, if any."""
    found = decision_dates(text, datetime.combine(received, time(12)), country=country)
    return found[0].day if found else None
