"""The report as one self-contained HTML page (templates/report.html.j2).

Everything is inside the file: the stylesheet (templates/report.css), the
charts as inline SVG and a small script (templates/report.js) that sorts
and filters the table of schools.  The page's Content-Security-Policy
allows exactly that stylesheet and that script (by their SHA-256) and
nothing from anywhere, so even a hostile school name can load or run
nothing; Jinja's autoescaping keeps it text in the first place.  Names and
phones of people appear only when the report was made with ``--show-pii``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sferum_cli.progress_report import status as st
from sferum_cli.progress_report import tables
from sferum_cli.progress_report.formats import RenderOptions
from sferum_cli.progress_report.status import Count, RegionReport, SchoolStatus, Totals

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
SCRIPT = "report.js"

# The stage chart's geometry, in SVG user units (the chart scales to the page).
CHART_WIDTH = 400
ROW_HEIGHT = 42
BAR_TOP = 18
BAR_HEIGHT = 16
BAR_SPACE = 340  # the longest bar; the rest is for its number
STRIP_HEIGHT = 18


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from sferum_cli.resources import templates_root

    return Environment(
        loader=FileSystemLoader(str(templates_root())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> tuple[str, str]:
    """A bundled asset's text and its CSP source (``'sha256-…'``)."""
    from sferum_cli.resources import template_path

    text = template_path(name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


def number(value: int) -> str:
    """«3 000»: thousands apart by a narrow no-break space, as in Russian print."""
    return f"{value:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Piece:
    """A stage's piece of a chart: a bar of the stage chart (at ``offset`` down)
    or a segment of a municipality's strip (at ``offset`` along)."""

    bucket: str
    title: str
    count: int
    offset: float
    length: float


def stage_bars(totals: Totals) -> list[Piece]:
    """One bar per stage, the longest :data:`BAR_SPACE` long."""
    titles = st.bucket_titles()
    unit = BAR_SPACE / (max(totals.by_stage.values(), default=0) or 1)
    return [
        Piece(b, titles[b], n, i * ROW_HEIGHT, round(n * unit, 1))
        for i, (b, n) in enumerate(totals.by_stage.items())
    ]


def strip(totals: Totals) -> list[Piece]:
    """A municipality's schools as one bar split by stage (empty stages left out)."""
    titles = st.bucket_titles()
    unit = CHART_WIDTH / (totals.schools or 1)
    pieces, start = [], 0
    for bucket, count in totals.by_stage.items():
        if count:
            pieces.append(Piece(bucket, titles[bucket], count, round(start * unit, 2),
                                round(count * unit, 2)))  # fmt: skip
            start += count
    return pieces


def _share_key(count: Count) -> str:
    value = count.share
    return "-1" if value is None else f"{value:.4f}"


def _school_row(report: RegionReport, status: SchoolStatus) -> dict[str, Any]:
    cells = tables.brief_school_row(report, status)
    next_step = st.STAGES.index(status.next_step) if status.next_step else len(st.STAGES)
    sort_keys = [
        None,
        None,
        str(st.BUCKETS.index(status.stage)),
        str(next_step),
        *(_share_key(getattr(status, measure)) for measure in st.MEASURES),
        status.last_step_on.isoformat() if status.last_step_on else "",
    ]
    row = list(zip(tables.BRIEF_SCHOOL_HEADERS, cells, sort_keys, strict=True))
    if report.show_pii:
        admin = status.administrator or ("", "")
        row += [("Администратор", admin[0], None), ("Телефон", admin[1], None)]
    return {
        "cells": row,
        "municipality": status.municipality or "не указан",
        "stage": status.stage,
        "broken": not status.valid,
        "stalled": report.is_stalled(status),
        "path": status.path,
    }


def context(report: RegionReport) -> dict[str, Any]:
    titles = st.bucket_titles()
    totals = report.totals
    css, css_source = _asset(STYLESHEET)
    script, script_source = _asset(SCRIPT)
    from markupsafe import Markup

    headers = [
        ("Школа", "text"),
        ("Муниципалитет", "text"),
        ("Этап", "number"),
        ("Следующий шаг", "number"),
        ("Учителя с ролью", "number"),
        ("Классы со ссылкой", "number"),
        ("Ученики", "number"),
        ("Последняя отметка", "text"),
    ]
    if report.show_pii:
        headers += [("Администратор", "text"), ("Телефон", "text")]
    return {
        "as_of": tables.date_text(report.as_of),
        "as_of_iso": report.as_of.isoformat(),
        "stalled_after": report.stalled_after,
        "totals": totals,
        "number": number,
        "fraction": tables.fraction,
        "percent": tables.percent,
        "buckets": [(b, titles[b]) for b in st.BUCKETS],
        "bars": stage_bars(totals),
        "chart": {
            "width": CHART_WIDTH,
            "height": ROW_HEIGHT * len(st.BUCKETS),
            "bar_top": BAR_TOP,
            "bar_height": BAR_HEIGHT,
            "strip_height": STRIP_HEIGHT,
        },
        "municipalities": [
            {"name": st.place(g), "region": g.region, "totals": g.totals, "strip": strip(g.totals)}
            for g in report.municipalities
        ],
        "regions": sorted({g.region or "не указан" for g in report.regions}),
        "headers": headers,
        "rows": [_school_row(report, s) for s in report.schools],
        "stalled": [tables.stalled_row(report, s) for s in report.stalled],
        "stalled_headers": tables.STALLED_HEADERS,
        "broken": [s for s in report.schools if s.error is not None],
        "show_pii": report.show_pii,
        "css": Markup(css),
        "script": Markup(script),
        "csp": (
            f"default-src 'none'; style-src {css_source}; script-src {script_source}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'"
        ),
    }


def to_html(report: RegionReport, options: RenderOptions) -> str:
    return _environment().get_template(TEMPLATE).render(context(report))
