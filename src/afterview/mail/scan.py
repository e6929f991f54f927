"""The inbox readers in one place: mbox, Maildir, .eml files (IMAP lives in `imap`).

Every reader yields `MailHeader` records lazily and counts problems in a
`ScanReport`; none loads a whole mailbox. A reply scan is then

    report = ScanReport()
    for header in candidates(scan_mbox(path, report), classifier.is_candidate, report):
        text = header.text()          # the body is read here, for candidates only

The readers raise `MailError` only when the source cannot be opened at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from afterview.mail.files import read_eml as scan_eml
from afterview.mail.files import read_maildir as scan_maildir
from afterview.mail.header import MailHeader, normalize_message_id
from afterview.mail.mbox import read_mbox as scan_mbox
from afterview.mail.report import WARNING_KINDS, ScanReport

__all__ = [
    "WARNING_KINDS",
    "MailHeader",
    "ScanReport",
    "candidates",
    "normalize_message_id",
    "scan_eml",
    "scan_maildir",
    "scan_mbox",
]


def candidates(headers: Iterable[MailHeader], is_candidate: Callable[[MailHeader], bool],
               report: ScanReport | None = None) -> Iterator[MailHeader]:
    """The headers the predicate accepts, counted in `report.candidates`."""
    for header in headers:
        if is_candidate(header):
            if report is not None:
                report.candidates += 1
            yield header
