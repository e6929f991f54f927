"""Reading a business-card photo with Tesseract OCR.

The reading is a proposal: every field keeps the OCR text it came from so the
user can confirm or correct it before anything is saved. Nothing here touches
the network: emails are checked for syntax only, phone numbers offline.
"""

from __future__ import annotations

import io
import itertools
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract
from PIL import Image, ImageFilter, ImageOps, ImageStat, UnidentifiedImageError

from afterview.exchange.business_card_fields import (
    FieldReading,
    Line,
    PhoneReading,
    find_email,
    find_phones,
    find_website,
    pick_fields,
    reconcile_email,
)

__all__ = ["CardProblem", "CardReading", "FieldReading", "PhoneReading", "read_card", "read_text"]

# Tesseract reads best when capital letters are some 30-40 px tall; photos of a
# card taken from a distance, or small scans, are upscaled to about this width.
TARGET_WIDTH = 1800
MAX_PIXELS = 40_000_000
# Below this mean word confidence the first reading is treated as poor and small
# rotations are tried: a card photographed slightly askew reads better straightened.
POOR_CONFIDENCE = 75.0
RETRY_ANGLES = (-2.5, 2.5)
# Mean edge strength of the picture shrunk to 600 px: drawn or printed cards measure
# 5-30 (plain card, a few lines of print); sensor noise, foliage or a crowd measure
# far more, and Tesseract can spend a minute finding letters in them.
BUSY_EDGES = 45.0
# A backstop for pictures the edge measure lets through.
OCR_TIMEOUT_SECONDS = 20
NOT_A_CARD = "no name, email or phone found on this image; is it a business card?"


class CardProblem(ValueError):
    """The photo cannot be read as a business card; the message is one line."""


@dataclass(frozen=True, slots=True)
class CardReading:
    name: FieldReading = field(default_factory=FieldReading)
    title: FieldReading = field(default_factory=FieldReading)
    company: FieldReading = field(default_factory=FieldReading)
    email: FieldReading = field(default_factory=FieldReading)
    website: FieldReading = field(default_factory=FieldReading)
    phones: tuple[PhoneReading, ...] = ()
    text: str = ""  # every line OCR read, for the user to copy from
    confidence: float = 0.0  # mean word confidence, 0-100
    problems: tuple[str, ...] = ()

    @property
    def phone(self) -> PhoneReading | None:
        return self.phones[0] if self.phones else None

    @property
    def found_anything(self) -> bool:
        # A 'name' alone from a murky reading is OCR seeing words in texture.
        return bool(self.email or self.phones or (self.name and self.confidence >= 50))

    def raise_for_problem(self) -> None:
        """For callers that want an exception when the photo held no card."""
        if self.problems:
            raise CardProblem(self.problems[0])


def _load(source: str | Path | bytes) -> Image.Image:
    if isinstance(source, bytes):
        data, label = source, "the image"
    else:
        path = Path(source)
        label = path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise CardProblem(f"{path}: no such file") from error
        except OSError as error:
            raise CardProblem(f"{path}: cannot be read ({error.strerror or error})") from error
    if not data:
        raise CardProblem(f"{label} is empty (0 bytes); take the photo again")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise CardProblem(f"{label} is not an image Afterview can read; use a JPEG or PNG photo") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise CardProblem(f"{label} is a damaged or incomplete image; take the photo again") from error
    # Phones store the camera's orientation as a tag instead of turning the pixels.
    return ImageOps.exif_transpose(image)


def prepare(image: Image.Image) -> Image.Image:
    """Grayscale, upscaled when small, contrast stretched: what Tesseract reads best."""
    gray = ImageOps.grayscale(image.convert("RGB"))
    if gray.width < TARGET_WIDTH:
        factor = TARGET_WIDTH / gray.width
        gray = gray.resize((TARGET_WIDTH, max(1, round(gray.height * factor))), Image.Resampling.LANCZOS)
    # Cutting the extreme 1% makes a tinted card's background white and its ink black.
    return ImageOps.autocontrast(gray, cutoff=1)


def _ocr_lines(image: Image.Image) -> tuple[list[Line], float]:
    try:
        data = pytesseract.image_to_data(image, lang="eng", config="--psm 6",
                                         output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT_SECONDS)
    except pytesseract.TesseractNotFoundError as error:
        raise CardProblem("Tesseract OCR is not installed; install the tesseract-ocr package") from error
    except pytesseract.TesseractError as error:
        raise CardProblem(f"Tesseract could not read the image: {str(error.message).strip()}") from error
    except RuntimeError as error:  # pytesseract's timeout
        raise CardProblem("reading the image took too long; crop the photo to the card and try again") from error
    rows: dict[tuple[int, int, int], list[int]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        if not str(word).strip():
            continue
        rows.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        confidences.append(float(data["conf"][i]))
    placed: list[tuple[Line, int]] = []
    for indexes in rows.values():
        placed.extend(_split_columns(data, sorted(indexes, key=lambda i: data["left"][i])))
    # Top to bottom, so that lines split off a second column sit where they are printed.
    placed.sort(key=lambda pair: pair[1])
    mean = statistics.fmean(confidences) if confidences else 0.0
    return [line for line, _top in placed], mean


def _split_columns(data: dict[str, list[object]], indexes: list[int]) -> list[tuple[Line, int]]:
    """One OCR line as one or more lines: a wide gap separates two columns of a card."""
    def num(key: str, i: int) -> int:
        return int(str(data[key][i]))

    height = statistics.median(num("height", i) for i in indexes)
    pieces: list[list[int]] = [[indexes[0]]]
    for previous, current in itertools.pairwise(indexes):
        gap = num("left", current) - (num("left", previous) + num("width", previous))
        if gap > 2.5 * height:
            pieces.append([])
        pieces[-1].append(current)
    out = []
    for piece in pieces:
        text = " ".join(str(data["text"][i]).strip() for i in piece)
        top = min(num("top", i) for i in piece)
        out.append((Line(text, statistics.median(num("height", i) for i in piece)), top))
    return out


def read_text(lines: list[Line], *, default_region: str, confidence: float = 0.0) -> CardReading:
    """The fields of a card from lines of text (the OCR step already done)."""
    email = find_email(lines)
    website = find_website(lines, email.value)
    email = reconcile_email(email, website, FieldReading())
    name, title, company = pick_fields(lines, email.value)
    email = reconcile_email(email, website, name)
    reading = CardReading(
        name=name, title=title, company=company, email=email, website=website,
        phones=tuple(find_phones(lines, default_region.upper())),
        text="\n".join(ln.text for ln in lines), confidence=confidence)
    if not reading.found_anything:
        return CardReading(text=reading.text, confidence=confidence, problems=(NOT_A_CARD,))
    return reading


def _busy(image: Image.Image) -> bool:
    small = image.copy()
    small.thumbnail((600, 600))
    return ImageStat.Stat(small.filter(ImageFilter.FIND_EDGES)).mean[0] > BUSY_EDGES


def _score(reading: CardReading) -> tuple[int, float]:
    found = sum(bool(f) for f in (reading.name, reading.title, reading.company, reading.email, reading.phones))
    return found, reading.confidence


def read_card(source: str | Path | bytes, *, default_region: str) -> CardReading:
    """Read a card photo; phone numbers without a country code are taken as `default_region`'s.

    Raises `CardProblem` for an empty, unreadable or non-image file. A picture with
    no card on it gives a reading with nothing found and a message in `problems`.
    """
    loaded = _load(source)
    if _busy(loaded.convert("L")):
        return CardReading(problems=(NOT_A_CARD,))
    image = prepare(loaded)
    lines, confidence = _ocr_lines(image)
    best = read_text(lines, default_region=default_region, confidence=confidence)
    if confidence >= POOR_CONFIDENCE and best.email and best.phones:
        return best
    if not best.found_anything and confidence < POOR_CONFIDENCE / 2:
        # Noise or a landscape: turning it will not make a card appear.
        return best
    for angle in RETRY_ANGLES:
        turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        lines, confidence = _ocr_lines(turned)
        candidate = read_text(lines, default_region=default_region, confidence=confidence)
        if _score(candidate) > _score(best):
            best = candidate
    return best
