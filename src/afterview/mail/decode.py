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


# Codecs that Python can look up but that are no character set of mail: decoding
# with them raises instead of reading (`undefined`), refuses the `replace` error
# handler (`idna`), or reads bytes as escapes (`unicode_escape`). A message that
# names one is read as if it named no charset at all.
_NOT_MAIL_CHARSETS = frozenset({"undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape",
                                "escape", "palmos", "mbcs", "oem"})


def mail_codec(charset: str) -> str | None:
    """The Python codec name for a charset a message declares, or None when it names no text charset.

    `codecs.lookup` also finds bytes-to-bytes codecs (`rot13`, `base64`, `zlib`, `uu`,
    `quopri` …) and raises ValueError on a NUL: each of those is "no charset" here.
    """
    if not charset or not charset.isascii() or not charset.isprintable() or len(charset) > 64:
        return None
    try:
        info = codecs.lookup(charset.strip().strip('"'))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_MAIL_CHARSETS:
        return None
    return info.name


def _charset_decode(data: bytes, charset: str) -> tuple[str, bool]:
    codec = mail_codec(charset)
    if codec is None:
        return data.decode("utf-8", "replace"), False
    try:
        return data.decode(codec), True
    except UnicodeError:
        pass
    try:
        return data.decode(codec, "replace"), False
    except (UnicodeError, ValueError, LookupError):  # a codec that refuses `replace`
        return data.decode("utf-8", "replace"), False


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


def payload_text(payload: bytes, charset: str) -> tuple[str, bool]:
    """A decoded (transfer encoding removed) text payload in its declared charset (lower case)."""
    if charset in ("us-ascii", "ascii"):
        return _raw_bytes(payload)
    return _charset_decode(payload, charset)


def _part_text(part: Message) -> tuple[str, bool]:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", True
    return payload_text(payload, part.get_content_charset() or "us-ascii")


# `text/plain` with simple parameters: a token or a quoted string without escapes each.
_PLAIN_TYPE = re.compile(rb'[ \t]*text/plain[ \t]*((?:;[ \t]*[A-Za-z0-9-]+[ \t]*=[ \t]*'
                         rb'(?:[A-Za-z0-9_.:+-]+|"[A-Za-z0-9_.:+ -]*")[ \t]*)*);?[ \t]*', re.IGNORECASE)
_PARAM = re.compile(rb'([A-Za-z0-9-]+)[ \t]*=[ \t]*"?([^";]*?)"?[ \t]*(?:;|$)')
# Transfer encodings under which `email` hands the body over as it is.
_IDENTITY_ENCODINGS = frozenset({b"7bit", b"8bit", b"binary"})


def plain_charset(content_type: bytes | None, transfer_encoding: bytes | None,
                  disposition: bytes | None = None) -> str | None:
    """The charset of a single-part text/plain message whose body is its text as it stands, else None.

    Such a message (most replies a scan finds) is read without `email.parser`:
    `text_of_message` would return exactly its body decoded in this charset. For
    anything else (multipart, HTML, an encoded body, an attachment, an unusual
    Content-Type) the answer is None and the caller takes `text_of_message`.
    The values are raw unfolded header values, None when the field is absent;
    with a Content-Disposition (which may name the part as an attachment) the answer is None.
    """
    if disposition is not None:
        return None
    if transfer_encoding is not None and transfer_encoding.lower() not in _IDENTITY_ENCODINGS:
        return None
    if content_type is None:
        return "us-ascii"  # no Content-Type: text/plain in US-ASCII (RFC 2045)
    found = _PLAIN_TYPE.fullmatch(content_type)
    if found is None:
        return None
    params = _PARAM.findall(found.group(1).lstrip(b"; \t"))
    if any(name.lower() == b"name" for name, _ in params):
        return None  # a named part is an attachment to `text_of_message`
    charset = next((value for name, value in params if name.lower() == b"charset"), b"")
    return charset.decode("ascii").lower() or "us-ascii"


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

