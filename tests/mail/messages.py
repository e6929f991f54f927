"""Small builders of raw messages and mbox files for the mail tests."""

from __future__ import annotations

import re
from collections.abc import Iterable


def message(n: int, *, sender: str = "Ann Lee <ann@acme.example>", subject: str = "Hello",
            in_reply_to: str | None = None, references: str | None = None, body: str = "Thanks!\n",
            extra: str = "", message_id: str | None = None, date: str = "Mon, 03 Mar 2025 10:00:00 +0100",
            crlf: bool = False) -> bytes:
    lines = [f"Message-ID: {message_id or f'<m{n}@acme.example>'}", f"From: {sender}",
             "To: Sam Seeker <sam@seeker.example>", f"Subject: {subject}", f"Date: {date}"]
    if in_reply_to:
        lines.append(f"In-Reply-To: {in_reply_to}")
    if references:
        lines.append(f"References: {references}")
    text = "\n".join(lines) + "\n" + extra + "\n" + body
    data = text.encode("utf-8")
    return data.replace(b"\n", b"\r\n") if crlf else data


def mbox(messages: Iterable[bytes], *, escape: bool = True) -> bytes:
    """An mbox: envelope line, the message (mboxrd-escaped unless told not to), a blank line."""
    parts = []
    for raw in messages:
        if escape:
            raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
        newline = b"\r\n" if raw.endswith(b"\r\n") else b"\n"
        parts.append(b"From sender@example.com Mon Mar  3 10:00:00 2025" + newline + raw
                     + (b"" if raw.endswith(newline) else newline) + newline)
    return b"".join(parts)
