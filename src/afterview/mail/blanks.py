"""Characters made blanks before `str.split`, in one bytes pass when the text is ASCII.

`str.translate` with a dict looks each character up in the dict: callgrind counts
about 65,000 instructions for a 300-character reply. `bytes.translate` with a
256-byte table is one C loop, so ASCII text goes to bytes and back (both copies
are plain memory copies) and comes out as the same string; other text keeps
`str.translate`.
"""

from __future__ import annotations


def byte_table(table: dict[int, str]) -> bytes:
    """The ASCII part of a `str.maketrans` table as a `bytes.translate` table.

    Every ASCII character must map to one ASCII character (a blank, here): anything
    else could not be done byte for byte.
    """
    keys = [key for key in table if key < 128]
    values = [table[key] for key in keys]
    if not all(len(value) == 1 and value.isascii() for value in values):
        raise ValueError("byte_table: an ASCII character maps to something other than one ASCII character")
    return bytes.maketrans(bytes(keys), "".join(values).encode("ascii"))


def blanked(text: str, table: dict[int, str], ascii_table: bytes) -> str:
    """`text.translate(table)`; `ascii_table` is `byte_table(table)`."""
    if text.isascii():
        return text.encode("ascii").translate(ascii_table).decode("ascii")
    return text.translate(table)
