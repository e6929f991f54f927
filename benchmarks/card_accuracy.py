"""Business-card field accuracy over a larger deterministic set of drawn cards.

Run from the repository root:  python -m benchmarks.card_accuracy [--cards 60] [--seed 11]
Prints a Markdown table for the README: per field, the share of cards read exactly
(after normalising case, spacing and stray punctuation), and the time per card.
"""

from __future__ import annotations

import argparse
import io
import time

from tests.exchange.card_images import fake_cards, fields_printed, fields_read, normalise, render

from afterview.exchange.business_card import read_card

FIELDS = ("name", "title", "company", "email", "phone")


def measure(cards: int, seed: int, verbose: bool) -> tuple[dict[str, float], float]:
    hits = dict.fromkeys(FIELDS, 0)
    started = time.perf_counter()
    for index, card in enumerate(fake_cards(cards, seed)):
        buffer = io.BytesIO()
        render(card, index, seed).save(buffer, "PNG")
        reading = read_card(buffer.getvalue(), default_region=card.region)
        got, want = fields_read(reading), fields_printed(card)
        for field in FIELDS:
            if normalise(field, got[field]) == normalise(field, want[field]):
                hits[field] += 1
            elif verbose:
                print(f"card {index:3} {field:8} read {got[field]!r}, printed {want[field]!r}")
    seconds = (time.perf_counter() - started) / cards
    return {field: hits[field] / cards for field in FIELDS}, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--verbose", action="store_true", help="print every field that was misread")
    args = parser.parse_args()
    accuracy, seconds = measure(args.cards, args.seed, args.verbose)
    print(f"{args.cards} cards (seed {args.seed}), {seconds:.2f} s per card\n")
    print("| field | exact |")
    print("|---|---|")
    for field in FIELDS:
        print(f"| {field} | {accuracy[field]:.0%} |")


if __name__ == "__main__":
    main()
