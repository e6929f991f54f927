"""Every draft of the interview corpus, checked; and deliberate slips, each of which must be caught.

    python -m benchmarks.drafting_corpus

prints how many records and notes passed every check with no error, and how many
broken notes were caught (by the code expected). `tests/drafting/test_corpus.py`
holds the same run to zero errors and every slip caught.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from tests.drafting.corpus import BROKEN, corpus

from afterview.domain.playbook import derive_plan
from afterview.drafting import TEMPLATE_KINDS, TemplateSet, check, compose, context_for


@dataclass
class CorpusResult:
    records: int = 0
    records_clean: int = 0
    notes: int = 0
    notes_clean: int = 0
    broken: int = 0
    caught: int = 0
    failures: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [f"interview records: {self.records_clean} of {self.records} with every draft passing every check",
                f"drafts: {self.notes_clean} of {self.notes} with no error",
                f"broken notes caught: {self.caught} of {self.broken}",
                f"time: {self.seconds:.1f} s"]


def run() -> CorpusResult:
    started = time.perf_counter()
    result = CorpusResult()
    templates = TemplateSet()
    for rec in corpus():
        result.records += 1
        tasks = [t for t in derive_plan(rec.search) if t.kind in TEMPLATE_KINDS]
        texts = {t.id: compose(t, rec.search, templates=templates).text for t in tasks}
        clean = True
        tried: dict[str, int] = {}  # each slip is made to at most two notes of a record
        for task in tasks:
            context = context_for(task, rec.search, other_texts=texts)
            errors = [f for f in check(texts[task.id], context) if f.severity == "error"]
            result.notes += 1
            if errors:
                clean = False
                result.failures.append(f"record {rec.number} {task.id}: " + "; ".join(
                    f"{f.code}: {f.message}" for f in errors))
            else:
                result.notes_clean += 1
                for name, kinds, breaker, codes in BROKEN:
                    if (task.kind not in kinds or ("agent-role" in codes) != (context.recipient_role == "agent")
                            or tried.get(name, 0) >= 2):
                        continue
                    broken = breaker(texts[task.id], context)
                    if broken == texts[task.id]:
                        continue
                    result.broken += 1
                    tried[name] = tried.get(name, 0) + 1
                    found = {f.code for f in check(broken, context) if f.severity == "error"}
                    if found & set(codes):
                        result.caught += 1
                    else:
                        result.missed.append(f"record {rec.number} {task.id}: {name} (found {sorted(found)})")
        result.records_clean += clean
    result.seconds = time.perf_counter() - started
    return result


def main() -> int:
    result = run()
    print("\n".join(result.lines()))
    for line in result.failures[:20] + result.missed[:20]:
        print("  " + line)
    return 0 if not result.failures and not result.missed else 1


if __name__ == "__main__":
    sys.exit(main())
