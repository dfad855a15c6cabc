"""What a roster's headers and status cells say, in Russian or English.

The words are matched ignoring case, «ё»/«е», dots and punctuation; the
template's headers (``roster template``) are the first of each column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

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
FIELD_COLUMNS: dict[str, Column] = {column: column for column in COLUMN_LABELS}


def normalise_header(value: object) -> str:
    text = str(value or "").strip().lower().replace("ё", "е")
    text = re.sub(r"[*:,()\[\]]", " ", text.replace(".", ""))
    text = " ".join(text.split())
    return text


def recognise_headers(cells: Sequence[object]) -> dict[int, Column]:
    """Column index → field, for the headers we know (ё/е, case and dots ignored)."""
    known = {normalise_header(word): column for word, column in _HEADERS.items()}
    found: dict[int, Column] = {}
    taken: set[Column] = set()
    for index, cell in enumerate(cells):
        column = known.get(normalise_header(cell))
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
