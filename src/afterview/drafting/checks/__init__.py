"""The checks a note passes before it is sent, each finding located and explained.

`check(text, context)` returns findings sorted by position. An error should stop
a send; a warning is advice. Spans are character offsets into `text`, and
`text[start:end]` is always the offending (non-empty) text.

Errors (stop a send):
- `spelling`: a word not in the offline English dictionary (pyspellchecker);
  names in the facts, the user's word list and workplace words are accepted.
- `doubled-word`: the same word twice in a row ("the the").
- `placeholder`: leftover `{{ }}`, `{% %}`, `{name}`, `[Name]`, `<company>`,
  `TODO`, `XXX`, `TBD`, `FIXME`, `___`.
- `wrong-name`: another recipient's name (in full, as "Ms Surname", or by first
  name) or another company's name: the mail-merge disaster.
- `missing-promise`: something promised to this recipient is not mentioned
  (fuzzy; see `checks.promises`).
- `misspelt-name`: the recipient's or the company's name one slip off
  ("Jane Deo", "Acme Crop", "Jnae").
- `too-alike`: two notes to people at one company above `ALIKE_THRESHOLD` on
  rapidfuzz's ratio with the names removed (see `likeness`).
Warnings (advice):
- `tone`: a thank-you that asks for something, any note that sounds desperate,
  a leverage note that reads as an ultimatum (phrase lists in `phrases`).
- `length`: more words than the format allows (`LENGTH_LIMITS`).

`codes_table()` renders the same as a Markdown table for the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterview.drafting.checks.grammar import grammar
from afterview.drafting.checks.mechanics import LENGTH_LIMITS, doubled_words, length, placeholders
from afterview.drafting.checks.names import misspelt_names, recipient_mentions, salutations, wrong_names
from afterview.drafting.checks.promises import missing_promises
from afterview.drafting.checks.purpose import attachments, purpose
from afterview.drafting.checks.tone import tone
from afterview.drafting.context import CheckContext
from afterview.drafting.likeness import ALIKE_THRESHOLD, too_alike
from afterview.drafting.spelling import spelling_findings
from afterview.drafting.types import Finding, Severity


@dataclass(frozen=True, slots=True)
class CheckCode:
    code: str
    severity: Severity
    finds: str
    fix: str


CHECK_CODES: tuple[CheckCode, ...] = (
    CheckCode("spelling", "error",
              "a word not in the offline English dictionary (names, your word list and workplace words pass)",
              "correct it (a suggestion is given) or add it to your word list"),
    CheckCode("doubled-word", "error", "the same word twice in a row (\"the the\")", "delete one"),
    CheckCode("placeholder", "error",
              "leftover `{{ }}`, `{% %}`, `{name}`, `[Name]`, `<company>`, TODO, XXX, TBD, FIXME, `___`",
              "replace it with the real text"),
    CheckCode("wrong-name", "error",
              "another recipient's name (in full, as Ms Surname, or by first name) or another company's name",
              "remove it, or check the note is meant for this person"),
    CheckCode("missing-promise", "error",
              "an item promised to this person is not mentioned (its URL or most of its key words)", "add it"),
    CheckCode("misspelt-name", "error",
              "the recipient's or the company's name one slip off (\"Jane Deo\", \"Acme Crop\")",
              "correct the name"),
    CheckCode("too-alike", "error",
              f"two notes to people at one company score above {ALIKE_THRESHOLD:.0f} "
              f"(rapidfuzz ratio, names removed)",
              "rewrite it in other words, drawing on that person's topics"),
    CheckCode("wrong-salutation", "error",
              "a greeting that is not the recipient's recorded name or the name they go by (\"Dear Anne,\" to Ann)",
              "greet them by their name exactly, or record the name they go by"),
    CheckCode("asks", "error", "a thank-you that asks for something or about the decision, or asks a question",
              "thank without asking; ask in the check-in"),
    CheckCode("check-in-purpose", "error", "a check-in that does not restate your interest and one strength",
              "say you remain interested and name a strength"),
    CheckCode("final-nudge-purpose", "error", "a final nudge that does not say it is the last note",
              "say plainly this is your last note"),
    CheckCode("decline-purpose", "error", "a decline without thanks or without a reason", "thank them; say why"),
    CheckCode("ultimatum", "error", "a leverage note that reads as an ultimatum (\"unless you\", \"match the offer\")",
              "mention the other offer in passing; leave the timing to them"),
    CheckCode("agent-role", "error", "a note to an agent that speaks as if to the employer (\"your decision\")",
              "name the company: the decision is theirs"),
    CheckCode("no-attachment", "error", "the note says attached, enclosed or including, and carries no attachment",
              "record the file with the promise, or send a link"),
    CheckCode("promise-not-attached", "error", "something promised as a file has no file recorded to attach",
              "record the file to attach, or give its link"),
    CheckCode("fragment", "error", "a sentence without a verb (\"Good rapport with Marcus.\")",
              "say what happened, or leave it out"),
    CheckCode("dangling-clause", "error",
              "a clause where a noun belongs, or two clauses run into one (\"On I was vague …\")", "rewrite it"),
    CheckCode("run-on-list", "error", "a list joined with \"and\" twice without commas", "separate items with commas"),
    CheckCode("empty-phrase", "error", "a shrug from the debrief used as a topic (\"about nothing really\")",
              "name the topic, or leave it out"),
    CheckCode("lower-case-start", "error", "a sentence that starts with a small letter", "capitalise it"),
    CheckCode("stray-capital", "error", "a capitalised ordinary word inside a sentence that is not a name",
              "write it in small letters"),
    CheckCode("private-copy", "error", "words copied from your private debrief into the note",
              "say what you mean in the note's own words"),
    CheckCode("tone", "warning", "a note that sounds desperate", "stay enthusiastic, not desperate"),
    CheckCode("length", "warning",
              ", ".join(f"{fmt} over {n} words" for fmt, n in LENGTH_LIMITS.items()), "cut it down"),
)
SEVERITY: dict[str, Severity] = {c.code: c.severity for c in CHECK_CODES}


def codes_table() -> str:
    """The codes as a Markdown table, for the README and `--help` text."""
    rows = ["| code | severity | finds | fix |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.finds} | {c.fix} |" for c in CHECK_CODES]
    return "\n".join(rows)


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def check(text: str, context: CheckContext) -> list[Finding]:
    """Every finding on `text`, sorted by where it starts."""
    names = wrong_names(text, context) + misspelt_names(text, context)
    names += [f for f in recipient_mentions(text, context) if not any(_overlaps(f, n) for n in names)]
    names += [f for f in salutations(text, context) if not any(_overlaps(f, n) for n in names)]
    located = names + placeholders(text)
    # A misspelt name or a placeholder is reported once, as what it is, not again as a spelling slip.
    spelling = [f for f in spelling_findings(text, context.known_words)
                if not any(_overlaps(f, other) for other in located)]
    # A promise with no file to attach is reported as that, not again as missing from the text.
    unattached = {item for item, file in context.promised_files if file is None}
    promises = [f for f in missing_promises(text, context) if not any(f"“{item}”" in f.message for item in unattached)]
    # A name already reported is not reported again as a stray capital; copied text always is.
    style = [f for f in grammar(text, context)
             if f.code == "private-copy" or not any(_overlaps(f, other) for other in located)]
    findings = (located + spelling + doubled_words(text) + promises + too_alike(text, context)
                + tone(text, context) + purpose(text, context) + attachments(text, context) + style
                + length(text, context.format))
    return sorted(findings, key=lambda f: (f.span[0], f.span[1], f.code))


__all__ = ["CHECK_CODES", "SEVERITY", "CheckCode", "CheckContext", "check", "codes_table"]
