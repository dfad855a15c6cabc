"""Reporters: render validation results as text, JSON or GitHub annotations.

Checking code never prints; these functions only turn a list of
:class:`~sferum_cli.validation.Result` into a string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Literal

from sferum_cli.contacts import mask_email, mask_phone
from sferum_cli.validation import Problem, Result

ReportFormat = Literal["text", "json", "github"]

_EMAIL = re.compile(r"[^\s@«»<>\"']+@[^\s@«»<>\"']+\.[^\s@«»<>\"',;]+")
_PHONE = re.compile(r"(?<!\d)(?:\+7|8)?[\s(\-]*\d{3}[\s)\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")


def redact(text: str) -> str:
    """Mask anything that looks like an e-mail address or a phone number."""
    text = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    return _PHONE.sub(lambda m: mask_phone(m.group()), text)


def _message(problem: Problem, no_pii: bool) -> str:
    return redact(problem.message) if no_pii else problem.message


def _problem_json(problem: Problem, no_pii: bool) -> dict[str, object]:
    return {
        "path": problem.dotted,
        "line": problem.location.line,
        "column": problem.location.column,
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
    bad = sum(1 for r in results if not r.valid)
    warnings = sum(len(r.warnings) for r in results)
    if len(results) == 1 and not bad:
        lines.append(
            f"{results[0].path}: файл школы в порядке"
            + (f" (предупреждений: {warnings})." if warnings else ".")
        )
    else:
        lines.append(
            f"Проверено файлов: {len(results)}; с ошибками: {bad}; предупреждений: {warnings}."
        )
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(results: Sequence[Result], *, no_pii: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        for problem in result.problems:
            props = [f"file={_escape_property(problem.location.file)}"]
            if problem.location.line:
                props.append(f"line={problem.location.line}")
            if problem.location.column:
                props.append(f"col={problem.location.column}")
            title = problem.dotted or problem.code
            props.append(f"title={_escape_property(title)}")
            kind = "error" if problem.severity == "error" else "warning"
            lines.append(f"::{kind} {','.join(props)}::{_escape_data(_message(problem, no_pii))}")
    bad = sum(1 for r in results if not r.valid)
    lines.append(f"Проверено файлов: {len(results)}; с ошибками: {bad}.")
    return "\n".join(lines)


def render(results: Sequence[Result], fmt: ReportFormat, *, no_pii: bool = False) -> str:
    if fmt == "json":
        return to_json(results, no_pii=no_pii)
    if fmt == "github":
        return to_github(results, no_pii=no_pii)
    return to_text(results, no_pii=no_pii)
