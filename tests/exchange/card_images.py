"""Business cards the tests draw themselves: fake people, varied fonts and layouts, slight blur and tilt.

Deterministic for a given seed, so an accuracy figure means the same thing on every run.
The benchmark in `benchmarks/card_accuracy.py` draws a larger set with the same code.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from afterview.exchange.business_card import CardReading

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS: tuple[tuple[str, str], ...] = (
    ("dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans.ttf"),
    ("dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif.ttf"),
    ("dejavu/DejaVuSansCondensed-Bold.ttf", "dejavu/DejaVuSansCondensed.ttf"),
    ("liberation/LiberationSans-Bold.ttf", "liberation/LiberationSans-Regular.ttf"),
    ("liberation/LiberationSerif-Bold.ttf", "liberation/LiberationSerif-Regular.ttf"),
    ("liberation/LiberationSansNarrow-Bold.ttf", "liberation/LiberationSansNarrow-Regular.ttf"),
)
FIRST = ("Jane", "Oliver", "Amelia", "Lukas", "Priya", "Marcus", "Sofia", "Henrik", "Chloe", "Daniel",
         "Fatima", "George", "Hannah", "Ibrahim", "Julia", "Kevin", "Laura", "Mateo", "Nina", "Samuel")
LAST = ("Whitaker", "Schneider", "Okafor", "Brennan", "Lindqvist", "Moreau", "Patel", "Fischer",
        "Hughes", "Castillo", "Novak", "Bergmann", "Thompson", "Reyes", "Kowalski", "Sutherland")
TITLES = ("Engineering Manager", "Senior Recruiter", "Director of Finance", "Software Engineer",
          "Head of People", "Talent Acquisition Specialist", "Chief Operating Officer", "Product Lead",
          "VP Marketing", "Data Engineer", "Hiring Manager", "Sales Director")
# (company as printed, email domain, country)
COMPANIES: tuple[tuple[str, str, str], ...] = (
    ("Northwind Analytics Ltd", "northwind-analytics.co.uk", "GB"),
    ("Blue Harbor Inc.", "blueharbor.com", "US"),
    ("Kessler & Vogt GmbH", "kesslervogt.de", "DE"),
    ("Larkspur Group", "larkspurgroup.com", "GB"),
    ("Cobalt Ridge LLC", "cobaltridge.io", "US"),
    ("Fernwerk Systems", "fernwerk.de", "DE"),
    ("Meridian Health", "meridianhealth.org", "US"),
    ("Saltmarsh Partners Ltd", "saltmarsh.co.uk", "GB"),
    ("Brightline Logistics", "brightline.com", "US"),
    ("Aurum Bank AG", "aurumbank.de", "DE"),
)
# Numbers in each country's printed style; all from ranges phonenumbers accepts as valid.
PHONE_STYLES: dict[str, tuple[str, ...]] = {
    "US": ("({a}) {b}-{c}", "+1 {a} {b} {c}", "{a}.{b}.{c}", "{a}-{b}-{c}"),
    "GB": ("020 {b4} {c4}", "+44 20 {b4} {c4}", "+44 (0)20 {b4} {c4}"),
    "DE": ("030 {b4}{c3}", "+49 30 {b4} {c3}", "+49 (0)30 {b4}-{c3}"),
}
US_AREAS = ("212", "415", "617", "312", "206", "512")
LABELS = ("Tel: ", "T ", "Phone: ", "Mobile ", "M: ", "")


@dataclass(frozen=True, slots=True)
class FakeCard:
    name: str
    title: str
    company: str
    email: str
    phone: str  # as printed
    phone_e164: str
    region: str
    website: str


def fake_card(rng: random.Random) -> FakeCard:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company, domain, region = rng.choice(COMPANIES)
    title = rng.choice(TITLES)
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}", f"{first}_{last}")).lower()
    digits = {"a": rng.choice(US_AREAS), "b": f"{rng.randrange(200, 999)}", "c": f"{rng.randrange(1000, 9999)}",
              "b4": f"{rng.randrange(7000, 7999)}", "c4": f"{rng.randrange(1000, 9999)}",
              "c3": f"{rng.randrange(100, 999)}"}
    printed = rng.choice(PHONE_STYLES[region]).format(**digits)
    parsed = phonenumbers.parse(printed, region)
    assert phonenumbers.is_valid_number(parsed), printed
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return FakeCard(f"{first} {last}", title, company, f"{local}@{domain}", printed, e164, region,
                    f"www.{domain}")


def fake_cards(count: int, seed: int) -> list[FakeCard]:
    rng = random.Random(seed)
    return [fake_card(rng) for _ in range(count)]


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / path), size)


def render(card: FakeCard, variant: int, seed: int = 0) -> Image.Image:
    """Draw one card; `variant` picks the layout, font, size, tilt and blur."""
    rng = random.Random(f"{seed}-{variant}-{card.email}")
    bold_path, regular_path = FONTS[variant % len(FONTS)]
    layout = ("left", "centre", "two-column")[variant % 3]
    width = rng.choice((1050, 900, 700))  # 700 px wide stands for a small photo that needs upscaling
    height = int(width * 0.58)
    scale = width / 1050
    background = rng.choice(((255, 255, 255), (250, 246, 232), (236, 244, 250), (244, 244, 240)))
    ink = rng.choice(((20, 20, 20), (30, 40, 80), (60, 30, 30)))
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    big = _font(bold_path, int(rng.randint(44, 54) * scale))
    mid = _font(regular_path, int(rng.randint(30, 36) * scale))
    small = _font(regular_path, int(rng.randint(27, 32) * scale))
    label = rng.choice(LABELS)
    top_lines = [(card.name, big), (card.title, mid), (card.company, mid)]
    if rng.random() < 0.5:
        # Many cards print the company first, as a header.
        top_lines = [(card.company, mid), (card.name, big), (card.title, mid)]
    contact_lines = [(f"{label}{card.phone}", small), (card.email, small), (card.website, small)]
    margin = int(60 * scale)
    gap = int(14 * scale)

    def block(lines: list[tuple[str, ImageFont.FreeTypeFont]], x: int, y: int, centred: bool) -> int:
        for text, font in lines:
            box = draw.textbbox((0, 0), text, font=font)
            # A real card's designer shrinks a long line until it fits.
            while box[2] - box[0] > width - x - margin // 2 and font.size > 12:
                font = font.font_variant(size=font.size - 1)
                box = draw.textbbox((0, 0), text, font=font)
            left = (width - (box[2] - box[0])) // 2 if centred else x
            draw.text((left, y), text, font=font, fill=ink)
            y += box[3] - box[1] + gap + int(8 * scale)
        return y

    if layout == "two-column":
        block(top_lines, margin, margin, centred=False)
        block(contact_lines, width // 2 + int(40 * scale), height // 2 - int(10 * scale), centred=False)
    else:
        y = block(top_lines, margin, margin, centred=layout == "centre")
        block(contact_lines, margin, y + int(30 * scale), centred=layout == "centre")
    angle = rng.choice((-3.0, -2.0, -1.0, 1.0, 1.5, 2.5))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=background)
    return image.filter(ImageFilter.GaussianBlur(rng.choice((0.6, 0.9, 1.2))))


def normalise(field: str, value: str | None) -> str:
    """The comparison the accuracy figures use: case, spacing and stray punctuation do not count."""
    if value is None:
        return ""
    text = value.strip()
    if field in ("name", "title", "company"):
        return re.sub(r"\s+", " ", re.sub(r"[.,]", "", text)).casefold()
    return text.casefold()


def fields_read(reading: CardReading) -> dict[str, str | None]:
    """What the reader found, field by field, in the form the accuracy figures compare."""
    return {"name": reading.name.value, "title": reading.title.value, "company": reading.company.value,
            "email": reading.email.value, "phone": reading.phone.e164 if reading.phone else None}


def fields_printed(card: FakeCard) -> dict[str, str | None]:
    """What was printed on the card, in the same form."""
    return {"name": card.name, "title": card.title, "company": card.company, "email": card.email,
            "phone": card.phone_e164}
