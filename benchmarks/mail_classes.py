"""How the inbox scan reads the labelled corpus of `tests/mail/corpus.py`, for the README.

    python -m benchmarks.mail_classes

Prints, as markdown: messages per class, false matches, missed replies, decision
dates read right, and what the replies seem to say read right; then any message
read wrong, by its source.
"""

from __future__ import annotations

import tempfile
import time

from tests.mail.corpus import classify, corpus


def main() -> None:
    samples = corpus()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tally = classify(samples, folder)
    seconds = time.perf_counter() - start
    replies = tally.per_class.get("reply", 0)
    print(f"{len(samples)} messages read in {seconds:.2f} s\n")
    print("| class | messages |\n|---|---|")
    for label, count in sorted(tally.per_class.items(), key=lambda item: -item[1]):
        print(f"| {label} | {count} |")
    print("\n| measure | figure |\n|---|---|")
    print(f"| false matches (read as a reply, or to the wrong application) | {len(tally.false_matches)} |")
    print(f"| missed (a reply, answer, auto-reply or bounce read as something else) | {len(tally.missed)} |")
    print(f"| decision dates read right | {tally.dates_right} of {tally.dates_total} |")
    print(f"| replies whose meaning (offer, rejection, …, none) was read right, and auto-replies' days away | "
          f"{replies + tally.per_class.get('auto_reply', 0) - len(tally.readings_wrong)} of "
          f"{replies + tally.per_class.get('auto_reply', 0)} |")
    for line in tally.false_matches + tally.missed + tally.readings_wrong:
        print(f"- {line}")


if __name__ == "__main__":
    main()
