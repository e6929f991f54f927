"""The text side of a CSV import: bytes to text, the delimiter, and dates as people type them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime


class CsvProblem(ValueError):
    """The CSV cannot be imported as it is; the message is one line saying what and how to fix it."""


def shown(text: str) -> str:
    """A cell or column name quoted in a message: a hostile one may be megabytes long, the line stays short."""
    return repr(text if len(text) <= 60 else text[:57] + "…")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    note: str | None  # set when a fallback encoding was used, for the summary


def decode(data: bytes) -> Decoded:
    if not data.strip():
        raise CsvProblem("the file is empty; export the spreadsheet as CSV again")
    if data.startswith(b"PK\x03\x04"):
        raise CsvProblem("this is a spreadsheet workbook (.xlsx/.ods), not CSV; save it as CSV first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's 'Unicode text' export.
        try:
            return Decoded(data.decode("utf-16"), "utf-16", "read as UTF-16 (it starts with a UTF-16 mark)")
        except UnicodeDecodeError as error:
            raise CsvProblem(f"the file starts as UTF-16 text but breaks off at byte {error.start} (it may be cut "
                             f"short); export it again, as CSV UTF-8 if you can") from None
    if b"\x00" in data:
        raise CsvProblem("the file holds binary data (NUL bytes), not text; export it as CSV (UTF-8)")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8", None)
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(text, encoding, f"not UTF-8 ({where}); read as {encoding}: check accented names, "
                                       "or export as UTF-8")
    raise CsvProblem(f"the file is not UTF-8 text ({where}); export it as CSV UTF-8")  # pragma: no cover


DELIMITERS = ",;\t|"
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def delimiter_name(delimiter: str) -> str:
    return _NAMES.get(delimiter, repr(delimiter))


def sniff(text: str) -> str:
    """The delimiter, judged from the first lines; comma when the sample is not conclusive."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def check_columns(header: list[str], delimiter: str) -> None:
    """One column only usually means the wrong delimiter: say which one the file seems to use."""
    if len(header) != 1:
        return
    others = [d for d in DELIMITERS if d != delimiter and d in header[0]]
    if others:
        raise CsvProblem(f"every row is one column with {delimiter_name(delimiter)} as the delimiter, but the "
                         f"header contains {delimiter_name(others[0])}s; try --delimiter "
                         f"{'tab' if others[0] == chr(9) else repr(others[0])}")


# --- dates -----------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[-\s]+([A-Za-z]{3,9})\.?[-\s,]+(\d{4})$")


class DateError(ValueError):
    pass


def _month(word: str) -> int:
    month = _MONTHS.get(word[:3].casefold())
    if month is None or (len(word) > 3 and not _full_month(word)):
        raise DateError(f"{shown(word)} is not a month")
    return month


def _full_month(word: str) -> bool:
    names = [datetime(2000, m, 1).strftime("%B").casefold() for m in range(1, 13)]
    return word.casefold().rstrip(".") in names or word.casefold() == "sept"


def _year(text: str) -> int:
    # Two-digit years in a job search are this century.
    return int(text) + 2000 if len(text) == 2 else int(text)


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(f"{shown(text)} is not a real date") from error


def numeric_order(text: str) -> str | None:
    """'day' or 'month' when a numeric date shows which comes first (a part above 12); None if either."""
    match = _NUMERIC.match(text.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second:
        return "day"
    if second > 12 >= first:
        return "month"
    return None


def is_ambiguous(text: str) -> bool:
    match = _NUMERIC.match(text.strip())
    return bool(match) and match is not None and numeric_order(text) is None and match.group(1) != match.group(2)


def parse_date(text: str, dayfirst: bool | None) -> date:
    """A date as spreadsheets and people write it. Raises DateError when unreadable or ambiguous."""
    value = text.strip()
    if match := _ISO.match(value):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    if match := _NUMERIC.match(value):
        a, b, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        order = numeric_order(value)
        if order is None and a != b:
            if dayfirst is None:
                raise DateError(f"{shown(value)} could be {_make(year, b, a, value):%d %b} or "
                                f"{_make(year, a, b, value):%d %b}; pass --dayfirst or --monthfirst")
            order = "day" if dayfirst else "month"
        return _make(year, b, a, value) if order == "day" else _make(year, a, b, value)
    if match := _MONTH_FIRST.match(value):
        return _make(int(match.group(3)), _month(match.group(1)), int(match.group(2)), value)
    if match := _DAY_FIRST.match(value):
        return _make(int(match.group(3)), _month(match.group(2)), int(match.group(1)), value)
    raise DateError(f"{shown(value)} is not a date (expected e.g. 2026-11-03, 03/11/2026 or 3 Nov 2026)")
