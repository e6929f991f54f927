"""The demo is a sandbox: it never writes into a store that holds anything, nor touches the user's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("afterview"))


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AFTERVIEW_HOME": str(home)}
    return subprocess.run([SCRIPT, "--as-of", "2026-11-25", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_demo_refuses_a_store_that_holds_a_search_and_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "mine.sqlite3")
    assert _run("--db", db, "profile", "set", "--name", "Sam Rivera", "--country", "GB", home=tmp_path).returncode == 0
    before = _run("--db", db, "export", home=tmp_path).stdout
    refused = _run("--db", db, "demo", home=tmp_path)
    assert refused.returncode == 2 and "already holds a job search" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _run("--db", db, "export", home=tmp_path).stdout == before
    assert json.loads(before)["profile"]["name"] == "Sam Rivera"


def test_the_demo_without_a_store_uses_its_own_sandbox_and_never_the_users(tmp_path: Path) -> None:
    home = tmp_path / "data"
    shown = _run("demo", home=home)
    assert shown.returncode == 0, shown.stderr
    assert "your own data is untouched" in shown.stdout and "Thank-you email" in shown.stdout
    assert (home / "demo.sqlite3").exists() and not (home / "afterview.sqlite3").exists()
    again = _run("demo", home=home)  # a second look starts afresh, still beside the user's data
    assert again.returncode == 0 and not (home / "afterview.sqlite3").exists()


def test_the_cli_refuses_what_the_web_form_refuses(tmp_path: Path) -> None:
    db = str(tmp_path / "mine.sqlite3")
    early = _run("--db", db, "log", "interview", "acme", "--company", "Acme", "--on", "2026-11-25",
                 "--decision-expected", "2026-10-14", "--no-input", home=tmp_path)
    assert early.returncode == 2 and early.stderr.startswith("afterview: --decision-expected: "), early.stderr
    assert "before the interview" in early.stderr
    future = _run("--db", db, "log", "application", "acme", "--company", "Acme", "--applied-on", "2207-01-05",
                  home=tmp_path)
    assert future.returncode == 2 and future.stderr.startswith("afterview: --applied-on: "), future.stderr
    blank = _run("--db", db, "log", "application", "acme", "--company", "   ", home=tmp_path)
    assert blank.returncode == 2 and blank.stderr.startswith("afterview: --company: "), blank.stderr
    assert json.loads(_run("--db", db, "export", home=tmp_path).stdout).get("applications", []) == []
