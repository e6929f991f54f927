"""Generate mail corpora for the scan benchmark, deterministic from a seed.

Two kinds:
  * `mixed`: what a real export looks like — varied senders and companies,
    threads (In-Reply-To and References chains), quoted-printable and 8-bit
    text, RFC 2047 subjects and names in UTF-8 and ISO-8859-1, HTML
    alternatives, base64 attachments from 20 KB to 2 MB, body lines starting
    with `From ` (mboxrd-escaped as the writers do), and optionally one message
    with a very large attachment;
  * `small`: short text-only messages, to measure the per-message cost.
Written as mboxrd, and optionally the first N messages also as a Maildir (for notmuch).

    python -m benchmarks.mail_corpus mixed 1G /tmp/corpus.mbox --maildir /tmp/md --maildir-count 20000
"""

from __future__ import annotations

import argparse
import base64
import os
import quopri
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.header import Header
from pathlib import Path

_FIRST = ["Ann", "Bob", "Chloé", "Dmitri", "Eva", "François", "Grace", "Hiro", "Inés", "Jörg", "Kofi", "Lena"]
_LAST = ["Lee", "Stone", "Müller", "Okafor", "Nguyen", "García", "Larsen", "Kowalski", "Smith", "Dubois"]
_COMPANIES = [f"company{n}.example" for n in range(300)] + ["gmail.com", "outlook.com", "gmx.de", "web.de"]
_SUBJECTS = ["Interview next week", "Your application", "Thank you for your time", "Next steps",
             "Entretien : réponse", "Bewerbung: Rückmeldung", "Offer details", "Quick question", "Newsletter"]
_WORDS = ("the", "and", "for", "with", "your", "team", "role", "interview", "thank", "you", "next", "week",
          "decision", "we", "will", "let", "know", "about", "position", "offer", "candidates", "schedule", "call",
          "review", "project", "résumé", "naïve", "Grüße")
_ESCAPE = re.compile(rb"(?m)^(>*From )")


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("B")
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.when = datetime(2023, 1, 2, 9, 0, tzinfo=UTC)
        self.ids: list[str] = []
        self.threads: dict[str, list[str]] = {}

    def _words(self, count: int) -> str:
        choice = self.rng.choice
        lines, line = [], []
        for _ in range(count):
            line.append(choice(_WORDS))
            if len(line) == 12:
                lines.append(" ".join(line))
                line = []
        lines.append(" ".join(line))
        if self.rng.random() < 0.05:
            lines.insert(self.rng.randrange(len(lines)), "From our side everything is fine.")
        return "\n".join(lines) + "\n"

    def _sender(self) -> tuple[str, str]:
        first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
        address = f"{first.lower()[:1]}.{last.lower()}{self.rng.randrange(40)}@{self.rng.choice(_COMPANIES)}"
        address = address.encode("ascii", "ignore").decode()
        name = f"{first} {last}"
        if not name.isascii():
            name = Header(name, self.rng.choice(["utf-8", "iso-8859-1"])).encode()
        return name, address

    def _thread_headers(self, n: int) -> list[str]:
        headers = []
        if self.ids and self.rng.random() < 0.4:
            parent = self.rng.choice(self.ids[-500:])
            chain = ([*self.threads.get(parent, []), parent])[-5:]
            headers += [f"In-Reply-To: {parent}", "References: " + "\n ".join(chain)]
            self.threads[f"<{n}.{self.seed_tag}@mail.example>"] = chain
        return headers

    seed_tag = "bench"

    def message(self, n: int, kind: str, attachment: int = 0) -> bytes:
        self.when += timedelta(seconds=self.rng.randrange(30, 900))
        name, address = self._sender()
        subject = self.rng.choice(_SUBJECTS)
        if not subject.isascii() or self.rng.random() < 0.1:
            subject = Header(subject, self.rng.choice(["utf-8", "iso-8859-1"])).encode()
        message_id = f"<{n}.{self.seed_tag}@mail.example>"
        head = [f"Return-Path: <{address}>",
                f"Received: from mx{n % 7}.example by mail.example; {self.when:%a, %d %b %Y %H:%M:%S +0000}",
                f"Message-ID: {message_id}", f"From: {name} <{address}>", "To: Sam Seeker <sam@seeker.example>",
                f"Subject: {subject}", f"Date: {self.when:%a, %d %b %Y %H:%M:%S +0000}", "MIME-Version: 1.0",
                *self._thread_headers(n)]
        self.ids.append(message_id)
        if kind == "small":
            head.append("Content-Type: text/plain; charset=us-ascii")
            body = self._words(self.rng.randrange(20, 80)).encode("ascii", "replace")
        else:
            body = self._mixed_body(head, attachment)
        return ("\n".join(head) + "\n\n").encode("utf-8") + body

    def _mixed_body(self, head: list[str], attachment: int) -> bytes:
        text = self._words(self.rng.randrange(40, 600))
        qp = quopri.encodestring(text.encode("utf-8"))
        roll = self.rng.random()
        if attachment == 0 and roll < 0.55:
            head += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
            return qp
        boundary = f"=_b{self.rng.randrange(1 << 30)}"
        head.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        parts = [f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n"
                 f"Content-Transfer-Encoding: quoted-printable\n\n".encode() + qp]
        if roll < 0.75 and attachment == 0:
            html = "<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>"
            parts.append(f"--{boundary}\nContent-Type: text/html; charset=utf-8\n"
                         "Content-Transfer-Encoding: quoted-printable\n\n".encode()
                         + quopri.encodestring(html.encode("utf-8")))
        else:
            size = attachment or int(self.rng.choice([20, 60, 150, 400, 900, 2000]) * 1024 * self.rng.random())
            payload = base64.encodebytes(self.rng.randbytes(max(size, 1024)))
            parts.append(f"--{boundary}\nContent-Type: application/pdf; name=\"doc{size}.pdf\"\n"
                         "Content-Transfer-Encoding: base64\n"
                         f"Content-Disposition: attachment; filename=\"doc{size}.pdf\"\n\n".encode() + payload)
        return b"\n".join(parts) + f"--{boundary}--\n".encode()


def messages(kind: str, size: int, seed: int = 1, huge_attachment: int = 0) -> Iterator[bytes]:
    """Raw messages until about `size` bytes; one with `huge_attachment` bytes half-way when asked."""
    writer = _Writer(seed)
    written, n, huge_done = 0, 0, huge_attachment == 0
    while written < size:
        attachment = 0
        if not huge_done and written >= size // 2:
            attachment, huge_done = huge_attachment, True
        raw = writer.message(n, kind, attachment)
        written += len(raw) + 60
        n += 1
        yield raw


def write_corpus(kind: str, size: int, mbox_path: Path, *, seed: int = 1, maildir: Path | None = None,
                 maildir_count: int = 0, huge_attachment: int = 0) -> tuple[int, int]:
    """Write the mbox (and the first `maildir_count` messages as a Maildir); return (messages, bytes)."""
    if maildir is not None:
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True, exist_ok=True)
    count = 0
    with open(mbox_path, "wb", buffering=8 << 20) as out:
        for raw in messages(kind, size, seed, huge_attachment):
            out.write(b"From sender@mail.example Mon Jan  2 09:00:00 2023\n")
            out.write(_ESCAPE.sub(rb">\1", raw))
            out.write(b"\n")
            if maildir is not None and count < maildir_count:
                (maildir / "cur" / f"{count}.bench:2,S").write_bytes(raw)
            count += 1
    return count, os.path.getsize(mbox_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["mixed", "small"])
    parser.add_argument("size", type=parse_size, help="approximate size, e.g. 256M or 1G")
    parser.add_argument("mbox", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--maildir", type=Path)
    parser.add_argument("--maildir-count", type=int, default=0)
    parser.add_argument("--huge-attachment", type=parse_size, default=0)
    args = parser.parse_args()
    count, size = write_corpus(args.kind, args.size, args.mbox, seed=args.seed, maildir=args.maildir,
                               maildir_count=args.maildir_count, huge_attachment=args.huge_attachment)
    print(f"{count} messages, {size / 1e6:.1f} MB in {args.mbox}")


if __name__ == "__main__":
    main()
