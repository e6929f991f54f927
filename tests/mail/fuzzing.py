"""Hostile mail for the fuzz tests: a byte mutator over real-shaped messages, and a harness that
counts inputs, crashes and hangs of the reading path (no barrier: every exception counts).

Profiles: quick in CI (a few hundred inputs per format); `AFTERVIEW_FUZZ=long` for the long
campaign (`AFTERVIEW_FUZZ_INPUTS=N` to choose the count). Everything is seeded, so a failure
found once is found again.
"""

from __future__ import annotations

import os
import random
import signal
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import FrameType

from afterview.mail.findings import understand
from afterview.mail.header import MailHeader
from afterview.mail.replies import ReplyClassifier
from tests.mail.corpus import DOMAINS, PEOPLE, SENT, corpus

LONG = os.environ.get("AFTERVIEW_FUZZ", "") == "long"
INPUTS = int(os.environ.get("AFTERVIEW_FUZZ_INPUTS", "20000" if LONG else "300"))
HANG_SECONDS = 5.0  # one message read for longer than this is a hang

# Bytes that have broken mail readers: charsets that are codecs of another kind, encoded
# words, MIME boundaries, dates at the edges of the calendar, NULs, lone CRs, huge counts.
TOKENS = [
    b"rot13", b"base64", b"hex", b"zlib", b"uu", b"quopri", b"undefined", b"punycode", b"idna", b"utf\x00-8",
    b"bz2", b"unicode_escape", b"utf-7", b"x-unknown", b"utf-16", b"utf-32", b"cp1252", b"iso-2022-jp",
    b"=?utf-8?B?", b"=?rot13?Q?", b"?=", b"=?", b"=00", b"=\n", b"\r", b"\x00", b"\n\n", b"\r\n\r\n", b"--",
    b"Content-Type: multipart/mixed; boundary=", b"Content-Type: message/rfc822\n\n",
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=X\n\n--X\n",
    b"Content-Transfer-Encoding: base64\n", b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Transfer-Encoding: x-uuencode\n", b"begin 644 x\n", b"charset=", b'charset="', b"; name*0*=",
    b"Date: Fri, 31 Dec 9999 23:00:00 -1200\n", b"Date: Mon, 01 Jan 0001 00:00:00 +9999\n", b"Date: 99999999\n",
    b"From: <>\n", b"From: \n", b"From: a@\n", b"In-Reply-To: <note0.globex-analyst@afterview.local>\n",
    b"References: " + b"<x@y> " * 200 + b"\n", b"Auto-Submitted: auto-replied\n", b"X-Failed-Recipients: \n",
    b"Final-Recipient: rfc822; \n", b"Action: failed\n", b"Status: 5.1.1\n", b"Diagnostic-Code: \n",
    b"Subject: Automatic reply: ", b"\nFrom ", b">From ", b"9" * 400, b"December 31, 9999", b"31.12.0001",
    b"in 99999999999 days", b"next " * 50, b"\xff\xfe", b"\xc3", b"\xe9",
]


def mutate(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """One to four random edits: replace, insert, delete, duplicate, a token, a splice with `other`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(out))
        op = rng.randrange(7)
        if op == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = rng.choice(TOKENS)
        elif op == 2:
            out[at : at + rng.randint(1, 64)] = b""
        elif op == 3:
            start = rng.randint(0, max(0, len(out) - 1))
            out[at:at] = out[start : start + rng.randint(1, 256)]
        elif op == 4:
            out[at:] = other[rng.randint(0, len(other)) :]
        elif op == 5:  # a header line's value replaced by a token
            line = out.find(b"\n", at)
            if line >= 0:
                colon = out.find(b":", line)
                end = out.find(b"\n", colon + 1) if colon >= 0 else -1
                if 0 <= colon < end:
                    out[colon + 1 : end] = b" " + rng.choice(TOKENS)
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(out)


def inputs(count: int, seed: int) -> Iterator[bytes]:
    """`count` mutated messages, from the corpus and the poison cases, reproducible from `seed`."""
    from tests.mail.test_poison import CHARSETS, far_date, poison

    seeds = [s.raw for s in corpus()] + [poison(c, w) for c in CHARSETS for w in ("body", "header", "part")]
    seeds.append(far_date())
    rng = random.Random(seed)
    for _ in range(count):
        yield mutate(rng.choice(seeds), rng, rng.choice(seeds))


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Counts:
    inputs: int = 0
    messages: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    slowest: float = 0.0

    def row(self, name: str) -> str:
        return (f"| {name} | {self.inputs} | {self.messages} | {len(self.crashes)} | {len(self.hangs)} | "
                f"{self.slowest * 1000:.0f} ms |")


CLASSIFIER_ARGS = ({k: app for k, (app, _) in SENT.items()}, PEOPLE, DOMAINS, ["alex.morgan@example.net"])


def read_all(header: MailHeader, classifier: ReplyClassifier) -> None:
    """Everything `inbox scan` reads of a message, with nothing caught."""
    _ = (header.key, header.from_address, header.from_name, header.subject, header.to, header.date,
         header.is_automatic, header.thread_ids())
    header.text()
    if classifier.is_candidate(header):
        match = classifier.classify(header)
        if match is not None:
            understand(header, match, timezone="Europe/Berlin", country="US", as_of=date(2026, 12, 1))


def read_each(headers: Iterator[MailHeader], counts: Counts, classifier: ReplyClassifier) -> None:
    """Read every header of a source, counting what breaks; the source's own iteration counts too."""
    while True:
        start = time.perf_counter()
        try:
            with time_limit(HANG_SECONDS):
                header = next(headers, None)
                if header is None:
                    return
                counts.messages += 1
                read_all(header, classifier)
        except Hang as hang:
            counts.hangs.append(str(hang))
        except Exception:
            counts.crashes.append(traceback.format_exc(limit=-3))
        counts.slowest = max(counts.slowest, time.perf_counter() - start)
