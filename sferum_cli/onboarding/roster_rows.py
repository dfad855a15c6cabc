"""One roster row → a teacher, or the problems that row has.

Cells come as CSV text or as XLSX values (numbers, dates); each is read into
the school model's terms.  A message names the column, never the value, so a
teacher's phone or name does not reach a log through it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sferum_cli.errors import Location
from sferum_cli.onboarding.roster_words import COLUMN_LABELS, FIELD_COLUMNS, Column, parse_status

if TYPE_CHECKING:
    from sferum_cli.model import Teacher


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


def cell_text(value: object) -> str:
    """A cell as text, whether CSV text or an XLSX value: empty for none, a
    whole number without «.0», a date-time as its ISO date, the rest stripped.
    Shared with the region's table of schools (:mod:`sferum_cli.table.reading`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


_RU_MOBILE = re.compile(r"(?:\+?7|8)?(9\d{2})(\d{3})(\d{2})(\d{2})")


def phone_text(value: object) -> str:
    """Any way of writing a phone → «+7 912 345-67-89»; Excel's numbers included.

    Russian mobile numbers (+7 9xx…) are formatted directly: phonenumbers costs
    ≈ 0.2 ms a number, too slow for thousands of rows.
    """
    from sferum_cli.contacts import normalize_phone

    text = cell_text(value)
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
    text = cell_text(value)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError("дата записывается как ДД.ММ.ГГГГ или ГГГГ-ММ-ДД") from None


def _classes(value: object) -> list[str] | None:
    text = cell_text(value)
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


def row_to_entry(
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
    if cell_text(raw.get("phone")):
        try:
            phone = phone_text(raw["phone"])
        except PydanticCustomError as exc:
            bad("phone", exc.message())
    verified_on: dt.date | None = None
    if cell_text(raw.get("verified_on")):
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
    elif verified_on is not None and not cell_text(raw.get("status")):
        status = "verified"
    data: dict[str, object] = {
        "full_name": cell_text(raw.get("full_name")),
        "status": status,
    }
    if cell_text(raw.get("position")):
        data["position"] = cell_text(raw.get("position"))
    classes = _classes(raw.get("classes"))
    if classes:
        data["classes"] = classes
    try:
        teacher = Teacher.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_input=False):
            field_name = str(error["loc"][0]) if error["loc"] else ""
            target = FIELD_COLUMNS.get(field_name, "full_name")
            bad(target, _pydantic_message(dict(error)))
        return problems
    if problems:
        return problems
    return Entry(location.line, teacher, phone, verified_on)


def blank(cells: Iterable[object]) -> bool:
    return all(not cell_text(c) for c in cells)
