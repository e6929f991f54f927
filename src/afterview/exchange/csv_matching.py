"""Which spreadsheet rows are new, which change an application already kept, and which are the same.

Importing the same CSV twice must not create `…-2` copies: a row is the
application already kept with its id (from an id column), or else with the same
company, role and application date (a row without a date matches the same
company and role). A matched row changes only the fields its cells give; a row
that gives nothing new is "the same" and nothing is written for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from afterview.domain.candidates import slug
from afterview.domain.model import Application
from afterview.exchange.csv_import import unique_id

# The fields a row can give, in the order changes are listed.
ROW_FIELDS = ("company", "role", "applied_on", "country", "subdivision", "source", "interested")


@dataclass(frozen=True, slots=True)
class RowVerdict:
    row: int
    verdict: str  # "new", "changed" or "same"
    application: Application  # as it would be stored
    changes: tuple[str, ...] = ()  # "source: direct → referral", for a changed row

    def line(self) -> str:
        app = self.application
        if self.verdict == "new":
            when = f", applied {app.applied_on.isoformat()}" if app.applied_on else ""
            return f"  row {self.row}: new {app.id} — {app.company}{' — ' + app.role if app.role else ''}{when}"
        if self.verdict == "changed":
            return f"  row {self.row}: changed {app.id} ({'; '.join(self.changes)})"
        return f"  row {self.row}: same {app.id}"


@dataclass(frozen=True, slots=True)
class Matching:
    rows: tuple[RowVerdict, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    def of(self, verdict: str) -> list[Application]:
        return [r.application for r in self.rows if r.verdict == verdict]

    def counts(self) -> str:
        return (f"{self.count('new')} new, {self.count('changed')} changed, "
                f"{self.count('same')} the same")


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _folded(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _key(app: Application) -> tuple[str, str]:
    return _folded(app.company), _folded(app.role)


def _differs(field: str, row: Application, kept: Application) -> bool:
    new, old = getattr(row, field), getattr(kept, field)
    if field in ("company", "role"):  # a change of case or spacing is the same name
        return _folded(new) != _folded(old)
    return bool(new != old)


def match_rows(planned: Sequence[Application], rows: Sequence[int], given: Sequence[frozenset[str]],
               ids_given: Sequence[bool], kept: Sequence[Application], as_of: date) -> Matching:
    """Each planned row against the applications kept (in their stored order)."""
    by_id = {a.id: a for a in kept}
    used: set[str] = set()
    taken = set(by_id)
    verdicts: list[RowVerdict] = []
    for app, row, fields, id_given in zip(planned, rows, given, ids_given, strict=True):
        found = by_id.get(app.id) if id_given else None
        if found is None and not id_given:
            found = next((k for k in kept if k.id not in used and _key(k) == _key(app)
                          and (app.applied_on is None or k.applied_on == app.applied_on)), None)
        if found is None:
            new_id = app.id if id_given else unique_id(slug(f"{app.company} {app.role or ''}"), taken)
            taken.add(new_id)
            verdicts.append(RowVerdict(row, "new", replace(app, id=new_id, applied_on=app.applied_on or as_of)))
            continue
        used.add(found.id)
        changes = {f: getattr(app, f) for f in ROW_FIELDS if f in fields and _differs(f, app, found)}
        if not changes:
            verdicts.append(RowVerdict(row, "same", found))
            continue
        listed = tuple(f"{f}: {_shown(getattr(found, f))} → {_shown(v)}" for f, v in changes.items())
        verdicts.append(RowVerdict(row, "changed", replace(found, **changes), listed))
    return Matching(tuple(verdicts))
