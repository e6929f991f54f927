"""Time and size limits for rendering a user's template: a note is a few kilobytes made in milliseconds.

Jinja's sandbox keeps a template away from Python's internals but not from
`'x' * 10**9` (a gigabyte of memory) or three nested loops (hours of work). So the
environment here refuses, before it happens, any value larger than `MAX_VALUE_CHARS`
(a string or list built by `*`, `+`, `~` through a call, `%`, a format width, a
filter's width or count), any number beyond `MAX_COUNT` where a size is meant, and
powers that would build huge numbers; it checks the clock at every call, attribute
and item access; and a watchdog stops a render that is still busy after
`MAX_SECONDS` inside loops that touch none of those (an empty loop over a list in a
loop over a list). Each limit ends in `TemplateLimit`, a one-line message.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

MAX_SECONDS = 2.0
MAX_VALUE_CHARS = 200_000
MAX_COUNT = 100_000  # a width or a count; a note needs far less, and Jinja caps range() here too
MAX_EXPONENT = 256
_WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")


class TemplateLimit(Exception):
    """A template went past a time or size limit; `str()` is one line."""


_state = threading.local()


def _check_clock() -> None:
    deadline = getattr(_state, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise TemplateLimit(f"the template took longer than {MAX_SECONDS:g} seconds: look for loops inside loops")


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _check_value(value: object) -> object:
    if _size(value) > MAX_VALUE_CHARS:
        raise TemplateLimit(f"the template built a value of {_size(value):,} items, over the limit of "
                            f"{MAX_VALUE_CHARS:,}: a note needs far less")
    return value


def _check_count(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise TemplateLimit(f"the number {value:,} is too large for a width or a count (the limit is {MAX_COUNT:,})")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    _check_clock()
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if (isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int)
                    and max(len(seq), 1) * max(count, 0) > MAX_VALUE_CHARS):
                    raise TemplateLimit(f"repeating a value {count:,} times would go over the limit of "
                                        f"{MAX_VALUE_CHARS:,} characters")
    elif operator == "**":
        if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise TemplateLimit(f"the power {right:,} is too large (the limit is {MAX_EXPONENT})")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > MAX_VALUE_CHARS * 8:
            raise TemplateLimit("this power would build a number too large to write in a note")
    elif operator == "+":
        if _size(left) + _size(right) > MAX_VALUE_CHARS:
            raise TemplateLimit(f"joining these values would go over the limit of {MAX_VALUE_CHARS:,} characters")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)


def _check_format(text: str) -> None:
    for match in _WIDTH.finditer(text):
        _check_count(int(match.group(1) or match.group(2)))


def _check_args(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        _check_count(value)
        _check_value(value)


def _limited_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        _check_clock()
        # The value being filtered comes first (after the context or environment some filters take).
        extra = [a for a in args if not isinstance(a, (SandboxedEnvironment,)) and type(a).__name__ not in
                 ("Context", "EvalContext")]
        if extra:
            _check_value(extra[0])
        _check_args(tuple(extra[1:]), kwargs)
        return _check_value(function(*args, **kwargs))

    for name in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, name):
            with suppress(AttributeError, TypeError):
                setattr(run, name, getattr(function, name))
    return run


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, plus limits on time and on the size of what a template builds."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _limited_filter(f) for name, f in self.filters.items()}
        self.globals.pop("lipsum", None)  # paragraphs of filler, as many as asked for

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_clock()
        _check_args(args, kwargs)
        if getattr(__obj, "__name__", "") == "replace" and isinstance(getattr(__obj, "__self__", None), str):
            subject: str = __obj.__self__
            if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
                grows = (subject.count(args[0]) if args[0] else len(subject) + 1) * len(args[1])
                if len(subject) + grows > MAX_VALUE_CHARS:
                    raise TemplateLimit(f"this replace would build over {MAX_VALUE_CHARS:,} characters")
        return _check_value(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_clock()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_format(obj)  # "{:>1000000000}".format(1) would build a gigabyte
        return _check_value(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        _check_clock()
        return _check_value(super().getitem(obj, argument))


def _interrupt(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


class _Overtime(TemplateLimit):
    pass


class _Watchdog:
    """One daemon thread for every render: it stops a render that is past its time, between two bytecodes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.watched: dict[int, tuple[int, float]] = {}  # token -> (thread id, deadline)
        self.fired: set[int] = set()
        self.next_token = 0
        self.thread: threading.Thread | None = None

    def watch(self, thread_id: int, deadline: float) -> int:
        with self.lock:
            self.next_token += 1
            self.watched[self.next_token] = (thread_id, deadline)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="template-watchdog", daemon=True)
                self.thread.start()
            return self.next_token

    def release(self, token: int) -> None:
        with self.lock:
            thread_id, _ = self.watched.pop(token, (0, 0.0))
            if token in self.fired:
                self.fired.discard(token)
                _interrupt(thread_id, None)  # not raised yet: take it back before it lands elsewhere

    def _run(self) -> None:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            with self.lock:
                for token, (thread_id, deadline) in self.watched.items():
                    if now > deadline and token not in self.fired:
                        self.fired.add(token)
                        _interrupt(thread_id, _Overtime)


_WATCHDOG = _Watchdog()


@contextmanager
def limited(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Run a render under the limits: the clock checks above, and a watchdog for loops that call nothing."""
    _state.deadline = time.monotonic() + seconds
    token = _WATCHDOG.watch(threading.get_ident(), _state.deadline + 0.5)
    try:
        yield
    except _Overtime:
        raise TemplateLimit(f"the template took longer than {seconds:g} seconds: look for loops inside "
                            f"loops") from None
    finally:
        _WATCHDOG.release(token)
        _state.deadline = None


def output_limited(chunks: Iterator[str]) -> str:
    """Join a render's output, stopping once it is larger than any note could be."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_VALUE_CHARS:
            raise TemplateLimit(f"the template wrote over {MAX_VALUE_CHARS:,} characters: a note needs far less")
        parts.append(chunk)
        _check_clock()
    return "".join(parts)


__all__ = ["MAX_SECONDS", "MAX_VALUE_CHARS", "LimitedEnvironment", "TemplateLimit", "limited", "output_limited"]
