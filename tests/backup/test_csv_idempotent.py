"""CSV import is idempotent: the same row twice is one application (matched by company, role and
application date, or by an id column), and `--dry-run` says row by row what would be new, changed or
the same. Through the real `afterview` script, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"
SHEET = ("Company,Job Title,Date Applied,Source\n"
         "Acme,Data Analyst,2026-11-02,direct\n"
         "Globex,Engineer,2026-11-05,referral\n"
         "Initech,,,\n")


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "--db", db, "--as-of", AS_OF, *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def ids(db: str) -> list[str]:
    return [a["id"] for a in json.loads(ok(run(db, "export")))["applications"]]


def sheet(tmp_path: Path, text: str, name: str = "sheet.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_importing_the_same_csv_twice_creates_no_copies(database_url: str, tmp_path: Path) -> None:
    db, csv_file = database_url, sheet(tmp_path, SHEET)
    first = ok(run(db, "import-csv", csv_file))
    assert "Created 3 application(s), changed 0, 0 already kept as they are." in first
    once = ok(run(db, "export"))
    dry = ok(run(db, "import-csv", csv_file, "--dry-run")).splitlines()
    assert dry[:4] == ["would create 0 application(s); 0 new, 0 changed, 3 the same",
                       "  row 2: same acme-data-analyst", "  row 3: same globex-engineer", "  row 4: same initech"]
    assert "Dry run: nothing was changed." in dry
    again = ok(run(db, "import-csv", csv_file))
    assert "Created 0 application(s), changed 0, 3 already kept as they are." in again
    assert ids(db) == ["acme-data-analyst", "globex-engineer", "initech"]
    assert ok(run(db, "export")) == once


def test_the_dry_run_tells_new_changed_and_same_apart_and_the_import_changes_only_what_cells_give(
        database_url: str, tmp_path: Path) -> None:
    db = database_url
    ok(run(db, "import-csv", sheet(tmp_path, SHEET)))
    edited = ("Company,Job Title,Date Applied,Source\n"
              "ACME,Data Analyst,2026-11-02,referral\n"   # the same application; its source changed
              "Globex,Engineer,2026-11-05,\n"             # a blank cell changes nothing
              "Globex,Engineer,2026-11-20,direct\n"       # applied again later: a second application
              "Initech,,,agency\n")                      # no date: the Initech application already kept
    csv_file = sheet(tmp_path, edited, "edited.csv")
    dry = ok(run(db, "import-csv", csv_file, "--dry-run")).splitlines()
    assert dry[:5] == [
        "would create 1 application(s); 1 new, 2 changed, 1 the same",
        "  row 2: changed acme-data-analyst (source: direct → referral)",
        "  row 3: same globex-engineer",
        "  row 4: new globex-engineer-2 — Globex — Engineer, applied 2026-11-20",
        "  row 5: changed initech (source: direct → agency)",
    ]
    before = ok(run(db, "export"))
    assert ok(run(db, "export")) == before  # the dry run wrote nothing
    assert "Created 1 application(s), changed 2, 1 already kept as they are." in ok(run(db, "import-csv", csv_file))
    apps = {a["id"]: a for a in json.loads(ok(run(db, "export")))["applications"]}
    assert list(apps) == ["acme-data-analyst", "globex-engineer", "initech", "globex-engineer-2"]
    assert apps["acme-data-analyst"]["company"] == "Acme" and apps["acme-data-analyst"]["source"] == "referral"
    assert apps["globex-engineer"]["source"] == "referral" and apps["initech"]["source"] == "agency"
    assert "Created 0 application(s), changed 0, 4 already kept" in ok(run(db, "import-csv", csv_file))


def test_an_id_column_matches_the_application_whatever_else_changed(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    ok(run(db, "import-csv", sheet(tmp_path, SHEET)))
    renamed = ("ID,Company,Job Title,Date Applied\n"
               "acme-data-analyst,Acme Analytics,Senior Data Analyst,2026-11-02\n"
               "umbrella-chemist,Umbrella,Chemist,2026-11-09\n")
    dry = ok(run(db, "import-csv", sheet(tmp_path, renamed, "ids.csv"), "--dry-run")).splitlines()
    assert dry[:3] == [
        "would create 1 application(s); 1 new, 1 changed, 0 the same",
        "  row 2: changed acme-data-analyst (company: Acme → Acme Analytics; role: Data Analyst → "
        "Senior Data Analyst)",
        "  row 3: new umbrella-chemist — Umbrella — Chemist, applied 2026-11-09",
    ]
    ok(run(db, "import-csv", sheet(tmp_path, renamed, "ids.csv")))
    ok(run(db, "import-csv", sheet(tmp_path, renamed, "ids.csv")))
    assert ids(db) == ["acme-data-analyst", "globex-engineer", "initech", "umbrella-chemist"]


def test_a_row_refused_by_the_rules_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    ok(run(db, "import-csv", sheet(tmp_path, SHEET)))
    before = ok(run(db, "export"))
    bad = "ID,Company\nnew-one,Hooli\n -bad id-,Pied Piper\n"
    result = run(db, "import-csv", sheet(tmp_path, bad, "bad.csv"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert ok(run(db, "export")) == before
