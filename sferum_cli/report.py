"""Reporters: render validation results as text, JSON, CI annotations or CI reports.

Checking code never prints; a reporter turns the
:class:`~sferum_cli.validation.Result` of each file into text as it comes
(:meth:`Report.add`) and ends the report when there are no more
(:meth:`Report.close`): ``validate`` over 40,000 files keeps neither the
results nor the report in memory.  Text, JSON, GitHub and GitLab reports are
written file by file; JUnit XML names the totals before the first test case,
so it keeps the (small) results until the end.  :data:`FORMATS` is the one
list of report formats: ``validate --format`` offers exactly its keys.  The
module is cheap to import (the CLI reads the list for ``--help``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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


def _problem_json(problem: Problem, no_pii: bool) -> dict[str, object]:
    line, column = _line_column(problem)
    return {
        "path": problem.dotted,
        "line": line,
        "column": column,
        "code": problem.code,
        "message": _message(problem, no_pii),
    }


def _line(problem: Problem, no_pii: bool) -> str:
    where = f"{problem.dotted}: " if problem.path else ""
    kind = "" if problem.severity == "error" else "предупреждение: "
    return f"{problem.location}: {where}{kind}{_message(problem, no_pii)}"


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


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


Write = Callable[[str], object]


@dataclass
class Tally:
    """What the closing line of a report says, counted as the results pass."""

    files: int = 0
    bad: int = 0
    warnings: int = 0
    first: Result | None = None

    def add(self, result: Result) -> None:
        self.files += 1
        self.bad += not result.valid
        self.warnings += len(result.warnings)
        if self.first is None:
            self.first = result

    @property
    def valid(self) -> bool:
        return not self.bad

    def summary(self) -> str:
        return (
            f"Проверено файлов: {self.files}; с ошибками: {self.bad}; "
            f"предупреждений: {self.warnings}."
        )


@dataclass
class Report:
    """One report being written: :meth:`add` each result, then :meth:`close`."""

    write: Write
    no_pii: bool = False
    tally: Tally = field(default_factory=Tally)

    def add(self, result: Result) -> None:
        self._add(result)
        self.tally.add(result)

    def _add(self, result: Result) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class TextReport(Report):
    """Lines «файл:строка:столбец: сообщение», then the summary line."""

    def _add(self, result: Result) -> None:
        for problem in result.problems:
            self.write(_line(problem, self.no_pii) + "\n")

    def close(self) -> None:
        tally, first = self.tally, self.tally.first
        if tally.files == 1 and first is not None and first.valid:
            warnings = f" (предупреждений: {tally.warnings})." if tally.warnings else "."
            self.write(f"{first.path}: файл школы в порядке{warnings}\n")
        else:
            self.write(tally.summary() + "\n")


class JsonReport(Report):
    """``{"files": [...], "valid": ...}``, indented as ``json.dumps(indent=2)`` does."""

    def _add(self, result: Result) -> None:
        entry = {
            "path": result.path,
            "valid": result.valid,
            "errors": [_problem_json(p, self.no_pii) for p in result.errors],
            "warnings": [_problem_json(p, self.no_pii) for p in result.warnings],
        }
        text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.write(('{\n  "files": [\n    ' if not self.tally.files else ",\n    ") + text)

    def close(self) -> None:
        valid = json.dumps(self.tally.valid)
        opening = "\n  ]" if self.tally.files else '{\n  "files": []'
        self.write(f'{opening},\n  "valid": {valid}\n}}\n')


class GithubReport(Report):
    """GitHub Actions workflow commands (``::error file=…``), then the summary line."""

    def _add(self, result: Result) -> None:
        for problem in result.problems:
            self.write(github_annotation(problem, _message(problem, self.no_pii)) + "\n")

    def close(self) -> None:
        self.write(self.tally.summary() + "\n")


_GITLAB_SEVERITY = {"error": "critical", "warning": "minor"}


@dataclass
class GitlabReport(Report):
    """GitLab Code Quality report: the merge request shows each problem at its line.

    The fingerprint identifies a problem across pipelines (file, code, key),
    so GitLab can tell new problems from fixed ones; it never depends on the
    message, which may quote personal data.
    """

    seen: dict[str, int] = field(default_factory=dict)
    issues: int = 0

    def _add(self, result: Result) -> None:
        import hashlib

        for problem in result.problems:
            identity = "\0".join((problem.location.file, problem.code, problem.dotted))
            self.seen[identity] = self.seen.get(identity, 0) + 1
            fingerprint = hashlib.sha256(f"{identity}\0{self.seen[identity]}".encode()).hexdigest()
            where = f"{problem.dotted}: " if problem.path else ""
            line, _ = _line_column(problem)
            issue = {
                "description": f"{where}{_message(problem, self.no_pii)}",
                "check_name": problem.code,
                "fingerprint": fingerprint,
                "severity": _GITLAB_SEVERITY[problem.severity],
                "location": {"path": problem.location.file, "lines": {"begin": line or 1}},
            }
            text = json.dumps(issue, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.write(("[\n  " if not self.issues else ",\n  ") + text)
            self.issues += 1
        # Identities start with the file's name, and no two results of one run
        # share a name (files.find_school_files drops duplicates): the counts
        # of this file's identities are needed no more, only those of another
        # file its problems point into.
        for identity in [i for i in self.seen if i.startswith(result.path + "\0")]:
            del self.seen[identity]

    def close(self) -> None:
        self.write("\n]\n" if self.issues else "[]\n")


@dataclass
class JunitReport(Report):
    """JUnit XML: a test case per school file, failed when the file has errors."""

    results: list[Result] = field(default_factory=list)

    def _add(self, result: Result) -> None:
        self.results.append(result)

    def close(self) -> None:
        from xml.etree import ElementTree as ET

        attrs = {"name": "sferum-cli validate", "tests": str(self.tally.files)}
        attrs |= {"failures": str(self.tally.bad), "errors": "0"}
        root = ET.Element("testsuites", attrs)
        suite = ET.SubElement(root, "testsuite", {**attrs, "skipped": "0"})
        for result in self.results:
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
                failure.text = _xml_text("\n".join(_line(p, self.no_pii) for p in result.errors))
            if result.warnings:
                out = ET.SubElement(case, "system-out")
                out.text = _xml_text("\n".join(_line(p, self.no_pii) for p in result.warnings))
        ET.indent(root)
        xml = ET.tostring(root, encoding="unicode")
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n")


class ReportFormat(StrEnum):
    """The report formats of ``validate --format`` (a reporter each in :data:`FORMATS`)."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"


@dataclass(frozen=True)
class Reporter:
    """A format whose report is rendered at once (``import``'s reports)."""

    render: Callable[..., str]
    help: str


@dataclass(frozen=True)
class StreamingReporter:
    """A format of ``validate``: its :class:`Report` is written file by file."""

    report: type[Report]
    help: str


FORMATS: dict[ReportFormat, StreamingReporter] = {
    ReportFormat.text: StreamingReporter(TextReport, "строки «файл:строка:столбец: сообщение»"),
    ReportFormat.json: StreamingReporter(JsonReport, "JSON для программ"),
    ReportFormat.github: StreamingReporter(GithubReport, "аннотации GitHub Actions"),
    ReportFormat.gitlab: StreamingReporter(GitlabReport, "отчёт Code Quality для GitLab"),
    ReportFormat.junit: StreamingReporter(JunitReport, "JUnit XML"),
}


def formats_help(formats: Mapping[Any, Reporter | StreamingReporter] | None = None) -> str:
    """``--format``'s help: each format with what it is (``validate``'s by default)."""
    chosen: Mapping[Any, Reporter | StreamingReporter] = FORMATS if formats is None else formats
    return "; ".join(f"{name} — {reporter.help}" for name, reporter in chosen.items())


def start(fmt: ReportFormat, write: Write, *, no_pii: bool = False) -> Report:
    """A report in format ``fmt`` that writes its text through ``write`` as it goes."""
    return FORMATS[fmt].report(write, no_pii)


def render(results: Iterable[Result], fmt: ReportFormat, *, no_pii: bool = False) -> str:
    """The whole report as one string (without the final line break)."""
    chunks: list[str] = []
    report = start(fmt, chunks.append, no_pii=no_pii)
    for result in results:
        report.add(result)
    report.close()
    return "".join(chunks).removesuffix("\n")
