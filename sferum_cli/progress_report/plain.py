"""The report as JSON (stable English keys, docs/report-json.md), CSV and Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from sferum_cli.progress_report import status as st
from sferum_cli.progress_report import tables
from sferum_cli.progress_report.formats import RenderOptions
from sferum_cli.progress_report.status import Count, Group, RegionReport, SchoolStatus, Totals

JSON_VERSION = 1
# The key of a measure's part (its whole is always "total").
PART_KEYS = {"teachers": "verified", "classes": "with_invite_link", "pupils": "covered"}


def _counts(item: SchoolStatus | Totals) -> dict[str, Any]:
    def one(measure: str) -> dict[str, Any]:
        count: Count = getattr(item, measure)
        return {"total": count.whole, PART_KEYS[measure]: count.part}

    return {measure: one(measure) for measure in st.MEASURES}


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "schools": totals.schools,
        "complete": totals.complete,
        "in_progress": totals.in_progress,
        "not_started": totals.not_started,
        "with_errors": totals.with_errors,
        "stalled": totals.stalled,
        "by_stage": {bucket: totals.by_stage[bucket] for bucket in st.BUCKETS},
    } | _counts(totals)


def _group(group: Group) -> dict[str, Any]:
    head: dict[str, Any] = {"region": group.region}
    if group.municipality is not None:
        head["municipality"] = group.municipality
    return head | _totals(group.totals)


def _school(report: RegionReport, status: SchoolStatus) -> dict[str, Any]:
    valid = status.valid
    error = status.error
    entry: dict[str, Any] = {
        "path": status.path,
        "name": status.name,
        "region": status.region,
        "municipality": status.municipality,
        "valid": valid,
        "stage": status.stage,
        "next_step": status.next_step,
        "steps": {
            stage: {"done": step.done, "on": _iso(step.done_on)}
            for stage in st.STAGES
            if (step := status.steps.get(stage)) is not None
        }
        or None,
        "last_step_on": _iso(status.last_step_on),
        "idle_days": status.idle_days(report.as_of),
        "stalled": report.is_stalled(status),
        **(_counts(status) if valid else dict.fromkeys(st.MEASURES)),
        "errors": None
        if error is None
        else {"count": error.count, "line": error.line, "column": error.column, "code": error.code},
    }
    if report.show_pii:
        admin = status.administrator
        entry["administrator"] = (
            {"full_name": admin[0], "phone": admin[1]} if admin is not None else None
        )
    return entry


def to_dict(report: RegionReport) -> dict[str, Any]:
    titles = st.bucket_titles()
    return {
        "version": JSON_VERSION,
        "as_of": report.as_of.isoformat(),
        "stalled_after_days": report.stalled_after,
        "stages": [{"id": bucket, "title": titles[bucket]} for bucket in st.BUCKETS],
        "totals": _totals(report.totals),
        "regions": [_group(g) for g in report.regions],
        "municipalities": [_group(g) for g in report.municipalities],
        "schools": [_school(report, s) for s in report.schools],
        "stalled": [
            {
                "path": s.path,
                "name": s.name,
                "region": s.region,
                "municipality": s.municipality,
                "stuck_on": s.next_step,
                "stuck_on_title": s.next_step_title,
                "last_step_on": _iso(s.last_step_on),
                "idle_days": s.idle_days(report.as_of),
            }
            for s in report.stalled
        ],
    }


def to_json(report: RegionReport, options: RenderOptions) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


# --- CSV -------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: tables.Cell, kind: tables.Kind) -> str:
    """A cell for Excel in a Russian locale: dates as ДД.ММ.ГГГГ, shares in
    whole percent, text that Excel would run as a formula quoted with «'»."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return tables.date_text(value)
    if kind == "share" and isinstance(value, float):
        return str(round(value * 100))
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(report: RegionReport, options: RenderOptions) -> str:
    """The schools, a row each; «;» and a BOM, as Excel expects in Russia."""
    columns = tables.school_columns(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.title + (", %" if c.kind == "share" else "") for c in columns])
    for status in report.schools:
        writer.writerow([csv_text(c.value(status), c.kind) for c in columns])
    return "\ufeff" + buffer.getvalue()


# --- Markdown --------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md(text: str) -> str:
    """Text for a Markdown table cell: no markup, no HTML, on one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return lines


def to_markdown(report: RegionReport, options: RenderOptions) -> str:
    titles = st.bucket_titles()
    totals = report.totals
    lines = [f"## Подключение школ к Сферуму: отчёт на {tables.date_text(report.as_of)}", ""]
    lines += [md(line) for line in tables.summary_lines(report)]
    lines += ["", "### Школы по этапам", ""]
    lines += _md_table(["Этап", "Школ"], [[titles[b], str(totals.by_stage[b])] for b in st.BUCKETS])
    lines += ["", "### Муниципалитеты", ""]
    lines += _md_table(
        tables.MUNICIPALITY_HEADERS, [tables.brief_group_row(g) for g in report.municipalities]
    )
    lines += ["", f"### Застряли: нет движения больше {report.stalled_after} дн.", ""]
    if report.stalled:
        lines += _md_table(
            tables.STALLED_HEADERS, [tables.stalled_row(report, s) for s in report.stalled]
        )
    else:
        lines.append("Таких школ нет.")
    broken = [s for s in report.schools if s.error is not None]
    if broken:
        lines += ["", "### Файлы школ с ошибками", ""]
        lines += _md_table(
            ["Файл", "Ошибок", "Первая ошибка"],
            [[s.path, str(s.error.count), s.error.location] for s in broken if s.error],
        )
        lines += ["", "Подробности: `sferum-cli validate`."]
    lines += ["", "<details><summary>Все школы</summary>", ""]
    lines += _md_table(
        tables.BRIEF_SCHOOL_HEADERS, [tables.brief_school_row(report, s) for s in report.schools]
    )
    lines += ["", "</details>", ""]
    return "\n".join(lines)
