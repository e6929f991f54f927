"""Whole-search work without the cyclic garbage collector's passes.

Reading, deriving or importing a whole search makes hundreds of thousands of small
objects (facts, candidates, tasks, rows) and none of them forms a reference cycle:
they are freed by reference counting as soon as they are dropped. The collector
still walks every live container each time allocations pass its threshold, and at
10,000 applications those walks were a fifth of a replan's time. Pausing it for
the span of such work loses nothing; it runs again as soon as the work ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Hold the cyclic collector off for this span (nested or threaded spans are fine:
    only the span that paused it turns it back on)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
