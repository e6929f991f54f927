"""The tone check's phrase lists: plain data, extendable per check (see `context_for`).

Matching ignores case, treats any run of whitespace as one space and either
apostrophe as the same, and needs whole words at both ends.
"""

from __future__ import annotations

# A thank-you asks for nothing [003]; these ask the reader for something.
ASKING_PHRASES: tuple[str, ...] = (
    "please let me know",
    "let me know",
    "any update",
    "any updates",
    "an update on",
    "any news",
    "when will I hear",
    "when can I expect",
    "when should I expect",
    "hear back",
    "hearing back",
    "hearing from you",
    "get back to me",
    "status of my application",
    "have you made a decision",
    "made a decision yet",
    "please confirm",
    "please respond",
    "please reply",
    "could you tell me",
    "can you tell me",
    "look forward to your reply",
    "I await your",
)

# Enthusiastic, not desperate [002][004]: these plead, in any note.
DESPERATE_PHRASES: tuple[str, ...] = (
    "I really need this job",
    "need this job",
    "need this position",
    "desperate",
    "desperately",
    "begging",
    "I beg",
    "please hire me",
    "I'll do anything",
    "I will do anything",
    "whatever it takes",
    "my last chance",
    "my only chance",
    "I can't afford to",
    "I cannot afford to",
    "please give me a chance",
    "please please",
    "I'm begging",
)

# Another offer is mentioned in passing, never as an ultimatum [000]: checked in leverage notes.
ULTIMATUM_PHRASES: tuple[str, ...] = (
    "unless you",
    "or else",
    "or I will",
    "otherwise I will",
    "final chance",
    "match the offer",
    "match this offer",
    "I need an answer by",
    "I need a decision by",
    "you must",
    "take it or leave it",
)
