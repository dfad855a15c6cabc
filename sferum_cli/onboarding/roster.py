"""Teacher rosters: CSV (UTF-8 with/without BOM or cp1251; «;», «,» or tab) and XLSX.

Columns are recognised by Russian or English headers.  A bad row becomes a
:class:`RowProblem` with the file and row number and never stops the rest:
good rows still count.  Messages name the column, not the value, so a
teacher's phone or name never reaches a log through them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sferum_cli.errors import Location, UsageError, UserFileError

if TYPE_CHECKING:
    from sferum_cli.model import Teacher

MAX_ROSTER_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 10

Column = Literal["full_name", "position", "classes", "status", "phone", "verified_on"]

#: The headers ``roster template`` writes, in this order.
TEMPLATE_HEADERS: tuple[tuple[Column, str], ...] = (
    ("full_name", "ФИО"),
    ("position", "Должность"),
    ("classes", "Классы"),
    ("status", "Статус"),
    ("phone", "Телефон"),
    ("verified_on", "Дата подтверждения"),
)

_HEADER_WORDS: dict[Column, tuple[str, ...]] = {
    "full_name": (
        "фио",
        "фамилия имя отчество",
        "фио учителя",
        "фио сотрудника",
        "фио педагога",
        "full_name",
        "full name",
        "name",
    ),
    "position": ("должность", "position", "job title", "title"),
    "classes": ("классы", "класс", "classes", "class"),
    "status": ("статус", "статус роли", "роль учитель", "status"),
    "phone": ("телефон", "мобильный телефон", "номер телефона", "phone", "mobile"),
    "verified_on": (
        "дата подтверждения",
        "подтверждён",
        "подтвержден",
        "дата",
        "verified_on",
        "verified on",
        "verified",
        "date",
    ),
}
_HEADERS = {word: column for column, words in _HEADER_WORDS.items() for word in words}

_STATUS_WORDS: dict[str, str] = {}
for _status, _words in {
    "verified": (
        "verified",
        "подтверждён",
        "подтвержден",
        "подтверждена",
        "подтверждено",
        "роль подтверждена",
        "верифицирован",
        "верифицирована",
        "да",
        "+",
        "✓",
        "✔",
    ),
    "pending": (
        "pending",
        "ожидает",
        "ожидает подтверждения",
        "ждёт",
        "ждет",
        "ждёт подтверждения",
        "ждет подтверждения",
        "на проверке",
        "заявка подана",
        "на рассмотрении",
    ),
    "not_registered": (
        "not_registered",
        "not registered",
        "не зарегистрирован",
        "не зарегистрирована",
        "не зарегистрировано",
        "нет",
        "-",
        "—",
    ),
}.items():
    for _word in _words:
        _STATUS_WORDS[_word] = _status

STATUS_LABELS = {
    "verified": "подтверждён",
    "pending": "ожидает",
    "not_registered": "не зарегистрирован",
}

COLUMN_LABELS: dict[Column, str] = dict(TEMPLATE_HEADERS)
_FIELD_COLUMNS: dict[str, Column] = {column: column for column in COLUMN_LABELS}


@dataclass(frozen=True)
class RowProblem:
    location: Location
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.column}: " if self.column else ""
        return f"{self.location}: {where}{self.message}"


@dataclass(frozen=True)
class Entry:
    row: int
    teacher: Teacher
    phone: str | None = None
    verified_on: dt.date | None = None


@dataclass
class Roster:
    path: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def teachers(self) -> list[Teacher]:
        return [e.teacher for e in self.entries]


def _norm_header(value: object) -> str:
    text = str(value or "").strip().lower().replace("ё", "е")
    text = re.sub(r"[*:,()\[\]]", " ", text.replace(".", ""))
    text = " ".join(text.split())
    return text


def recognise_headers(cells: Sequence[object]) -> dict[int, Column]:
    """Column index → field, for the headers we know (ё/е, case and dots ignored)."""
    known = {_norm_header(word): column for word, column in _HEADERS.items()}
    found: dict[int, Column] = {}
    taken: set[Column] = set()
    for index, cell in enumerate(cells):
        column = known.get(_norm_header(cell))
        if column is not None and column not in taken:
            found[index] = column
            taken.add(column)
    return found


def parse_status(value: object) -> str | None:
    """A status word (Russian or English) → verified/pending/not_registered; None if unknown."""
    text = " ".join(str(value or "").strip().lower().split())
    if not text:
        return "not_registered"
    return _STATUS_WORDS.get(text) or _STATUS_WORDS.get(text.replace("е", "ё"))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


_RU_MOBILE = re.compile(r"(?:\+?7|8)?(9\d{2})(\d{3})(\d{2})(\d{2})")


def _phone(value: object) -> str:
    """Any way of writing a phone → «+7 912 345-67-89»; Excel's numbers included.

    Russian mobile numbers (+7 9xx…) are formatted directly: phonenumbers costs
    ≈ 0.2 ms a number, too slow for thousands of rows.
    """
    from sferum_cli.contacts import normalize_phone

    text = _cell_text(value)
    match = _RU_MOBILE.fullmatch(re.sub(r"[\s()\-]", "", text))
    if match:
        a, b, c, d = match.groups()
        return f"+7 {a} {b}-{c}-{d}"
    if re.fullmatch(r"\d{10}", text):  # a number stored as int loses its 8/+7
        text = "+7" + text
    elif re.fullmatch(r"7\d{10}", text):
        text = "+" + text
    return normalize_phone(text)


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 1 < value < 2_958_466:  # Excel serial day number
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = _cell_text(value)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError("дата записывается как ДД.ММ.ГГГГ или ГГГГ-ММ-ДД") from None


def _classes(value: object) -> list[str] | None:
    text = _cell_text(value)
    if not text:
        return None
    return [part for part in re.split(r"[,;\s/]+", text) if part]


def _pydantic_message(error: dict[str, object]) -> str:
    kind = str(error.get("type", ""))
    if kind in ("string_too_long",):
        return "слишком длинное значение"
    if kind in ("missing", "string_too_short"):
        return "обязательное поле не заполнено"
    return str(error.get("msg", "недопустимое значение"))


def _row_to_entry(
    cells: Sequence[object], columns: dict[int, Column], location: Location
) -> Entry | list[RowProblem]:
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError

    from sferum_cli.model import Teacher

    raw: dict[Column, object] = {}
    for index, column in columns.items():
        if index < len(cells):
            raw[column] = cells[index]
    problems: list[RowProblem] = []

    def bad(column: Column, message: str) -> None:
        problems.append(RowProblem(location, COLUMN_LABELS[column], message))

    phone: str | None = None
    if _cell_text(raw.get("phone")):
        try:
            phone = _phone(raw["phone"])
        except PydanticCustomError as exc:
            bad("phone", exc.message())
    verified_on: dt.date | None = None
    if _cell_text(raw.get("verified_on")):
        try:
            verified_on = _date(raw["verified_on"])
        except ValueError as exc:
            bad("verified_on", str(exc))
    status = parse_status(raw.get("status"))
    if status is None:
        bad(
            "status", "неизвестный статус: пишите «подтверждён», «ожидает» или «не зарегистрирован»"
        )
        status = "not_registered"
    elif verified_on is not None and not _cell_text(raw.get("status")):
        status = "verified"
    data: dict[str, object] = {
        "full_name": _cell_text(raw.get("full_name")),
        "status": status,
    }
    if _cell_text(raw.get("position")):
        data["position"] = _cell_text(raw.get("position"))
    classes = _classes(raw.get("classes"))
    if classes:
        data["classes"] = classes
    try:
        teacher = Teacher.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_input=False):
            field_name = str(error["loc"][0]) if error["loc"] else ""
            target = _FIELD_COLUMNS.get(field_name, "full_name")
            bad(target, _pydantic_message(dict(error)))
        return problems
    if problems:
        return problems
    return Entry(location.line, teacher, phone, verified_on)


def _read_bytes(path: Path) -> bytes:
    from sferum_cli.files import read_user_file

    return read_user_file(
        path, limit=MAX_ROSTER_BYTES, too_large="файл больше 20 МиБ — это не похоже на список"
    )


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


def _blank(cells: Iterable[object]) -> bool:
    return all(not _cell_text(c) for c in cells)


def table_rows(
    path: Path, file: str, score: HeaderScore | None = None
) -> Iterator[tuple[int, Sequence[object]]]:
    """(row number, cells) of a table the user gives: the first sheet of an XLSX,
    or a CSV whose delimiter is the one under which ``score`` finds the header.
    Read within the limits above; an unusable file is a :class:`UserFileError`."""
    raw = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from sferum_cli.onboarding import xlsx

        return xlsx.rows(file, raw)
    if suffix == ".xls":
        raise UserFileError(
            path=path, reason="старый формат .xls не читается: сохраните файл как .xlsx или .csv"
        )
    return _csv_rows(file, decode(raw), score)


def read(path: Path, *, display: str | None = None) -> Roster:
    """Read a roster; raises UserFileError only when the whole file is unusable."""
    from sferum_cli import privacy

    file = display or str(path)
    rows = table_rows(path, file)
    roster = Roster(path=file)
    columns: dict[int, Column] | None = None
    seen: dict[str, int] = {}
    scanned = 0
    for number, cells in rows:
        if _blank(cells):
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
                path=file, reason=f"больше {MAX_ROWS} строк — это не похоже на список"
            )
        location = Location(file, number)
        result = _row_to_entry(cells, columns, location)
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
