"""Reports are written file by file: nothing waits for the last file but the summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sferum_cli import report, validation
from sferum_cli.cli.output import ReportLines
from sferum_cli.report import ReportFormat

SCHOOLS = Path(__file__).parent / "schools"
FILES = [
    SCHOOLS / "invalid" / "admin-landline.yaml",
    SCHOOLS / "warnings" / "kpp-of-another-region.yaml",
    SCHOOLS / "valid" / "minimal.yaml",
    Path("no-such-school.yaml"),
]


@pytest.mark.parametrize(
    "fmt", [ReportFormat.text, ReportFormat.json, ReportFormat.github, ReportFormat.gitlab]
)
def test_a_files_part_is_written_when_the_file_is_checked(fmt: ReportFormat) -> None:
    chunks: list[str] = []
    results = [validation.check(path).without_school() for path in FILES]
    stream = report.start(fmt, chunks.append)
    stream.add(results[0])
    assert str(FILES[0]) in "".join(chunks)  # before the next file is even looked at
    for result in results[1:]:
        written = len("".join(chunks))
        stream.add(result)
        if result.problems:
            assert len("".join(chunks)) > written
    stream.close()
    assert "".join(chunks) == report.render(results, fmt) + "\n"


def test_streamed_json_is_the_json_of_all_results() -> None:
    results = [validation.check(path).without_school() for path in FILES]
    payload = json.loads(report.render(results, ReportFormat.json))
    assert [f["path"] for f in payload["files"]] == [str(p) for p in FILES]
    assert payload["valid"] is False
    text = report.render(results, ReportFormat.json)
    assert text == json.dumps(payload, ensure_ascii=False, indent=2)
    assert report.render([], ReportFormat.json) == json.dumps(
        {"files": [], "valid": True}, ensure_ascii=False, indent=2
    )
    assert report.render([], ReportFormat.gitlab) == "[]"


_LINE_TEXT = st.text(alphabet=st.sampled_from("ab \r\n\x0b\x0c\x1c\x85\u2028"), max_size=40)


@given(_LINE_TEXT, st.lists(st.integers(min_value=0, max_value=40), max_size=6), st.booleans())
@example("a\r", [2], False)
@example("a\n\nb", [1, 2], True)
@example("x\r\ny", [2], True)
def test_report_lines_split_as_the_whole_text_would(
    body: str, cuts: list[int], drop_last: bool
) -> None:
    """Written piece by piece, the lines are those of ``str.splitlines()`` of the
    whole report (whose last line, the summary, ends in a full stop)."""
    text = body + "Итог."
    expected = text.splitlines()[:-1] if drop_last else text.splitlines()
    out = io.StringIO()
    lines = ReportLines(out, drop_last=drop_last)
    stream, start = text + "\n", 0
    for cut in sorted(cuts):
        lines.write(stream[start:cut])
        start = max(start, cut)
    lines.write(stream[start:])
    lines.close()
    assert out.getvalue() == "".join(line + "\n" for line in expected)
