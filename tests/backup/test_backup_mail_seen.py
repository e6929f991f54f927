"""A restore remembers which messages the inbox scan already read: scanning the same mail again after a
restore adds no reply twice (the reply is a fact; reading it again must not make it two)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.mail.messages import mbox, message

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-23"


def run(db: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([SCRIPT, "--db", db, "--as-of", AS_OF, *args], input=stdin, capture_output=True,
                            text=True, env=os.environ.copy(), timeout=120)
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def replies(document: str) -> int:
    return sum(1 for a in json.loads(document)["applications"] for i in a.get("interactions", [])
               if i["direction"] == "in")


def test_scanning_the_same_mail_after_a_restore_adds_no_reply_twice(database_url: str, tmp_path: Path) -> None:
    mail = tmp_path / "inbox.mbox"
    mail.write_bytes(mbox([message(
        1, sender="Dana Whitfield <dana.whitfield@northwind.example>", subject="Re: Thank you",
        date="Fri, 20 Nov 2026 10:00:00 -0500", body="Thank you for your note. We will be in touch next week.\n")]))
    run(database_url, "demo")
    before = replies(run(database_url, "export"))
    run(database_url, "inbox", "scan", "--mbox", str(mail))
    exported = run(database_url, "export")
    assert replies(exported) == before + 1
    assert len(json.loads(exported)["mail_seen"]) == 1

    restored = str(tmp_path / "restored.sqlite3")
    run(restored, "import", "-", stdin=exported)
    run(restored, "inbox", "scan", "--mbox", str(mail))
    assert run(restored, "export") == exported
