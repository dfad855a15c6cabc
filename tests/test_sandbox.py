"""Limits of the template sandbox shared by text and DOCX templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hostile import MAX_PEAK_MB, MAX_SECONDS, docx_with_text, run_cli, school_file
from jinja2 import Environment

from sferum_cli import sandbox
from sferum_cli.documents import docx_render
from sferum_cli.sandbox import LimitedSandbox, RenderLimitError

BOMBS = {
    "multiply-3e9": "{{ 'x' * 3000000000 }}",
    "list-multiply": "{{ [('x' * 1000000)] * 1000 }}",
    "nested-loops": "{% for a in range(100000) %}{% for b in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "nested-loops-with-output": "{% for a in range(100000) %}{% for b in range(100000) %}x"
    "{% endfor %}{% endfor %}",
    "doubling-concat": "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "doubling-plus": "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
    "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
    "macro-recursion-2^60": "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}"
    "{% endmacro %}{{ m(60) }}",
    "power": "{{ 10 ** 100000000 }}",
    "percent-width": "{{ '%1000000000d' % 1 }}",
    "format-filter-width": "{{ '%*d'|format(1000000000, 1) }}",
    "replace-filter": "{{ ('x' * 100000)|replace('x', 'x' * 100000) }}",
    "center-filter": "{{ 'x'|center(1000000000) }}",
    "join-filter": "{{ range(5000)|map('string')|join('x' * 100000) }}",
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_template_bombs_stop_with_a_russian_reason(name: str) -> None:
    env = LimitedSandbox(autoescape=True)
    with pytest.raises(RenderLimitError) as caught:
        sandbox.render(env.from_string(BOMBS[name]), {}, max_chars=20_000_000)
    assert any(word in str(caught.value) for word in ("слишком", "дольше", "повторений", "больше"))


def test_ordinary_templates_render_as_in_plain_jinja() -> None:
    source = (
        "{% for i in range(3) %}{{ i ~ '-' }}{% endfor %}{{ 'ab' * 3 }}{{ '%05d' % 7 }}"
        "{{ 'a b'|replace(' ', '_') }}{{ [1, 2]|join(',') }}{{ 'x'|center(9) }}"
        "{{ 'long text here'|wordwrap(5) }}{{ '%s и %s'|format('а', 'б') }}{{ 2 ** 10 }}"
        "{% for row in rows %}{{ loop.index }}{{ row|indent(2) }}{% endfor %}"
    )
    context: dict[str, Any] = {"rows": ["a\nb", "<c>"]}
    expected = Environment(autoescape=True).from_string(source).render(context)
    env = LimitedSandbox(autoescape=True)
    assert sandbox.render(env.from_string(source), context, max_chars=10_000) == expected


def test_both_environments_are_the_limited_sandbox() -> None:
    from sferum_cli import textrender

    assert isinstance(docx_render.environment(), LimitedSandbox)
    assert isinstance(textrender.environment(), LimitedSandbox)


@pytest.mark.parametrize(
    "name", ["multiply-3e9", "nested-loops-with-output", "macro-recursion-2^60"]
)
def test_docx_template_bomb_ends_quickly_and_small(name: str, tmp_path: Path) -> None:
    """Before: a loop bomb ran 38 s and took 5.3 GB; «'x' * 3000000000» → MemoryError."""
    template = docx_with_text(tmp_path / "bomb.docx", "Приказ", BOMBS[name])
    school = school_file(tmp_path / "kirov")
    result = run_cli(
        ["order", str(school), "--template", str(template), "-o", "x.docx"], cwd=tmp_path
    )
    assert result.returncode == 1, result
    assert f"Ошибка в шаблоне {template}:2: " in result.stderr
    assert "Traceback" not in result.stderr
    assert result.cpu_seconds < MAX_SECONDS, result
    assert result.peak_mb < MAX_PEAK_MB, result
    assert not (tmp_path / "x.docx").exists()


def test_letterhead_named_by_the_school_file_with_a_loop_bomb_fails_build_quickly(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kirov"
    folder.mkdir()
    docx_with_text(folder / "blank.docx", "Бланк", BOMBS["nested-loops-with-output"])
    school = school_file(folder, "documents:\n  letterhead: blank.docx\n")
    result = run_cli(["build", str(school), "-o", "out", "-j", "1"], cwd=tmp_path)
    assert result.returncode == 1, result
    assert "Ошибка в шаблоне" in result.stderr
    assert "повторений цикла" in result.stderr
    assert result.cpu_seconds < MAX_SECONDS + 1, result  # build also renders every other document
    assert result.peak_mb < MAX_PEAK_MB, result


def test_processor_time_is_limited_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", 0.0)
    env = LimitedSandbox(autoescape=True)
    template = env.from_string("{% for i in range(5000) %}{{ i }}{% endfor %}")
    with pytest.raises(RenderLimitError, match="выполняется дольше 0 с"):
        sandbox.render(template, {}, max_chars=1_000_000)
