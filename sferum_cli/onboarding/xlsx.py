"""The first sheet of an XLSX workbook, read as hostile input; the roster template.

A teachers' roster or a region's table of schools comes from someone
else's computer.  Only the parts the first sheet
needs are read (the workbook, its relationships, the shared strings, the
styles, the sheet), each through :mod:`sferum_cli.ooxml` within its limits
(sizes, compression ratio, no DTD).  Every failure is a
:class:`UserFileError` naming the file, never a crash.

openpyxl is not used for reading: it builds an object per shared string at
≈ 40 µs each (an 8 MiB shared-strings part took 21 s), so no size cap small
enough to keep a hostile file within 2 s would admit real rosters.  lxml
parses in C, and reading row by row keeps memory flat.  openpyxl still
writes the template.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sferum_cli import ooxml
from sferum_cli.errors import Location, UserFileError

if TYPE_CHECKING:
    from lxml import etree

MAX_SHARED_STRINGS = 300_000
MAX_CELLS = 1_000_000
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_ROW = 1_048_576  # Excel's own limit

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


class _Broken(ooxml.PackageError):
    """The workbook is unusable; the text says why (Russian, no cell values)."""


class _TooLarge(_Broken):
    """More of something than a real table has; ``row``: where it was passed (0: unknown)."""

    def __init__(self, reason: str, *, row: int = 0) -> None:
        super().__init__(reason)
        self.row = row


def rows(file: str, raw: bytes, *, what: str) -> Iterator[tuple[int, list[object]]]:
    """(row number, cell values) of the first sheet; values are str, int, float,
    bool, datetime (cells formatted as dates) or None.  ``what`` names the
    table where a limit is passed: «это не похоже на {what}»."""
    try:
        yield from _rows(raw)
    except _TooLarge as exc:
        raise UserFileError(
            path=str(Location(file, exc.row)),
            reason=f"книга Excel не читается: {exc} — это не похоже на {what}",
        ) from None
    except ooxml.PackageError as exc:
        raise UserFileError(path=file, reason=f"книга Excel не читается: {exc}") from None
    except ooxml.ARCHIVE_ERRORS as exc:
        raise UserFileError(path=file, reason=_damaged(raw, exc)) from None


def _damaged(raw: bytes, exc: Exception) -> str:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "это не книга .xlsx: файл старого формата .xls или защищён паролем — "
            "снимите пароль и сохраните его в Excel как .xlsx"
        )
    if isinstance(exc, RuntimeError | NotImplementedError):
        return (
            "книга Excel зашифрована или сжата неизвестным способом: сохраните её заново как .xlsx"
        )
    return "не удалось открыть как книгу Excel (.xlsx): файл повреждён или это не .xlsx"


def _rows(raw: bytes) -> Iterator[tuple[int, list[object]]]:
    with ooxml.open_package(raw) as archive:
        book = _locate(archive)
        strings = _shared_strings(archive, book.shared) if book.shared else []
        dates = _date_styles(archive, book.styles) if book.styles else frozenset()
        yield from _sheet_rows(archive, book, _Cells(strings, dates, book.epoch))


@dataclass(frozen=True)
class _Book:
    sheet: str
    shared: str | None
    styles: str | None
    epoch: dt.datetime


def _locate(archive: zipfile.ZipFile) -> _Book:
    """Part names of the first sheet, the shared strings and the styles; the date epoch."""
    workbook = "xl/workbook.xml"
    for kind, target in ooxml.relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            workbook = target
    if ooxml.member(archive, workbook) is None:
        raise _Broken("нет описания книги (xl/workbook.xml)")
    first: str | None = None
    epoch = _EPOCH_1900
    for element in ooxml.elements(archive, workbook, "workbook", "workbookPr", "sheet"):
        if ooxml.local(str(element.tag)) == "workbookPr":
            if element.get("date1904") in ("1", "true"):
                epoch = _EPOCH_1904
        else:
            first = ooxml.attribute(element, "id")
            break
    links = ooxml.relationships(archive, workbook)
    if first is None or first not in links:
        raise _Broken("в книге нет ни одного листа")
    sheet = links[first][1]
    if ooxml.member(archive, sheet) is None:
        raise _Broken(f"нет листа {sheet}")

    def part(suffix: str) -> str | None:
        for kind, name in links.values():
            if kind.endswith(suffix) and ooxml.member(archive, name) is not None:
                return name
        return None

    return _Book(sheet, part("/sharedStrings"), part("/styles"), epoch)


# Built-in number formats that show dates or times (ECMA-376, 18.8.30).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(45, 48), *range(27, 37), *range(50, 59)})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_date_code(code: str) -> bool:
    return any(letter in _QUOTED.sub("", code).lower() for letter in "dmyhs")


def _date_styles(archive: zipfile.ZipFile, name: str) -> frozenset[int]:
    """Indexes of the cell styles that format a number as a date."""
    custom: set[int] = set()
    dates: set[int] = set()
    index = 0
    for element in ooxml.elements(archive, name, "styleSheet", "numFmt", "xf"):
        tag = ooxml.local(str(element.tag))
        if tag == "numFmt":
            number = element.get("numFmtId") or ""
            if number.isdigit() and _is_date_code(element.get("formatCode") or ""):
                custom.add(int(number))
        elif tag == "xf" and ooxml.local(str(element.getparent().tag)) == "cellXfs":
            number = element.get("numFmtId") or "0"
            if number.isdigit() and (int(number) in _DATE_FORMAT_IDS or int(number) in custom):
                dates.add(index)
            index += 1
    return frozenset(dates)


def _text(element: etree._Element) -> str:
    """A string item's text: its ``t`` elements, without phonetic hints (``rPh``)."""
    parts: list[str] = []
    for child in element.iter("{*}t"):
        parent = child.getparent()
        if parent is not None and ooxml.local(str(parent.tag)) == "rPh":
            continue
        parts.append(child.text or "")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    strings: list[str] = []
    for element in ooxml.elements(archive, name, "sst", "si"):
        if len(strings) >= MAX_SHARED_STRINGS:
            raise _TooLarge(f"больше {MAX_SHARED_STRINGS} разных строк")
        strings.append(_text(element))
    return strings


def _column(reference: str | None, previous: int) -> int:
    if reference is None:
        return previous + 1
    match = _CELL_REF.fullmatch(reference.upper())
    if match is None:
        raise _Broken(f"неверный адрес ячейки «{reference[:20]}»")
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    if number > MAX_COLUMNS:
        raise _Broken(f"адрес ячейки «{reference}» за пределами листа")
    return number


@dataclass(frozen=True)
class _Cells:
    strings: list[str]
    date_styles: frozenset[int]
    epoch: dt.datetime


def _value(cell: etree._Element, book: _Cells) -> object:
    kind = cell.get("t") or "n"
    if kind == "inlineStr":
        inline = cell.find("{*}is")
        return _text(inline) if inline is not None else None
    value = cell.find("{*}v")
    text = value.text if value is not None else None
    if text is None:
        return None
    if kind == "s":
        try:
            return book.strings[int(text)]
        except (ValueError, IndexError):
            raise _Broken(
                f"ячейка {cell.get('r') or ''} ссылается на несуществующую строку "
                "(таблица строк повреждена)"
            ) from None
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() == "1"
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise _Broken(f"ячейка {cell.get('r') or ''}: неверная дата") from None
    number = _number(text.strip(), cell.get("r") or "")
    style = cell.get("s") or "0"
    if style.isdigit() and int(style) in book.date_styles and -693_593 < number < 2_958_466:
        return _from_serial(number, book.epoch)
    return number


def _from_serial(number: float, epoch: dt.datetime) -> dt.datetime | dt.time:
    """Excel's serial day number as openpyxl reads it (to the millisecond)."""
    day, fraction = divmod(number, 1)
    time = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= number < 1 and time.days == 0:
        return (dt.datetime.min + time).time()
    if 0 < number < 60 and epoch == _EPOCH_1900:
        day += 1  # Excel's 29 February 1900, which never was
    return epoch + dt.timedelta(days=day) + time


def _number(text: str, reference: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise _Broken(f"ячейка {reference}: вместо числа записано что-то другое") from None


def _sheet_rows(
    archive: zipfile.ZipFile, book: _Book, cells: _Cells
) -> Iterator[tuple[int, list[object]]]:
    previous_row = 0
    cells_seen = 0
    for row in ooxml.elements(archive, book.sheet, "worksheet", "row"):
        written = row.get("r")
        number = previous_row + 1
        if written is not None:
            if not written.isdigit() or len(written) > 7:
                raise _Broken(f"неверный номер строки «{written[:20]}»")
            number = int(written)
        if not previous_row < number <= MAX_ROW:
            raise _Broken(f"строки листа идут не по порядку (строка {number})")
        previous_row = number
        values: list[Any] = []
        column = 0
        for cell in row.iterchildren("{*}c"):
            cells_seen += 1
            if cells_seen > MAX_CELLS:
                raise _TooLarge(f"больше {MAX_CELLS} ячеек", row=number)
            column = _column(cell.get("r"), column)
            if column <= len(values):
                raise _Broken(f"ячейки строки {number} идут не по порядку")
            values.extend([None] * (column - 1 - len(values)))
            values.append(_value(cell, cells))
        yield number, values


def template(headers: list[str], status_choices: list[str]) -> bytes:
    """An empty roster with ``headers`` in bold, a status list and phones as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Учителя"
    sheet.append(headers)
    widths = {"A": 36, "B": 32, "C": 14, "D": 22, "E": 20, "F": 20}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    validation = DataValidation(
        type="list", formula1=f'"{",".join(status_choices)}"', allow_blank=True
    )
    sheet.add_data_validation(validation)
    validation.add("D2:D1000")
    for row in range(2, 1001):
        sheet[f"E{row}"].number_format = "@"  # phones as text: Excel would eat the «+»
        sheet[f"F{row}"].number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
