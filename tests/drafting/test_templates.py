"""Templates: shipped, overridable per kind, and every failure a one-line message with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from afterview.drafting import TEMPLATE_KINDS, TemplateProblem, TemplateSet, compose, shipped_path
from afterview.drafting.limits import LimitedEnvironment
from tests.drafting.facts import with_offer, word_tasks

JANE = "acme:thank_you_email:r1:jane-doe"


def _compose_jane(templates: TemplateSet) -> str:
    found = with_offer()
    task = next(t for t in word_tasks(found) if t.id == JANE)
    return compose(task, found, templates=templates).text


def test_one_shipped_template_per_kind_that_sends_words() -> None:
    for kind in TEMPLATE_KINDS:
        assert shipped_path(kind).is_file() and shipped_path(kind).name == f"{kind}.txt.j2"
    assert {"debrief", "move_on", "keep_searching", "decide_offer", "reapply"}.isdisjoint(TEMPLATE_KINDS)
    with pytest.raises(ValueError, match="no template for 'debrief'"):
        shipped_path("debrief")


def test_a_users_file_overrides_the_shipped_one(tmp_path: Path) -> None:
    templates = TemplateSet(tmp_path)
    assert templates.path_of("thank_you_email") == shipped_path("thank_you_email")
    (tmp_path / "thank_you_email.txt.j2").write_text(
        "Subject: Thanks, {{ recipient.first_name }}\n\nHi {{ greeting_name }},\n\n"
        "{{ pick('line', 'Great to meet you.', 'Lovely to meet you.') }} "
        "You mentioned {{ and_list(topics) }}; here is {{ and_list(promised) }}.\n\n{{ me.name }}\n",
        encoding="utf-8")
    assert templates.path_of("thank_you_email") == tmp_path / "thank_you_email.txt.j2"
    assert templates.is_overridden("thank_you_email") and not templates.is_overridden("thank_you_card")
    text = _compose_jane(templates)
    assert text.startswith("Subject: Thanks, Jane\n\nHi Jane,\n\n")
    assert "the migration of the reporting pipeline to Airflow" in text and text.endswith("Maria Lopez")


def test_copy_for_editing_puts_the_shipped_file_in_the_users_folder_once(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    templates = TemplateSet(folder)
    copied = templates.copy_for_editing("leverage")
    assert copied == folder / "leverage.txt.j2" == templates.path_of("leverage")
    assert copied.read_text(encoding="utf-8") == shipped_path("leverage").read_text(encoding="utf-8")
    copied.write_text("edited", encoding="utf-8")
    templates.copy_for_editing("leverage")
    assert copied.read_text(encoding="utf-8") == "edited"  # never overwrites the user's work
    with pytest.raises(ValueError, match="no user template folder"):
        TemplateSet(None).copy_for_editing("leverage")


def _problem(tmp_path: Path, source: str) -> str:
    (tmp_path / "thank_you_email.txt.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        _compose_jane(TemplateSet(tmp_path))
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(str(tmp_path / "thank_you_email.txt.j2") + ", line ")
    return message


def test_an_empty_template(tmp_path: Path) -> None:
    assert "line 1: the template is empty" in _problem(tmp_path, "  \n\n")


def test_a_template_with_a_missing_field(tmp_path: Path) -> None:
    message = _problem(tmp_path, "Subject: Hi\n\nDear {{ greeting_name }},\n\n{{ recipient.nickname }}\n")
    assert ", line 5: " in message and "nickname" in message and "greeting_name" in message


def test_a_template_with_an_unknown_top_level_field(tmp_path: Path) -> None:
    message = _problem(tmp_path, "Subject: Hi\n\n{{ salary }}\n")
    assert ", line 3: 'salary' is undefined" in message


def test_a_template_with_a_syntax_error(tmp_path: Path) -> None:
    message = _problem(tmp_path, "Subject: Hi\n\nDear {{ greeting_name }},\n{% if topics %}\nabout\n")
    assert ", line 5: " in message and "endif" in message


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    message = _problem(tmp_path, "Subject: Hi\n\n{{ me.__class__.__mro__ }}\n")
    assert ", line 3: " in message and "unsafe" in message


def test_an_email_template_needs_a_subject_line(tmp_path: Path) -> None:
    message = _problem(tmp_path, "Dear {{ greeting_name }},\n\nThank you.\n")
    assert "line 1: an email template must begin with a line 'Subject: ...'" in message


def test_a_template_that_renders_nothing(tmp_path: Path) -> None:
    message = _problem(tmp_path, "{% if false %}Subject: x{% endif %}\n")
    assert "produced no text" in message


def test_a_template_file_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "thank_you_email.txt.j2").write_bytes(b"Subject: Caf\xe9\n\nHello\n")
    with pytest.raises(TemplateProblem, match=r"line 1: cannot read the template"):
        _compose_jane(TemplateSet(tmp_path))


def test_a_template_is_compiled_once_per_process_and_again_when_edited(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str | None] = []
    compile_source = LimitedEnvironment.compile

    def counting(self: LimitedEnvironment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(LimitedEnvironment, "compile", counting)
    path = tmp_path / "thank_you_email.txt.j2"
    path.write_text("Subject: Thanks\n\nHi {{ greeting_name }},\n\nThank you.\n\n{{ me.name }}\n", encoding="utf-8")
    first = _compose_jane(TemplateSet(tmp_path))
    assert _compose_jane(TemplateSet(tmp_path)) == first  # a new set of the same folder: nothing compiled again
    assert compiled == ["thank_you_email.txt.j2"]
    # Rewritten at once (within the file system's clock tick, the same length): the new words are used.
    path.write_text(path.read_text(encoding="utf-8").replace("Thank you.", "Many thank"), encoding="utf-8")
    assert "Many thank" in _compose_jane(TemplateSet(tmp_path))
    assert len(compiled) == 2
