"""Benchmark: scanning an mbox for replies, next to a plain read and to `notmuch new`.

    python -m benchmarks.mail_scan                 # 1 GB mixed + 256 MB small corpus
    python -m benchmarks.mail_scan --size 256M     # quicker

In one run it generates (a) a mixed mbox of `--size` with one 200 MB attachment
and (b) a corpus of small text-only messages, then measures for each:
  * a plain sequential read of the file (`cat > /dev/null` and a Python read loop);
  * the reply scan — headers of every message, classification, bodies of the
    candidates read and checked for an outcome — in a fresh subprocess, with its
    peak RSS;
  * `notmuch new` indexing the first `--notmuch-count` messages as a Maildir
    (bounded by `--notmuch-timeout`), and our scanner on that same Maildir;
  * the scanner's peak RSS after 1/4, 1/2 and all of the mixed file.
Corpora are written under a temporary folder and deleted afterwards. Prints markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.mail_corpus import parse_size, write_corpus

if TYPE_CHECKING:
    from afterview.mail.replies import ReplyClassifier
    from afterview.mail.scan import MailHeader


def bench_classifier() -> ReplyClassifier:
    """A user with 40 applications: our Message-IDs in some threads, a few companies' domains."""
    from afterview.mail.replies import ReplyClassifier

    return ReplyClassifier(
        sent={f"<{n}.bench@mail.example>": f"app{n % 40}" for n in range(0, 200_000, 997)},
        people={f"a.lee{n}@company7.example": "app7" for n in range(5)},
        domains={f"company{n}.example": f"app{n}" for n in range(0, 40, 4)} | {"gmail.com": "ignored"},
        own=["sam@seeker.example"],
    )


def _child(args: argparse.Namespace) -> None:
    """Run one scan and print its figures as JSON (used through a subprocess)."""
    from afterview.mail.replies import suggest_outcome
    from afterview.mail.scan import ScanReport, candidates, scan_maildir, scan_mbox

    classifier = bench_classifier()
    report = ScanReport()
    source = scan_maildir(args.child, report) if args.maildir else scan_mbox(args.child, report)

    def until_stop(headers: Iterator[MailHeader]) -> Iterator[MailHeader]:
        for header in headers:
            yield header
            if report.bytes >= args.stop_at:
                return

    # Only the RSS runs stop early: the timed runs scan as `afterview inbox scan` does, without this wrapper.
    if args.stop_at:
        source = until_stop(source)
    outcomes = 0
    start = time.perf_counter()
    for header in candidates(source, classifier.is_candidate, report):
        if suggest_outcome(header.subject, header.text()) is not None:
            outcomes += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "messages": report.messages, "bytes": report.bytes,
                      "candidates": report.candidates, "outcomes": outcomes, "warnings": dict(report.warnings),
                      "maxrss_mb": _peak_rss_mb()}))


def _peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM starts afresh at exec; ru_maxrss does not on Linux
    (a child inherits the parent's figure, here the corpus generator's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scan(path: Path, *, maildir: bool = False, stop_at: int = 0) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.mail_scan", "--child", str(path), "--stop-at", str(stop_at)]
    if maildir:
        command.append("--maildir")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _timed(command: list[str], timeout: float, **kwargs: object) -> float | None:
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, timeout=timeout, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def _python_read(path: Path) -> float:
    start = time.perf_counter()
    with open(path, "rb", buffering=0) as handle:
        while handle.read(16 << 20):
            pass
    return time.perf_counter() - start


def _notmuch(maildir: Path, work: Path, timeout: float) -> float | None:
    config = work / f"notmuch-{maildir.name}.cfg"
    config.write_text(f"[database]\npath={maildir}\n[user]\nname=Bench\nprimary_email=sam@seeker.example\n"
                      "[new]\ntags=\n[maildir]\nsynchronize_flags=false\n")
    return _timed(["notmuch", f"--config={config}", "new", "--quiet"], timeout,
                  env={**os.environ, "HOME": str(work)})


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _row(name: str, seconds: float | None, messages: int, size: int, note: str = "") -> str:
    if seconds is None:
        return f"| {name} | timed out | | | {note} |"
    return (f"| {name} | {seconds:.2f} s | {size / seconds / 1e6:,.0f} MB/s | "
            f"{messages / seconds:,.0f} msg/s | {note} |")


def _corpus_rows(label: str, mbox: Path, maildir: Path, count: int, notmuch_count: int, work: Path,
                 timeout: float) -> list[str]:
    size = mbox.stat().st_size
    rows = [f"| **{label}**: {count:,} messages, {size / 1e6:,.0f} MB | | | | |"]
    rows.append(_row("`cat file > /dev/null`", _timed(["sh", "-c", f"cat '{mbox}' > /dev/null"], 600), count, size))
    rows.append(_row("Python read loop (16 MB reads)", _python_read(mbox), count, size))
    scan = _scan(mbox)
    rows.append(_row("afterview reply scan (mbox)", float(scan["seconds"]), int(scan["messages"]),
                     size, f"{scan['candidates']} candidates, {scan['outcomes']} outcomes, "
                     f"warnings {scan['warnings']}, peak RSS {scan['maxrss_mb']:.0f} MB"))
    md_size = _du(maildir)
    md_scan = _scan(maildir, maildir=True)
    rows.append(_row(f"afterview reply scan, Maildir of first {notmuch_count:,}", float(md_scan["seconds"]),
                     notmuch_count, md_size))
    rows.append(_row(f"`notmuch new`, Maildir of first {notmuch_count:,}", _notmuch(maildir, work, timeout),
                     notmuch_count, md_size, f"{md_size / 1e6:,.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("1G"), help="mixed mbox size (1G)")
    parser.add_argument("--small-size", type=parse_size, default=parse_size("256M"), help="small corpus size")
    parser.add_argument("--huge-attachment", type=parse_size, default=parse_size("200M"))
    parser.add_argument("--notmuch-count", type=int, default=20_000, help="messages notmuch indexes per corpus")
    parser.add_argument("--notmuch-timeout", type=float, default=900.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--maildir", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stop-at", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    if shutil.which("notmuch") is None:
        sys.exit("notmuch is not installed; run scripts/system-packages")
    work = Path(tempfile.mkdtemp(prefix="afterview-mailbench-"))
    try:
        rows = ["| what | time | MB/s | messages/s | notes |", "|---|---|---|---|---|"]
        mixed, small = work / "mixed.mbox", work / "small.mbox"
        huge = args.huge_attachment if args.size >= 4 * args.huge_attachment else 0
        mixed_count, _ = write_corpus("mixed", args.size, mixed, seed=args.seed, maildir=work / "mixed-md",
                                      maildir_count=args.notmuch_count, huge_attachment=huge)
        rows += _corpus_rows("mixed" + (f", one {huge >> 20} MB attachment" if huge else ""), mixed,
                             work / "mixed-md", mixed_count, min(mixed_count, args.notmuch_count), work,
                             args.notmuch_timeout)
        small_count, _ = write_corpus("small", args.small_size, small, seed=args.seed, maildir=work / "small-md",
                                      maildir_count=args.notmuch_count)
        rows += _corpus_rows("small text-only", small, work / "small-md", small_count,
                             min(small_count, args.notmuch_count), work, args.notmuch_timeout)
        print("\n".join(rows))
        size = mixed.stat().st_size
        print("\n| mixed mbox scanned | peak RSS of the scanner |\n|---|---|")
        for part in (0.25, 0.5, 1.0):
            scan = _scan(mixed, stop_at=int(size * part) if part < 1 else 0)
            print(f"| {int(scan['bytes']) / 1e9:.2f} GB ({scan['messages']:,} messages) | "
                  f"{scan['maxrss_mb']:.0f} MB |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
