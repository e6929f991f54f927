"""People from the command line: added and changed with `log person` (only what is given), listed, removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("afterview"))


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", str(db), "--as-of", "2026-11-25", *args], capture_output=True,
                          text=True, timeout=60, env=os.environ.copy())


def test_add_edit_only_what_is_given_list_and_remove(tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    assert run(db, "log", "application", "acme", "--company", "Acme").returncode == 0
    assert run(db, "log", "person", "acme", "--name", "Jane Doe", "--role", "hiring_manager", "--title",
               "Head of Finance", "--email", "jane@acme.example").returncode == 0
    assert run(db, "log", "person", "acme", "--name", "jane doe", "--phone", "+1 555 0100").returncode == 0
    people = json.loads(run(db, "people", "list", "acme", "--json").stdout)
    assert people == [{"name": "Jane Doe", "role": "hiring_manager", "title": "Head of Finance",
                       "email": "jane@acme.example", "phone": "+1 555 0100"}]
    assert run(db, "people", "list", "acme").stdout == (
        "Jane Doe (hiring manager): Head of Finance, jane@acme.example, +1 555 0100\n")
    missing = run(db, "people", "remove", "acme", "--name", "John Roe")
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
    assert "Traceback" not in missing.stderr
    removed = run(db, "people", "remove", "acme", "--name", "Jane Doe")
    assert removed.returncode == 0 and removed.stdout == "Removed Jane Doe from acme.\n"
    assert json.loads(run(db, "people", "list", "acme", "--json").stdout) == []
