"""Good and bad school files, discovered from tests/schools/{valid,invalid}.

A regression case is a new file, not new code: each invalid file names the
errors it must produce in «# expect: <path> <code>» comment lines.
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
EXAMPLES = sorted((HERE.parent.parent / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)


def expected(path: Path) -> set[tuple[str, str]]:
    pairs = set()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        match = re.match(r"# expect: (\S*) (\S+)$", line)
        if match:
            pairs.add((match.group(1), match.group(2)))
    return pairs


def test_folders_are_not_empty() -> None:
    assert len(VALID) >= 5 and len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID + EXAMPLES, ids=lambda p: p.stem)
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
