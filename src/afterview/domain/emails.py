"""One rule for what an email address is, at every door: email-validator's.

The settings, the friend-review address and vCards always asked email-validator
(offline: the domain is never looked up), while the facts (people, references)
took anything shaped like a@b.c; so "ann@example..com" was a fine interviewer
address and not a fine profile address. Now every check asks `problem`.

email-validator takes about 45 µs an address, which an import of 20,000 people
would feel; an address of the plain form below is valid by its rules too (a
property test holds the two together), so only the others are asked.
"""

from __future__ import annotations

import re

# Dot-separated plain local part; dot-separated domain labels (letters, digits, inner
# hyphens, at most 63 each) ending in a TLD of letters.
_PLAIN = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
                    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
# email-validator refuses these names as a domain's last label (special use, RFC 6761 and after).
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def problem(address: str) -> str | None:
    """Why `address` is not an email address (one sentence), or None when it is one."""
    if _plain(address):
        return None
    from email_validator import EmailNotValidError, validate_email  # 50 ms to import: only when asked

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as refused:
        return str(refused)
    return None


def _plain(address: str) -> bool:
    if len(address) > 254 or not _PLAIN.fullmatch(address):
        return False
    local, _, domain = address.partition("@")
    return len(local) <= 64 and domain.rsplit(".", 1)[-1].lower() not in _SPECIAL_USE
