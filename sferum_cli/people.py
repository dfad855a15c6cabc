"""Shape checks for a person's full name (ФИО)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic_core import PydanticCustomError

_PART = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
_SUFFIX = r"(?:оглы|кызы|улы|гызы|уулу)"
FULL_NAME = re.compile(rf"^{_PART} {_PART}(?: {_PART}(?: {_SUFFIX})?)?$")
_LATIN_LOOKALIKES = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")


def check_full_name(value: str) -> str:
    """«Фамилия Имя Отчество»: 2–3 Cyrillic parts, hyphens, ё, «оглы/кызы»."""
    text = " ".join(value.split())
    if FULL_NAME.match(text):
        return text
    if re.search(r"[A-Za-z]", text) and FULL_NAME.match(text.translate(_LATIN_LOOKALIKES)):
        raise PydanticCustomError(
            "full_name.latin",
            "в ФИО есть латинские буквы, похожие на русские: наберите ФИО русскими буквами",
        )
    if re.search(r"\b[А-ЯЁ]\.", text):
        raise PydanticCustomError(
            "full_name.initials",
            "нужны полные фамилия, имя и отчество, а не инициалы",
        )
    raise PydanticCustomError(
        "full_name.format",
        "ФИО пишется русскими буквами: «Фамилия Имя Отчество», каждое слово с заглавной",
    )


def gender_of(full_name: str, gender: str | None) -> Literal["male", "female"] | None:
    """The gender written in the file, else the one the patronymic shows, else None."""
    from sferum_cli.grammar import GrammarError, gender_from_patronymic, split_full_name

    match gender:
        case "male" | "female":
            return gender
    try:
        return gender_from_patronymic(split_full_name(full_name)[2])
    except GrammarError:
        return None


def by_gender(gender: str | None, *, male: str, female: str, unknown: str) -> str:
    """The word form for a person: «ознакомлен» / «ознакомлена» / a neutral wording."""
    if gender == "male":
        return male
    if gender == "female":
        return female
    return unknown
