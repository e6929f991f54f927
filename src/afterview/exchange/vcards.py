"""People in and out as vCards: read 3.0 and 4.0 (many cards per file), write 3.0.

Reading is all or nothing: every card is checked before any is returned, and the
first broken one stops the import with one line naming the card (its number in
the file and its FN) and what is wrong with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
import vobject
from email_validator import EmailNotValidError, validate_email

from afterview.domain import limits
from afterview.domain.model import PERSON_ROLES, Person

# Written into exported cards so a round trip keeps what the person is to the user;
# other tools keep unknown X- properties untouched.
ROLE_PROPERTY = "X-AFTERVIEW-ROLE"
UID_DOMAIN = "afterview"
SUPPORTED_VERSIONS = ("2.1", "3.0", "4.0")


class VCardProblem(ValueError):
    """A vCard file cannot be imported; the message is one line naming the card."""


@dataclass(frozen=True, slots=True)
class CardPerson:
    """One person as a vCard describes them; `role` is a guess the user may change."""

    name: str
    title: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class _RawCard:
    number: int
    lines: tuple[tuple[int, str], ...]  # (file line number, logical line)
    fn: str | None

    @property
    def text(self) -> str:
        return "".join(line + "\r\n" for _, line in self.lines)

    def label(self) -> str:
        # A hostile card's name may be a megabyte long: the one line names it by its start.
        shown = self.fn if self.fn is None or len(self.fn) <= 60 else self.fn[:57] + "…"
        return f"card {self.number}" + (f" ({shown})" if shown else "")


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Outlook and Windows exports write the ANSI code page.
        return data.decode("cp1252", errors="replace")


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the file line each starts on (RFC 6350 3.2 folding)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if line[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        else:
            out.append((number, line))
    return out


def _fn(lines: list[str]) -> str | None:
    for line in lines:
        match = re.match(r"(?i)^(?:[\w-]+\.)?FN(?:;[^:]*)?:(.*)$", line)
        if match and match.group(1).strip():
            return match.group(1).replace("\\,", ",").replace("\\;", ";").strip()
    return None


def split_cards(text: str) -> list[_RawCard]:
    """The cards of a file as separate texts; structural faults are VCardProblems."""
    cards: list[_RawCard] = []
    current: list[tuple[int, str]] | None = None

    def unfinished(lines: list[tuple[int, str]]) -> str:
        return _RawCard(len(cards) + 1, (), _fn([text for _, text in lines])).label()

    for number, line in _unfold(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                raise VCardProblem(f"{unfinished(current)}: no END:VCARD before the next BEGIN:VCARD "
                                   f"on line {number}")
            current = [(number, line.strip())]
        elif upper == "END:VCARD":
            if current is None:
                raise VCardProblem(f"line {number}: END:VCARD without a BEGIN:VCARD")
            current.append((number, line.strip()))
            cards.append(_RawCard(len(cards) + 1, tuple(current), _fn([t for _, t in current])))
            current = None
        elif current is not None:
            if line.strip():
                current.append((number, line))
        elif line.strip():
            where = f"after card {len(cards)}" if cards else "before the first card"
            raise VCardProblem(f"line {number} ({where}): {line.strip()[:40]!r} is outside any "
                               "BEGIN:VCARD … END:VCARD; is this a vCard file?")
    if current is not None:
        raise VCardProblem(f"{unfinished(current)}: the file ends without END:VCARD; it may be cut short")
    if not cards:
        raise VCardProblem("no vCards found: the file has no BEGIN:VCARD line")
    return cards


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if str(v).strip())
    text = str(value).strip() if value is not None else ""
    return text or None


def _preferred(card: vobject.base.Component, name: str) -> str | None:
    """The value marked preferred (PREF=1 in 4.0, TYPE=pref in 3.0), else the first."""
    lines = card.contents.get(name, [])
    def rank(line: vobject.base.ContentLine) -> int:
        types = ",".join(line.params.get("TYPE", [])).casefold()
        return 0 if "pref" in types or line.params.get("PREF") else 1
    for line in sorted(lines, key=rank):
        value = _text(line.value)
        if value:
            return value
    return None


def _name(card: vobject.base.Component) -> str | None:
    fn = _preferred(card, "fn")
    if fn:
        return fn
    n = card.contents.get("n")
    if n:
        value = n[0].value
        parts = [getattr(value, attr, "") for attr in ("prefix", "given", "additional", "family", "suffix")]
        joined = " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts).split()
        return " ".join(joined) or None
    return None


def _organisation(card: vobject.base.Component) -> str | None:
    org = card.contents.get("org")
    if not org:
        return None
    value = org[0].value
    # ORG is 'Company;Department;…': the first part is the organisation.
    first = value[0] if isinstance(value, list) and value else value
    return _text(first)


def _phone(raw: str | None, region: str | None) -> str | None:
    if raw is None:
        return None
    number = re.sub(r"(?i)^tel:", "", raw).split(";")[0].strip()
    if region:
        try:
            parsed = phonenumbers.parse(number, region.upper())
        except phonenumbers.NumberParseException:
            return number
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return number


def guess_role(title: str | None, organisation: str | None, stated: str | None = None) -> str | None:
    """What the person probably is to the user, from what the card says; None when unclear."""
    if stated and stated.strip().casefold() in PERSON_ROLES:
        return stated.strip().casefold()
    folded_org = (organisation or "").casefold()
    folded = (title or "").casefold()
    if re.search(r"recruitment|staffing|headhunt|executive search|personnel", folded_org):
        return "agent"
    if re.search(r"recruit|talent|sourc", folded):
        return "recruiter"
    if "hiring manager" in folded:
        return "hiring_manager"
    return None


def _person(raw: _RawCard, region: str | None) -> CardPerson:
    try:
        card = vobject.readOne(raw.text, validate=False)
    except Exception as error:  # vobject raises bare ParseErrors and ValueErrors alike
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        # vobject's own line count is off; find the line it quotes in the file instead.
        detail = re.sub(r"^\s*[Aa]t line \d+:\s*", "", detail)
        quoted = detail.partition("line: ")[2].strip()
        numbers = [n for n, text in raw.lines if quoted and text.strip() == quoted]
        where = f" (line {numbers[0]})" if numbers else ""
        detail = detail if len(detail) <= 160 else detail[:157] + "…"  # the line quoted may be huge
        raise VCardProblem(f"{raw.label()}: cannot be read{where}: {detail}") from error
    version = _text(card.contents["version"][0].value) if "version" in card.contents else None
    if version not in SUPPORTED_VERSIONS:
        found = f"VERSION {version}" if version else "no VERSION line"
        raise VCardProblem(f"{raw.label()}: {found}; expected vCard 3.0 or 4.0")
    name = _name(card)
    if not name:
        raise VCardProblem(f"{raw.label()}: no name (neither FN nor N has a value)")
    email = _preferred(card, "email")
    if email:
        email = re.sub(r"(?i)^mailto:", "", email)
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as error:
            shown = email if len(email) <= 60 else email[:57] + "…"
            reason = str(error) if len(str(error)) <= 160 else str(error)[:157] + "…"
            raise VCardProblem(f"{raw.label()}: email {shown!r} is not valid: {reason}") from error
    title, organisation = _preferred(card, "title"), _organisation(card)
    stated = _preferred(card, ROLE_PROPERTY.lower())
    person = CardPerson(name=name, title=title, organisation=organisation, email=email,
                        phone=_phone(_preferred(card, "tel"), region),
                        role=guess_role(title, organisation, stated))
    for field, kind in (("name", "name"), ("title", "title"), ("organisation", "company"), ("email", "email"),
                        ("phone", "phone")):
        try:
            limits.check_text(field, getattr(person, field), kind=kind)
        except limits.LimitError as error:
            raise VCardProblem(f"{raw.label()}: {error}") from None
    return person


def parse_vcards(data: bytes | str, *, default_region: str | None = None) -> list[CardPerson]:
    """Every person in a vCard file, or a VCardProblem for the first broken card.

    With `default_region` (e.g. the employer's country) phone numbers are written
    in E.164; without it they are kept as the card gives them.
    """
    if len(data) > limits.MAX_VCARD_BYTES:
        raise VCardProblem(f"the file is {len(data) / 2**20:.0f} MB; at most {limits.MAX_VCARD_BYTES // 2**20} MB "
                           f"of vCards are read at once")
    raw_cards = split_cards(_decode(data))
    if len(raw_cards) > limits.MAX_VCARDS:
        raise VCardProblem(f"the file holds {len(raw_cards):,} vCards; at most {limits.MAX_VCARDS:,} are read at once")
    return [_person(raw, default_region) for raw in raw_cards]


# --- writing ---------------------------------------------------------------------------

def card_uid(person: Person, company: str | None) -> str:
    """Stable across exports, so a contacts app updates the card instead of adding another."""
    ascii_text = unicodedata.normalize("NFKD", f"{company or ''} {person.name}").encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "person"
    return f"{base}@{UID_DOMAIN}"


def person_to_vcard(person: Person, company: str | None) -> str:
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = card_uid(person, company)
    card.add("fn").value = person.name
    words = person.name.split()
    # N is required in 3.0; the last word as the family name is right for most
    # names and harmless for the rest (FN is what clients show).
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (person.name, "")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if company:
        card.add("org").value = [company]
    if person.title:
        card.add("title").value = person.title
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = "INTERNET"
    if person.phone:
        tel = card.add("tel")
        tel.value = person.phone
        tel.type_param = "WORK"
    card.add(ROLE_PROPERTY.lower()).value = person.role
    text: str = card.serialize()
    return text


def people_to_vcards(people: Iterable[tuple[Person, str | None]]) -> str:
    """vCard 3.0 text for the people, one card each, in the order given."""
    return "".join(person_to_vcard(person, company) for person, company in people)


def vcard_files(people: Iterable[tuple[Person, str | None]]) -> dict[str, str]:
    """One file per card, named by its UID: the layout of a vdir address book (khard, vdirsyncer),
    whose readers take only the first card of each file."""
    files: dict[str, str] = {}
    for person, company in people:
        name = card_uid(person, company).replace("@", "-at-") + ".vcf"
        files[name] = person_to_vcard(person, company)
    return files
