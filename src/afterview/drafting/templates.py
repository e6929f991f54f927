"""The note templates: shipped Jinja2 files the user can override one by one.

Each kind that sends words has one file, `<kind>.txt.j2`. A file of the same
name in the user's template folder wins over the shipped one, so a user edits
only the notes they care about and keeps getting improvements to the rest.

Templates are user-editable text, so they render in Jinja2's sandbox (no access
to Python internals) under time and size limits (`limits`) with `StrictUndefined` (a misspelt field is an error, not a
silently empty gap in a letter). Every failure becomes a `TemplateProblem` whose
message is a single line with the file and line number, fit for a CLI.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType

import jinja2

from afterview.domain.model import SOLO_KINDS, TASK_KINDS
from afterview.drafting.limits import LimitedEnvironment, TemplateLimit, limited, output_limited
from afterview.drafting.types import TemplateProblem

SHIPPED_DIR = Path(__file__).parent / "templates"
SUFFIX = ".txt.j2"

# Kinds that send words, in the order a user meets them.
TEMPLATE_KINDS: tuple[str, ...] = tuple(k for k in TASK_KINDS if k not in SOLO_KINDS)


def template_name(kind: str) -> str:
    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"no template for {kind!r}: the kinds with templates are {', '.join(TEMPLATE_KINDS)}")
    return kind + SUFFIX


def shipped_path(kind: str) -> Path:
    """The template that comes with Afterview for `kind`."""
    return SHIPPED_DIR / template_name(kind)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _template_line(tb: TracebackType | None, filename: str) -> int | None:
    """The deepest line of `filename` in a traceback Jinja rewrote to point into templates."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _Compiler:
    """The environment of one template folder, and each of its files as last compiled.

    Both live as long as the process: building the sandboxed environment and compiling a
    template cost far more than rendering a note. The source just read decides whether the
    compiled template still stands, so an edit is never missed (an mtime check would miss
    one made within the file system's clock tick).
    """

    def __init__(self, user_dir: str | None) -> None:
        search = [user_dir] if user_dir is not None else []
        search.append(str(SHIPPED_DIR))
        self.env = LimitedEnvironment(
            loader=jinja2.FileSystemLoader(search, encoding="utf-8"),
            undefined=jinja2.StrictUndefined,
            # Plain text, not HTML: escaping would put &amp; into letters.
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._compiled: dict[str, tuple[str, jinja2.Template]] = {}

    def template(self, name: str, filename: str, source: str) -> jinja2.Template:
        found = self._compiled.get(filename)
        if found is not None and found[0] == source:
            return found[1]
        code = self.env.compile(source, name, filename)
        template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None))
        self._compiled[filename] = (source, template)
        return template


@lru_cache(maxsize=16)
def _compiler(user_dir: str | None) -> _Compiler:
    return _Compiler(user_dir)


class TemplateSet:
    """The templates in force: the user's folder first, then the shipped ones."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self._compiler = _compiler(str(user_dir) if user_dir is not None else None)

    def path_of(self, kind: str) -> Path:
        """The file that `render(kind, ...)` reads: the user's override if there is one."""
        name = template_name(kind)
        if self.user_dir is not None and (self.user_dir / name).is_file():
            return self.user_dir / name
        return SHIPPED_DIR / name

    def is_overridden(self, kind: str) -> bool:
        return self.path_of(kind) != shipped_path(kind)

    def copy_for_editing(self, kind: str) -> Path:
        """Put the shipped template into the user's folder (unless already there) and return its path."""
        if self.user_dir is None:
            raise ValueError("no user template folder is set, so there is nowhere to copy the template to")
        target = self.user_dir / template_name(kind)
        if not target.exists():
            self.user_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped_path(kind), target)
        return target

    def render(self, kind: str, fields: Mapping[str, object]) -> str:
        """Render `kind`'s template; any failure is a one-line `TemplateProblem`."""
        path = self.path_of(kind)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateProblem(f"{path}, line 1: cannot read the template ({_one_line(str(exc))})") from None
        if not source.strip():
            raise TemplateProblem(f"{path}, line 1: the template is empty; write the note or delete the file "
                                  f"to use the shipped one")
        try:
            template = self._compiler.template(template_name(kind), str(path), source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{path}, line {exc.lineno}: {_one_line(exc.message or 'syntax error')}") from None
        try:
            with limited():
                text = output_limited(template.generate(fields))
        except TemplateLimit as exc:
            line = _template_line(exc.__traceback__, template.filename or "")
            raise TemplateProblem(f"{path}, line {line or 1}: {_one_line(str(exc))}") from None
        except jinja2.UndefinedError as exc:
            line = _template_line(exc.__traceback__, template.filename or "")
            known = ", ".join(sorted(fields))
            raise TemplateProblem(f"{path}, line {line or 1}: {_one_line(exc.message or 'undefined field')} "
                                  f"(the fields are: {known})") from None
        # A template can fail in many ways at render time (a bad filter argument, a
        # sandbox refusal, a type error); the user must see where, never a traceback.
        except Exception as exc:
            line = _template_line(exc.__traceback__, template.filename or "")
            raise TemplateProblem(f"{path}, line {line or 1}: {_one_line(str(exc)) or type(exc).__name__}") from None
        text = tidy(text)
        if not text:
            raise TemplateProblem(f"{path}, line 1: the template produced no text for this task")
        return text


def tidy(text: str) -> str:
    """Trim trailing spaces and keep at most one blank line, so optional paragraphs leave no holes."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    kept: list[str] = []
    for line in lines:
        if not line and kept and not kept[-1]:
            continue
        kept.append(line)
    return "\n".join(kept)
