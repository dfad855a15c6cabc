"""The report for a terminal: Rich tables, colour only where the terminal wants it."""

from __future__ import annotations

import io

from sferum_cli.progress_report import tables
from sferum_cli.progress_report.formats import RenderOptions
from sferum_cli.progress_report.status import BUCKETS, RegionReport, bucket_titles

# A terminal is narrow: short headers, and only some of the columns of
# tables.brief_group_row / brief_school_row (the other formats have them all).
MUNICIPALITY_HEADERS = ["Муниципалитет", "Школ", "Готово", "Застряли", "Ошибки", "Учителя",
                        "Классы"]  # fmt: skip
MUNICIPALITY_CELLS = (0, 1, 2, 6, 5, 7, 8)
SCHOOL_HEADERS = ["Школа", "Муниципалитет", "Этап", "Учителя", "Классы", "Ученики", "Отметка"]
SCHOOL_CELLS = (0, 1, 2, 4, 5, 6, 7)


def _pick(row: list[str], cells: tuple[int, ...]) -> list[str]:
    return [row[i] for i in cells]


def to_text(report: RegionReport, options: RenderOptions) -> str:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    titles = bucket_titles()
    totals = report.totals

    def table(title: str, headers: list[str], rows: list[list[str]], wide: int = 1) -> None:
        grid = Table(
            title=escape(title),
            title_justify="left",
            # Lines between the columns: figures of neighbouring cells never run together
            # (under CI=true a date and a count in a row would read as a phone number).
            box=box.MINIMAL,
            pad_edge=False,
            expand=True,
        )
        for index, header in enumerate(headers):
            if index < wide:  # text: shares the width left by the figures
                grid.add_column(escape(header), overflow="fold", ratio=1, min_width=10)
            else:
                grid.add_column(escape(header), no_wrap=True)
        for row in rows:
            grid.add_row(*(Text(cell) for cell in row))  # plain text: no markup to parse
        console.print(grid)

    for line in tables.summary_lines(report):
        console.print(escape(line), style="bold")
    console.print()
    bars = [
        [titles[b], str(totals.by_stage[b]), "█" * _bar(totals.by_stage[b], totals.schools)]
        for b in BUCKETS
    ]
    table("Школы по этапам", ["Этап", "Школ", ""], bars)
    table(
        "Муниципалитеты",
        MUNICIPALITY_HEADERS,
        [
            _pick(tables.brief_group_row(g, short=True), MUNICIPALITY_CELLS)
            for g in report.municipalities
        ],
    )
    if report.stalled:
        table(
            f"Застряли: нет движения больше {report.stalled_after} дн.",
            ["Школа", "Муниципалитет", "Застряла на шаге", "Отметка", "Дней"],
            [tables.stalled_row(report, s) for s in report.stalled],
            wide=3,
        )
    else:
        console.print(f"Застрявших школ нет (порог — {report.stalled_after} дн.).")
    table(
        "Школы",
        SCHOOL_HEADERS,
        [
            _pick(tables.brief_school_row(report, s, short=True), SCHOOL_CELLS)
            for s in report.schools
        ],
        wide=3,
    )
    return buffer.getvalue()


def _bar(count: int, whole: int, width: int = 20) -> int:
    """Cells of a bar: at least one for a non-zero count."""
    if not whole or not count:
        return 0
    return max(1, round(count / whole * width))
