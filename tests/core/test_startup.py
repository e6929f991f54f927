"""Each command loads only what it uses: Python's start is most of a short command's time.

`afterview today --json` at 10,000 applications took 134 ms, two thirds of it
loading the facts' dataclasses it never builds; recording one contact took 940 ms,
nine tenths of it loading the web framework, every country's holidays and every
other command. These run the console script's own entry point in a fresh
process and look at what it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-25"

# The launcher as the console script runs it; afterwards it writes the names of the modules it loaded.
PROBE = ("import os, sys\nfrom afterview.launcher import main\nsys.argv[0] = 'afterview'\ntry:\n    main()\n"
         "finally:\n    open(os.environ['LOADED'], 'w').write('\\n'.join(sorted(sys.modules)))\n")


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """The modules `afterview ARGS` loaded (it must succeed)."""
    out = tmp_path / "loaded.txt"
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LOADED": str(out)})
    assert done.returncode == 0, done.stderr
    return set(out.read_text().split("\n"))


def cli(db: Path, *args: str) -> str:
    done = subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF, *args], capture_output=True, text=True,
                          timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    return done.stdout


def full_cli(db: Path, *args: str) -> str:
    """The Typer CLI itself, never the launcher's fast path."""
    done = subprocess.run([sys.executable, "-c", "from afterview.cli.main import run; run()", "--db", str(db),
                           "--as-of", AS_OF, *args], capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.sqlite3"
    subprocess.run([SCRIPT, "--db", str(path), "--as-of", AS_OF, "demo"], check=True, capture_output=True, timeout=120)
    return path


def heavy(modules: set[str], *names: str) -> list[str]:
    """Which of these packages (or modules) were loaded."""
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_today_as_scripts_call_it_loads_the_task_and_the_standard_library_only(demo: Path, tmp_path: Path) -> None:
    for args in (["today", "--json", "--limit", "50"], ["today"]):
        modules = loaded_by(tmp_path, "--db", str(demo), "--as-of", AS_OF, *args)
        assert "afterview.domain.task" in modules  # it did answer from the fast path
        assert heavy(modules, "typer", "click", "rich", "sqlalchemy", "pydantic", "holidays", "jinja2",
                     "dataclasses", "afterview.domain.model", "afterview.services") == [], args


def test_a_dismissed_weekly_reminder_is_off_today_on_the_fast_path_too(tmp_path: Path) -> None:
    db = tmp_path / "short.sqlite3"
    cli(db, "log", "application", "acme", "--company", "Acme")  # one application against a target of five
    assert [t["kind"] for t in json.loads(cli(db, "today", "--json"))] == ["keep_searching"]
    cli(db, "skip", "keep_searching:2026-W48", "--why", "enough for this week")
    for args in (["today", "--json"], ["today"]):
        assert cli(db, *args) == full_cli(db, *args), args
    assert json.loads(cli(db, "today", "--json")) == []


def _registered() -> dict[str, set[str]]:
    """Each top-level command, with the modules whose functions it runs (its subcommands' too)."""
    import importlib

    from afterview.cli import main

    for name in main.ALL_COMMAND_MODULES:
        importlib.import_module(f"afterview.cli.{name}")

    def modules_of(group: typer.Typer) -> set[str]:
        found = {c.callback.__module__ for c in group.registered_commands if c.callback}
        if group.registered_callback and group.registered_callback.callback:
            found.add(group.registered_callback.callback.__module__)
        return found.union(*(modules_of(g.typer_instance) for g in group.registered_groups if g.typer_instance))

    commands = {c.name or c.callback.__name__.replace("_", "-"): {c.callback.__module__}
                for c in main.app.registered_commands if c.callback}
    groups = {g.name: modules_of(g.typer_instance) for g in main.app.registered_groups if g.name and g.typer_instance}
    return {name: {m.rsplit(".", 1)[1] for m in found} for name, found in {**commands, **groups}.items()}


def test_each_command_loads_the_modules_that_register_it() -> None:
    from afterview.cli.main import ALL_COMMAND_MODULES, COMMAND_MODULES

    assert {name: set(found) for name, found in COMMAND_MODULES.items()} == _registered()
    assert set(ALL_COMMAND_MODULES) == set().union(*COMMAND_MODULES.values())


@pytest.mark.parametrize(("argv", "word"), [
    (["--db", "x.sqlite3", "--as-of", "2026-11-25", "log", "contact", "acme"], "log"),
    (["--db=x.sqlite3", "today"], "today"),
    (["--help"], None),
    (["--db", "x.sqlite3", "--help", "log"], None),
    ([], None),
])
def test_the_command_word_comes_after_the_global_options(argv: list[str], word: str | None) -> None:
    from afterview.cli.main import command_word

    assert command_word(argv) == word


def test_help_and_a_mistyped_command_still_know_every_command(tmp_path: Path) -> None:
    shown = subprocess.run([SCRIPT, "--help"], capture_output=True, text=True, timeout=120).stdout
    for name in ("today", "log", "serve", "references", "people", "digest"):
        assert f"  {name} " in shown, name
    typo = subprocess.run([SCRIPT, "--db", str(tmp_path / "s.sqlite3"), "lgo"], capture_output=True, text=True,
                          timeout=120)
    assert typo.returncode == 2 and "lgo" in typo.stderr and "Traceback" not in typo.stderr


def test_recording_a_contact_loads_one_country_no_web_and_no_other_command(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(demo.read_bytes())
    modules = loaded_by(tmp_path, "--db", str(db), "--as-of", AS_OF, "log", "contact", "globex-analyst",
                        "--kind", "other", "--person", "Hank Scorpio", "--force")
    assert "afterview.services.facts" in modules  # it did record through the service
    countries = sorted(m for m in modules if m.startswith("holidays.countries."))
    assert 1 <= len(countries) <= 3, countries
    assert heavy(modules, "fastapi", "starlette", "uvicorn", "jinja2", "afterview.web", "afterview.drafting",
                 "afterview.mail", "sqlalchemy.dialects.postgresql", "afterview.cli.mail_commands",
                 "afterview.cli.draft_commands", "afterview.cli.reference_commands") == []
