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
from functools import partial

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
# A `From ` line (after its newline) and the start of a header line below it: the
# boundary rule's condition 1 in one match, ending at the `From ` line's newline
# (the lookahead does not count in the match's length).
_BOUNDARY = re.compile(rb"\nFrom [^\n]*\n(?=[!-9;-~]+:)")
_ENVELOPE = re.compile(rb"From \S+ +[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{1,2}:\d\d")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def unescape_mboxrd(body: bytes) -> bytes:
    return _ESCAPED_FROM.sub(rb"\1", body) if b">From " in body else body


def _from_line_end(mm: mmap.mmap, newline: int) -> int:
    """If the `From ` line after the newline at `newline` starts a message, the offset
    of the newline that ends it (where the message's header block begins); else -1."""
    line = newline + 1
    eol = mm.find(b"\n", line)
    if eol < 0 or not _HEADER_LINE.match(mm, eol + 1):
        return -1
    if newline == 0 or mm[newline - 1] == 10 or (mm[newline - 1] == 13 and newline >= 2 and mm[newline - 2] == 10):
        return eol
    return eol if _ENVELOPE.match(mm, line) is not None else -1


class _Pager:
    """Hands pages already walked back to the kernel, so RSS stays flat on any file size."""

    def __init__(self, mm: mmap.mmap) -> None:
        self.mm = mm
        self.released = 0
        self.due = _RELEASE  # callers check this before calling `passed`, to save a call per message

    def passed(self, pos: int) -> None:
        if pos - self.released > _RELEASE:
            start = self.released - self.released % mmap.PAGESIZE
            length = pos - start
            self.mm.madvise(mmap.MADV_DONTNEED, start, length - length % mmap.PAGESIZE)
            self.released = pos
            self.due = pos + _RELEASE


def _next_boundary(mm: mmap.mmap, at: int, size: int, pager: _Pager) -> tuple[int, int]:
    """The next message after offset `at`: (offset of its `From ` line, offset of the
    newline ending that line), or (`size`, `size`) at the end of the file.

    Searches window by window so that a huge attachment also releases its pages.
    """
    while True:
        stop = min(size, at + _WINDOW)
        found = mm.find(b"\nFrom ", at, stop)
        if found < 0:
            if stop >= size:
                return size, size
            at = stop - len(b"From ")  # overlap: a needle across the window edge is found next
            pager.passed(at)
            continue
        eol = _from_line_end(mm, found)
        if eol >= 0:
            return found + 1, eol
        at = found + 1


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
    """The scan loop. It runs once per message of exports holding millions, where each
    Python step counts: the common shape (the next `From ` line starts the next message,
    an LF header block that ends in a blank line) takes a few `find` calls inline, and
    everything else goes to `_next_boundary` and `_message`, which handle every case."""
    pager = _Pager(mm)
    find = mm.find
    header: MailHeader | None
    if mm[:5] == b"From ":
        pos, eol = 0, find(b"\n")
        if eol < 0:
            eol = size
    else:
        pos, eol = _next_boundary(mm, 0, size, pager)
        if pos >= size:
            report.warn("not_mailbox", name)
            return
        if mm[:pos].strip():
            report.warn("preamble", f"{name}@0")
    while pos < size:
        # The next boundary is searched from the newline ending this message's
        # `From ` line (`eol`): no newline lies between, so no `\nFrom ` is missed.
        found = find(b"\nFrom ", eol, eol + _WINDOW)
        line = _BOUNDARY.match(mm, found) if found >= 0 and mm[found - 1] == 10 else None
        if line is not None:  # after a blank line, and a header line follows: the rule's common case
            end, next_eol = found + 1, line.end() - 1
        else:  # a `From ` line inside a body, a huge message, CRLF, or the end of the file
            end, next_eol = _next_boundary(mm, eol, size, pager)
        limit = eol + MAX_HEADER if eol + MAX_HEADER < end else end
        blank = find(b"\n\n", eol, limit) if mm[eol - 1] != 13 else -1
        if blank - eol >= 2:
            # The block keeps the newline before its first field: see `header.raw_field`.
            header = MailHeader(mm[eol : blank + 1], name, end - pos, partial(_body, mm, blank + 2, end),
                                report, pos)
            report.messages += 1
            if end - pos > large_message:
                report.warn("large_message", f"{name}@{pos}")
            header.check(report)
        else:  # CRLF, truncated, empty or oversized
            header = _message(mm, pos, eol, end, name, report, large_message)
        report.bytes += end - pos
        if header is not None:
            yield header
        pos, eol = end, next_eol
        if pos > pager.due:
            pager.passed(pos)


def _body(mm: mmap.mmap, body_start: int, end: int, limit: int | None) -> bytes:
    """The mboxrd-unescaped body of the message whose body starts at `body_start` and which ends at `end`."""
    # The blank line before the next `From ` line belongs to the mbox, not the body.
    body_end = end
    if body_end - body_start >= 2 and mm[body_end - 1] == 10:
        if mm[body_end - 2] == 10:
            body_end -= 1
        elif body_end - body_start >= 4 and mm[body_end - 2] == 13 and mm[body_end - 3] == 10:
            body_end -= 2
    stop = body_end if limit is None else min(body_end, body_start + limit)
    return unescape_mboxrd(mm[body_start:stop])


def _message(mm: mmap.mmap, pos: int, eol: int, end: int, name: str, report: ScanReport,
             large_message: int) -> MailHeader | None:
    """Parse the message whose `From ` line spans `pos` to `eol` and which ends at `end`.

    Any message at all; `_walk` reads the common shape inline and gives the rest to this.
    """
    if eol >= end:
        report.warn("truncated", f"{name}@{pos}")
        return None
    crlf = mm[eol - 1] == 13
    separator = b"\r\n\r\n" if crlf else b"\n\n"
    blank = mm.find(separator, eol - 1 if crlf else eol, min(end, eol + MAX_HEADER))
    if blank >= 0:
        block_end = blank + len(separator) // 2
        body_start = blank + len(separator)
    elif end - eol <= MAX_HEADER:
        report.warn("truncated", f"{name}@{pos}")
        block_end = body_start = end
    else:
        report.warn("oversized_header", f"{name}@{pos}")
        return None
    if block_end - eol <= 2 and body_start >= end - 1:
        report.warn("empty_message", f"{name}@{pos}")
        return None
    report.messages += 1
    if end - pos > large_message:
        report.warn("large_message", f"{name}@{pos}")
    # The block keeps the newline before its first field: see `header.raw_field`.
    header = MailHeader(mm[eol:block_end], name, end - pos, partial(_body, mm, body_start, end), report, pos)
    header.check(report)
    return header
