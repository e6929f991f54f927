"""Reading a bounce: which addresses failed, for good or for now, and which of our messages it returns.

The addresses come from `flufl.bounce`, which knows RFC 3464 delivery status
notifications and the non-standard reports of Exim, Postfix, qmail, Exchange,
Yahoo and others. The message a bounce is about is found, in order, from its
threading fields, the returned message or its headers (`message/rfc822`,
`text/rfc822-headers`), and a `Message-ID:` line quoted in the report's text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message

from flufl.bounce import all_failures

from afterview.mail.header import MailHeader, normalize_message_id

# Reports are small; a bounce that returns a large attachment is read this far,
# which holds the report and the returned headers.
_READ_LIMIT = 256 * 1024
_QUOTED_ID = re.compile(rb"^[ \t>]*Message-ID:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_DIAGNOSTIC = re.compile(r"^Diagnostic-Code:[ \t]*(?:[a-z0-9-]+;)?[ \t]*(.+)$", re.IGNORECASE | re.MULTILINE)
_STATUS_LINE = re.compile(r"\b([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.*|[45]\d\d\s.{4,})")
_ADDRESS_LINE = 160

# flufl.bounce logs each detector it runs at INFO; a scan reads many bounces.
logging.getLogger("flufl.bounce").setLevel(logging.WARNING)


@dataclass(frozen=True, slots=True)
class Bounce:
    """What a delivery report says."""

    permanent: frozenset[str]  # addresses that will never get the message
    temporary: frozenset[str]  # addresses the server is still trying
    returned_ids: tuple[str, ...]  # Message-IDs of the returned message, nearest first
    reason: str  # the server's own words, one line ("" when it gives none)


def _addresses(found: frozenset[bytes] | frozenset[str] | set[bytes]) -> frozenset[str]:
    out = set()
    for item in found:
        text = item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
        text = text.strip().strip("<>").lower()
        if "@" in text:
            out.add(text)
    return frozenset(out)


def _returned_ids(message: Message, header: MailHeader, data: bytes) -> list[str]:
    ids = [raw.decode("ascii", "replace") for raw in header.thread_ids()]
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message) and inner[0]["Message-ID"]:
                ids.append(str(inner[0]["Message-ID"]))
        elif kind == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                ids.extend(m.decode("ascii", "replace") for m in _QUOTED_ID.findall(payload))
    ids.extend(m.decode("ascii", "replace") for m in _QUOTED_ID.findall(data))
    own = header.message_id
    seen: list[str] = []
    for value in ids:
        normal = normalize_message_id(value)
        if normal and normal != own and normal not in seen:
            seen.append(normal)
    return seen


def _reason(message: Message, text: str, addresses: frozenset[str]) -> str:
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else []
            for block in blocks:
                if isinstance(block, Message) and block.get("Diagnostic-Code"):
                    return " ".join(str(block["Diagnostic-Code"]).split()).partition(";")[2].strip() or \
                        " ".join(str(block["Diagnostic-Code"]).split())
    found = _DIAGNOSTIC.search(text)
    if found:
        return " ".join(found.group(1).split())
    for line in text.splitlines():
        low = line.lower()
        if any(a in low for a in addresses) and (status := _STATUS_LINE.search(line)):
            return " ".join(status.group(0).split())[:_ADDRESS_LINE]
    for line in text.splitlines():
        if status := _STATUS_LINE.search(line):
            return " ".join(status.group(0).split())[:_ADDRESS_LINE]
    return ""


def read_bounce(header: MailHeader) -> Bounce | None:
    """The failures a delivery report names, or None when it names no failed address."""
    data = header.header_bytes + b"\n" + header.body(_READ_LIMIT)
    message = message_from_bytes(data, policy=policy.compat32)
    try:
        temporary, permanent = all_failures(message)
    except Exception:  # a detector tripping on a form it half knows: read the report's own fields instead
        temporary, permanent = frozenset(), frozenset()
    failed = _addresses(permanent)
    if not failed and not temporary:
        listed = header.raw("x-failed-recipients")
        if listed:
            failed = _addresses({a for a in re.split(rb"[,\s]+", listed) if a})
    delayed = _addresses(temporary) - failed
    if not failed and not delayed:
        return None
    text = data.decode("utf-8", "replace")
    return Bounce(failed, delayed, tuple(_returned_ids(message, header, data)),
                  _reason(message, text, failed or delayed))
