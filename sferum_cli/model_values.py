"""The value types of the school file: text, dates, phones, e-mail, class
names and paths, each with its check (Russian messages) and, where the loader
reads text more widely than Pydantic's default, its JSON Schema rule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from sferum_cli import contacts, people, regions
from sferum_cli import schema as rules


def collapse_spaces(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


def parse_date(value: object) -> object:
    """Accept ISO «2023-08-21» and the Russian «21.08.2023»."""
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            text = f"{year:04d}-{month:02d}-{day:02d}"
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise PydanticCustomError(
                "date.format", "дата записывается как ГГГГ-ММ-ДД (например, 2025-09-01)"
            )
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date.invalid", "такой даты нет в календаре") from None
    return value


def check_region(value: str) -> str:
    official = regions.match(value)
    if official:
        return official
    close = regions.suggest(value)
    hint = f" Возможно, имелось в виду «{close}»." if close else ""
    raise PydanticCustomError(
        "region.unknown",
        "неизвестный субъект РФ: укажите его название, например «Кировская область».{hint}",
        {"hint": hint},
    )


_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")


def check_class_name(value: str) -> str:
    text = value.replace(" ", "").replace("-", "").replace("«", "").replace("»", "")
    match = re.fullmatch(r"([0-9]{1,2})([^0-9]?)", text)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise PydanticCustomError(
            "class.name", "класс записывается как номер 1–11 и буква: «5А», «11Б»"
        )
    grade, letter = match.groups()
    if letter and re.fullmatch(r"[A-Za-z]", letter):
        if letter in "ABCEHKMOPTXaceopxy":
            cyr = letter.translate(_LATIN_TO_CYRILLIC).upper()
            raise PydanticCustomError(
                "class.latin_letter",
                "буква «{letter}» в названии класса — латинская; наберите русскую «{cyr}»",
                {"letter": letter, "cyr": cyr},
            )
        raise PydanticCustomError("class.name", "буква класса должна быть русской: «5А», «11Б»")
    if letter and not re.fullmatch(r"[А-ЯЁа-яё]", letter):
        raise PydanticCustomError(
            "class.name", "класс записывается как номер 1–11 и буква: «5А», «11Б»"
        )
    return f"{int(grade)}{letter.upper()}"


def check_education_levels(value: list[str]) -> list[str]:
    if not value:
        raise PydanticCustomError(
            "education_levels.empty",
            "укажите хотя бы один уровень: primary, basic или secondary",
        )
    return list(dict.fromkeys(value))


Text = Annotated[str, BeforeValidator(collapse_spaces), Field(min_length=1, max_length=1000)]
ShortText = Annotated[str, BeforeValidator(collapse_spaces), Field(min_length=1, max_length=200)]


# Text printed in the order and the letter has a limit each: the most that the
# two hold on one page all at once (tests/test_documents_worst_case.py), above
# the longest real values (the longest school names are about 300 characters,
# job titles about 90, ФИО about 56).
PRINTED_LIMITS = {
    "org_full_name": 300,
    "org_short_name": 80,
    "address": 150,
    "place": 90,
    "position": 90,
    "director_position": 50,
    "full_name": 56,
    "email": 60,
    "website": 80,
    "number": 30,
}
_SPACES = BeforeValidator(collapse_spaces)
OrgFullName = Annotated[
    str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["org_full_name"])
]
OrgShortName = Annotated[
    str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["org_short_name"])
]
Address = Annotated[str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["address"])]
Place = Annotated[str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["place"])]
Position = Annotated[str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["position"])]
DirectorPosition = Annotated[
    str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["director_position"])
]
DocumentNumber = Annotated[str, _SPACES, Field(min_length=1, max_length=PRINTED_LIMITS["number"])]
FullName = Annotated[
    str,
    BeforeValidator(collapse_spaces),
    Field(min_length=1, max_length=PRINTED_LIMITS["full_name"], description="Фамилия Имя Отчество"),
    AfterValidator(people.check_full_name),
    WithJsonSchema(rules.full_name_rule()),
]
Date = Annotated[
    dt.date,
    BeforeValidator(parse_date),
    Field(description="Дата: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"),
    WithJsonSchema(rules.date_rule()),
]
Phone = Annotated[str, AfterValidator(contacts.normalize_phone), WithJsonSchema(rules.phone_rule())]
MobilePhone = Annotated[
    str, AfterValidator(contacts.normalize_mobile), WithJsonSchema(rules.phone_rule())
]
Email = Annotated[
    str,
    Field(max_length=PRINTED_LIMITS["email"]),
    AfterValidator(contacts.normalize_email),
    WithJsonSchema(rules.email_rule()),
]
ClassName = Annotated[
    str, AfterValidator(check_class_name), WithJsonSchema(rules.class_name_rule())
]
Gender = Literal["male", "female"]
FilePath = Annotated[
    str,
    BeforeValidator(collapse_spaces),
    Field(
        min_length=1,
        max_length=1000,
        description="Путь к файлу; относительный путь считается от папки файла школы",
    ),
]
