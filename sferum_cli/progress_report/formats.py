"""The output formats of ``sferum-cli report``: the one list, cheap to import.

Each format is a renderer function in a module of this package, imported
only when that format is asked for; ``report --format`` offers exactly the
keys of :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sferum_cli.progress_report.status import RegionReport


class ProgressFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    html = "html"


@dataclass(frozen=True)
class RenderOptions:
    """How a terminal shows the text format; the other formats ignore it."""

    color: bool = False
    width: int = 100


@dataclass(frozen=True)
class Renderer:
    module: str
    function: str
    help: str
    binary: bool = False
    """True: bytes, only to a file (-o); False: text, to a file or standard output."""


FORMATS: dict[ProgressFormat, Renderer] = {
    ProgressFormat.text: Renderer("terminal", "to_text", "таблицы в терминале"),
    ProgressFormat.markdown: Renderer(
        "plain", "to_markdown", "Markdown для $GITHUB_STEP_SUMMARY и GitLab"
    ),
    ProgressFormat.csv: Renderer("plain", "to_csv", "CSV (школы; «;», UTF-8 для Excel)"),
    ProgressFormat.xlsx: Renderer(
        "workbook", "to_xlsx", "книга Excel: листы школ, муниципалитетов и региона", binary=True
    ),
    ProgressFormat.json: Renderer("plain", "to_json", "JSON для программ (docs/report-json.md)"),
    ProgressFormat.html: Renderer("page", "to_html", "одна страница HTML с графиками"),
}


def formats_help() -> str:
    return "; ".join(f"{name} — {renderer.help}" for name, renderer in FORMATS.items())


def render(
    report: RegionReport, fmt: ProgressFormat, options: RenderOptions | None = None
) -> str | bytes:
    renderer = FORMATS[fmt]
    module = importlib.import_module(f"sferum_cli.progress_report.{renderer.module}")
    result: str | bytes = getattr(module, renderer.function)(report, options or RenderOptions())
    return result
