"""The crash campaign in its quick profile: ~30 write commands SIGKILLed, nothing lost or half-written.

The full campaign (300 kills) is `python -m benchmarks.crash_harness`; the README reports its counts.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from benchmarks import crash_harness as harness


def test_thirty_kills_lose_nothing_and_half_write_nothing(tmp_path: Path) -> None:
    tally = harness.campaign(30, seed_value=20261130, folder=tmp_path)
    assert tally.kills >= 30, tally.table()
    assert tally.bad() == 0, "\n".join([tally.table(), *tally.problems])
    # The kills landed on both sides of a commit: some inside a transaction, some just after it.
    assert tally.kills > tally.killed_committed > 0, tally.table()
    assert tally.committed > 0


def test_the_checks_see_a_half_written_application(tmp_path: Path) -> None:
    """The campaign's checks can fail: an application left without the interview that made it."""
    db = tmp_path / "crash.sqlite3"
    harness.seed(db)
    world = harness.World(db, tmp_path, random.Random(1))
    command = harness.new_interview(world)
    before = harness.read(db)
    code, killed, _ = harness.run(db, command, kill=None, after=0)
    assert code == 0 and not killed
    assert command.expect(before, harness.read(db)) and harness.plan_problems(db) == []
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM interviews WHERE application_id = ?", (command.args[2],))
    assert not command.expect(before, harness.read(db))
    assert harness.plan_problems(db) == [f"{command.args[2]} has no interview"]
