"""Good and bad school files, discovered from tests/schools/{valid,invalid,warnings}.

A regression case is a new file, not new code: each invalid file names the
errors it must produce in «# expect: <path> <code>» comment lines; each file
in warnings/ is valid and names every warning it must produce in
«# expect-warning: <path> <code>» lines («# expect-warning: none» for none).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sferum_cli.validation import check

HERE = Path(__file__).parent / "schools"
VALID = sorted((HERE / "valid").glob("*.yaml"))
INVALID = sorted((HERE / "invalid").glob("*.yaml"))
WARNINGS = sorted((HERE / "warnings").glob("*.yaml"))
EXAMPLES = sorted((HERE.parent.parent / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)


def expected(path: Path, tag: str = "expect") -> set[tuple[str, str]]:
    pairs = set()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        match = re.match(rf"# {tag}: (\S*) (\S+)$", line)
        if match:
            pairs.add((match.group(1), match.group(2)))
    return pairs


def test_folders_are_not_empty() -> None:
    assert len(VALID) >= 5 and len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID + EXAMPLES + WARNINGS, ids=lambda p: p.stem)
def test_valid_files_have_no_errors(path: Path) -> None:
    result = check(path, today=TODAY)
    assert result.errors == []
    assert result.school is not None


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_files_report_exactly_the_expected_errors(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} has no «# expect:» lines"
    result = check(path, today=TODAY)
    got = {(p.dotted, p.code) for p in result.errors}
    assert got == want
    assert result.school is None
    for problem in result.errors:
        assert problem.location.file == str(path)
        assert problem.location.line >= 1 and problem.location.column >= 1
        assert re.search("[а-яё]", problem.message), "messages are in Russian"


@pytest.mark.parametrize("path", WARNINGS, ids=lambda p: p.stem)
def test_warning_files_report_exactly_the_expected_warnings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = expected(path, "expect-warning")
    assert want or "# expect-warning: none" in text, f"{path.name} has no «# expect-warning:» lines"
    result = check(path, today=TODAY)
    assert result.errors == []
    got = {(p.dotted, p.code) for p in result.warnings}
    assert got == want
    lines = text.splitlines()
    for problem in result.warnings:
        # Located at the value the warning is about.
        key = problem.path[-1]
        assert lines[problem.location.line - 1].lstrip().startswith(f"{key}:"), problem
        assert re.search("[а-яё]", problem.message)


def test_examples_have_no_cross_check_warnings() -> None:
    codes = {"inn.region_mismatch", "kpp.region_mismatch", "ogrn.region_mismatch",
             "address.region_mismatch", "position.agreement_by_sense"}  # fmt: skip
    for path in EXAMPLES + VALID:
        assert not [p for p in check(path, today=TODAY).warnings if p.code in codes], path
