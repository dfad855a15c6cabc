"""Synthetic schools and tables for the table import/export tests (invented
people; ИНН and ОГРН with valid check digits, not real organisations)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from test_validators import make_inn, make_ogrn

HEADERS = [
    "Полное наименование",
    "Краткое наименование",
    "Тип организации",
    "ИНН",
    "КПП",
    "ОГРН",
    "Регион",
    "Муниципалитет",
    "Адрес",
    "Телефон организации",
    "E-mail организации",
    "ФИО директора",
    "ФИО администратора",
    "Должность администратора",
    "Телефон администратора",
    "E-mail администратора",
    "Мессенджер",
]


def school_row(number: int, **overrides: str) -> dict[str, str]:
    """A valid row for school № ``number`` (1–99)."""
    inn = make_inn(f"43459{number:02d}10")
    row = {
        "Полное наименование": f"Муниципальное бюджетное общеобразовательное учреждение "
        f"«Средняя общеобразовательная школа № {number}» города Кирова",
        "Краткое наименование": f"МБОУ СОШ № {number}",
        "Тип организации": "школа",
        "ИНН": inn,
        "КПП": inn[:4] + "01001",
        "ОГРН": make_ogrn(f"10243012{number:02d}00"),
        "Регион": "Кировская область",
        "Муниципалитет": "город Киров",
        "Адрес": f"610000, г. Киров, ул. Примерная, д. {number}",
        "Телефон организации": f"8 (8332) 00-00-{number:02d}",
        "E-mail организации": f"school{number}@example.ru",
        "ФИО директора": "Лебедева Светлана Юрьевна",
        "ФИО администратора": "Мельник Ольга Викторовна",
        "Должность администратора": "учитель информатики",
        "Телефон администратора": f"+7 912 345-67-{number:02d}",
        "E-mail администратора": f"admin{number}@example.ru",
        "Мессенджер": "MAX",
    }
    row.update(overrides)
    return row


def grid(rows: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> list[list[str]]:
    return [list(headers), *([row.get(h, "") for h in headers] for row in rows)]


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ";",
    headers: Sequence[str] = HEADERS,
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(grid(rows, headers))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, rows: Sequence[dict[str, str]], *, headers: Sequence[str] = HEADERS
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in grid(rows, headers):
        sheet.append(line)
    book.save(path)
    return path
