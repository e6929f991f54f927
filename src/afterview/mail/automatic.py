"""Mail sent by a program, not a person: auto-replies, bounces, bulk and list mail.

Nothing here is ever an employer's answer. The signs, strongest first:
  * RFC 3834 `Auto-Submitted` other than `no`;
  * `X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress` (Exchange and Outlook
    put this one on their out-of-office notices), `Precedence: auto_reply|bulk|junk|list`;
  * list headers (`List-Id`, `List-Unsubscribe`, `List-Post`);
  * an empty `Return-Path: <>` (RFC 5321: notifications are sent with a null sender);
  * the subject conventions of the common servers and clients when they send an
    out-of-office notice without any header saying so ("Automatic reply:" from
    Exchange, "Abwesenheitsnotiz:", "Réponse automatique :" …), in English, German,
    French, Spanish, Italian, Dutch and Portuguese.
Bounces (delivery status notifications) have their own reader, `bounces`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from afterview.mail.header import MailHeader

AutomaticKind = Literal["auto_reply", "bounce", "bulk", "list"]

# Subjects that out-of-office and auto-acknowledgement programs write, as the
# start of the subject (they prefix the original one) or as the whole of it.
_AUTO_REPLY_SUBJECTS = (
    # English: Exchange/Microsoft 365, Outlook, Gmail vacation responder, Apple Mail rules, Thunderbird filters
    "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response",
    "autoresponse", "out of office", "out of the office", "out-of-office", "ooo:", "away from the office",
    "away from my desk", "on vacation", "on holiday", "on leave", "vacation reply", "holiday notice",
    "absence notice", "thank you for your email", "thank you for your message", "we have received your",
    # German
    "automatische antwort", "abwesenheitsnotiz", "abwesenheitsmeldung", "abwesend", "nicht im büro",
    "außer haus", "ausser haus", "urlaubsabwesenheit", "automatische rückantwort", "eingangsbestätigung",
    # French
    "réponse automatique", "reponse automatique", "absent du bureau", "absence du bureau", "message d'absence",
    "absent(e)", "en congé", "en conges", "accusé de réception",
    # Spanish
    "respuesta automática", "respuesta automatica", "fuera de la oficina", "fuera de oficina",
    "ausente de la oficina", "mensaje de ausencia", "de vacaciones", "acuse de recibo",
    # Italian
    "risposta automatica", "fuori ufficio", "fuori sede", "assente dall'ufficio", "messaggio di assenza",
    "in ferie",
    # Dutch
    "automatisch antwoord", "automatisch beantwoorden", "afwezigheidsbericht", "afwezig", "niet op kantoor",
    "buiten kantoor", "met vakantie",
    # Portuguese
    "resposta automática", "resposta automatica", "fora do escritório", "fora do escritorio",
    "ausência do escritório", "ausente do escritório", "mensagem de ausência", "de férias", "de ferias",
)
# A reply's own prefixes, stripped before the subject is compared ("Re: Automatic reply: …"
# is a person answering an auto-reply, rare, and still not an employer's word).
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|wg|fw|fwd|tr|rif|r|res|enc)\s*(?:\[\d+\])?\s*:\s*)+",
                           re.IGNORECASE)
_AUTO_SUBJECT = re.compile("|".join(re.escape(s) for s in sorted(_AUTO_REPLY_SUBJECTS, key=len, reverse=True)))
# Only the start of a subject counts: "Thank you for your message" in a reply's body
# says nothing, and "Re: out of office tomorrow" from a person is rare next to the prefix form.
_SUBJECT_WINDOW = 48

_BULK_PRECEDENCE = (b"bulk", b"junk", b"list")
BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@", "mail-daemon@", "mailerdaemon@", "bounce@", "bounces@")
# Their first letters: a set lookup turns most senders away before `startswith` of six prefixes.
BOUNCE_INITIALS = frozenset(prefix[0] for prefix in BOUNCE_SENDERS)
_BOUNCE_SUBJECTS = re.compile(
    r"undeliver|undelivered|delivery status notification|delivery failure|delivery has failed|"
    r"failure notice|returned mail|mail delivery failed|could not be delivered|non[- ]?delivery|"
    r"nicht zustellbar|unzustellbar|non remis|non distribuable|échec de la remise|no se puede entregar|"
    r"no entregado|non recapitabile|mancato recapito|onbestelbaar|niet bezorgd|não entregue|"
    r"não foi possível entregar", re.IGNORECASE)


def is_auto_reply_subject(subject: str) -> bool:
    """Whether a subject has the shape an out-of-office or auto-acknowledgement program gives it."""
    text = _REPLY_PREFIX.sub("", subject.replace("’", "'")).casefold().lstrip()
    return _AUTO_SUBJECT.search(text[:_SUBJECT_WINDOW]) is not None


def looks_like_bounce(header: MailHeader) -> bool:
    """A delivery report by its headers (`bounces.read_bounce` reads it): sent by a mailer daemon or
    a postmaster (Postfix, Exim, qmail, Gmail, Exchange), or an RFC 3464 `multipart/report` of
    delivery status (Exchange's "Microsoft Outlook" sender and the rest).

    Asked of every message of a scan once the user has sent mail: a prefix test on the
    sender already read and one search of the lower-cased header block, nothing decoded.
    """
    return is_bounce_sender(header.from_address) or is_delivery_report(header)


def is_bounce_sender(address: str) -> bool:
    """A mailer daemon's or a postmaster's address (lower case)."""
    return address[:1] in BOUNCE_INITIALS and address.startswith(BOUNCE_SENDERS)


def is_delivery_report(header: MailHeader) -> bool:
    """An RFC 3464 report of delivery status: one search of the header block in the common case.

    `partition`, not `find`: it takes its one argument as is, where `find` parses an argument
    tuple, which costs more than the search of a usual header block itself."""
    return header.lowered.partition(b"delivery-status")[1] != b"" and (header.raw("content-type") or b"").lower().find(
        b"multipart/report") >= 0


def _empty_return_path(header: MailHeader) -> bool:
    return (header.raw("return-path") or b"x").strip(b" \t<>") == b""


# The fields `automatic_kind` reads besides the sender, the Content-Type, the Return-Path and
# the subject, as `MailHeader.has` finds them: a message with none of them (most of a scan's
# candidates) is told by one search instead of nine, each of which parses its arguments.
_SIGN_FIELDS = ("x-failed-recipients", "auto-submitted", "x-autoreply", "x-autorespond", "x-auto-response-suppress",
                "precedence", "list-id", "list-unsubscribe", "list-post")
_ANY_SIGN_FIELD = re.compile(b"\n(?:" + b"|".join(re.escape(name.encode()) for name in _SIGN_FIELDS) + b"):")


def automatic_kind(header: MailHeader) -> AutomaticKind | None:
    """What kind of program sent this message, or None for a person."""
    if _ANY_SIGN_FIELD.search(header.lowered) is not None:
        return _kind_by_every_sign(header)
    # `_kind_by_every_sign` with the fields of `_SIGN_FIELDS` absent.
    if looks_like_bounce(header):
        return "bounce"
    null_sender = _empty_return_path(header)
    if null_sender and _BOUNCE_SUBJECTS.search(header.subject) is not None:
        return "bounce"
    if is_auto_reply_subject(header.subject):
        return "auto_reply"
    return "auto_reply" if null_sender else None


def _kind_by_every_sign(header: MailHeader) -> AutomaticKind | None:
    """Every sign read in turn, strongest first: what `automatic_kind` answers for any message."""
    if looks_like_bounce(header) or header.has("x-failed-recipients") or (
            _empty_return_path(header) and _BOUNCE_SUBJECTS.search(header.subject) is not None):
        return "bounce"
    auto = header.raw("auto-submitted")
    if auto is not None and not auto.strip().lower().startswith(b"no"):
        return "auto_reply"
    if header.has("x-autoreply") or header.has("x-autorespond") or header.has("x-auto-response-suppress"):
        return "auto_reply"
    precedence = (header.raw("precedence") or b"").strip().lower()
    if precedence == b"auto_reply":
        return "auto_reply"
    if precedence in _BULK_PRECEDENCE:
        return "bulk"
    if header.has("list-id") or header.has("list-unsubscribe") or header.has("list-post"):
        return "list"
    if is_auto_reply_subject(header.subject):
        return "auto_reply"
    if _empty_return_path(header):
        return "auto_reply"
    return None
