"""Reading the user's own text files: every bad file is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.drafting import MAX_TEXT_BYTES, TextProblem, read_user_text


def test_a_utf8_file_is_read_without_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("\ufeffDear Zoë,\n\nThank you.\n".encode())
    assert read_user_text(path) == "Dear Zoë,\n\nThank you.\n"


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Dear Zoë".encode("latin-1"))
    with pytest.raises(TextProblem) as caught:
        read_user_text(path)
    assert str(caught.value) == f"{path} is not UTF-8 text (byte 7 is 0xeb): save it as UTF-8 and try again"


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: no need to write 10 MB
    with pytest.raises(TextProblem, match=r"over the 10 MB limit"):
        read_user_text(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TextProblem) as caught:
        read_user_text(tmp_path / "nope.txt")
    assert str(caught.value) == f"{tmp_path / 'nope.txt'} does not exist: check the path"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(TextProblem, match="is a folder"):
        read_user_text(tmp_path)
