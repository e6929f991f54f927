"""vCards in (3.0 and 4.0, all or nothing), out (read back by the real khard), and merged without doubles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.model import Person
from afterview.exchange.vcards import (
    CardPerson,
    VCardProblem,
    parse_vcards,
    people_to_vcards,
    vcard_files,
)
from afterview.exchange.vcards_merge import merge_people

V3 = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme Analytics Ltd;Data\r\n"
    "TITLE:Engineering Manager\r\nEMAIL;TYPE=INTERNET:jane.doe@acme.example\r\n"
    "EMAIL;TYPE=INTERNET,PREF:jane@acme.example\r\nTEL;TYPE=WORK,VOICE:020 7946 0123\r\n"
    "NOTE:met at the second interview\\, very friendly\r\nEND:VCARD\r\n"
)
V4 = (
    "BEGIN:VCARD\nVERSION:4.0\nFN:Dana O’Neil\nN:O’Neil;Dana;;;\nORG:Globex\\, Inc.\n"
    "TITLE:Senior Technical Recruiter\nEMAIL;TYPE=work;PREF=1:dana@globex.example\n"
    "TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-212-555-0100\nEND:VCARD\n"
    # A folded line, as long values are written.
    "BEGIN:VCARD\nVERSION:4.0\nFN:Sam\n  Lee\nTITLE:Hiring Manager\nEND:VCARD\n"
)


def test_reads_3_0_and_4_0_with_many_cards_per_file() -> None:
    people = parse_vcards((V3 + V4).encode("utf-8"), default_region="GB")
    assert people == [
        CardPerson("Jane Doe", "Engineering Manager", "Acme Analytics Ltd", "jane@acme.example", "+442079460123"),
        CardPerson("Dana O’Neil", "Senior Technical Recruiter", "Globex, Inc.", "dana@globex.example",
                   "+12125550100", "recruiter"),
        CardPerson("Sam Lee", "Hiring Manager", None, None, None, "hiring_manager"),
    ]


def test_without_a_region_phones_stay_as_written_and_bom_and_cp1252_are_read() -> None:
    (jane,) = parse_vcards(b"\xef\xbb\xbf" + V3.encode("utf-8"))
    assert jane.phone == "020 7946 0123"
    (jorg,) = parse_vcards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Müller\r\nN:Müller;Jörg\r\nEND:VCARD\r\n"
                           .encode("cp1252"))
    assert jorg.name == "Jörg Müller"


def test_a_name_from_n_when_fn_is_empty() -> None:
    (person,) = parse_vcards("BEGIN:VCARD\nVERSION:3.0\nFN:\nN:Novak;Nina;;Dr.;\nEND:VCARD\n")
    assert person.name == "Dr. Nina Novak"


@pytest.mark.parametrize(("text", "message"), [
    ("", "no vCards found"),
    ("hello,world\n1,2\n", r"line 1 \(before the first card\): 'hello,world' is outside any"),
    (V3 + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Roe\nEMAIL:bob@\nEND:VCARD\n",
     r"card 2 \(Bob Roe\): email 'bob@' is not valid"),
    (V3 + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Roe\n", r"card 2 \(Bob Roe\): the file ends without END:VCARD"),
    ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nBEGIN:VCARD\nVERSION:3.0\nFN:Bo\nEND:VCARD\n",
     r"card 1 \(Ann\): no END:VCARD before the next BEGIN:VCARD on line 4"),
    (V3 + "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nTITLE:Engineer\nEND:VCARD\n", r"card 2: no name"),
    (V3 + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Roe\nTITLE Engineer\nEND:VCARD\n",
     r"card 2 \(Bob Roe\): cannot be read \(line 15\): Failed to parse line: TITLE Engineer"),
    ("BEGIN:VCARD\nFN:Bob Roe\nEND:VCARD\n", r"card 1 \(Bob Roe\): no VERSION line; expected vCard 3.0 or 4.0"),
    ("END:VCARD\n", "line 1: END:VCARD without a BEGIN:VCARD"),
])
def test_broken_files_fail_whole_with_one_line_naming_the_card(text: str, message: str) -> None:
    with pytest.raises(VCardProblem, match=message) as raised:
        parse_vcards(text)
    assert "\n" not in str(raised.value)


def test_export_round_trips_with_roles() -> None:
    people = [(Person("Dana O'Neil", "hiring_manager", "Head of Data; EMEA", "dana@acme.example", "+12125550100"),
               "Acme, Inc."),
              (Person("Jörg Müller", "agent", email="jm@personal.example"), None)]
    text = people_to_vcards(people)
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:3.0" in text
    back = parse_vcards(text)
    assert back == [CardPerson("Dana O'Neil", "Head of Data; EMEA", "Acme, Inc.", "dana@acme.example",
                               "+12125550100", "hiring_manager"),
                    CardPerson("Jörg Müller", None, None, "jm@personal.example", None, "agent")]
    assert people_to_vcards(people) == text  # stable UIDs, no timestamps


names = st.text(st.characters(codec="utf-8", categories=("L", "Zs", "P")), min_size=1, max_size=30).filter(
    lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(name=names, title=st.none() | names, company=st.none() | names)
def test_any_text_survives_export_and_import(name: str, title: str | None, company: str | None) -> None:
    (back,) = parse_vcards(people_to_vcards([(Person(name, title=title), company)]))
    assert back.name == name.strip()
    assert back.title == (title.strip() if title and title.strip() else None)
    assert back.organisation == (company.strip() if company and company.strip() else None)


def _khard(tmp_path: Path, *args: str) -> str:
    if shutil.which("khard") is None:
        pytest.fail("khard is not installed; run scripts/system-packages")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[jobs]]\npath = {tmp_path / 'contacts'}\n"
                      "[general]\ndefault_action = list\neditor = /bin/true\nmerge_editor = /bin/true\n", "utf-8")
    done = subprocess.run(["khard", "-c", str(config), *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_khard_reads_the_exported_cards(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts"
    contacts.mkdir()
    people = [(Person("Dana O'Neil", "hiring_manager", "Head of Data", "dana@acme.example", "+12125550100"),
               "Acme, Inc."),
              (Person("Jörg Müller", "interviewer", "Software Engineer", "joerg@kesslervogt.example"),
               "Kessler & Vogt GmbH")]
    for name, text in vcard_files(people).items():
        (contacts / name).write_text(text, "utf-8")
    listing = _khard(tmp_path, "list")
    assert "Dana O'Neil" in listing and "Jörg Müller" in listing
    emails = _khard(tmp_path, "email")
    assert "dana@acme.example" in emails and "joerg@kesslervogt.example" in emails
    shown = _khard(tmp_path, "show", "Jörg")
    assert "Organisation: Kessler & Vogt GmbH" in shown and "Title: Software Engineer" in shown
    assert "+12125550100" in _khard(tmp_path, "phone", "Dana")


def test_merge_fills_gaps_reports_conflicts_and_never_doubles() -> None:
    existing = [Person("Jane Doe", "interviewer", "Engineering Manager"),
                Person("Bob Roe", "hiring_manager", email="bob@acme.example", phone="+1 212 555 0100")]
    incoming = [
        CardPerson("jane  doe", "Engineering Manager", "Acme", "jane@acme.example", "+12125550199"),
        CardPerson("Robert Roe", "Head of Finance", "Acme", "BOB@acme.example", "+12125550100"),
        CardPerson("Sam Lee", "Senior Recruiter", "Acme", "sam@acme.example", role="recruiter"),
        CardPerson("Sam Lee", None, "Acme", "sam@acme.example"),
    ]
    merged, report = merge_people(existing, incoming)
    assert [p.name for p in merged] == ["Jane Doe", "Bob Roe", "Sam Lee"]
    assert merged[0] == Person("Jane Doe", "interviewer", "Engineering Manager", "jane@acme.example",
                               "+12125550199")
    assert merged[1] == Person("Bob Roe", "hiring_manager", "Head of Finance", "bob@acme.example",
                               "+1 212 555 0100")
    assert merged[2].role == "recruiter"
    assert report.added == ("Sam Lee",)
    assert report.merged == ("Jane Doe: added email, phone", "Bob Roe: added title")
    assert report.duplicates == ("Sam Lee",)
    assert report.conflicts == ("Bob Roe: the card with the same email is named 'Robert Roe'; kept 'Bob Roe'",)
    again, second = merge_people(merged, incoming)
    assert again == merged and second.added == () and second.merged == ()
