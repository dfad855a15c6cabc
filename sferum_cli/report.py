"""Reporters: render validation results as text, JSON, CI annotations or CI reports.

Checking code never prints; these functions only turn a list of
:class:`~sferum_cli.validation.Result` into a string.  :data:`FORMATS` is
the one list of report formats: ``validate --format`` offers exactly its
keys.  The module is cheap to import (the CLI reads the list for ``--help``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sferum_cli.privacy import redact

if TYPE_CHECKING:
    from sferum_cli.validation import Problem, Result


def _message(problem: Problem, no_pii: bool) -> str:
    return redact(problem.message) if no_pii else problem.message


def _line_column(problem: Problem) -> tuple[int | None, int | None]:
    """1-based line and column, or ``None`` where the problem is the whole file."""
    line = problem.location.line or None
    column = problem.location.column or None if line else None
    return line, column


def _summary(results: Sequence[Result]) -> str:
    bad = sum(1 for r in results if not r.valid)
    warnings = sum(len(r.warnings) for r in results)
    return f"Проверено файлов: {len(results)}; с ошибками: {bad}; предупреждений: {warnings}."


def _problem_json(problem: Problem, no_pii: bool) -> dict[str, object]:
    line, column = _line_column(problem)
    return {
        "path": problem.dotted,
        "line": line,
        "column": column,
        "code": problem.code,
        "message": _message(problem, no_pii),
    }


def to_json(results: Sequence[Result], *, no_pii: bool = False) -> str:
    files = [
        {
            "path": result.path,
            "valid": result.valid,
            "errors": [_problem_json(p, no_pii) for p in result.errors],
            "warnings": [_problem_json(p, no_pii) for p in result.warnings],
        }
        for result in results
    ]
    payload = {"files": files, "valid": all(r.valid for r in results)}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _line(problem: Problem, no_pii: bool) -> str:
    where = f"{problem.dotted}: " if problem.path else ""
    kind = "" if problem.severity == "error" else "предупреждение: "
    return f"{problem.location}: {where}{kind}{_message(problem, no_pii)}"


def to_text(results: Sequence[Result], *, no_pii: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        lines.extend(_line(p, no_pii) for p in result.problems)
    warnings = sum(len(r.warnings) for r in results)
    if len(results) == 1 and results[0].valid:
        lines.append(
            f"{results[0].path}: файл школы в порядке"
            + (f" (предупреждений: {warnings})." if warnings else ".")
        )
    else:
        lines.append(_summary(results))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, message: str) -> str:
    """One GitHub Actions workflow command: ``problem`` at its file, line and
    column, titled by its key, with ``message`` (already masked if need be)."""
    props = [f"file={_escape_property(problem.location.file)}"]
    line, column = _line_column(problem)
    if line:
        props.append(f"line={line}")
    if column:
        props.append(f"col={column}")
    title = problem.dotted or problem.code
    props.append(f"title={_escape_property(title)}")
    kind = "error" if problem.severity == "error" else "warning"
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"


def to_github(results: Sequence[Result], *, no_pii: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        for problem in result.problems:
            lines.append(github_annotation(problem, _message(problem, no_pii)))
    lines.append(_summary(results))
    return "\n".join(lines)


_GITLAB_SEVERITY = {"error": "critical", "warning": "minor"}


def to_gitlab(results: Sequence[Result], *, no_pii: bool = False) -> str:
    """GitLab Code Quality report: the merge request shows each problem at its line.

    The fingerprint identifies a problem across pipelines (file, code, key),
    so GitLab can tell new problems from fixed ones; it never depends on the
    message, which may quote personal data.
    """
    import hashlib

    issues: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for result in results:
        for problem in result.problems:
            identity = "\0".join((problem.location.file, problem.code, problem.dotted))
            seen[identity] = seen.get(identity, 0) + 1
            fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
            where = f"{problem.dotted}: " if problem.path else ""
            line, _ = _line_column(problem)
            issues.append(
                {
                    "description": f"{where}{_message(problem, no_pii)}",
                    "check_name": problem.code,
                    "fingerprint": fingerprint,
                    "severity": _GITLAB_SEVERITY[problem.severity],
                    "location": {"path": problem.location.file, "lines": {"begin": line or 1}},
                }
            )
    return json.dumps(issues, ensure_ascii=False, indent=2)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def to_junit(results: Sequence[Result], *, no_pii: bool = False) -> str:
    """JUnit XML: a test case per school file, failed when the file has errors."""
    from xml.etree import ElementTree as ET

    failures = sum(1 for r in results if not r.valid)
    attrs = {"name": "sferum-cli validate", "tests": str(len(results))}
    attrs |= {"failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", {**attrs, "skipped": "0"})
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            {"name": _xml_text(result.path), "classname": "school-file", "file": result.path},
        )
        if result.errors:
            failure = ET.SubElement(
                case,
                "failure",
                {"message": f"ошибок: {len(result.errors)}", "type": result.errors[0].code},
            )
            failure.text = _xml_text("\n".join(_line(p, no_pii) for p in result.errors))
        if result.warnings:
            out = ET.SubElement(case, "system-out")
            out.text = _xml_text("\n".join(_line(p, no_pii) for p in result.warnings))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


class ReportFormat(StrEnum):
    """The report formats of ``validate --format`` (a reporter each in :data:`FORMATS`)."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"


@dataclass(frozen=True)
class Reporter:
    render: Callable[..., str]
    help: str


FORMATS: dict[ReportFormat, Reporter] = {
    ReportFormat.text: Reporter(to_text, "строки «файл:строка:столбец: сообщение»"),
    ReportFormat.json: Reporter(to_json, "JSON для программ"),
    ReportFormat.github: Reporter(to_github, "аннотации GitHub Actions"),
    ReportFormat.gitlab: Reporter(to_gitlab, "отчёт Code Quality для GitLab"),
    ReportFormat.junit: Reporter(to_junit, "JUnit XML"),
}


def formats_help(formats: Mapping[Any, Reporter] | None = None) -> str:
    """``--format``'s help: each format with what it is (``validate``'s by default)."""
    chosen = FORMATS if formats is None else formats
    return "; ".join(f"{name} — {reporter.help}" for name, reporter in chosen.items())


def render(results: Sequence[Result], fmt: ReportFormat, *, no_pii: bool = False) -> str:
    return FORMATS[fmt].render(results, no_pii=no_pii)
