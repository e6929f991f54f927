"""Hostile input to every importer: one clear line, nothing written, bounded time and memory.

Each case was seen to crash an import (RecursionError, OverflowError, UnicodeDecodeError,
a PostgreSQL DataError) or to take gigabytes of memory. The limits come from one spec,
afterview.domain.limits, so SQLite and PostgreSQL accept exactly the same values, and
everything accepted exports and imports again.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from afterview.domain import limits
from afterview.exchange.schema_limits import schema_text, shipped_path, with_limits
from afterview.services import exchange
from afterview.services.demo import demo_document
from afterview.services.documents import export_document, import_document
from afterview.services.errors import UserError
from afterview.services.store import Store, open_store

AS_OF = date(2026, 11, 23)
Doc = dict[str, Any]


def _interview(doc: Doc) -> Doc:
    return doc["applications"][0]["interviews"][0]  # type: ignore[no-any-return]


def _set(path: Callable[[Doc], Doc], key: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        path(doc)[key] = value
    return change


def _person(doc: Doc) -> Doc:
    return doc["applications"][0]["people"][0]  # type: ignore[no-any-return]


def _app(doc: Doc) -> Doc:
    return doc["applications"][0]  # type: ignore[no-any-return]


# (what the document carries, how to make it, what the one line says)
REFUSED: list[tuple[str, Callable[[Doc], None], str]] = [
    ("round 1e30", _set(_interview, "round", 1e30), "round: 1e+30 is outside 1–50"),
    ("round 51", _set(_interview, "round", 51), "outside 1–50"),
    ("a date in year 1", _set(_interview, "on", "0001-01-01"), "in the years 1900–2200"),
    ("a date near 9999", _set(_interview, "on", "9999-12-30"), "in the years 1900–2200"),
    ("a date in 1899", _set(_app, "applied_on", "1899-12-31"), "in the years 1900–2200"),
    ("a title of 201 characters", _set(_person, "title", "T" * 201), "is 201 characters long; at most 200"),
    ("a phone of 61 characters", _set(_person, "phone", "1" * 61), "is 61 characters long; at most 60"),
    ("a company of 201 characters", _set(_app, "company", "C" * 201), "at most 200"),
    ("a NUL byte", _set(_person, "title", "Head\x00of"), "NUL"),
    ("a control character", _set(_app, "role", "Office\x07manager"), "control character U+0007"),
    ("a lone surrogate", _set(_app, "role", "Office \ud800 manager"), "lone UTF-16 surrogate"),
    ("an away period of 300 years",
     _set(_interview, "employer_away", [{"from": "1900-01-01", "to": "2200-12-31"}]), "longer than 366 days"),
    ("a thousand interviewers", _set(_interview, "interviewers", ["Dana Whitfield"] * 1000), "at most 100"),
]


@pytest.fixture
def store(database_url: str) -> Store:
    return open_store(database_url)


@pytest.mark.parametrize("change, expected", [(c, e) for _, c, e in REFUSED], ids=[n for n, _, _ in REFUSED])
def test_a_document_beyond_the_limits_is_refused_in_one_line_and_writes_nothing(
        store: Store, change: Callable[[Doc], None], expected: str) -> None:
    doc = demo_document(AS_OF)
    import_document(store, json.dumps(doc))
    before = export_document(store)
    bad = copy.deepcopy(doc)
    change(bad)
    with pytest.raises(UserError) as refused:
        import_document(store, json.dumps(bad))
    assert expected in refused.value.message
    assert "\n" not in refused.value.message and len(refused.value.message) < 300
    assert export_document(store) == before


@pytest.mark.parametrize("text, expected", [
    (b"[" * 100_000 + b"]" * 100_000, "nests deeper than 20 levels"),
    (b'{"format": "afterview/1", "profile": ' + b'{"a": ' * 30 + b"1" + b"}" * 31, "nests deeper than 20 levels"),
    (b'{"format": "afterview/1", "profile": {"pipeline_target": NaN}}', "NaN is not a number JSON allows"),
    (b'{"format": "afterview/1", "profile": {"pipeline_target": 1' + b"0" * 5000 + b"}}", "thousands of digits"),
    (b'{"format": "afterview/1", "profile": {"pipeline_target": 1e400}}', "expected an integer"),
    (b'{"format": "afterview/1", "x": "\xff"}', "not UTF-8"),
])
def test_hostile_json_is_refused_in_one_line(tmp_path: Path, text: bytes, expected: str) -> None:
    store = open_store(str(tmp_path / "s.sqlite3"))
    with pytest.raises(UserError, match="^" + r"\$") as refused:
        import_document(store, text)
    assert expected in refused.value.message


def test_a_document_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.sqlite3"))
    huge = b'{"format": "afterview/1", "references": [' + b" " * limits.MAX_DOCUMENT_BYTES + b"]}"
    with pytest.raises(UserError, match=r"at most 32 MB are read"):
        import_document(store, huge)


def test_values_at_the_limits_are_kept_alike_by_sqlite_and_postgresql_and_import_again(
        store: Store, tmp_path: Path) -> None:
    doc = demo_document(AS_OF)
    app = doc["applications"][0]
    app["id"] = "a" * limits.APPLICATION_ID
    app["company"] = "C" * limits.NAME
    app["role"] = "Rôle « long » " + "r" * (limits.NAME - 14)
    app["applied_on"] = "1900-01-01"
    person = app["people"][0]
    longest = "Dana " + "W" * (limits.NAME - 5)  # the longest name: its task ids are the longest there are
    old_name = person["name"]
    person.update(name=longest, title="T" * limits.NAME, phone="1" * limits.PHONE,
                  email=("e" * 64 + "@" + "d" * 60 + ".example"))
    text = json.dumps(doc).replace(json.dumps(old_name), json.dumps(longest))
    import_document(store, text)
    exported = export_document(store)
    again = open_store(str(tmp_path / "again.sqlite3"))
    import_document(again, exported)
    assert export_document(again) == exported


def test_the_shipped_schema_carries_the_limits_of_the_one_spec() -> None:
    shipped = shipped_path().read_text("utf-8")
    assert shipped == schema_text(with_limits(json.loads(shipped))), \
        "run `python -m afterview.exchange.schema_limits` after changing afterview.domain.limits"
    schema = json.loads(shipped)
    person = schema["properties"]["applications"]["items"]["properties"]["people"]["items"]["properties"]
    assert person["title"]["maxLength"] == limits.TEXTS["title"].max_length
    assert person["phone"]["maxLength"] == limits.PHONE


def test_the_tables_take_their_lengths_from_the_spec() -> None:
    from afterview.store import schema as t

    assert t.people.c.title.type.length == limits.TEXTS["title"].max_length  # type: ignore[attr-defined]
    assert t.people.c.phone.type.length == limits.PHONE  # type: ignore[attr-defined]
    assert t.applications.c.company.type.length == limits.NAME  # type: ignore[attr-defined]
    assert t.tasks.c.id.type.length == limits.TASK_ID  # type: ignore[attr-defined]


def test_the_migrations_build_exactly_the_tables_declared(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from afterview.store.schema import metadata

    with store.reading() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": conn.dialect.name == "postgresql"})
        differences = compare_metadata(context, metadata)
    assert differences == []


# ---- CSV ---------------------------------------------------------------------------------------


def _plan_csv(store: Store, data: bytes) -> object:
    return exchange.plan_spreadsheet(store, data, None, dayfirst=None, delimiter=None, skip_bad_rows=False)


@pytest.mark.parametrize("data, expected", [
    ("\ufeffCompany,Role\nAcme,Clerk\n".encode("utf-16-le")[:-1], "UTF-16"),
    (b"\xff\xfe" + "Company\nAcme\n".encode("utf-16-le") + b"\x00", "UTF-16"),
    (b"Company,Role\n" + b"C" * 201 + b",Clerk\n", "row 2: company in column 'Company' is 201 characters long"),
    (b"Company,Date applied\nAcme,0001-01-01\n", "outside the years 1900–2200"),
    (b"Company,Date applied\nAcme,9999-12-31\n", "outside the years 1900–2200"),
    (b"Company,Role\nAcme," + b"R" * 200_000 + b"\n", "field larger than field limit"),
    (b"Company,Role\nAcme,Office\x07Clerk\n", "control character"),
    (b"Company\n" + b"Acme\n" * (limits.MAX_CSV_ROWS + 5), "more than 50,000 rows"),
])
def test_a_hostile_csv_is_refused_in_one_line(tmp_path: Path, data: bytes, expected: str) -> None:
    store = open_store(str(tmp_path / "s.sqlite3"))
    with pytest.raises(UserError) as refused:
        _plan_csv(store, data)
    assert expected in refused.value.message and "\n" not in refused.value.message


def test_a_long_company_and_role_from_csv_get_an_id_every_store_keeps(store: Store, tmp_path: Path) -> None:
    data = ("Company,Role\n" + "C" * 200 + "," + "R" * 200 + "\n").encode()
    plan = exchange.plan_spreadsheet(store, data, None, dayfirst=None, delimiter=None, skip_bad_rows=False)
    assert len(plan.applications[0].id) <= limits.APPLICATION_ID
    exchange.apply_spreadsheet(store, plan, AS_OF)
    document = export_document(store)
    again = open_store(str(tmp_path / "again.sqlite3"))
    import_document(again, document)
    assert export_document(again) == document


# ---- vCards ------------------------------------------------------------------------------------


def _card(**fields: str) -> bytes:
    lines = ["BEGIN:VCARD", "VERSION:3.0"] + [f"{k}:{v}" for k, v in fields.items()] + ["END:VCARD"]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("data, expected", [
    (_card(FN="N" * 201), "name: is 201 characters long"),
    (_card(FN="Dana", TITLE="T" * 5000), "title: is 5,000 characters long"),
    (_card(FN="Dana", ORG="O" * 300), "organisation: is 300 characters long"),
    (_card(FN="Dana", TEL="1" * 100), "phone: is 100 characters long"),
    (_card(FN="Dana") * (limits.MAX_VCARDS + 1), "at most 5,000 are read"),
])
def test_a_hostile_vcard_is_refused_in_one_line(store: Store, data: bytes, expected: str) -> None:
    import_document(store, json.dumps(demo_document(AS_OF)))
    app_id = demo_document(AS_OF)["applications"][0]["id"]
    before = export_document(store)
    with pytest.raises(UserError) as refused:
        exchange.import_vcards(store, app_id, data)
    assert expected in refused.value.message and len(refused.value.message) < 300
    assert export_document(store) == before


# ---- the doors: CLI exit 2, the API 4xx JSON, the web a clear page -------------------------------


def test_the_cli_refuses_hostile_files_with_one_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    odd = tmp_path / "odd.csv"
    odd.write_bytes("\ufeffCompany\nAcme\n".encode("utf-16-le")[:-1])
    for args in (["import", str(deep)], ["import-csv", str(odd)]):
        run = subprocess.run([sys.executable, "-m", "afterview", "--db", db, *args], capture_output=True,
                             text=True, timeout=60)
        assert run.returncode == 2, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_the_api_and_the_web_refuse_hostile_documents_clearly(tmp_path: Path) -> None:
    from afterview.web import create_app
    from tests.web.conftest import Web

    web = Web(create_app(db=str(tmp_path / "w.sqlite3"), as_of=AS_OF))
    try:
        token = web.csrf()
        headers = {"content-type": "application/json", "x-csrf-token": token}
        deep = b"[" * 100_000 + b"]" * 100_000
        answer = web.post("/api/import", content=deep, headers=headers)
        assert answer.status_code == 400 and "detail" in answer.json()
        doc = demo_document(AS_OF)
        doc["applications"][0]["interviews"][0]["round"] = 1e30
        answer = web.post("/api/import", content=json.dumps(doc).encode(), headers=headers)
        assert answer.status_code == 400 and "outside 1–50" in answer.json()["detail"]
        page = web.post("/exchange/import", data={"csrf_token": token, "pasted": deep.decode()})
        assert page.status_code == 422 and "Nothing was imported: $: the JSON nests deeper" in page.text
        too_large = web.post("/api/import", content=b"{}", headers={
            **headers, "content-length": str(limits.MAX_DOCUMENT_BYTES + 2 * 1024 * 1024)})
        assert too_large.status_code == 413 and "larger than" in too_large.json()["detail"]
    finally:
        web.close()


def test_a_body_without_a_length_is_held_to_the_same_bound(tmp_path: Path) -> None:
    """A chunked body declares no Content-Length, so the pre-check cannot see it: reading stops at the bound.
    Sent to a real uvicorn server, as a client streaming a body of unknown length would."""
    import httpx

    from afterview.web.security import MAX_REQUEST_BYTES
    from tests.support.live import run_server

    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        piece = b" " * (1024 * 1024)
        while sent <= 2 * MAX_REQUEST_BYTES:  # bounded: the server must stop long before this
            sent += len(piece)
            yield piece

    served = run_server(str(tmp_path / "w.sqlite3"), AS_OF)
    base = next(served)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/")
            token = client.get("/api/session").json()["csrf_token"]
            headers = {"content-type": "application/json", "x-csrf-token": token}
            try:
                answer = client.post("/api/import", content=chunks(), headers=headers)
            except httpx.HTTPError:  # the server may close the connection while the client still writes
                answer = None
            if answer is not None:
                assert answer.status_code == 413 and "larger than" in answer.json()["detail"], answer.text[:300]
            assert sent <= MAX_REQUEST_BYTES + 64 * 1024 * 1024  # the server stopped reading
            assert client.get("/api/today").status_code == 200  # still serving
            document = json.dumps(demo_document(AS_OF)).encode()
            small = client.post("/api/import", content=iter([document[:1000], document[1000:]]), headers=headers)
            assert small.status_code == 200, small.text[:300]  # a chunked body within the bound is read whole
    finally:
        served.close()
