"""Benchmark: the CPU one reply scan of the small-message corpus costs, in process, several runs.

    python -m benchmarks.mail_scan_cpu                       # 60 MB corpus, 5 runs
    python -m benchmarks.mail_scan_cpu --size 60M --runs 7
    python -m benchmarks.mail_scan_cpu --profile             # one run under cProfile, top 25 by own time
    python -m benchmarks.mail_scan_cpu --mbox small.mbox     # an mbox written before, to compare versions
    python -m benchmarks.mail_scan_cpu --headers-only        # the common path alone (no body read)
    python -m benchmarks.mail_scan_cpu --outcome-only        # bodies read for an outcome only (the older measure)

The corpus is generated once (`mail_corpus`, seed 1) into a temporary folder; each run
reads it through the same loop as `mail_scan` (headers of every message, the classifier
of a user with 40 applications and sent mail) and reads each candidate as the inbox scan
does (`services.inbox`: the classifier's match, then `findings.understand` — what the reply
says, a decision date, an out-of-office's days away), and reports process CPU seconds,
which the load of other processes moves less than wall time. Prints the runs and their median.
Run against an older checkout (PYTHONPATH=that/src), it reads candidates as that version's
scan did: before `understand`, an outcome and a decision date.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from benchmarks.mail_corpus import parse_size, write_corpus
from benchmarks.mail_scan import bench_classifier

if TYPE_CHECKING:
    from afterview.mail.replies import ReplyClassifier
    from afterview.mail.scan import MailHeader


# The day the scan runs and the user's place: the messages are older, so every date they name is read.
AS_OF = date(2026, 1, 1)


def _as_the_scan_reads(classifier: ReplyClassifier) -> Callable[[MailHeader], object]:
    """A candidate read as `services.inbox` reads it; an older version's scan, as that version read it."""
    try:
        from afterview.mail.findings import understand
    except ImportError:  # before 2026-12-02: the match, then an outcome and a plainly stated decision date
        from afterview.mail.replies import find_decision_date, suggest_outcome

        def older(header: MailHeader) -> object:
            if classifier.classify(header) is None:
                return None
            received = header.date.astimezone(ZoneInfo("Europe/Berlin")).date() if header.date else AS_OF
            body = header.text()
            return suggest_outcome(header.subject, body), find_decision_date(body, received)
        return older

    def read(header: MailHeader) -> object:
        match = classifier.classify(header)
        return None if match is None else understand(header, match, timezone="Europe/Berlin", country="DE",
                                                     as_of=AS_OF)
    return read


def _outcome_only(header: MailHeader) -> object:
    from afterview.mail.replies import suggest_outcome

    return suggest_outcome(header.subject, header.text())


def scan_once(path: Path, headers_only: bool = False, outcome_only: bool = False) -> tuple[float, int, int]:
    """(CPU seconds, messages, candidates) of one scan, as `benchmarks.mail_scan` runs it, each candidate read
    as the inbox scan reads it; `headers_only`: the common path alone (every message read and classified, no
    body read); `outcome_only`: candidates' bodies read for an outcome only."""
    from afterview.mail.scan import ScanReport, candidates, scan_mbox

    classifier = bench_classifier()
    report = ScanReport()
    read = _outcome_only if outcome_only else _as_the_scan_reads(classifier)
    start = time.process_time()
    for header in candidates(scan_mbox(path, report), classifier.is_candidate, report):
        if not headers_only:
            read(header)
    return time.process_time() - start, report.messages, report.candidates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("60M"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="one run under cProfile instead")
    parser.add_argument("--headers-only", action="store_true", help="time the common path alone: no body read")
    parser.add_argument("--outcome-only", action="store_true",
                        help="read candidates' bodies for an outcome only (the measure before 2026-12-02)")
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
            profile.runcall(scan_once, mbox, args.headers_only, args.outcome_only)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            return
        runs = [scan_once(mbox, args.headers_only, args.outcome_only) for _ in range(args.runs)]
        seconds = [r[0] for r in runs]
        print(f"{runs[0][1]:,} messages, {runs[0][2]:,} candidates; CPU s per run: "
              + " ".join(f"{s:.3f}" for s in seconds) + f"; median {statistics.median(seconds):.3f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
