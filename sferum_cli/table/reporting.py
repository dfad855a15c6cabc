"""What ``import`` prints: text, JSON or GitHub annotations of a :class:`Plan`.

Problems are at their cells («C7»: the column letter and the row number as
the spreadsheet shows them; the same for CSV).  The formats are a subset of
``validate``'s (:class:`sferum_cli.report.ReportFormat`), and GitHub
annotations are made by the same function.

JSON (stable English keys)::

    {"table": "schools.xlsx", "folder": "schools", "dry_run": false, "ok": false,
     "summary": {"rows": 3, "created": 1, "updated": 1, "unchanged": 0, "error": 1},
     "table_problems": [PROBLEM, …],
     "rows": [{"row": 3, "status": "created" | "updated" | "unchanged" | "error",
               "file": "schools/shkola-32.yaml" | null,
               "changed": ["organization.phone", …],
               "missing": ["appointment.order_number", …],
               "problems": [PROBLEM, …]}, …]}

    PROBLEM = {"severity": "error" | "warning", "cell": "C7" | null, "row": 7,
               "column": 3 | null, "key": "organization.inn" | "",
               "code": "inn.checksum", "message": "…"}

``changed`` lists the keys written (for ``created``: every key the row
filled); ``missing`` the required keys a new file still lacks (the table
does not carry them: the school fills them in).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from sferum_cli.privacy import redact
from sferum_cli.report import Reporter, github_annotation
from sferum_cli.table import columns

if TYPE_CHECKING:
    from sferum_cli.errors import Location
    from sferum_cli.table.outcomes import Outcome, Plan
    from sferum_cli.validation import Problem


class ImportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def cell(location: Location) -> str:
    """«C7» for a problem at a cell, «строка 7» for one about a whole row."""
    if location.column:
        return f"{columns.letter(location.column - 1)}{location.line}"
    return f"строка {location.line}"


def _message(problem: Problem, no_pii: bool) -> str:
    return redact(problem.message) if no_pii else problem.message


def _where(plan: Plan, problem: Problem) -> str:
    """«C7: ИНН» — the cell and the column's header as the table writes it."""
    where = cell(problem.location)
    column = problem.location.column
    title = plan.header.titles.get(column - 1) if column else None
    if title and problem.location.line != plan.header.row:
        where += f": {title}"
    return where


def _problem_line(plan: Plan, problem: Problem, no_pii: bool) -> str:
    kind = "" if problem.severity == "error" else "предупреждение: "
    if problem.location.line:
        return f"{plan.table}: {_where(plan, problem)}: {kind}{_message(problem, no_pii)}"
    return f"{plan.table}: {kind}{_message(problem, no_pii)}"


_DONE = {
    "created": "создан",
    "updated": "обновлён",
    "unchanged": "без изменений",
    "error": "ошибка, файл не записан",
}
_PLANNED = {
    "created": "будет создан",
    "updated": "будет обновлён",
    "unchanged": "без изменений",
    "error": "ошибка, файл не будет записан",
}


def _status_line(plan: Plan, outcome: Outcome, dry_run: bool) -> str:
    words = _PLANNED if dry_run else _DONE
    text = f"{plan.table}: строка {outcome.row}: {words[outcome.status]}"
    if outcome.status in ("created", "updated", "unchanged") and outcome.file:
        text += f" {outcome.file}"
    if outcome.status == "updated":
        text += f" ({', '.join(outcome.changed)})"
    if outcome.missing:
        text += f"; осталось заполнить: {', '.join(outcome.missing)}"
    return text


def summary(plan: Plan, dry_run: bool) -> str:
    text = (
        f"Строк: {len(plan.rows)}; создано: {plan.count('created')}, "
        f"обновлено: {plan.count('updated')}, без изменений: {plan.count('unchanged')}, "
        f"с ошибками: {plan.count('error')}."
    )
    if dry_run:
        text = text.replace("создано", "будет создано").replace("обновлено", "будет обновлено")
        text += " Проверка (--dry-run): ничего не записано."
    return text


def problems_text(plan: Plan, *, no_pii: bool = False) -> str:
    """``--quiet``: the problems only, without the rows' statuses and the summary."""
    problems = [*plan.notes, *(p for outcome in plan.rows for p in outcome.problems)]
    return "\n".join(_problem_line(plan, p, no_pii) for p in problems)


def to_text(plan: Plan, *, dry_run: bool = False, no_pii: bool = False) -> str:
    lines = [_problem_line(plan, p, no_pii) for p in plan.notes]
    for outcome in plan.rows:
        lines.extend(_problem_line(plan, p, no_pii) for p in outcome.problems)
        lines.append(_status_line(plan, outcome, dry_run))
    lines.append(summary(plan, dry_run))
    return "\n".join(lines)


def _problem_json(problem: Problem, no_pii: bool) -> dict[str, object]:
    location = problem.location
    return {
        "severity": problem.severity,
        "cell": cell(location) if location.column else None,
        "row": location.line or None,
        "column": location.column or None,
        "key": problem.dotted,
        "code": problem.code,
        "message": _message(problem, no_pii),
    }


def to_json(plan: Plan, *, dry_run: bool = False, no_pii: bool = False) -> str:
    payload = {
        "table": plan.table,
        "folder": plan.folder,
        "dry_run": dry_run,
        "ok": not plan.failed,
        "summary": {
            "rows": len(plan.rows),
            **{s: plan.count(s) for s in ("created", "updated", "unchanged", "error")},
        },
        "table_problems": [_problem_json(p, no_pii) for p in plan.notes],
        "rows": [
            {
                "row": outcome.row,
                "status": outcome.status,
                "file": outcome.file,
                "changed": outcome.changed,
                "missing": outcome.missing,
                "problems": [_problem_json(p, no_pii) for p in outcome.problems],
            }
            for outcome in plan.rows
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_github(plan: Plan, *, dry_run: bool = False, no_pii: bool = False) -> str:
    problems = [*plan.notes, *(p for outcome in plan.rows for p in outcome.problems)]
    lines = [
        github_annotation(p, f"{_where(plan, p)}: {_message(p, no_pii)}")
        if p.location.line
        else github_annotation(p, _message(p, no_pii))
        for p in problems
    ]
    lines.append(summary(plan, dry_run))
    return "\n".join(lines)


FORMATS: dict[ImportFormat, Reporter] = {
    ImportFormat.text: Reporter(to_text, "строки «таблица: ячейка: сообщение» и итог по строкам"),
    ImportFormat.json: Reporter(to_json, "JSON для программ"),
    ImportFormat.github: Reporter(to_github, "аннотации GitHub Actions"),
}


def render(plan: Plan, fmt: ImportFormat, *, dry_run: bool, no_pii: bool) -> str:
    render_one: Callable[..., str] = FORMATS[fmt].render
    return render_one(plan, dry_run=dry_run, no_pii=no_pii)
