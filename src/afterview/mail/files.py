"""Reading one message per file: a Maildir folder and loose .eml files.

Each file is opened and read only up to the end of its header block (one
64 KB read for almost every message); the body is read again from the file
when a caller asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from afterview.mail.errors import MailError
from afterview.mail.header import MailHeader
from afterview.mail.mbox import LARGE_MESSAGE, MAX_HEADER
from afterview.mail.report import ScanReport

_FIRST_READ = 64 * 1024


def _header_end(data: bytes) -> tuple[int, int] | None:
    """(end of the header block, start of the body) in `data`, or None if not there yet."""
    lf = data.find(b"\n\n")
    crlf = data.find(b"\r\n\r\n")
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf + 2, crlf + 4
    if lf >= 0:
        return lf + 1, lf + 2
    return None


def read_message_file(path: Path, report: ScanReport, *, large_message: int = LARGE_MESSAGE) -> MailHeader | None:
    """The header of one message file, or None (with a warning) when it cannot be used."""
    where = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(_FIRST_READ)
            # Some programs save an .eml with the mbox envelope line first.
            skip = data.find(b"\n") + 1 if data.startswith(b"From ") else 0
            found = _header_end(data[skip:])
            while found is None and len(data) < min(size, MAX_HEADER + skip):
                more = handle.read(_FIRST_READ)
                if not more:
                    break
                data += more
                found = _header_end(data[skip:])
    except OSError as error:
        report.warn("unreadable", f"{where}: {error.strerror or error}")
        return None
    if not data[skip:].strip():
        report.warn("empty_message", where)
        return None
    if found is None:
        if size - skip > MAX_HEADER:
            report.warn("oversized_header", where)
            return None
        report.warn("truncated", where)
        block_end = body_start = len(data) - skip
    else:
        block_end, body_start = found
    body_offset = skip + body_start
    report.messages += 1
    report.bytes += size
    if size > large_message:
        report.warn("large_message", where)

    def load(limit: int | None) -> bytes:
        try:
            with open(path, "rb") as handle:
                handle.seek(body_offset)
                return handle.read(-1 if limit is None else limit)
        except OSError as error:
            raise MailError(f"cannot read {where}: {error.strerror or error}") from None

    header = MailHeader(b"\n" + data[skip : skip + block_end], where, size, load, report)
    header.check(report)
    return header


def read_maildir(path: str | os.PathLike[str], report: ScanReport | None = None, *,
                 large_message: int = LARGE_MESSAGE) -> Iterator[MailHeader]:
    """Yield the messages of a Maildir folder (`cur` and `new`, in file-name order).

    Sub-folders (Maildir++ `.Sent` and the like) are separate folders: pass each.
    Raises `MailError` when the path is not a Maildir.
    """
    report = report if report is not None else ScanReport()
    root = Path(path)
    folders = [root / "cur", root / "new"]
    if not any(folder.is_dir() for folder in folders):
        raise MailError(f"{root} is not a Maildir (it has no cur/ or new/ folder)")
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            continue
        except OSError as error:
            report.warn("unreadable", f"{folder}: {error.strerror or error}")
            continue
        for name in names:
            if name.startswith("."):
                continue
            header = read_message_file(folder / name, report, large_message=large_message)
            if header is not None:
                yield header


def read_eml(paths: Iterable[str | os.PathLike[str]], report: ScanReport | None = None, *,
             large_message: int = LARGE_MESSAGE) -> Iterator[MailHeader]:
    """Yield one message per .eml file; a file that cannot be read is a counted warning."""
    report = report if report is not None else ScanReport()
    for path in paths:
        header = read_message_file(Path(path), report, large_message=large_message)
        if header is not None:
            yield header
