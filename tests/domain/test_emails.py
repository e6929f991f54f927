"""One rule for an email address at every door (email-validator's), with a fast path held to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain import emails

SCRIPT = str(Path(sys.executable).with_name("afterview"))
# Shaped like a@b.c (the facts' old rule took them), refused by email-validator (the profile's rule).
LOOK_ALIKES = ("ann@example..com", "a..b@example.com", ".ann@example.com", "ann@acme.test", "ann@-acme.com",
               "ann@acme.c0m,", "ann lee@example.com")


def _valid(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.from_regex(emails._PLAIN, fullmatch=True))
def test_every_plain_address_is_valid_by_email_validator(address: str) -> None:
    if emails._plain(address):
        assert _valid(address), address


@pytest.mark.parametrize("address", [*LOOK_ALIKES, "jane@acme.example", "ann.lee+jobs@mail.example.co.uk",
                                     "José@acme.es", "ann@localhost", "x@" + "a" * 250 + ".com"])
def test_the_rule_is_email_validators(address: str) -> None:
    assert (emails.problem(address) is None) == _valid(address)


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-25", *args], capture_output=True,
                          text=True, timeout=60, env=os.environ.copy())


@pytest.mark.parametrize("address", ["ann@example..com", "ann@acme.test"])
def test_an_address_the_profile_refuses_is_refused_for_a_person_and_a_reference(tmp_path: Path,
                                                                                address: str) -> None:
    db = tmp_path / "search.sqlite3"
    assert _run(db, "log", "application", "acme", "--company", "Acme").returncode == 0
    doors = {
        "profile": ("profile", "set", "--email", address),
        "person": ("log", "person", "acme", "--name", "Jane Doe", "--email", address),
        "reference": ("references", "add", "--name", "Grace Liu", "--email", address),
    }
    for door, args in doors.items():
        refused = _run(db, *args)
        assert refused.returncode == 2, (door, refused.stdout, refused.stderr)
        assert "is not an email address" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert json.loads(_run(db, "people", "list", "acme", "--json").stdout) == []
