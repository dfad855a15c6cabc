"""Teacher rosters: CSV (UTF-8 with/without BOM or cp1251; «;», «,» or tab) and XLSX.

Columns are recognised by Russian or English headers
(:mod:`.roster_words`).  A bad row becomes a :class:`.roster_rows.RowProblem`
with the file and row number and never stops the rest: good rows still count
(:mod:`.roster_rows`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.errors import Location, UsageError, UserFileError
from sferum_cli.onboarding.roster_rows import Entry, RowProblem, blank, row_to_entry
from sferum_cli.onboarding.roster_words import (
    STATUS_LABELS,
    TEMPLATE_HEADERS,
    Column,
    recognise_headers,
)

if TYPE_CHECKING:
    from sferum_cli.model import School, Teacher

MAX_ROSTER_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 10
#: What a roster is called where a limit says «это не похоже на …» (accusative).
TEACHERS_LIST = "список учителей"


@dataclass
class Roster:
    path: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def teachers(self) -> list[Teacher]:
        return [e.teacher for e in self.entries]

    def replacing_teachers(self, school: School) -> School:
        """``school`` with this roster's teachers in place of ``teachers:`` (the
        school file names its roster «вместо списка teachers»)."""
        return school.model_copy(update={"teachers": self.teachers})


def _read_bytes(path: Path, what: str) -> bytes:
    from sferum_cli.user_files import SizeLimit, read_user_file

    mib = MAX_ROSTER_BYTES // (1024 * 1024)
    limit = SizeLimit(MAX_ROSTER_BYTES, f"файл больше {mib} МиБ — это не похоже на {what}")
    return read_user_file(path, limit)


def decode(raw: bytes) -> str:
    """UTF-8 (BOM or not) first, then cp1251 — what Russian Excel saves as «CSV»."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def _header_score(cells: Sequence[object]) -> int:
    columns = recognise_headers(cells)
    return len(columns) if "full_name" in columns.values() else 0


HeaderScore = Callable[[Sequence[object]], int]


def sniff_delimiter(text: str, score: HeaderScore | None = None) -> str:
    """The delimiter («;», tab or «,») under which a header row with ФИО appears
    (or whatever header ``score`` rates highest: the region's table of schools).

    Counting characters is fooled by a title line such as «Школа № 7, г. Киров»,
    so each candidate parses the first lines and the best-recognised header wins.
    """
    score = score or _header_score
    head = "\n".join(text.splitlines()[: HEADER_SCAN_ROWS * 2])
    best, best_score = ";", 0
    for delimiter in (";", "\t", ","):
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:  # a field over csv's limit: _csv_rows reports it
            continue
        found = max((score(r) for r in rows[: HEADER_SCAN_ROWS * 2]), default=0)
        if found > best_score:
            best, best_score = delimiter, found
    return best


def _csv_rows(
    file: str, text: str, score: HeaderScore | None = None
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, score))
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # the only error left in Python ≥ 3.11: a field over csv's limit (128 KiB),
            # in practice an unclosed quote that swallowed the rest of the file
            raise UserFileError(
                path=str(Location(file, start)),
                reason='значение длиннее 128 КиБ: похоже, здесь открыта и не закрыта кавычка «"»',
            ) from None
        yield start, cells
        start = reader.line_num + 1


def table_rows(
    path: Path, file: str, score: HeaderScore | None = None, *, what: str
) -> Iterator[tuple[int, Sequence[object]]]:
    """(row number, cells) of a table the user gives: the first sheet of an XLSX,
    or a CSV whose delimiter is the one under which ``score`` finds the header.
    Read within the limits above; an unusable file is a :class:`UserFileError`.
    ``what`` names the table where a limit is passed («это не похоже на
    {what}»): :data:`TEACHERS_LIST`, or the region's table of schools."""
    raw = _read_bytes(path, what)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from sferum_cli.onboarding import xlsx

        return xlsx.rows(file, raw, what=what)
    if suffix == ".xls":
        raise UserFileError(
            path=path, reason="старый формат .xls не читается: сохраните файл как .xlsx или .csv"
        )
    return _csv_rows(file, decode(raw), score)


def read(path: Path, *, display: str | None = None) -> Roster:
    """Read a roster; raises UserFileError only when the whole file is unusable."""
    from sferum_cli import privacy

    file = display or str(path)
    rows = table_rows(path, file, what=TEACHERS_LIST)
    roster = Roster(path=file)
    columns: dict[int, Column] | None = None
    seen: dict[str, int] = {}
    scanned = 0
    for number, cells in rows:
        if blank(cells):
            continue
        if columns is None:
            # A title line or two above the header is common in Excel exports.
            scanned += 1
            found = recognise_headers(cells)
            if "full_name" in found.values():
                columns = found
            elif scanned >= HEADER_SCAN_ROWS:
                break
            continue
        if number > MAX_ROWS:
            raise UserFileError(
                path=str(Location(file, number)),
                reason=f"больше {MAX_ROWS} строк — это не похоже на {TEACHERS_LIST}",
            )
        location = Location(file, number)
        result = row_to_entry(cells, columns, location)
        if isinstance(result, list):
            roster.problems.extend(result)
            continue
        name = result.teacher.full_name
        if name in seen:
            roster.problems.append(
                RowProblem(location, "ФИО", f"этот учитель уже указан в строке {seen[name]}")
            )
            continue
        seen[name] = number
        privacy.remember_names([name])
        roster.entries.append(result)
    if columns is None:
        raise UserFileError(
            path=file,
            reason="не найдена строка заголовков со столбцом «ФИО» (ожидаются: "
            + ", ".join(label for _, label in TEMPLATE_HEADERS)
            + "; образец: sferum-cli roster template)",
        )
    return roster


def template_bytes(path: Path) -> bytes:
    """An empty roster with the expected headers: CSV (UTF-8 with BOM, «;») or XLSX."""
    suffix = path.suffix.lower()
    headers = [label for _, label in TEMPLATE_HEADERS]
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(headers)
        return buffer.getvalue().encode("utf-8-sig")
    if suffix == ".xlsx":
        from sferum_cli.onboarding import xlsx

        statuses = [STATUS_LABELS[s] for s in ("verified", "pending", "not_registered")]
        return xlsx.template(headers, statuses)
    raise UsageError(message=f"{path}: образец списка пишется в .csv или .xlsx")


def write_template(path: Path, *, force: bool = False) -> Path:
    from sferum_cli.files import atomic_write

    atomic_write(path, template_bytes(path), force=force)
    return path
