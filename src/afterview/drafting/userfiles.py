"""Reading a text file the user hands over (a note they wrote, a word list, a template)."""

from __future__ import annotations

from pathlib import Path

from afterview.drafting.types import TextProblem

MAX_TEXT_BYTES = 10 * 1024 * 1024  # a note or word list is kilobytes; anything this big is the wrong file


def read_user_text(path: Path | str) -> str:
    """The file's text; `TextProblem` (one line) if it is missing, too big or not UTF-8."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise TextProblem(f"{path} is a folder, not a text file: give the path of a file")
        if size > MAX_TEXT_BYTES:
            raise TextProblem(f"{path} is {size / 1024 / 1024:.1f} MB, over the 10 MB limit for a text file: "
                              f"check it is the right file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextProblem(f"{path} does not exist: check the path") from None
    except PermissionError:
        raise TextProblem(f"{path} cannot be read (permission denied): check its permissions") from None
    except OSError as exc:
        raise TextProblem(f"{path} cannot be read ({exc.strerror or exc}): check the path") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextProblem(f"{path} is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}): "
                          f"save it as UTF-8 and try again") from None
    # A byte-order mark is invisible to the user and would otherwise be part of the first word.
    return text.removeprefix("\ufeff")
