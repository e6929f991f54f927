"""The raw text decides whether strings need a look for NUL and broken characters; depth
and dates are checked in quick passes, with the same one-line answers as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from afterview.domain import limits
from afterview.exchange.document import DocumentError, parse_document


def _document(**parts: Any) -> dict[str, Any]:
    return {"format": "afterview/1", "profile": {"name": "Alex Morgan"}, **parts}


def _app(name: str = "Ann Lee", on: str = "2026-11-02") -> dict[str, Any]:
    return {"id": "acme", "company": "Acme", "people": [{"name": name}],
            "interviews": [{"on": on, "interviewers": [name]}]}


def test_a_lone_surrogate_written_as_raw_bytes_is_refused() -> None:
    text = json.dumps(_document(applications=[_app("Ann XLee")])).encode().replace(b"X", "\ud800".encode(
        "utf-8", "surrogatepass"))
    with pytest.raises(DocumentError, match="broken character"):
        parse_document(text)


def test_a_nul_escape_is_refused_and_an_escaped_surrogate_pair_is_a_character() -> None:
    with pytest.raises(DocumentError, match="NUL"):
        parse_document(json.dumps(_document(applications=[_app("Ann\u0000Lee")])))
    found = parse_document(json.dumps(_document(applications=[_app("Ann Lee \U0001f600")]), ensure_ascii=True))
    assert found.search.applications[0].people[0].name == "Ann Lee \U0001f600"


def _nested(levels: int) -> Any:
    value: Any = "deep"
    for _ in range(levels):
        value = [value]
    return value


def test_nesting_is_refused_one_level_past_the_limit_and_not_at_it() -> None:
    # The document is level 1, settings 2, the setting's value 3: the innermost string sits at 3 + levels.
    fits = limits.MAX_DEPTH - 3
    parse_document(json.dumps(_document(settings={"other": _nested(fits)})))
    with pytest.raises(DocumentError, match="nests deeper"):
        parse_document(json.dumps(_document(settings={"other": _nested(fits + 1)})))


def test_a_day_that_does_not_exist_is_named_by_its_path_and_the_last_day_fits() -> None:
    with pytest.raises(DocumentError, match=r"^\$\.applications\[0\]\.interviews\[0\]\.on: '2026-02-30' is not"):
        parse_document(json.dumps(_document(applications=[_app(on="2026-02-30")])))
    found = parse_document(json.dumps(_document(applications=[_app(on=limits.LAST_DAY.isoformat())])))
    assert found.search.applications[0].interviews[0].on == limits.LAST_DAY
