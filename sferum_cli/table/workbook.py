"""The table a region edits: the empty template and the export of school files.

Both are the same workbook: the headers (row 1), a row of hints under them
(row 2, taken from the school model's descriptions), schools from row 3;
drop-down lists for the region, the organisation type, the messenger, the
genders and «да/нет» (their values come from :mod:`sferum_cli.regions`
and the model, on a hidden sheet «Списки»); ИНН, КПП, ОГРН and phones are
text cells, so Excel keeps their leading zeros and «+».
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import UsageError
from sferum_cli.table import columns

if TYPE_CHECKING:
    from sferum_cli.validation import Problem

SHEET = "Школы"
LISTS_SHEET = "Списки"
FIRST_ROW = 3  # headers, hints, then schools
MIN_ROWS = 1000  # drop-downs and text formats reach this far below the last school


def list_values() -> dict[str, list[str]]:
    """Key → what its drop-down offers."""
    from sferum_cli import regions

    lists = {"organization.region": list(regions.REGIONS)}
    for key, words in columns.choices().items():
        lists[key] = list(words.values())
    return lists


def hints() -> list[str]:
    from sferum_cli import scaffold

    index = scaffold.leaf_index()
    return [index[column.key].help for column in columns.COLUMNS]


def xlsx_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """The workbook with ``rows`` of schools (none: the empty template)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([column.label for column in columns.COLUMNS])
    sheet.append(hints())
    for row in rows:
        sheet.append(list(row))
    for line in sheet.iter_rows(min_row=FIRST_ROW):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a value, not a formula
    last = max(FIRST_ROW + len(rows) + MIN_ROWS, FIRST_ROW + MIN_ROWS)
    for index, column in enumerate(columns.COLUMNS):
        letter = columns.letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet[f"{letter}1"].font = Font(bold=True)
        note = sheet[f"{letter}2"]
        note.font = Font(italic=True, color="666666", size=9)
        note.alignment = Alignment(wrap_text=True, vertical="top")
        if column.text:
            for number in range(FIRST_ROW, last + 1):
                sheet[f"{letter}{number}"].number_format = "@"
    sheet.freeze_panes = f"A{FIRST_ROW}"

    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for list_index, (key, values) in enumerate(list_values().items()):
        list_letter = columns.letter(list_index)
        lists[f"{list_letter}1"] = key
        for number, value in enumerate(values, start=2):
            lists[f"{list_letter}{number}"] = value
        end = len(values) + 1
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${end}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Значение не из списка",
            error="Выберите значение из списка.",
        )
        sheet.add_data_validation(validation)
        target = columns.letter([c.key for c in columns.COLUMNS].index(key))
        validation.add(f"{target}{FIRST_ROW}:{target}{last}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """The same table as CSV for Excel: UTF-8 with BOM, «;», headers and schools."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.label for column in columns.COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def table_bytes(path: Path, rows: Sequence[Sequence[str]]) -> bytes:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return xlsx_bytes(rows)
    if suffix == ".csv":
        return csv_bytes(rows)
    raise UsageError(message=f"{path}: таблица пишется в .xlsx или .csv")


def template_bytes(path: Path) -> bytes:
    if path.suffix.lower() != ".xlsx":
        raise UsageError(message=f"{path}: образец с выпадающими списками пишется только в .xlsx")
    return xlsx_bytes([])


@dataclass
class Export:
    rows: list[list[str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cell(key: str, value: Any) -> str | None:
    """The cell for a raw value of a school file; ``None`` when it can't be one."""
    from sferum_cli import regions

    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    if key == "organization.region":
        return regions.match(value) or value
    return columns.to_word(key, value)


def export(paths: Sequence[Path]) -> Export:
    """One row per school file, the raw values as written (a file's mistakes
    included: ``import`` reports them); files that can't be read are problems."""
    from sferum_cli import yamlio
    from sferum_cli.errors import LoadError
    from sferum_cli.validation import Problem

    result = Export()
    for path in paths:
        try:
            document = yamlio.load(path)
        except LoadError as exc:
            result.problems.append(Problem("error", (), exc.code, exc.message, exc.location))
            continue
        row: list[str] = []
        for column in columns.COLUMNS:
            section, name = column.path
            part = document.data.get(section)
            value = part.get(name) if isinstance(part, dict) else None
            text = _cell(column.key, value)
            if text is None:
                location = document.positions.of_value((section, name))
                result.problems.append(
                    Problem(
                        "warning",
                        (section, name),
                        "export.not_a_value",
                        "здесь не одно значение, а список или набор: в таблице ячейка пуста",
                        location,
                    )
                )
                text = ""
            row.append(text)
        result.rows.append(row)
        result.files.append(str(path))
    return result
