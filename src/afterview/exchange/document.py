"""The `afterview/1` document: a whole job search as one JSON value.

Reading is bounded before it starts: the text's size, then how deep its JSON nests
(limits.MAX_DOCUMENT_BYTES, limits.MAX_DEPTH), so no document costs unbounded time
or memory. Then two passes: the shipped JSON Schema (shape, types, known fields and
every limit of afterview.domain.limits, written into it), then
the checks a schema cannot express (people named in interviews exist, periods do
not end before they start, an interview does not follow its outcome, places are
known to the holiday calendars). Either pass stops at the first problem with
one line naming its JSON path and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from afterview.domain import limits, plain, validate
from afterview.domain.backup import Backup
from afterview.domain.calendars import UnknownRegion, check_region

FORMAT = "afterview/1"


class DocumentError(ValueError):
    """The document is not a valid afterview/1 document; the message is one line."""


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("afterview").joinpath("schema/afterview-1.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _describe(error: Any) -> str:
    where = _path(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        unknown = ", ".join(repr(e) for e in extra)
        return f"{where}: unknown field {unknown}; expected only {', '.join(allowed)}"
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return f"{where}: missing required field {missing[0]!r}"
    if kind == "enum":
        return f"{where}: expected one of {', '.join(map(str, expected))}; got {_shown(value)}"
    if kind == "const":
        return f"{where}: expected {json.dumps(expected)}; got {_shown(value)}"
    if kind == "type":
        return f"{where}: expected {'an' if expected[0] in 'aeiou' else 'a'} {expected}; got {_shown(value)}"
    if kind == "pattern" and error.schema.get("format") == "date":
        return (f"{where}: expected a date as YYYY-MM-DD in the years {limits.FIRST_DAY.year}–"
                f"{limits.LAST_DAY.year}; got {_shown(value)}")
    if kind == "pattern" and expected in (limits.ONE_LINE_PATTERN, limits.MULTILINE_PATTERN):
        try:
            limits.check_text(where, value, kind="debrief" if expected == limits.MULTILINE_PATTERN else "name")
        except limits.LimitError as problem:
            return f"{where}: {problem.message}"
    if kind == "maxLength":
        return f"{where}: {limits.too_long(len(value), expected)}"
    if kind == "maxItems":
        return f"{where}: has {len(value):,} entries; at most {expected:,} are accepted"
    if kind in ("maximum", "minimum"):
        return f"{where}: {_shown(value)} is outside {error.schema.get('minimum')}–{error.schema.get('maximum')}"
    if kind == "pattern":
        described = error.schema.get("description", expected)
        return f"{where}: {_shown(value)} does not have the expected form ({described})"
    return f"{where}: {error.message}"


def _shown(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _check_depth(document: Any, *, characters: bool = True) -> None:
    """Refuse nesting deeper than the limit, without recursion (so without a RecursionError).

    Only containers are stacked: a value deeper than the limit is one inside a container
    at the limit. `characters`: also refuse a NUL or a broken character in any string;
    the caller leaves it off when the raw text shows none can be there (`_may_hold_bad_characters`).
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if not node:
            continue
        if depth >= limits.MAX_DEPTH:
            raise DocumentError(f"$: the JSON nests deeper than {limits.MAX_DEPTH} levels; "
                                f"an afterview/1 document never does")
        values = node.values() if type(node) is dict else node
        if characters and type(node) is dict:
            for key in node:
                _check_characters(key)
        for value in values:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif characters and kind is str:
                _check_characters(value)


# What a NUL or a lone UTF-16 surrogate can look like in the raw text: an escape (\u0000,
# \ud800-\udfff), or the character itself (a surrogate reaches a str, or bytes read with
# surrogatepass as json.loads reads them). A text with none of these holds neither.
_BAD_IN_BYTES = re.compile(rb"\\u0000|\\u[dD][89a-fA-F]|\x00|\xed[\xa0-\xbf]")
_BAD_IN_TEXT = re.compile(r"\\u0000|\\u[dD][89a-fA-F]|[\x00\ud800-\udfff]")


def _may_hold_bad_characters(text: str | bytes) -> bool:
    found = _BAD_IN_BYTES.search(text) if isinstance(text, bytes) else _BAD_IN_TEXT.search(text)
    return found is not None


def _check_characters(text: str) -> None:
    # A NUL or a lone surrogate can be written in JSON (\u0000, \ud800) but kept by no store.
    if "\x00" in text:
        raise DocumentError(f"$: the document holds a NUL byte in {_shown(text)}; remove it")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise DocumentError(f"$: the document holds a broken character (a lone UTF-16 surrogate) in "
                                f"{_shown(text)}; remove it") from None


@lru_cache(maxsize=1)
def _quick_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(), validate_formats=False)


def _check_shape(document: Any) -> None:
    # The compiled validator answers "valid?" for 10,000 applications in milliseconds; only a
    # document it refuses is walked again by jsonschema, for the first problem in document order.
    if _quick_validator().is_valid(document):
        return
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    first = next(iter(sorted(validator.iter_errors(document), key=lambda e: _order(e.absolute_path))), None)
    if first is not None:
        raise DocumentError(_describe(first))


def _order(parts: Any) -> tuple[tuple[int, str], ...]:
    # Document order: array items by index, keys by name; ints and strs never compared.
    return tuple((p, "") if isinstance(p, int) else (-1, str(p)) for p in parts)


def _dates(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _dates(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dates(value, f"{path}[{index}]")
    elif isinstance(node, str) and len(node) == 10 and node[4:5] == "-" and node[7:8] == "-" and node[:4].isdigit():
        yield path, node


def _days_all_fit(node: Any) -> bool:
    """Is every value that looks like a date (as `_dates` finds them) a real day within the limits?"""
    stack = [node]
    while stack:
        values = stack.pop()
        for value in values.values() if type(values) is dict else values:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append(value)
            elif kind is str and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-" \
                    and value[:4].isdigit():
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    return False
                if not limits.FIRST_DAY <= day <= limits.LAST_DAY:
                    return False
    return True


# The parts of a document that hold facts; the rest (drafts, the outbox, settings) holds the user's
# own text, where a value that looks like a date is only text.
FACT_PARTS = ("profile", "references", "applications", "dismissals", "snoozes", "task_history", "mail_seen")
# Each part's fields by name.
Fields = tuple[tuple[str, tuple[str, ...]], ...]
MOMENTS: Fields = (("drafts", ("updated_at",)), ("outbox", ("send_after", "created_at", "updated_at")),
                   ("suggestions", ("found_at",)))
# Days outside the fact parts, named field by field (a suggestion's sentence is only text).
DAYS: Fields = (("suggestions", ("received_on", "first_day", "last_day", "settled_on")),)
# What the user made on top of the facts, each list keyed by what makes an entry itself.
KEPT_LISTS: Fields = (("drafts", ("task",)), ("outbox", ("message_id",)), ("snoozes", ("task",)),
                      ("task_history", ("id",)), ("mail_seen", ("key",)), ("mailbox_places", ("source",)),
                      ("suggestions", ("message", "kind")))


def _check_meaning(doc: Mapping[str, Any]) -> None:
    facts = {part: doc[part] for part in FACT_PARTS if part in doc}
    if not _days_all_fit(facts):  # only then is the path of the first one that does not worth making
        for where, text in _dates(facts, "$"):
            _check_day(text, where)
    profile = doc.get("profile", {})
    _check_place(profile.get("country", "US"), profile.get("subdivision"), "$.profile")
    seen_refs: list[str] = []
    for n, ref in enumerate(doc.get("references", [])):
        # The same refusal as adding it by hand (CLI, web, API): the same name, or one that reads the same.
        twin = validate.reference_twin(seen_refs, ref["name"])
        if twin is not None:
            raise DocumentError(f"$.references[{n}].name: {twin.message}; {twin.hint}")
        seen_refs.append(ref["name"])
    seen_apps: set[str] = set()
    for n, app in enumerate(doc.get("applications", [])):
        where = f"$.applications[{n}]"
        if app["id"] in seen_apps:
            raise DocumentError(f"{where}.id: {app['id']!r} is used by another application; ids must be unique")
        seen_apps.add(app["id"])
        check_application(app, where, profile)
    for part, names in MOMENTS:
        for n, entry in enumerate(doc.get(part, [])):
            for name in names:
                if name in entry:
                    _check_moment(entry[name], f"$.{part}[{n}].{name}")
    for part, names in DAYS:
        for n, entry in enumerate(doc.get(part, [])):
            for name in names:
                if name in entry:
                    _check_day(entry[name], f"$.{part}[{n}].{name}")
    for part, keys in KEPT_LISTS:
        seen: set[tuple[str, ...]] = set()
        for n, entry in enumerate(doc.get(part, [])):
            key = tuple(entry[name] for name in keys)
            if key in seen:
                if len(keys) == 1:
                    where, said = f"$.{part}[{n}].{keys[0]}", repr(key[0])
                else:
                    where = f"$.{part}[{n}]"
                    said = " with ".join(f"{name} {value!r}" for name, value in zip(keys, key, strict=True))
                raise DocumentError(f"{where}: {said} is listed twice; keep one entry")
            seen.add(key)


def _check_day(text: str, where: str) -> None:
    try:
        limits.check_day(where, date.fromisoformat(text))
    except limits.LimitError as problem:
        raise DocumentError(str(problem)) from None
    except ValueError:
        raise DocumentError(f"{where}: {text!r} is not a real date; expected YYYY-MM-DD") from None


def _check_moment(text: str, where: str) -> None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise DocumentError(f"{where}: {text!r} is not a moment; expected e.g. 2026-11-23T09:30:00+00:00")


def _check_place(country: str, subdivision: str | None, where: str) -> None:
    try:
        check_region(country, subdivision)
    except UnknownRegion as problem:
        field = "subdivision" if str(problem).startswith(("unknown subdivision", country)) else "country"
        raise DocumentError(f"{where}.{field}: {problem}") from None


def check_application(app: Mapping[str, Any], where: str, profile: Mapping[str, Any]) -> None:
    """The meaning checks of one application in plain form; raises DocumentError."""
    if "country" in app:
        _check_place(app["country"], app.get("subdivision"), where)
    elif "subdivision" in app:
        _check_place(profile.get("country", "US"), app["subdivision"], where)
    names: set[str] = set()
    for n, person in enumerate(app.get("people", [])):
        folded = person["name"].casefold()
        if folded in names:
            raise DocumentError(f"{where}.people[{n}].name: {person['name']!r} is listed twice; keep one entry")
        names.add(folded)

    def known(name: str, path: str) -> None:
        if name.casefold() not in names:
            raise DocumentError(
                f"{path}: {name!r} is not one of this application's people; add them to people first")

    outcome = app.get("outcome")
    rounds: set[int] = set()
    for n, interview in enumerate(app.get("interviews", [])):
        at = f"{where}.interviews[{n}]"
        number = interview.get("round", 1)
        if number in rounds:
            raise DocumentError(f"{at}.round: round {number} is used by another interview; number rounds 1, 2, 3 …")
        rounds.add(number)
        for k, name in enumerate(interview.get("interviewers", [])):
            known(name, f"{at}.interviewers[{k}]")
        for name in interview.get("notes", {}):
            known(name, f"{at}.notes.{name}")
        follow_up = interview.get("follow_up", {})
        if "person" in follow_up:
            known(follow_up["person"], f"{at}.follow_up.person")
        for k, period in enumerate(interview.get("employer_away", [])):
            if period["to"] < period["from"]:
                raise DocumentError(f"{at}.employer_away[{k}].to: {period['to']} is before from ({period['from']})")
            try:
                limits.check_period(f"{at}.employer_away[{k}]", date.fromisoformat(period["from"]),
                                    date.fromisoformat(period["to"]))
            except limits.LimitError as problem:
                raise DocumentError(str(problem)) from None
        if outcome and interview["on"] > outcome["on"]:
            raise DocumentError(f"{at}.on: the interview ({interview['on']}) is after the outcome "
                                f"({outcome['on']}); fix one of the two dates")
    for n, interaction in enumerate(app.get("interactions", [])):
        inbound = interaction["kind"] in ("reply", "invitation")
        if inbound != (interaction["direction"] == "in"):
            expected = "direction 'in'" if inbound else "an outbound kind, or direction 'in' with kind 'reply'"
            raise DocumentError(f"{where}.interactions[{n}].kind: {interaction['kind']!r} needs {expected}")


def parse_document(text: str | bytes) -> Backup:
    """Read and validate a document; raises DocumentError with one line on the first problem."""
    if len(text) > limits.MAX_DOCUMENT_BYTES:
        raise DocumentError(f"$: the document is {len(text) / 2**20:.0f} MB; at most "
                            f"{limits.MAX_DOCUMENT_BYTES // 2**20} MB are read")
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise DocumentError("$: the file is not UTF-8 text; save it as UTF-8 JSON") from None
    except json.JSONDecodeError as problem:
        where = f"line {problem.lineno}, column {problem.colno}"
        raise DocumentError(f"$: not valid JSON at {where}: {problem.msg}") from None
    except RecursionError:
        raise DocumentError(f"$: the JSON nests deeper than {limits.MAX_DEPTH} levels; "
                            f"an afterview/1 document never does") from None
    except DocumentError:
        raise
    except ValueError:  # Python reads integers of at most 4,300 digits
        raise DocumentError("$: the JSON holds a number thousands of digits long; no field takes one") from None
    return load_document(document, characters=_may_hold_bad_characters(text))


def _no_constant(name: str) -> Any:
    raise DocumentError(f"$: {name} is not a number JSON allows; write a number or leave the field out")


def load_document(document: Any, *, characters: bool = True) -> Backup:
    """Validate a parsed document and make it the domain's; `characters`: look for a NUL or a
    broken character in its strings (`parse_document` knows from the raw text when none can be there)."""
    if not isinstance(document, dict):
        raise DocumentError("$: expected a JSON object with \"format\": \"afterview/1\"")
    if document.get("format") != FORMAT:
        raise DocumentError(f"$.format: expected \"{FORMAT}\"; got {_shown(document.get('format'))}")
    _check_depth(document, characters=characters)
    _check_shape(document)
    _check_meaning(document)
    return plain.backup_from(document)


def dump_document(backup: Backup) -> str:
    return json.dumps(plain.backup_plain(backup), indent=2, ensure_ascii=False) + "\n"
