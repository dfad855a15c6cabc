"""``init`` writes files that yamllint's default configuration finds clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli import scaffold, yamlio

ROOT = Path(__file__).resolve().parent.parent


def _yamllint(*paths: Path) -> str:
    """Problems yamllint (default configuration, warnings included) finds."""
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "-d", "default", "-f", "parsable", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _init(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "school.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "sferum_cli", "init", "--no-input", "--force", str(target), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target


def _given(data: object) -> object:
    """Without the keys left empty (what init writes for values it wasn't given)."""
    if isinstance(data, dict):
        given = {k: _given(v) for k, v in data.items()}
        return {k: v for k, v in given.items() if v not in (None, {}, [])}
    if isinstance(data, list):
        return [_given(v) for v in data]
    return data


def test_blank_init_file_is_yamllint_clean(tmp_path: Path) -> None:
    target = _init(tmp_path)
    assert _yamllint(target) == ""
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert "\n---\n" in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("example_name", ["kirov-school-32", "tatarstan-rural-school"])
def test_filled_init_file_is_clean_and_keeps_every_value(tmp_path: Path, example_name: str) -> None:
    source = ROOT / "examples" / f"{example_name}.yaml"
    target = _init(tmp_path, "--data-file", str(source))
    assert _yamllint(target) == ""
    assert _given(yamlio.load(target).data) == _given(yamlio.load(source).data)


def test_bundled_examples_are_yamllint_clean() -> None:
    assert _yamllint(*sorted((ROOT / "examples").glob("*.yaml"))) == ""


_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=0,
    max_size=30,
)


@settings(deadline=None)  # yamllint takes its time on a busy machine
@given(st.lists(_WORDS, min_size=1, max_size=25).map(" ".join))
@example("слово " * 40)
@example('  "кавычки"  и \\ обратная  черта ' * 6)
@example("а" * 120 + " " + "б" * 3)
def test_long_values_wrap_and_read_back_unchanged(value: str) -> None:
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    text = scaffold.render({"version": "1", "organization.full_name": value}, {})
    assert yamlio.parse(text, "school.yaml").data["organization"]["full_name"] == value
    problems = list(linter.run(text, YamlLintConfig("extends: default")))
    assert not problems, [str(p) for p in problems]
