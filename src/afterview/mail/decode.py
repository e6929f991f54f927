"""Turning header and body bytes into text, tolerating what real mail contains.

Every function returns the text and a flag `clean`: False when a character set
was unknown or the bytes did not fit it. The text is then the best reading
(undecodable bytes replaced) and the caller counts a `bad_charset` warning.
"""

from __future__ import annotations

import binascii
import codecs
import re
from email import message_from_bytes, policy
from email.message import Message

# An RFC 2047 encoded word: =?charset?B|Q?text?=  (a language tag after `*` is allowed).
_WORD = re.compile(rb"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=")
# Blanks between two encoded words are not part of the text (RFC 2047, 6.2).
_BETWEEN_WORDS = re.compile(rb"(\?=)[ \t]+(=\?)")


def _charset_decode(data: bytes, charset: str) -> tuple[str, bool]:
    try:
        codecs.lookup(charset)
    except LookupError:
        return data.decode("utf-8", "replace"), False
    try:
        return data.decode(charset), True
    except UnicodeDecodeError:
        return data.decode(charset, "replace"), False


def _raw_bytes(data: bytes) -> tuple[str, bool]:
    """Bytes outside encoded words: ASCII by the standard, UTF-8 in practice, else cp1252."""
    if data.isascii():
        return data.decode("ascii"), True
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), False


def decode_words(raw: bytes) -> tuple[str, bool]:
    """Decode a header value with RFC 2047 encoded words into text."""
    if b"=?" not in raw:
        return _raw_bytes(raw)
    raw = _BETWEEN_WORDS.sub(rb"\1\2", raw)
    parts: list[str] = []
    clean = True
    last = 0
    for found in _WORD.finditer(raw):
        if found.start() > last:
            text, ok = _raw_bytes(raw[last : found.start()])
            parts.append(text)
            clean = clean and ok
        charset, encoding, payload = found.groups()
        try:
            if encoding in b"bB":
                data = binascii.a2b_base64(payload + b"=" * (-len(payload) % 4))
            else:
                data = binascii.a2b_qp(payload, header=True)
        except binascii.Error:
            parts.append(found.group(0).decode("ascii", "replace"))
            clean = False
        else:
            text, ok = _charset_decode(data, charset.decode("ascii", "replace"))
            parts.append(text)
            clean = clean and ok
        last = found.end()
    if last < len(raw):
        text, ok = _raw_bytes(raw[last:])
        parts.append(text)
        clean = clean and ok
    return "".join(parts), clean


def _part_text(part: Message) -> tuple[str, bool]:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", True
    charset = part.get_content_charset() or "us-ascii"
    if charset in ("us-ascii", "ascii"):
        return _raw_bytes(payload)
    return _charset_decode(payload, charset)


def text_of_message(header_block: bytes, body: bytes) -> tuple[str, bool]:
    """The first text/plain part (else the first text part) of a message as text."""
    message = message_from_bytes(header_block + b"\n" + body, policy=policy.compat32)
    first_text: Message | None = None
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.get_filename():
            continue
        if part.get_content_subtype() == "plain":
            return _part_text(part)
        first_text = first_text or part
    if first_text is None:
        return "", True
    text, clean = _part_text(first_text)
    # An HTML-only message: drop the tags, the phrases we look for are in the words.
    return re.sub(r"<[^>]*>", " ", text), clean

