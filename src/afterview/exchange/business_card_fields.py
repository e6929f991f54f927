"""From the lines read off a business card to its fields: name, title, company, email, phones, website.

Pure text heuristics, no OCR here, so each rule can be tested on plain strings.
A card has no grammar; the rules lean on what cards have in common: the email is
the one token with an @, the title holds a job word, the company carries a legal
suffix or the email's domain, and the name is a short run of capitalised words,
usually the largest print on the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True, slots=True)
class Line:
    """One line of print; `height` is its letter height in pixels (0 when unknown)."""

    text: str
    height: float = 0.0


@dataclass(frozen=True, slots=True)
class FieldReading:
    """A value found on the card next to the OCR text it came from, for the user to confirm."""

    value: str | None = None
    raw: str | None = None

    def __bool__(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class PhoneReading:
    e164: str
    national: str
    international: str
    kind: str | None  # 'mobile', 'fax' or 'office' when the card labels it
    raw: str


_TITLE_TEXT = """
manager director engineer recruiter officer head lead vp president specialist consultant partner
analyst architect developer designer scientist coordinator advisor adviser executive associate
administrator assistant founder ceo cto cfo coo cmo owner principal sourcer representative
supervisor chief researcher strategist accountant counsel attorney talent
"""
_COMPANY_TEXT = """
ltd ltd. limited inc inc. incorporated gmbh llc llp plc ag se sa s.a. bv b.v. corp corp. corporation
co co. company group holdings partners kg ohg ug oy ab as nv pty
"""
TITLE_WORDS = frozenset(_TITLE_TEXT.split())
COMPANY_WORDS = frozenset(_COMPANY_TEXT.split())
# OCR puts stray spaces after dots and around the @, and sometimes reads a dot as a space.
_EMAIL = re.compile(r"[A-Za-z0-9_%+'-]+(?:\.\s?[A-Za-z0-9_%+'-]+)*\s?@\s?[A-Za-z0-9-]+"
                    r"(?:\s?\.\s?[A-Za-z0-9-]+|\s(?:com|org|net|io|de|uk|co)\b)+")
_WEBSITE = re.compile(r"\b(?:https?://)?(?:www[.,\s])?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?", re.I)
# A capital, then letters, hyphens or apostrophes with at least one small letter
# ('Anna-Lena', "O'Neil", 'McKay'); an initial ('J.'); or a lower-case particle.
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][A-Za-zß-ÿÀ-Þ'’-]*[a-zß-ÿ][A-Za-zß-ÿÀ-Þ'’-]*\.?$|^[A-Z]\.$"
                        r"|^(?:van|von|de|der|da|del|di|le|la|bin|al)$")
_PHONE_LABELS = ((r"\bfax\b|\bf\b", "fax"), (r"\bmob|\bcell|\bm\b|handy", "mobile"),
                 (r"\btel|phone|office|direct|\bt\b|\bp\b", "office"))
# Letters OCR reads in place of digits inside a phone number.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
# How OCR misreads legal suffixes at the end of a company's name.
_SUFFIX_FIXES = {"lid": "Ltd", "lid.": "Ltd.", "itd": "Ltd", "ltcl": "Ltd", "gmbhh": "GmbH",
                 "gmbl-l": "GmbH", "gmbii": "GmbH", "inc,": "Inc.", "lic": "LLC", "pic": "PLC"}


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.&'’-]*", text)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


# --- email and website ---------------------------------------------------------------

def find_email(lines: list[Line]) -> FieldReading:
    for line in lines:
        for match in _EMAIL.finditer(line.text):
            found, prefix = match.group(0), _lost_separator(line.text[: match.start()])
            if found[0] in "._-":
                prefix = prefix.rstrip(".")
            candidate = _repair_email(prefix + found)
            try:
                valid = validate_email(candidate, check_deliverability=False)
            except EmailNotValidError:
                continue
            return FieldReading(valid.normalized.lower(), line.text)
    return FieldReading()


def _lost_separator(before: str) -> str:
    """The start of an address that OCR cut off with a space: 'priya kowalski@…' was 'priya.kowalski@…'.

    Only when the word is alone before the address (after an 'E:' or 'Email' label):
    an underscore or dot thin enough to vanish is the usual cause. A dot is the
    commonest separator; the user confirms the reading in any case.
    """
    rest = re.sub(r"(?i)^\s*(e-?mail|e)\s*[:.]?\s*", "", before)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*\s", rest):
        return ""
    word = rest.strip()
    return word if word[-1] in "._-" else word + "."


def _repair_email(found: str) -> str:
    text = re.sub(r"\s*@\s*", "@", found.strip())
    # A space around a dot, or a space where a dot was lost ('acme com').
    text = re.sub(r"\s*\.\s*", ".", text)
    text = re.sub(r"\s+", ".", text)
    local, _, domain = text.partition("@")
    # Addresses are printed in lower case; a capital I among lower-case letters is an l.
    if local[:1] == "I" and local[1:] == local[1:].lower():
        local = "l" + local[1:]
    return f"{local}@{domain}".strip(".")


def find_website(lines: list[Line], email: str | None) -> FieldReading:
    for line in lines:
        if "@" in line.text:
            continue
        # 'www acme. com' -> 'www.acme.com': OCR loses dots or adds spaces after them.
        text = re.sub(r"\.\s+(?=[a-z]{2,}\b)", ".", line.text)
        text = re.sub(r"(?i)\b(www)[\s,]+", r"\1.", text)
        text = re.sub(r"(?<=[a-z0-9])\s+(com|org|net|io|de|uk)\b", r".\1", text)
        for match in _WEBSITE.finditer(text):
            found = match.group(0)
            bare = not re.match(r"(?i)(https?://|www)", found) and "/" not in found
            # A bare 'acme.com' counts only when it is the email's domain.
            if bare and (not email or _compact(found) != _compact(email.partition("@")[2])):
                continue
            host = re.sub(r"(?i)^(https?://)?www[.,\s]", "www.", found)
            return FieldReading(host.rstrip(".,").lower(), line.text)
    return FieldReading()


def reconcile_email(email: FieldReading, website: FieldReading, name: FieldReading) -> FieldReading:
    """Mend one misread letter of the email from the other fields that repeat it.

    The domain usually repeats the website's, and the local part is usually built
    from the name ('jane.doe', 'jdoe', 'jane_doe'); a one-letter difference from
    those is an OCR slip ('Seorge', 'mendianhealth'), not a different address.
    """
    if not email.value:
        return email
    local, _, domain = email.value.partition("@")
    if website.value:
        host = re.sub(r"^(https?://)?(www\.)?", "", website.value).split("/")[0]
        if host != domain and Levenshtein.distance(host, domain) <= 2 and "." in host:
            domain = host
    if name.value:
        forms = _local_forms(name.value)
        if local not in forms:
            close = [f for f in forms if Levenshtein.distance(f, local) == 1 and f[1:] == local[1:]]
            if len(close) == 1:
                local = close[0]
    fixed = f"{local}@{domain}"
    return email if fixed == email.value else FieldReading(fixed, email.raw)


def _local_forms(name: str) -> set[str]:
    parts = [re.sub(r"[^a-z-]", "", p) for p in name.casefold().split()]
    parts = [p for p in parts if p]
    if not parts:
        return set()
    first, last = parts[0], parts[-1]
    forms = {first, last, first + last, first[0] + last, f"{first[0]}.{last}", f"{last}.{first}"}
    forms.update(f"{first}{sep}{last}" for sep in "._-")
    return forms


# --- phones ------------------------------------------------------------------------------

def find_phones(lines: list[Line], region: str) -> list[PhoneReading]:
    found: dict[str, PhoneReading] = {}
    for line in lines:
        if "@" in line.text or _looks_like_website(line.text):
            continue
        text = _phone_text(line.text)
        label_from = 0
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            number = match.number
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            # The label of a number is the text since the previous number on the line.
            label, label_from = text[label_from: match.start], match.end
            if e164 in found:
                continue
            found[e164] = PhoneReading(
                e164=e164,
                national=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                international=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                kind=_phone_kind(label),
                raw=line.text)
    # A fax number is rarely the one to call: put it last.
    return sorted(found.values(), key=lambda p: p.kind == "fax")


def _looks_like_website(text: str) -> bool:
    return bool(re.search(r"(?i)\bwww\b|https?://", text))


def _phone_text(text: str) -> str:
    """The line with look-alike letters inside digit runs read as the digits they stand for."""
    return re.sub(r"(?<=[\d\s()+-])[OoDIl|SB](?=[\d\s()-])|(?<=\d)[OoDIl|SB]",
                  lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), text)


def _phone_kind(label: str) -> str | None:
    folded = label.casefold()
    return next((kind for pattern, kind in _PHONE_LABELS if re.search(pattern, folded)), None)


# --- name, title, company ----------------------------------------------------------

def is_title(text: str) -> bool:
    words = [w.casefold().strip(".,") for w in _words(text)]
    return any(w in TITLE_WORDS for w in words) and not re.search(r"[@\d]", text)


def is_company(text: str, email: str | None) -> bool:
    words = [w.casefold().strip(",") for w in text.split()]
    if any(w in COMPANY_WORDS or w.rstrip(".") in COMPANY_WORDS or w in _SUFFIX_FIXES for w in words[1:]):
        return True
    return _matches_domain(text, email)


def _matches_domain(text: str, email: str | None) -> bool:
    if not email or "@" in text:
        return False
    domain = email.partition("@")[2].split(".")[0]
    compact, label = _compact(text), _compact(domain)
    if len(compact) < 3 or len(label) < 3:
        return False
    # 'Kessler & Vogt' prints as kesslervogt.de; 'Larkspur Group' as larkspurgroup.com.
    first = _compact(text.split()[0]) if text.split() else ""
    return label in compact or compact in label or (len(first) >= 4 and label.startswith(first))


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or re.search(r"[@\d/:]", text):
        return False
    return all(_NAME_WORD.match(w) for w in words) and sum(w[0].isupper() for w in words) >= 2


def _name_score(line: Line, index: int, lines: list[Line], email: str | None) -> float:
    score = line.height or 1.0
    local = _compact(email.partition("@")[0]) if email else ""
    words = [_compact(w) for w in line.text.split()]
    if local and any(len(w) >= 3 and w in local for w in words):
        # 'jane.doe@…' or 'jdoe@…' names its owner.
        score *= 3
    neighbours = lines[max(0, index - 1): index + 2]
    if any(is_title(n.text) for n in neighbours if n is not line):
        score *= 1.5
    return score


def pick_fields(lines: list[Line], email: str | None) -> tuple[FieldReading, FieldReading, FieldReading]:
    """(name, title, company) from the lines that are not contact details."""
    texts = [ln for ln in lines if ln.text.strip() and "@" not in ln.text and not _looks_like_website(ln.text)
             and sum(c.isdigit() for c in ln.text) < 4]
    title = next((FieldReading(_tidy(ln.text), ln.text) for ln in texts if is_title(ln.text)), FieldReading())
    company = next((FieldReading(_fix_suffix(_tidy(ln.text)), ln.text) for ln in texts
                    if ln.text != title.raw and is_company(ln.text, email)), FieldReading())
    names = [(i, ln) for i, ln in enumerate(texts)
             if ln.text not in (title.raw, company.raw) and looks_like_name(_name_form(ln.text))]
    if not names:
        return FieldReading(), title, company
    _index, best = max(names, key=lambda pair: _name_score(pair[1], pair[0], texts, email))
    return FieldReading(_name_form(best.text), best.text), title, company


def _fix_suffix(company: str) -> str:
    head, _, last = company.rpartition(" ")
    fixed = _SUFFIX_FIXES.get(last.casefold())
    return f"{head} {fixed}" if head and fixed else company


def _name_form(text: str) -> str:
    """A line as a name would read once OCR's usual slips are undone."""
    # ']' and '|' are how a thin 'l' often comes out: 'Pate]' is Patel.
    name = _rejoin(re.sub(r"(?<=[a-z])[\]|]|[|](?=[a-z])", "l", _tidy(text)))
    first, _, rest = name.partition(" ")
    if first.isalpha() and first.islower() and len(first) > 2 and rest[:1].isupper():
        # 'ibrahim Schneider': the capital I was read as a small one.
        name = f"{first.capitalize()} {rest}"
    return name


def _rejoin(name: str) -> str:
    """'Kevin Thom pson' -> 'Kevin Thompson': OCR sometimes splits a word where letters are wide apart."""
    words: list[str] = []
    for word in name.split():
        if words and word[:1].islower() and not _NAME_WORD.match(word) and words[-1][:1].isupper():
            words[-1] += word
        else:
            words.append(word)
    return " ".join(words)


def _tidy(text: str) -> str:
    """Stray marks OCR leaves at the ends of a line, and doubled spaces."""
    # A trailing dot stays: it ends 'Inc.' or 'Co.' more often than it is a speck.
    return re.sub(r"\s+", " ", text).lstrip(" |_~-—–.,;:'\"`").rstrip(" |_~-—–,;:'\"`")
