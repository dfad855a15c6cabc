"""The columns of a region's table of schools: what a table can carry.

One row is one school; a column is one scalar key of the school file in
the sections a region knows (the organization, its director, its Сферум
administrator, the messenger).  Classes, teachers, the appointment order,
progress and the e-mail settings are the school's own business: a table
never carries them, so importing never touches them.

A column is recognised by its Russian header (case, spaces, dots and ё/е
ignored), by a synonym, or by the school-file key itself
(``organization.inn``).  Cheap to import: no Pydantic here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

SECTIONS = ("organization", "director", "administrator", "platform")


@dataclass(frozen=True)
class Column:
    key: str  # the school-file key, ``organization.inn``
    label: str  # the header the template writes
    synonyms: tuple[str, ...] = ()
    text: bool = False  # digits that Excel must keep as text (leading zeros, «+»)
    width: int = 22

    @property
    def path(self) -> tuple[str, str]:
        section, name = self.key.split(".")
        return section, name


COLUMNS: tuple[Column, ...] = (
    Column("organization.full_name", "Полное наименование", ("Наименование",), width=60),
    Column(
        "organization.short_name",
        "Краткое наименование",
        ("Сокращённое наименование", "Краткое название", "Короткое наименование"),
        width=36,
    ),
    Column("organization.type", "Тип организации", ("Тип",)),
    Column("organization.inn", "ИНН", ("ИНН организации",), text=True, width=14),
    Column("organization.kpp", "КПП", (), text=True, width=12),
    Column("organization.ogrn", "ОГРН", (), text=True, width=16),
    Column("organization.region", "Регион", ("Субъект РФ", "Субъект"), width=30),
    Column(
        "organization.municipality",
        "Муниципалитет",
        (
            "Муниципальное образование",
            "Муниципальный район",
            "Муниципальный район/городской округ",
            "Муниципалитет/Населённый пункт",
            "МО",
        ),
        width=30,
    ),
    Column("organization.locality", "Населённый пункт", ("Нас. пункт",)),
    Column("organization.address", "Адрес", ("Почтовый адрес", "Адрес организации"), width=40),
    Column(
        "organization.phone",
        "Телефон организации",
        ("Телефон школы", "Телефон"),
        text=True,
        width=20,
    ),
    Column(
        "organization.email",
        "E-mail организации",
        ("E-mail", "Email", "Электронная почта", "Эл. почта", "Почта", "E-mail школы"),
        width=28,
    ),
    Column("organization.website", "Сайт", ("Сайт организации", "Сайт школы"), width=28),
    Column(
        "organization.pupils_total",
        "Всего обучающихся",
        ("Число обучающихся", "Количество обучающихся", "Обучающихся"),
        width=12,
    ),
    Column(
        "organization.staff_total",
        "Всего педагогов",
        ("Число педагогов", "Педагогических работников", "Количество педагогов"),
        width=12,
    ),
    Column(
        "organization.additional_programs",
        "Дополнительные программы",
        ("Доп. программы", "Дополнительное образование"),
        width=14,
    ),
    Column(
        "director.full_name",
        "ФИО директора",
        ("Директор", "ФИО руководителя", "Руководитель"),
        width=32,
    ),
    Column("director.gender", "Пол директора", ("Пол руководителя",), width=12),
    Column("director.position", "Должность директора", ("Должность руководителя",)),
    Column(
        "administrator.full_name",
        "ФИО администратора",
        ("Администратор", "Администратор Сферума", "ФИО администратора Сферума"),
        width=32,
    ),
    Column("administrator.gender", "Пол администратора", (), width=12),
    Column("administrator.position", "Должность администратора", (), width=28),
    Column(
        "administrator.phone",
        "Телефон администратора",
        ("Мобильный телефон администратора", "Телефон администратора Сферума"),
        text=True,
        width=20,
    ),
    Column(
        "administrator.email",
        "E-mail администратора",
        ("Почта администратора", "Электронная почта администратора"),
        width=28,
    ),
    Column("platform.messenger", "Мессенджер", ("Мессенджер школы",), width=16),
)
BY_KEY = {column.key: column for column in COLUMNS}

#: The Russian words a drop-down offers for a closed set of values, by key.
#: The codes are the model's own (a test keeps them equal); a cell may hold
#: either the word or the code.
ORGANIZATION_TYPES = {
    "school": "школа",
    "kindergarten": "детский сад",
    "college": "колледж",
    "additional_education": "дополнительное образование",
}
GENDERS = {"male": "мужской", "female": "женский"}
YES_NO = {"true": "да", "false": "нет"}


def choices() -> dict[str, dict[str, str]]:
    """Code → word of every column with a closed set of values (regions apart)."""
    from sferum_cli.view.platform import MESSENGER_NAMES

    return {
        "organization.type": ORGANIZATION_TYPES,
        "organization.additional_programs": YES_NO,
        "director.gender": GENDERS,
        "administrator.gender": GENDERS,
        "platform.messenger": MESSENGER_NAMES,
    }


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def from_word(key: str, text: str) -> str:
    """The code a cell means: «детский сад» → ``kindergarten``; anything else as it is."""
    words = choices().get(key)
    if not words:
        return text
    folded = _fold(text)
    for code, word in words.items():
        if folded in (_fold(word), code):
            return code
    if key == "organization.additional_programs" and folded in ("true", "false", "1", "0"):
        return "true" if folded in ("true", "1") else "false"
    return text


def to_word(key: str, code: str) -> str:
    """The word a drop-down shows for ``code``; an unknown value as it is."""
    return choices().get(key, {}).get(code, code)


def norm_header(value: object) -> str:
    from sferum_cli.onboarding.roster_words import normalise_header

    return normalise_header(value)


_HEADERS: dict[str, str] = {}


def _headers() -> dict[str, str]:
    if not _HEADERS:
        for column in COLUMNS:
            for word in (column.key, column.label, *column.synonyms):
                _HEADERS.setdefault(norm_header(word), column.key)
    return _HEADERS


def letter(index: int) -> str:
    """0 → «A», 25 → «Z», 26 → «AA»: the column letter a spreadsheet shows."""
    text = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass
class Header:
    """The header row of a table: which column holds which key."""

    row: int
    keys: dict[int, str] = field(default_factory=dict)  # column index → key
    titles: dict[int, str] = field(default_factory=dict)  # column index → header as written
    unknown: list[int] = field(default_factory=list)
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (index, first index)

    def index_of(self, key: str) -> int | None:
        return next((i for i, k in self.keys.items() if k == key), None)


def recognise(row: int, cells: Sequence[object]) -> Header:
    """The header row ``cells`` read: known columns, unknown ones, repeats."""
    header = Header(row)
    known = _headers()
    first: dict[str, int] = {}
    for index, cell in enumerate(cells):
        title = " ".join(str(cell if cell is not None else "").split())
        if not title:
            continue
        header.titles[index] = title
        key = known.get(norm_header(re.sub(r"\s*\*$", "", title)))
        if key is None:
            header.unknown.append(index)
        elif key in first:
            header.repeated.append((index, first[key]))
        else:
            first[key] = index
            header.keys[index] = key
    return header


def score(cells: Sequence[object]) -> int:
    """How much ``cells`` look like our header row (0: not at all; it needs ИНН)."""
    keys = {_headers().get(norm_header(cell)) for cell in cells if cell is not None}
    return len(keys - {None}) if "organization.inn" in keys else 0
