"""Applications in from a spreadsheet or another tracker's CSV export, planned before anything is saved.

`plan_csv_import` reads the whole file and returns what would be created, with
every skipped or repeated row named by its spreadsheet row number (the header is
row 1). It is all or nothing: a bad row raises `CsvProblem` unless the caller
asks to skip bad rows, and nothing is ever saved here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from afterview.domain import limits
from afterview.domain.calendars import UnknownRegion, check_region
from afterview.domain.candidates import slug
from afterview.domain.model import SOURCES, Application
from afterview.exchange.csv_import_text import (
    CsvProblem,
    DateError,
    check_columns,
    decode,
    delimiter_name,
    numeric_order,
    parse_date,
    shown,
    sniff,
)

__all__ = ["FIELDS", "CsvImportPlan", "CsvProblem", "RowNote", "parse_mapping", "plan_csv_import"]

# The fields a column can fill, and the headers trackers commonly use for each.
ALIASES: dict[str, tuple[str, ...]] = {
    # An application's id (as `afterview export` or an earlier import gave it): the row is that application.
    "id": ("id", "application id", "afterview id"),
    "company": ("company", "company name", "employer", "organisation", "organization", "firm"),
    "role": ("role", "job title", "position", "title", "job", "job position", "position title"),
    "applied_on": ("applied on", "date applied", "applied", "application date", "applied date", "date"),
    "country": ("country", "country code"),
    "subdivision": ("state", "region", "province", "subdivision"),
    "source": ("source", "channel", "how applied"),
    "interested": ("interested", "still interested"),
}
FIELDS: tuple[str, ...] = tuple(ALIASES)
_YES, _NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0"}


@dataclass(frozen=True, slots=True)
class RowNote:
    row: int  # as a spreadsheet numbers it: the header is row 1
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class CsvImportPlan:
    applications: tuple[Application, ...]
    rows: tuple[int, ...]  # the row each application comes from
    skipped: tuple[RowNote, ...]
    duplicates: tuple[RowNote, ...]
    notes: tuple[str, ...]  # how the file was read: encoding fallback, date order, mapping
    mapping: dict[str, str]
    delimiter: str
    encoding: str
    # Per application: the fields its row's cells gave, and whether its id came from an id column.
    given: tuple[frozenset[str], ...] = ()
    ids_given: tuple[bool, ...] = ()

    def summary(self) -> list[str]:
        """The dry run, line by line."""
        lines = [f"would create {len(self.applications)} application(s)"]
        for app, row in zip(self.applications, self.rows, strict=True):
            when = f", applied {app.applied_on.isoformat()}" if app.applied_on else ""
            lines.append(f"  row {row}: {app.id} — {app.company}{' — ' + app.role if app.role else ''}{when}")
        lines += [f"skipped {note}" for note in self.skipped]
        lines += [f"duplicate {note}" for note in self.duplicates]
        lines += [f"note: {note}" for note in self.notes]
        return lines


def parse_mapping(text: str) -> dict[str, str]:
    """'company=Company,role=Job Title' -> {'company': 'Company', 'role': 'Job Title'}."""
    mapping: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        field, sep, column = part.partition("=")
        field, column = field.strip().casefold().replace("-", "_"), column.strip()
        if not sep or not field or not column:
            raise CsvProblem(f"--map {shown(part.strip())}: expected FIELD=COLUMN, e.g. company=Company")
        if field not in ALIASES:
            raise CsvProblem(f"--map {shown(part.strip())}: unknown field {shown(field)}; "
                             f"the fields are {', '.join(FIELDS)}")
        if field in mapping:
            raise CsvProblem(f"--map: {shown(field)} is mapped twice")
        mapping[field] = column
    return mapping


def _auto_mapping(header: list[str]) -> dict[str, str]:
    folded = {" ".join(h.replace("_", " ").split()).casefold(): h for h in header}
    mapping: dict[str, str] = {}
    for field, names in ALIASES.items():
        found = next((folded[n] for n in names if n in folded and folded[n] not in mapping.values()), None)
        if found is not None:
            mapping[field] = found
    return mapping


def _resolve_mapping(header: list[str], given: Mapping[str, str] | None) -> dict[str, str]:
    listed = ", ".join(shown(h) for h in header[:12]) + (f" and {len(header) - 12} more" if len(header) > 12 else "")
    if given is None:
        mapping = _auto_mapping(header)
    else:
        by_fold = {h.strip().casefold(): h for h in header}
        mapping = {}
        for field, column in given.items():
            if column.strip().casefold() not in by_fold:
                raise CsvProblem(f"--map {field}={column}: no column {shown(column)}; the columns are {listed}")
            mapping[field] = by_fold[column.strip().casefold()]
    if "company" not in mapping:
        raise CsvProblem(f"no company column among {listed}; name it with --map company=COLUMN")
    return mapping


Rows = list[tuple[int, dict[str, str]]]


def _dayfirst(rows: Rows, column: str | None, given: bool | None) -> tuple[bool | None, str | None]:
    """Day or month first, from the option or from rows whose dates settle it; never a silent guess."""
    if given is not None or column is None:
        return given, None
    orders: dict[str, int] = {}
    for number, row in rows:
        order = numeric_order(row.get(column, ""))
        if order:
            orders.setdefault(order, number)
    if len(orders) == 2:
        raise CsvProblem(f"column {shown(column)} mixes day-first (row {orders['day']}) and month-first "
                         f"(row {orders['month']}) dates; fix one of them")
    if orders:
        order, number = next(iter(orders.items()))
        return order == "day", f"dates read {order} first, as row {number} shows ({row_value(rows, number, column)})"
    return None, None


def row_value(rows: Rows, number: int, column: str) -> str:
    return next(row.get(column, "") for n, row in rows if n == number)


def _application(row: dict[str, str], mapping: dict[str, str], default_country: str,
                 dayfirst: bool | None) -> Application:
    def value(field: str) -> str:
        column = mapping.get(field)
        return " ".join((row.get(column) or "").split()) if column else ""

    company = value("company")
    if not company:
        raise ValueError(f"no company in column {shown(mapping['company'])}")
    applied = None
    if value("applied_on"):
        try:
            applied = parse_date(value("applied_on"), dayfirst)
        except DateError as error:
            raise ValueError(f"column {shown(mapping['applied_on'])}: {error}") from error
    country = value("country").upper() or default_country.upper()
    subdivision = value("subdivision").upper() or None
    for field, text in (("country", country), ("subdivision", subdivision)):
        try:
            limits.check_text(field, text)
        except limits.LimitError as error:
            raise ValueError(f"{field} in column {shown(mapping.get(field, field))} {error.message}") from None
    try:
        check_region(country, subdivision)
    except UnknownRegion as error:
        raise ValueError(str(error)) from error
    source = value("source").casefold() or "direct"
    if source not in SOURCES:
        raise ValueError(f"source {shown(value('source'))} is not one of {', '.join(SOURCES)}")
    interested = value("interested").casefold()
    if interested and interested not in _YES | _NO:
        raise ValueError(f"interested {shown(value('interested'))}: expected yes or no")
    app = Application(id="", company=company, role=value("role") or None, country=country,
                      subdivision=subdivision, applied_on=applied, source=source,
                      interested=interested not in _NO)
    for field in ("company", "role", "country", "subdivision"):
        try:
            limits.check_text(field, getattr(app, field))
        except limits.LimitError as error:
            raise ValueError(f"{field} in column {shown(mapping[field])} {error.message}") from None
    try:
        limits.check_day("applied_on", applied)
    except limits.LimitError as error:
        raise ValueError(f"column {shown(mapping['applied_on'])}: {error.message}") from None
    return app


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … : the first not taken (and now taken), short enough for every store."""
    # Room for a "-NNNNN" suffix within the longest id the store and the document accept.
    base = base[:limits.APPLICATION_ID - 6].rstrip("-") or "x"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def plan_csv_import(
    data: bytes,
    mapping: dict[str, str] | None,
    *,
    default_country: str,
    dayfirst: bool | None = None,
    delimiter: str | None = None,
    skip_bad_rows: bool = False,
    existing_ids: Iterable[str] = (),
) -> CsvImportPlan:
    """What importing the CSV would create. `mapping` is field -> column; None maps common headers."""
    if len(data) > limits.MAX_CSV_BYTES:
        raise CsvProblem(f"the file is {len(data) / 2**20:.0f} MB; at most {limits.MAX_CSV_BYTES // 2**20} MB "
                         f"are read: split it into smaller files")
    decoded = decode(data)
    sep = delimiter or sniff(decoded.text)
    # strict: an unclosed quote would otherwise swallow the rest of the file into one cell.
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=sep, strict=True)
    try:
        table = []
        for n, r in enumerate(reader, start=1):
            if n > limits.MAX_CSV_ROWS + 1:
                raise CsvProblem(f"the file has more than {limits.MAX_CSV_ROWS:,} rows; split it into smaller files")
            table.append((n, r))
    except csv.Error as error:
        raise CsvProblem(f"row {reader.line_num}: {error}; check the quoting") from error
    table = [(n, r) for n, r in table if any(cell.strip() for cell in r)]
    if not table:
        raise CsvProblem("the file has no rows")
    header = [h.strip() for h in table[0][1]]
    check_columns(header, sep)
    resolved = _resolve_mapping(header, mapping)
    rows = [(n, dict(zip(header, cells, strict=False))) for n, cells in table[1:]]
    order, order_note = _dayfirst(rows, resolved.get("applied_on"), dayfirst)

    taken = set(existing_ids)
    apps: list[Application] = []
    origin: list[int] = []
    skipped: list[RowNote] = []
    duplicates: list[RowNote] = []
    seen: dict[tuple[str, str, object], int] = {}
    given: list[frozenset[str]] = []
    ids_given: list[bool] = []
    for number, row in rows:
        try:
            app = _application(row, resolved, default_country, order)
        except ValueError as error:
            if not skip_bad_rows:
                raise CsvProblem(f"row {number}: {error} (or pass --skip-bad-rows)") from error
            skipped.append(RowNote(number, str(error)))
            continue
        cells = frozenset(f for f, column in resolved.items() if (row.get(column) or "").strip())
        own_id = " ".join((row.get(resolved["id"]) or "").split()) if "id" in cells else ""
        key = ("id", own_id, None) if own_id else (app.company.casefold(), (app.role or "").casefold(),
                                                    app.applied_on)
        if key in seen:
            duplicates.append(RowNote(number, f"repeats row {seen[key]} ({app.company}"
                                              f"{', ' + app.role if app.role else ''}); not imported twice"))
            continue
        seen[key] = number
        app_id = own_id or unique_id(slug(f"{app.company} {app.role or ''}"), taken)
        apps.append(Application(**{**{f: getattr(app, f) for f in app.__slots__}, "id": app_id}))
        origin.append(number)
        given.append(cells)
        ids_given.append(bool(own_id))

    notes = [decoded.note] if decoded.note else []
    if delimiter is None and sep != ",":
        notes.append(f"columns separated by {delimiter_name(sep)}s")
    if mapping is None:
        notes.append("columns: " + ", ".join(f"{f}={c}" for f, c in resolved.items()))
    if order_note:
        notes.append(order_note)
    return CsvImportPlan(tuple(apps), tuple(origin), tuple(skipped), tuple(duplicates), tuple(notes),
                         resolved, sep, decoded.encoding, tuple(given), tuple(ids_given))
