"""Crash safety: write commands through the real `afterview` CLI, killed with SIGKILL at random moments.

    python -m benchmarks.crash_harness                 # the full campaign: 300 kills
    python -m benchmarks.crash_harness --kills 30      # the quick one tests/core/test_crash_harness.py runs
    python -m benchmarks.crash_harness --seed 7 --verbose

One SQLite file, one command at a time, each a real `afterview` process: a new application with its
first interview (`log interview NEW --company …`), `log person`, `log contact --force`, `log reply`,
`done`, `skip`, `import` of an afterview/1 document, `archive` and `undo`. Most are killed: some at
a random moment of the command's own run time, most while it holds the store's write lock (inside
its transaction), some the instant it writes to the write-ahead log (in the middle of a commit).
After every command the store is read back:

- `PRAGMA integrity_check` must say ok;
- a command that exited 0 must be there in full (the facts and its journal entry): else a committed
  fact is lost;
- a killed command must be there in full or not at all, and a refused one not at all: anything
  between is a half-write; so is an application without the interview that made it, an interviewer
  without a thank-you in the plan, or a journal entry without its facts.

It prints the counts as a markdown table and exits 1 when any of the last three columns is not zero.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

SCRIPT = str(Path(sys.executable).with_name("afterview"))
AS_OF = "2026-11-30"  # a Monday
DAYS = ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27")
# A command that takes longer than this is stuck: the campaign fails rather than hangs.
COMMAND_TIMEOUT = 60.0


@dataclass(frozen=True)
class Snapshot:
    """The stored facts in a form two states can be compared by (the plan is derived, so left out)."""

    applications: frozenset[tuple[str, str, bool]]
    people: frozenset[tuple[str, str, str | None]]
    interviews: frozenset[tuple[str, int, str]]
    interactions: tuple[tuple[str, str, str, str | None], ...]  # sorted, duplicates kept
    dismissals: frozenset[tuple[str, str]]
    journal: tuple[tuple[str, bool], ...]  # in order

    def facts(self) -> tuple[Any, ...]:
        return (self.applications, self.people, self.interviews, self.interactions, self.dismissals)


def read(db: Path) -> Snapshot:
    with sqlite3.connect(db) as conn:
        return Snapshot(
            frozenset((a, c, bool(x)) for a, c, x in conn.execute("SELECT id, company, archived FROM applications")),
            frozenset(conn.execute("SELECT application_id, name, email FROM people")),
            frozenset((a, r, str(o)) for a, r, o in conn.execute(
                'SELECT application_id, round, "on" FROM interviews')),
            tuple(sorted(conn.execute("SELECT application_id, direction, kind, person FROM interactions"),
                         key=repr)),
            frozenset(conn.execute("SELECT task_id, status FROM dismissals")),
            tuple((a, bool(u)) for a, u in conn.execute("SELECT action, undone FROM journal ORDER BY id")),
        )


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def plan_problems(db: Path) -> list[str]:
    """Facts without what the same transaction derives or must hold: signs of a half-write."""
    found = []
    with sqlite3.connect(db) as conn:
        for (app,) in conn.execute("SELECT id FROM applications WHERE id LIKE 'new-%' OR id LIKE 'imp-%'"):
            if not conn.execute("SELECT 1 FROM interviews WHERE application_id = ?", (app,)).fetchone():
                found.append(f"{app} has no interview")
        for app, interviewers in conn.execute(
                "SELECT i.application_id, i.interviewers FROM interviews i JOIN applications a "
                "ON a.id = i.application_id WHERE NOT a.archived AND a.outcome_kind IS NULL"):
            for name in json.loads(interviewers):
                known = conn.execute("SELECT 1 FROM people WHERE application_id = ? AND name = ?", (app, name))
                if not known.fetchone():
                    found.append(f"{app}: interviewer {name} is not among its people")
                if not conn.execute("SELECT 1 FROM tasks WHERE application_id = ? AND person = ? AND kind = "
                                    "'thank_you_email'", (app, name)).fetchone():
                    found.append(f"{app}: no thank-you to {name} in the plan")
    return found


# ---- the commands -------------------------------------------------------------------------------

Expect = Callable[[Snapshot, Snapshot], bool]


@dataclass
class Command:
    kind: str
    args: list[str]
    expect: Expect  # is `after` exactly `before` with this command applied?
    stdin: str | None = None


@dataclass
class World:
    """What the harness knows it has made, to choose the next command's targets."""

    db: Path
    folder: Path
    rng: random.Random
    serial: int = 0
    new_apps: list[str] = field(default_factory=list)
    # The facts before each committed command, newest last, for checking an undo.
    before_committed: list[Snapshot] = field(default_factory=list)
    last_committed: str = ""

    def next(self) -> int:
        self.serial += 1
        return self.serial


def _added(before: Snapshot, after: Snapshot, *, applications: set[Any] | None = None, people: set[Any] | None = None,
           interviews: set[Any] | None = None, interactions: list[Any] | None = None,
           dismissals: set[Any] | None = None, action: str | None = None) -> bool:
    """`after` is `before` plus exactly these facts and one journal entry (its action when given)."""
    if after.applications != before.applications | (applications or set()):
        return False
    if after.people != before.people | (people or set()):
        return False
    if after.interviews != before.interviews | (interviews or set()):
        return False
    if Counter(after.interactions) != Counter(before.interactions) + Counter(interactions or []):
        return False
    if after.dismissals != before.dismissals | (dismissals or set()):
        return False
    grown = after.journal[:len(before.journal)] == before.journal and len(after.journal) == len(before.journal) + 1
    return grown and (action is None or after.journal[-1] == (action, False))


def new_interview(w: World) -> Command:
    n = w.next()
    app, person, day = f"new-{n}", f"Ann Keller{n}", w.rng.choice(DAYS)
    return Command("log interview NEW", ["log", "interview", app, "--company", f"Company {n}", "--on", day,
                                         "--interviewer", f"{person}; Manager; ann{n}@company{n}.example",
                                         "--decision-expected", "2026-12-10", "--no-input"],
                   lambda b, a: _added(b, a, applications={(app, f"Company {n}", False)},
                                       people={(app, person, f"ann{n}@company{n}.example")},
                                       interviews={(app, 1, day)}, action=f"log interview {app}"))


def new_person(w: World) -> Command:
    n, app = w.next(), w.rng.choice(["base", *w.new_apps[-3:]])
    name = f"Person Number{n}"
    return Command("log person", ["log", "person", app, "--name", name, "--email", f"p{n}@example.org",
                                  "--role", "recruiter", "--new"],  # 'Person Number12' is not a slip of 13
                   lambda b, a: _added(b, a, people={(app, name, f"p{n}@example.org")},
                                       action=f"save person {name} on {app}"))


def forced_contact(w: World) -> Command:
    w.next()
    day = w.rng.choice(DAYS)
    return Command("log contact --force", ["log", "contact", "base", "--kind", "other", "--person", "Jane Doe",
                                           "--on", day, "--force"],
                   lambda b, a: _added(b, a, interactions=[("base", "out", "other", "Jane Doe")],
                                       action="log other to Jane Doe on base"))


def reply(w: World) -> Command:
    w.next()
    app = w.rng.choice(["base", *w.new_apps[-3:]])
    # --again: each is another reply (the same one logged twice is recorded once, and exits 0).
    return Command("log reply", ["log", "reply", app, "--person", "Jane Doe", "--on", AS_OF, "--again"],
                   lambda b, a: _added(b, a, interactions=[(app, "in", "reply", "Jane Doe")],
                                       action=f"log reply from Jane Doe on {app}"))


def _open_task(w: World, kind: str) -> tuple[str, str, str | None] | None:
    with sqlite3.connect(w.db) as conn:
        rows = conn.execute("SELECT id, application_id, person FROM tasks WHERE status = 'open' AND kind = ? "
                            "AND due <= ? AND application_id LIKE 'new-%' ORDER BY id", (kind, AS_OF)).fetchall()
    return w.rng.choice(rows) if rows else None


def done(w: World) -> Command | None:
    found = _open_task(w, "thank_you_email")
    if found is None:
        return None
    task, app, person = found
    return Command("done", ["done", task],
                   lambda b, a: _added(b, a, interactions=[(app, "out", "thank_you_email", person)],
                                       action=f"done {task}"))


def skip(w: World) -> Command | None:
    found = _open_task(w, "thank_you_email")
    if found is None:
        return None
    task = found[0]
    return Command("skip", ["skip", task, "--why", "we spoke on the phone instead"],
                   lambda b, a: _added(b, a, dismissals={(task, "skipped")}, action=f"skip {task}"))


def import_document(w: World) -> Command:
    n = w.next()
    app, person, day = f"imp-{n}", f"Ivo Lindqvist{n}", w.rng.choice(DAYS)
    document = {"format": "afterview/1", "applications": [{
        "id": app, "company": f"Imported {n}", "applied_on": "2026-11-02",
        "people": [{"name": person, "role": "interviewer", "email": f"ivo{n}@imported{n}.example"}],
        "interviews": [{"on": day, "round": 1, "interviewers": [person]}]}]}
    path = w.folder / f"import-{n}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return Command("import", ["import", str(path)],
                   lambda b, a: _added(b, a, applications={(app, f"Imported {n}", False)},
                                       people={(app, person, f"ivo{n}@imported{n}.example")},
                                       interviews={(app, 1, day)}))


def archive(w: World) -> Command | None:
    with sqlite3.connect(w.db) as conn:
        apps = [a for (a,) in conn.execute("SELECT id FROM applications WHERE NOT archived AND id LIKE 'new-%'")]
    if len(apps) < 3:
        return None
    app = w.rng.choice(apps[:-2])  # keep the newest ones for the other commands

    def expect(b: Snapshot, a: Snapshot) -> bool:
        company = next(c for i, c, _ in b.applications if i == app)
        moved = (b.applications - {(app, company, False)}) | {(app, company, True)}
        return (a.applications == moved and a.facts()[1:] == b.facts()[1:]
                and a.journal == (*b.journal, (f"archive {app}", False)))

    return Command("archive", ["archive", app], expect)


def undo(w: World) -> Command | None:
    if not w.before_committed or w.last_committed in ("undo", ""):
        return None  # only right after a command known to be committed: then its change is the newest
    target = w.before_committed[-1]

    def expect(b: Snapshot, a: Snapshot) -> bool:
        newest = max(n for n, (_, undone) in enumerate(b.journal) if not undone)
        marked = tuple((act, undone or n == newest) for n, (act, undone) in enumerate(b.journal))
        return a.facts() == target.facts() and a.journal == marked

    return Command("undo", ["undo"], expect)


MAKERS: tuple[tuple[Callable[[World], Command | None], int], ...] = (
    (new_interview, 5), (new_person, 3), (forced_contact, 2), (reply, 2), (done, 2), (skip, 1),
    (import_document, 2), (archive, 1), (undo, 1))


# ---- running and killing --------------------------------------------------------------------------


def _wal_stamp(db: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(f"{db}-wal")
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_size


def _holds_write_lock(db: Path, pid: int) -> bool:
    """Whether `pid` holds SQLite's write lock: in WAL mode a POSIX lock on byte 120 of the -shm file,
    taken at BEGIN IMMEDIATE and kept until the commit or rollback (Linux lists it in /proc/locks)."""
    try:
        inode = os.stat(f"{db}-shm").st_ino
        with open("/proc/locks", encoding="ascii") as locks:
            return any(f" WRITE {pid} " in line and f":{inode} 120 120" in line for line in locks)
    except FileNotFoundError:
        return False


def run(db: Path, command: Command, *, kill: str | None, after: float) -> tuple[int, bool, str]:
    """Run one command and kill it: `after` seconds in ("timer"), `after` seconds into its write
    transaction ("lock"), or `after` seconds from its first write to the write-ahead log ("write")."""
    process = subprocess.Popen([SCRIPT, "--db", str(db), "--as-of", AS_OF, *command.args],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "AFTERVIEW_DEBUG": ""})
    started, killed = time.monotonic(), False
    if kill is not None:
        stamp = _wal_stamp(db)
        while process.poll() is None and time.monotonic() - started < COMMAND_TIMEOUT:
            if kill == "timer" and time.monotonic() - started >= after:
                break
            writing = _wal_stamp(db) != stamp if kill == "write" else kill == "lock" and _holds_write_lock(
                db, process.pid)
            if writing:
                time.sleep(after)
                break
            time.sleep(0.0005)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed = True
    try:
        _, err = process.communicate(timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        return -1, True, "timed out"
    return process.returncode, killed and process.returncode == -signal.SIGKILL, err.decode(errors="replace")


@dataclass
class Tally:
    commands: int = 0
    kills: int = 0
    committed: int = 0
    refused: int = 0
    killed_committed: int = 0
    integrity_failures: int = 0
    lost: int = 0
    half_writes: int = 0
    crashes: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def bad(self) -> int:
        return self.integrity_failures + self.lost + self.half_writes + self.crashes

    def table(self) -> str:
        return ("| commands | kills | killed after commit | refused | integrity failures | committed facts lost "
                "| half-writes | crashes |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                f"| {self.commands} | {self.kills} | {self.killed_committed} | {self.refused} "
                f"| {self.integrity_failures} | {self.lost} | {self.half_writes} | {self.crashes} |")


def seed(db: Path) -> None:
    for args in (["profile", "set", "--name", "Robin Vale", "--country", "US", "--timezone", "America/New_York"],
                 ["log", "interview", "base", "--company", "Base Works", "--on", "2026-11-20", "--interviewer",
                  "Jane Doe; Director; jane@baseworks.example", "--no-input"]):
        result = subprocess.run([SCRIPT, "--db", str(db), "--as-of", AS_OF, *args], capture_output=True, text=True,
                                timeout=COMMAND_TIMEOUT, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise SystemExit(f"setting up failed: {' '.join(args)}: {result.stderr.strip()}")


def campaign(kills: int, seed_value: int, folder: Path, *, verbose: bool = False,
             max_commands: int | None = None) -> Tally:
    db = folder / "crash.sqlite3"
    seed(db)
    world = World(db, folder, random.Random(seed_value))
    makers, weights = zip(*MAKERS, strict=True)
    tally = Tally()
    durations: dict[str, float] = {}
    limit = max_commands or kills * 3
    while tally.kills < kills and tally.commands < limit:
        maker = world.rng.choices(makers, weights)[0]
        command = maker(world)
        if command is None:
            continue
        before = read(db)
        usual = durations.get(command.kind)
        if usual is None or world.rng.random() < 0.25:
            mode, after = None, 0.0  # let it finish (and learn how long this kind takes)
        else:
            mode = world.rng.choice(("timer", "lock", "lock", "write"))
            after = (world.rng.uniform(0.2, 1.0) * usual if mode == "timer"
                     else world.rng.choice([0.0, world.rng.uniform(0, 0.002), world.rng.uniform(0, 0.03)]))
        started = time.monotonic()
        code, killed, err = run(db, command, kill=mode, after=after)
        if mode is None and code in (0, 2, 3):
            durations[command.kind] = time.monotonic() - started
        tally.commands += 1
        tally.by_kind[command.kind] += 1
        tally.kills += killed
        state = integrity(db)
        if state != "ok":
            tally.integrity_failures += 1
            tally.problems.append(f"{command.kind}: integrity_check says {state}")
        now = read(db)
        applied, untouched = command.expect(before, now), now == before
        note = f"{' '.join(command.args[:3])} -> {'killed' if killed else code}"
        if killed:
            if applied:
                tally.killed_committed += 1
            elif not untouched:
                tally.half_writes += 1
                tally.problems.append(f"half-write: {note}")
        elif code == 0:
            tally.committed += 1
            if not applied:
                tally.lost += 1
                tally.problems.append(f"exited 0 but not stored in full: {note}")
        elif code in (2, 3):
            tally.refused += 1
            if not untouched:
                tally.half_writes += 1
                tally.problems.append(f"refused but changed the store: {note}: {err.strip()}")
        else:
            tally.crashes += 1
            tally.problems.append(f"crashed: {note}: {err.strip()[-300:]}")
        for problem in plan_problems(db):
            tally.half_writes += 1
            tally.problems.append(f"after {note}: {problem}")
        if applied:
            world.before_committed.append(before)
            world.last_committed = command.kind
            if command.kind == "undo":
                world.before_committed = world.before_committed[:-2]
            if command.kind == "log interview NEW":
                world.new_apps.append(command.args[2])
        if verbose:
            print(f"{tally.commands:4} {note:<50} {mode or 'run':<5} {'applied' if applied else ''}",
                  file=sys.stderr)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300, help="stop after this many commands were killed")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args(argv)
    with TemporaryDirectory(prefix="afterview-crash-") as folder:
        started = time.monotonic()
        tally = campaign(options.kills, options.seed, Path(folder), verbose=options.verbose)
        took = time.monotonic() - started
    print(f"Crash campaign (seed {options.seed}, {took:.0f} s): SIGKILL at random moments and mid-commit\n")
    print(tally.table())
    print("\nby command: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.by_kind.items())))
    for problem in tally.problems[:50]:
        print(f"- {problem}")
    return 1 if tally.bad() else 0


if __name__ == "__main__":
    raise SystemExit(main())
