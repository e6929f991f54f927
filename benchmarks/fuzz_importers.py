"""Fuzzing the importers: afterview/1 documents, CSV and vCards, mutated by bytes and by structure.

    python -m benchmarks.fuzz_importers                   # the quick profile (CI runs it too)
    AFTERVIEW_FUZZ=long python -m benchmarks.fuzz_importers
    python -m benchmarks.fuzz_importers --inputs 5000 --seed 7

Each input goes through the same service function the CLI, the web form and the API
call, against a real SQLite store holding the demo search. An input must end accepted
or refused with one line (services.errors.UserError); it is counted as
  * a crash when anything else is raised,
  * a partial write when it was refused but the store changed,
  * a hang when it takes longer than the bound (checked by an alarm, so it cannot stall the run),
  * a long line when the refusal is more than one line or longer than 600 characters.
The goal is zero in every column. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 23)
HANG_SECONDS = 10
# A refusal is one line a person reads; the longest fair one lists every kind of contact.
LONGEST_LINE = 600
PROFILES = {"quick": 150, "long": 3000}

# Values that broke importers before, and their cousins.
HOSTILE_VALUES: list[Any] = [
    1e30, -1, 0, 51, 2**63, 1e400, -0.0, 3.5, True, None, "", " ", "\x00", "a\x00b", "\ud800", "\u202e",
    "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "2026-02-30", "2026-13-01", "x" * 100_000,
    "Ann Lee", "Ann-Lee", "Иван Петров", "Мария Иванова", "<script>alert(1)</script>", "'; DROP TABLE tasks; --",
    "../../etc/passwd", [], {}, [[[[[]]]]], {"format": "afterview/1"}, ["x"] * 1000,
]
HOSTILE_BYTES = [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\r", b"\n" * 50, b'"', b",", b";",
                 b"[" * 5000, b"{" * 5000, b"\\u0000", b"\\ud800", b"1e999", b"NaN", b"-Infinity",
                 b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"\r\n ", b"=\r\n", b"\xc3", b"\x80" * 10]


def _seed_document() -> bytes:
    from afterview.services.demo import demo_document

    return json.dumps(demo_document(AS_OF)).encode()


SEED_CSV = (b"Company,Job Title,Date Applied,Country,State,Source,Interested\n"
            b"Brightwater Labs,Office Coordinator,2026-11-02,US,NY,direct,yes\n"
            b"Kestrel & Sons,Receptionist,03/11/2026,US,CA,referral,no\n"
            b"\"Harbor, Finch and Co\",Executive Assistant,Nov 5 2026,GB,,agency,yes\n")
SEED_VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\nTITLE:Head of People\r\n"
              "ORG:Brightwater Labs\r\nEMAIL;TYPE=work:priya.raman@brightwater.example\r\nTEL:+1 212 555 0147\r\n"
              "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Tomás Ortega\r\nTITLE:Recruiter\r\n"
              "EMAIL:tomas@kestrel.example\r\nEND:VCARD\r\n").encode()


# ---- mutators --------------------------------------------------------------------------------


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to four byte-level edits: flips, inserts, deletions, repeats, splices of hostile bytes."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(out) + 1)
        choice = rng.randrange(6)
        if choice == 0 and out:
            out[min(where, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif choice == 1:
            out[where:where] = rng.choice(HOSTILE_BYTES)
        elif choice == 2:
            del out[where:where + rng.randint(1, 64)]
        elif choice == 3:
            chunk = out[where:where + rng.randint(1, 200)]
            out[where:where] = bytes(chunk) * rng.randint(2, 50)
        elif choice == 4:
            out[where:where] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del out[where:]  # cut short
    return bytes(out)


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, (*path, index))


def _replace(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return root


def mutate_document(data: bytes, rng: random.Random) -> bytes:
    """A structure-level edit of a JSON document: a node replaced, nested, repeated or removed."""
    root = json.loads(data)
    for _ in range(rng.randint(1, 3)):
        nodes = list(_nodes(root))
        path, node = rng.choice(nodes)
        choice = rng.randrange(5)
        if choice == 0:
            root = _replace(root, path, rng.choice(HOSTILE_VALUES))
        elif choice == 1:
            deep: Any = node
            for _ in range(rng.choice((5, 30, 3000))):
                deep = [deep]
            root = _replace(root, path, deep)
        elif choice == 2 and isinstance(node, list) and node:
            node.extend([node[0]] * rng.choice((1, 10, 500)))
        elif choice == 3 and isinstance(node, dict) and node and path:
            node.pop(rng.choice(list(node)))
        elif isinstance(node, str):
            root = _replace(root, path, node * rng.choice((2, 50, 5000)))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    return json.dumps(root, allow_nan=True).encode("utf-8", "surrogatepass")


# ---- running one input -----------------------------------------------------------------------


@dataclass
class Tally:
    inputs: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: int = 0
    partial_writes: int = 0
    hangs: int = 0
    long_lines: int = 0
    slowest: float = 0.0
    examples: list[str] = field(default_factory=list)

    def bad(self, kind: str, data: bytes, detail: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {detail[:200]} (input starts {data[:60]!r})")


class Hang(Exception):
    pass


@contextmanager
def _bounded(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


Importer = Callable[[bytes], object]


def importers(folder: Path) -> dict[str, tuple[Importer, Callable[[], str], bytes, Callable[[bytes, random.Random],
                                                                                         bytes]]]:
    """Each importer as (import these bytes, the store's state, a seed input, its structure mutator)."""
    from afterview.services import exchange
    from afterview.services.demo import load_demo
    from afterview.services.documents import export_document, import_document
    from afterview.services.store import open_store

    store = open_store(str(folder / "fuzz.sqlite3"))
    load_demo(store, AS_OF)
    app_id = json.loads(export_document(store))["applications"][0]["id"]

    def document(data: bytes) -> object:
        return import_document(store, data)

    def spreadsheet(data: bytes) -> object:
        plan = exchange.plan_spreadsheet(store, data, None, dayfirst=None, delimiter=None, skip_bad_rows=False)
        return exchange.apply_spreadsheet(store, plan, AS_OF)

    def vcards(data: bytes) -> object:
        return exchange.import_vcards(store, app_id, data)

    def state() -> str:
        return export_document(store)

    return {
        "afterview/1": (document, state, _seed_document(), lambda d, r: mutate_document(d, r) if r.random() < 0.6
                        else mutate_bytes(d, r)),
        "CSV": (spreadsheet, state, SEED_CSV, mutate_bytes),
        "vCard": (vcards, state, SEED_VCARD, mutate_bytes),
    }


def check_one(run: Importer, state: Callable[[], str], data: bytes, tally: Tally) -> None:
    """Run one input and count what happened."""
    from afterview.services.errors import UserError

    tally.inputs += 1
    before = state()
    started = time.monotonic()
    try:
        with _bounded(HANG_SECONDS):
            run(data)
    except Hang:
        tally.hangs += 1
        tally.bad("hang", data, f"over {HANG_SECONDS} s")
        return
    except UserError as refused:
        tally.refused += 1
        line = refused.line()
        if "\n" in line or len(line) > LONGEST_LINE:
            tally.long_lines += 1
            tally.bad("long line", data, line)
        if state() != before:
            tally.partial_writes += 1
            tally.bad("partial write", data, line)
    except Exception as error:
        tally.crashes += 1
        tally.bad("crash", data, f"{type(error).__name__}: {error}")
    else:
        tally.accepted += 1
    finally:
        tally.slowest = max(tally.slowest, time.monotonic() - started)


def campaign(count: int, seed: int, folder: Path) -> dict[str, Tally]:
    rng = random.Random(seed)
    results: dict[str, Tally] = {}
    for name, (run, state, base, mutate) in importers(folder).items():
        tally = results.setdefault(name, Tally())
        for _ in range(count):
            check_one(run, state, mutate(base, rng), tally)
    return results


def main() -> None:
    profile = os.environ.get("AFTERVIEW_FUZZ", "quick")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=PROFILES.get(profile, PROFILES["quick"]),
                        help="inputs per importer (quick: 150, AFTERVIEW_FUZZ=long: 3000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="afterview-fuzz-") as folder:
        started = time.monotonic()
        results = campaign(args.inputs, args.seed, Path(folder))
        seconds = time.monotonic() - started
    print(f"## importer fuzzing: {args.inputs} inputs per importer, seed {args.seed}, {seconds:.0f} s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    print("| importer | inputs | accepted | refused | crashes | partial writes | hangs | long lines | slowest |")
    print("|----------|--------|----------|---------|---------|----------------|-------|------------|---------|")
    for name, t in results.items():
        print(f"| {name} | {t.inputs} | {t.accepted} | {t.refused} | {t.crashes} | {t.partial_writes} | {t.hangs} "
              f"| {t.long_lines} | {t.slowest:.2f} s |")
    for name, t in results.items():
        for example in t.examples:
            print(f"- {name}: {example}")


if __name__ == "__main__":
    main()
