"""The report as an Excel workbook for the ministry: a sheet per level.

Sheets «Школы», «Муниципалитеты», «Регион»; each has a bold frozen header
row and a filter over its columns.  Dates are dates, shares are numbers
shown as percent, and text is always stored as text (a school name that
starts with «=» is not a formula).  The bytes depend only on the report
(the workbook's dates are the report's date; ``SOURCE_DATE_EPOCH`` if set).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sferum_cli.progress_report import tables
from sferum_cli.progress_report.formats import RenderOptions
from sferum_cli.progress_report.status import Group, RegionReport

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEETS = ("Школы", "Муниципалитеты", "Регион")
_FORMATS = {"date": "DD.MM.YYYY", "share": "0%", "int": "0"}


def _fill(sheet: Worksheet, headers: list[str], rows: Sequence[Sequence[tables.Cell]],
          kinds: Sequence[tables.Kind]) -> None:  # fmt: skip
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=column)
            if value is None:
                continue
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula

            if kind in _FORMATS and not isinstance(value, str):
                cell.number_format = _FORMATS[kind]
    for column, header in enumerate(headers, start=1):
        longest = max([len(header) // 2, *(len(str(r[column - 1] or "")) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"


def to_xlsx(report: RegionReport, options: RenderOptions) -> bytes:
    from openpyxl import Workbook

    from sferum_cli.documents.reproducible import CORE_PART, core_xml, document_time, write_zip

    workbook = Workbook()
    schools = workbook.active
    assert schools is not None
    schools.title = SHEETS[0]
    columns = tables.school_columns(report)
    _fill(
        schools,
        [c.title for c in columns],
        [[c.value(s) for c in columns] for s in report.schools],
        [c.kind for c in columns],
    )
    sheets: tuple[tuple[str, Sequence[Group], tables.Level], ...] = (
        (SHEETS[1], report.municipalities, "municipality"),
        (SHEETS[2], report.regions, "region"),
    )
    for title, groups, level in sheets:
        headers, rows, kinds = tables.group_rows(groups, level)
        _fill(workbook.create_sheet(title), headers, rows, kinds)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the time of saving: the core part is written anew with the report's.
    when = document_time(report.as_of)
    title = f"Подключение школ к Сферуму на {tables.date_text(report.as_of)}"
    core = core_xml(title=title, creator="sferum-cli", when=when)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = [
            (info.filename, core if info.filename == CORE_PART else archive.read(info))
            for info in archive.infolist()
        ]
    return write_zip(members, when=when)
