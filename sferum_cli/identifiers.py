"""ИНН, ОГРН and КПП of an organisation (checksums via python-stdnum)."""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError

_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def _digits(value: str) -> str:
    return re.sub(r"[\s\-]", "", value)


def check_inn(value: str) -> str:
    """A legal entity's ИНН: 10 digits, valid checksum, not all zeros."""
    from stdnum.exceptions import ValidationError
    from stdnum.ru import inn

    number = _digits(value)
    if not number.isdigit() or len(number) != 10:
        if number.isdigit() and len(number) == 12:
            raise PydanticCustomError(
                "inn.personal",
                "указан ИНН физического лица (12 цифр); нужен ИНН организации — 10 цифр",
            )
        raise PydanticCustomError("inn.format", "ИНН организации — это 10 цифр")
    if set(number) == {"0"}:
        raise PydanticCustomError("inn.zeros", "ИНН не может состоять из одних нулей")
    try:
        inn.validate(number)
    except ValidationError:
        raise PydanticCustomError(
            "inn.checksum", "неверная контрольная цифра ИНН: проверьте, нет ли опечатки"
        ) from None
    return number


def check_ogrn(value: str) -> str:
    """ОГРН of a legal entity: 13 digits with a valid check digit."""
    from stdnum.exceptions import ValidationError
    from stdnum.ru import ogrn

    number = _digits(value)
    if not number.isdigit() or len(number) != 13:
        raise PydanticCustomError("ogrn.format", "ОГРН организации — это 13 цифр")
    if set(number) == {"0"}:
        raise PydanticCustomError("ogrn.zeros", "ОГРН не может состоять из одних нулей")
    try:
        ogrn.validate(number)
    except ValidationError:
        raise PydanticCustomError(
            "ogrn.checksum", "неверная контрольная цифра ОГРН: проверьте, нет ли опечатки"
        ) from None
    return number


def check_kpp(value: str) -> str:
    number = _digits(value).upper()
    if not _KPP.match(number):
        raise PydanticCustomError(
            "kpp.format", "КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры"
        )
    return number
