"""Benchmark: the CPU one reply scan of the small-message corpus costs, in process, several runs.

    python -m benchmarks.mail_scan_cpu                       # 60 MB corpus, 5 runs
    python -m benchmarks.mail_scan_cpu --size 60M --runs 7
    python -m benchmarks.mail_scan_cpu --profile             # one run under cProfile, top 25 by own time
    python -m benchmarks.mail_scan_cpu --mbox small.mbox     # an mbox written before, to compare versions
    python -m benchmarks.mail_scan_cpu --headers-only        # the common path alone (no body read)

The corpus is generated once (`mail_corpus`, seed 1) into a temporary folder; each run
reads it through the same loop as `mail_scan` (headers of every message, the classifier
of a user with 40 applications and sent mail, bodies of the candidates read for an
outcome) and reports process CPU seconds, which the load of other processes moves
less than wall time. Prints the runs and their median.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.mail_corpus import parse_size, write_corpus
from benchmarks.mail_scan import bench_classifier


def scan_once(path: Path, headers_only: bool = False) -> tuple[float, int, int]:
    """(CPU seconds, messages, candidates) of one scan, as `benchmarks.mail_scan` runs it;
    `headers_only`: the common path alone (every message read and classified, no body read)."""
    from afterview.mail.replies import suggest_outcome
    from afterview.mail.scan import ScanReport, candidates, scan_mbox

    classifier = bench_classifier()
    report = ScanReport()
    start = time.process_time()
    for header in candidates(scan_mbox(path, report), classifier.is_candidate, report):
        if not headers_only:
            suggest_outcome(header.subject, header.text())
    return time.process_time() - start, report.messages, report.candidates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("60M"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="one run under cProfile instead")
    parser.add_argument("--headers-only", action="store_true", help="time the common path alone: no body read")
    parser.add_argument("--mbox", type=Path, help="scan this mbox instead of generating one (to compare versions)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="afterview-mailcpu-"))
    try:
        mbox = args.mbox or work / "small.mbox"
        if args.mbox is None:
            write_corpus("small", args.size, mbox, seed=args.seed)
        scan_once(mbox)  # warm: imports, the page cache
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(scan_once, mbox, args.headers_only)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            return
        runs = [scan_once(mbox, args.headers_only) for _ in range(args.runs)]
        seconds = [r[0] for r in runs]
        print(f"{runs[0][1]:,} messages, {runs[0][2]:,} candidates; CPU s per run: "
              + " ".join(f"{s:.3f}" for s in seconds) + f"; median {statistics.median(seconds):.3f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
