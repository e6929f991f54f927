"""The real khal calendar client, configured in a temp folder, for reading what Afterview exports."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


class Khal:
    def __init__(self, folder: Path, zone: str = "Europe/Berlin") -> None:
        if shutil.which("khal") is None:
            pytest.fail("khal is not installed; run scripts/system-packages")
        self.vdir = folder / "calendars" / "jobs"
        self.vdir.mkdir(parents=True)
        self.config = folder / "khal.conf"
        self.config.write_text(
            "[calendars]\n[[jobs]]\n"
            f"path = {self.vdir}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {zone}\ndefault_timezone = {zone}\n"
            "[default]\ndefault_calendar = jobs\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n", "utf-8")
        self.env = {**os.environ, "TZ": zone}

    def run(self, *args: str) -> str:
        done = subprocess.run(["khal", "-c", str(self.config), *args], env=self.env, capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", "jobs", str(path))

    def listing(self, start: str, span: str, fields: str = "{uid}|{start}|{title}") -> list[str]:
        """One line per event khal shows from `start` for `span` (e.g. '30d'), in the `fields` format."""
        return [line for line in self.run("list", "-f", fields, start, span).splitlines() if "|" in line]
