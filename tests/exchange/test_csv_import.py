"""CSV import: mapping, delimiters, encodings, dates, duplicates, and all-or-nothing rows."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.exchange.csv_import import CsvProblem, parse_mapping, plan_csv_import
from afterview.exchange.csv_import_text import DateError, parse_date

TRACKER = (
    "Company,Job Title,Date Applied,Country,State,Source\n"
    "Acme Analytics,Data Analyst,2026-11-03,US,NY,referral\n"
    "Globex,Engineer,\"Nov 3, 2026\",,,\n"
    "Globex,Engineer,3 November 2026,,,agency\n"
    "Initech,,,GB,,\n"
)


def test_common_headers_map_themselves_and_ids_are_stable_slugs() -> None:
    plan = plan_csv_import(TRACKER.encode(), None, default_country="de")
    assert [a.id for a in plan.applications] == ["acme-analytics-data-analyst", "globex-engineer", "initech"]
    acme, globex, initech = plan.applications
    assert (acme.country, acme.subdivision, acme.source, acme.applied_on) == ("US", "NY", "referral",
                                                                              date(2026, 11, 3))
    assert (globex.country, globex.applied_on, globex.role) == ("DE", date(2026, 11, 3), "Engineer")
    assert initech.role is None and initech.applied_on is None and initech.country == "GB"
    assert plan.rows == (2, 3, 5)
    assert [str(d) for d in plan.duplicates] == ["row 4: repeats row 3 (Globex, Engineer); not imported twice"]
    assert plan.mapping["role"] == "Job Title" and plan.mapping["applied_on"] == "Date Applied"
    summary = plan.summary()
    assert summary[0] == "would create 3 application(s)"
    assert "  row 2: acme-analytics-data-analyst — Acme Analytics — Data Analyst, applied 2026-11-03" in summary


def test_same_company_and_role_on_other_dates_get_numbered_ids() -> None:
    data = b"company,role,applied\nAcme,Analyst,2026-01-05\nAcme,Analyst,2026-06-01\nAcme,Analyst,2026-09-09\n"
    plan = plan_csv_import(data, None, default_country="US", existing_ids=["acme-analyst"])
    assert [a.id for a in plan.applications] == ["acme-analyst-2", "acme-analyst-3", "acme-analyst-4"]


def test_explicit_mapping_semicolons_and_cp1252_are_read_and_reported() -> None:
    data = "Firma;Stelle;Beworben am\nMüller & Söhne GmbH;Entwickler;23.10.2026\nZeiss;Analyst;02.11.2026\n"
    mapping = parse_mapping("company=Firma, role=Stelle,applied_on=Beworben am")
    plan = plan_csv_import(data.encode("cp1252"), mapping, default_country="DE")
    assert [a.company for a in plan.applications] == ["Müller & Söhne GmbH", "Zeiss"]
    # 23.10 settles it: every date in the column is day first, and the summary says so.
    assert plan.applications[1].applied_on == date(2026, 11, 2)
    assert plan.delimiter == ";" and plan.encoding == "cp1252"
    assert any("not UTF-8" in n and "cp1252" in n for n in plan.notes)
    assert any("dates read day first, as row 2 shows (23.10.2026)" in n for n in plan.notes)
    assert any("semicolon" in n for n in plan.notes)


def test_tabs_and_a_utf8_bom() -> None:
    data = "\ufeffEmployer\tPosition\tApplication Date\nÅngström AB\tPhysicist\t11/30/2026\n".encode()
    plan = plan_csv_import(data, None, default_country="SE")
    (app,) = plan.applications
    assert (app.company, app.role, app.applied_on) == ("Ångström AB", "Physicist", date(2026, 11, 30))
    assert plan.delimiter == "\t" and plan.encoding == "utf-8" and plan.mapping["company"] == "Employer"


def test_ambiguous_dates_are_never_guessed() -> None:
    data = b"Company,Date Applied\nAcme,03/11/2026\nGlobex,04/11/2026\n"
    with pytest.raises(CsvProblem, match=r"row 2: .*'03/11/2026' could be 03 Nov or 11 Mar; pass --dayfirst"):
        plan_csv_import(data, None, default_country="US")
    assert plan_csv_import(data, None, default_country="US", dayfirst=True).applications[0].applied_on == \
        date(2026, 11, 3)
    assert plan_csv_import(data, None, default_country="US", dayfirst=False).applications[0].applied_on == \
        date(2026, 3, 11)
    mixed = b"Company,Date Applied\nAcme,23/10/2026\nGlobex,10/23/2026\n"
    with pytest.raises(CsvProblem, match="mixes day-first \\(row 2\\) and month-first \\(row 3\\)"):
        plan_csv_import(mixed, None, default_country="US")


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-03", date(2026, 11, 3)), ("2026/11/03", date(2026, 11, 3)),
    ("2026-11-03 14:30:00", date(2026, 11, 3)), ("Nov 3, 2026", date(2026, 11, 3)),
    ("November 3rd, 2026", date(2026, 11, 3)), ("3 November 2026", date(2026, 11, 3)),
    ("03-Nov-2026", date(2026, 11, 3)), ("Sept 9 2026", date(2026, 9, 9)), ("05/05/26", date(2026, 5, 5)),
    ("13/01/2026", date(2026, 1, 13)),
])
def test_date_formats(text: str, expected: date) -> None:
    assert parse_date(text, None) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "soon", "Novembre 3, 2026", "2026-13-01"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text, True)


def test_bad_rows_stop_everything_unless_skipped() -> None:
    data = b"Company,Role,Date Applied,Country\nAcme,Analyst,2026-11-03,US\n,Engineer,2026-11-04,US\n" \
           b"Globex,Engineer,someday,US\nInitech,Engineer,2026-11-05,XX\n"
    with pytest.raises(CsvProblem, match=r"^row 3: no company in column 'Company' \(or pass --skip-bad-rows\)$"):
        plan_csv_import(data, None, default_country="US")
    plan = plan_csv_import(data, None, default_country="US", skip_bad_rows=True)
    assert [a.company for a in plan.applications] == ["Acme"]
    assert [note.row for note in plan.skipped] == [3, 4, 5]
    assert "'someday' is not a date" in plan.skipped[1].reason
    assert "unknown country code 'XX'" in plan.skipped[2].reason


@pytest.mark.parametrize(("data", "kw", "message"), [
    (b"Company;Role\nAcme;Analyst\n", {"delimiter": ","},
     "every row is one column with comma as the delimiter, but the header contains semicolons; "
     "try --delimiter ';'"),
    (b"Role,Date\nAnalyst,2026-11-03\n", {}, "no company column among 'Role', 'Date'; name it with --map"),
    (b"Company,Role\nAcme,Analyst\n", {"mapping": {"company": "Employer"}},
     "--map company=Employer: no column 'Employer'; the columns are 'Company', 'Role'"),
    (b"", {}, "the file is empty"),
    (b"PK\x03\x04\x14\x00\x06\x00", {}, r"spreadsheet workbook \(.xlsx/.ods\), not CSV"),
    (b"Company\x00,Role\n", {}, "binary data"),
    (b"Company,Role\n\"Acme,Analyst\n", {"delimiter": ","}, "check the quoting"),
])
def test_bad_files_are_one_line_problems(data: bytes, kw: dict[str, object], message: str) -> None:
    mapping = kw.pop("mapping", None)
    with pytest.raises(CsvProblem, match=message) as raised:
        plan_csv_import(data, mapping, default_country="US", **kw)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_utf16_exports_are_read() -> None:
    plan = plan_csv_import("Company\tRole\nAcme\tAnalyst\n".encode("utf-16"), None, default_country="US")
    assert plan.applications[0].company == "Acme" and plan.encoding == "utf-16"


@pytest.mark.parametrize(("text", "message"), [
    ("company", "expected FIELD=COLUMN"), ("salary=Pay", "unknown field 'salary'"),
    ("company=A,company=B", "'company' is mapped twice"),
])
def test_parse_mapping_errors(text: str, message: str) -> None:
    with pytest.raises(CsvProblem, match=message):
        parse_mapping(text)


def test_parse_mapping_accepts_hyphens_and_spaces() -> None:
    assert parse_mapping(" company = Company , applied-on=Date Applied,") == {
        "company": "Company", "applied_on": "Date Applied"}
