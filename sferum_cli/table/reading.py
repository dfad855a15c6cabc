"""The table read: its rows, the header row found, and each row's values.

Which header means which key is :mod:`.columns`' business.  Here the header
row is looked for below any title lines, its unknown and repeated columns
become notes, the template's row of hints is passed over, and a cell becomes
the text a person would write (Excel's numbers without «.0», an ИНН's lost
leading zero restored, a drop-down's word as the model's code).  Reading the
file itself, within its limits, is :func:`sferum_cli.onboarding.roster.table_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.errors import Location, UserFileError
from sferum_cli.table import columns
from sferum_cli.table.outcomes import problem

if TYPE_CHECKING:
    from sferum_cli.validation import Problem

#: What the table is called where a limit says «это не похоже на …» (accusative).
SCHOOLS_TABLE = "таблицу школ"

Rows = Iterator[tuple[int, Sequence[object]]]


def rows(table: Path, file: str) -> Rows:
    """(row number, cells) as the spreadsheet numbers the rows: a CSV record
    with a line break inside a quoted cell is still one row."""
    from sferum_cli.onboarding.roster import table_rows

    found = iter(table_rows(table, file, columns.score, what=SCHOOLS_TABLE))
    if table.suffix.lower() in (".xlsx", ".xlsm"):
        return found
    return ((index, cells) for index, (_, cells) in enumerate(found, start=1))


def blank(cells: Sequence[object]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def find_header(file: str, rows: Rows) -> columns.Header:
    """The header row: the first row with «ИНН» among the first non-blank ones."""
    from sferum_cli.onboarding.roster import HEADER_SCAN_ROWS

    scanned = 0
    for number, cells in rows:
        if blank(cells):
            continue
        scanned += 1
        if columns.score(cells):
            return columns.recognise(number, cells)
        if scanned >= HEADER_SCAN_ROWS:
            break
    raise UserFileError(
        path=file,
        reason="не найдена строка заголовков со столбцом «ИНН» (ожидаются: "
        + ", ".join(column.label for column in columns.COLUMNS)
        + "; образец: sferum-cli import --template -o шаблон.xlsx)",
    )


def header_notes(file: str, header: columns.Header) -> list[Problem]:
    """Warnings at the header cells of the columns that are not imported."""
    import difflib

    notes: list[Problem] = []
    labels = [column.label for column in columns.COLUMNS]
    for index in header.unknown:
        title = header.titles[index]
        close = difflib.get_close_matches(title, labels, n=1, cutoff=0.6)
        hint = f" Возможно, имелось в виду «{close[0]}»." if close else ""
        notes.append(
            problem(
                "warning",
                "",
                "column.unknown",
                f"неизвестный столбец «{title}»: он не импортируется.{hint}",
                Location(file, header.row, index + 1),
            )
        )
    for index, first in header.repeated:
        notes.append(
            problem(
                "warning",
                header.keys[first],
                "column.repeated",
                f"столбец «{header.titles[index]}» повторяет столбец "
                f"{columns.letter(first)} («{header.titles[first]}»): он не импортируется.",
                Location(file, header.row, index + 1),
            )
        )
    return notes


def _hints() -> dict[str, str]:
    from sferum_cli import scaffold

    index = scaffold.leaf_index()
    return {column.key: index[column.key].help for column in columns.COLUMNS}


def is_hints_row(cells: Sequence[object], header: columns.Header) -> bool:
    """The template's second row (hints under the headers) is not a school."""
    hints = _hints()
    written = {i: str(c).strip() for i, c in enumerate(cells) if c is not None and str(c).strip()}
    known = {i: t for i, t in written.items() if i in header.keys}
    return bool(known) and all(hints.get(header.keys[i]) == t for i, t in known.items())


def cell_value(key: str, value: object) -> str:
    """What a cell says, as text: Excel's numbers without «.0», its booleans
    and dates as a person would write them, lost leading zeros restored."""
    from sferum_cli.onboarding.roster_rows import cell_text

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.datetime | dt.date):
        text = value.strftime("%d.%m.%Y")
    else:
        text = cell_text(value)
    width = {"organization.inn": 10, "organization.kpp": 9, "organization.ogrn": 13}.get(key)
    if width and isinstance(value, int | float) and not isinstance(value, bool):
        text = text.zfill(width)  # a number cell in Excel drops ИНН's leading zero
    return columns.from_word(key, text.strip())


def values(cells: Sequence[object], header: columns.Header) -> dict[str, str]:
    """Key → the text of its cell in this row (``""`` for an empty or missing cell)."""
    return {
        key: cell_value(key, cells[index] if index < len(cells) else None)
        for index, key in header.keys.items()
    }
