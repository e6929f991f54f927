"""Streaming an mbox file: find message boundaries with `bytes.find`, parse headers only.

The file is memory-mapped and walked once. For each message only the header
block is copied out; the body stays in the file until a caller asks for it
(`MailHeader.body()`), which a reply scan does for candidates only. Pages
already walked are handed back to the kernel every `_RELEASE` bytes, so the
resident memory stays flat however large the file is.

Boundary rule (mboxo and mboxrd writers both escape only some `From ` lines, and
some writers escape none, so the rule must not trust escaping):
a line starting with `From ` begins a new message when
  1. the next line looks like a header field (`Name:` with a printable name), and
  2. it is the first line of the file, or the line before it is blank, or the
     line itself has the shape of an envelope line (`From sender Www Mmm dd hh:mm`).
So `From ` at the start of a body line after a non-blank line is never a boundary,
nor is a paragraph starting with `From ` after a blank line unless the line below it
reads like a header. Bodies are returned mboxrd-unescaped (one `>` is removed from
`>From `, `>>From ` …), which is also the right reading of mboxo except for
bodies that really began with `>From `.
"""

from __future__ import annotations

import mmap
import os
import re
from collections.abc import Iterator

from afterview.mail.errors import MailError
from afterview.mail.header import MailHeader
from afterview.mail.report import ScanReport

# A header block larger than this is not a real one (real ones are a few KB;
# long Received chains reach tens of KB). Guards against a binary file read as mail.
MAX_HEADER = 256 * 1024
# Messages above this size are read (headers as always) but counted as a warning:
# mail servers refuse mail this large, so it is likely an export artefact.
LARGE_MESSAGE = 25 * 1024 * 1024
# Give walked pages back to the kernel after this many bytes.
_RELEASE = 64 * 1024 * 1024
# Boundary search step inside one message (a large attachment).
_WINDOW = 16 * 1024 * 1024

_HEADER_LINE = re.compile(rb"[!-9;-~]+:")
_ENVELOPE = re.compile(rb"From \S+ +[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{1,2}:\d\d")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def unescape_mboxrd(body: bytes) -> bytes:
    return _ESCAPED_FROM.sub(rb"\1", body) if b">From " in body else body


def _is_boundary(mm: mmap.mmap, newline: int) -> bool:
    """Whether the `From ` line after the newline at `newline` starts a message."""
    line = newline + 1
    eol = mm.find(b"\n", line)
    if eol < 0 or not _HEADER_LINE.match(mm, eol + 1):
        return False
    if newline == 0 or mm[newline - 1] == 10 or (mm[newline - 1] == 13 and newline >= 2 and mm[newline - 2] == 10):
        return True
    return _ENVELOPE.match(mm, line) is not None


class _Pager:
    """Hands pages already walked back to the kernel, so RSS stays flat on any file size."""

    def __init__(self, mm: mmap.mmap) -> None:
        self.mm = mm
        self.released = 0

    def passed(self, pos: int) -> None:
        if pos - self.released > _RELEASE:
            start = self.released - self.released % mmap.PAGESIZE
            length = pos - start
            self.mm.madvise(mmap.MADV_DONTNEED, start, length - length % mmap.PAGESIZE)
            self.released = pos


def _next_boundary(mm: mmap.mmap, start: int, size: int, pager: _Pager) -> int:
    """Offset of the next message's `From ` line at or after `start`, or `size`.

    Searches window by window so that a huge attachment also releases its pages.
    """
    at = start - 1
    while True:
        stop = min(size, at + 1 + _WINDOW)
        found = mm.find(b"\nFrom ", at + 1, stop)
        if found < 0:
            if stop >= size:
                return size
            at = stop - len(b"\nFrom ")  # overlap: a needle across the window edge is found next
            pager.passed(at)
        elif _is_boundary(mm, found):
            return found + 1
        else:
            at = found


def read_mbox(path: str | os.PathLike[str], report: ScanReport | None = None, *,
              large_message: int = LARGE_MESSAGE) -> Iterator[MailHeader]:
    """Yield a `MailHeader` per message of an mbox file, counting problems in `report`.

    Raises `MailError` only when the file cannot be opened at all.
    """
    report = report if report is not None else ScanReport()
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                report.warn("not_mailbox", name)
                return
            # The map keeps its own descriptor, so it outlives the `with` and the
            # body loaders of yielded headers keep working after the scan ends.
            mm = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as error:
        raise MailError(f"cannot read mbox {name}: {error.strerror or error}") from None
    mm.madvise(mmap.MADV_SEQUENTIAL)
    yield from _walk(mm, size, name, report, large_message)


def _walk(mm: mmap.mmap, size: int, name: str, report: ScanReport, large_message: int) -> Iterator[MailHeader]:
    pager = _Pager(mm)
    if mm[:5] == b"From ":
        pos = 0
    else:
        pos = _next_boundary(mm, 0, size, pager)
        if pos >= size:
            report.warn("not_mailbox", name)
            return
        if mm[:pos].strip():
            report.warn("preamble", f"{name}@0")
    while pos < size:
        nxt = _next_boundary(mm, pos + 1, size, pager)
        header = _message(mm, pos, nxt, name, report, large_message)
        if header is not None:
            yield header
        report.bytes += nxt - pos
        pos = nxt
        pager.passed(pos)


def _message(mm: mmap.mmap, pos: int, end: int, name: str, report: ScanReport,
             large_message: int) -> MailHeader | None:
    """Parse the message whose `From ` line is at `pos` and which ends at `end`."""
    where = f"{name}@{pos}"
    eol = mm.find(b"\n", pos, end)
    if eol < 0:
        report.warn("truncated", where)
        return None
    crlf = mm[eol - 1] == 13
    separator = b"\r\n\r\n" if crlf else b"\n\n"
    blank = mm.find(separator, eol - 1 if crlf else eol, min(end, eol + MAX_HEADER))
    if blank >= 0:
        block_end = blank + len(separator) // 2
        body_start = blank + len(separator)
    elif end - eol <= MAX_HEADER:
        report.warn("truncated", where)
        block_end = body_start = end
    else:
        report.warn("oversized_header", where)
        return None
    if block_end - eol <= 2 and body_start >= end - 1:
        report.warn("empty_message", where)
        return None
    report.messages += 1
    if end - pos > large_message:
        report.warn("large_message", where)

    def load(limit: int | None) -> bytes:
        # The blank line before the next `From ` line belongs to the mbox, not the body.
        body_end = end
        if body_end - body_start >= 2 and mm[body_end - 1] == 10:
            if mm[body_end - 2] == 10:
                body_end -= 1
            elif body_end - body_start >= 4 and mm[body_end - 2] == 13 and mm[body_end - 3] == 10:
                body_end -= 2
        stop = body_end if limit is None else min(body_end, body_start + limit)
        return unescape_mboxrd(mm[body_start:stop])

    # The block keeps the newline before its first field: see `header.raw_field`.
    header = MailHeader(mm[eol:block_end], where, end - pos, load, report)
    header.check(report)
    return header

