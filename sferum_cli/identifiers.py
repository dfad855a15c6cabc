"""ИНН, ОГРН and КПП of an organisation.

The control digits are the published ФНС algorithms, computed here rather
than through python-stdnum: importing ``stdnum`` pulls in pydoc, ssl and
urllib (≈ 30 ms), a fifth of the start-up budget of ``validate``.  The tests
check these functions against python-stdnum on generated numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic_core import PydanticCustomError

_KPP = re.compile(r"^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$")


def _digits(value: str) -> str:
    """Without the spaces and hyphens people type between groups of digits."""
    return re.sub(r"[\s\-]", "", value)


def _ascii_digits(number: str) -> bool:
    return number.isascii() and number.isdigit()


_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn10_is_valid(number: str) -> bool:
    """Control digit of a 10-digit ИНН (legal entity)."""
    total = sum(int(d) * w for d, w in zip(number, _INN10_WEIGHTS, strict=False))
    return len(number) == 10 and number.isdigit() and total % 11 % 10 == int(number[9])


def ogrn13_is_valid(number: str) -> bool:
    """A 13-digit ОГРН: does not start with 0; the first 12 digits modulo 11 give the last."""
    if len(number) != 13 or not number.isdigit() or number[0] == "0":
        return False
    return int(number[:12]) % 11 % 10 == int(number[12])


def _registration_number(
    number: str, *, code: str, label: str, length: int, is_valid: Callable[[str], bool]
) -> str:
    """``number`` if it has ``length`` digits, not all zeros, with a valid check digit."""
    if not _ascii_digits(number) or len(number) != length:
        raise PydanticCustomError(f"{code}.format", f"{label} организации — это {length} цифр")
    if set(number) == {"0"}:
        raise PydanticCustomError(f"{code}.zeros", f"{label} не может состоять из одних нулей")
    if not is_valid(number):
        raise PydanticCustomError(
            f"{code}.checksum", f"неверная контрольная цифра {label}: проверьте, нет ли опечатки"
        )
    return number


def check_inn(value: str) -> str:
    """A legal entity's ИНН: 10 digits, valid checksum, not all zeros."""
    number = _digits(value)
    if _ascii_digits(number) and len(number) == 12:
        raise PydanticCustomError(
            "inn.personal",
            "указан ИНН физического лица (12 цифр); нужен ИНН организации — 10 цифр",
        )
    return _registration_number(number, code="inn", label="ИНН", length=10, is_valid=inn10_is_valid)


def check_ogrn(value: str) -> str:
    """ОГРН of a legal entity: 13 digits with a valid check digit."""
    return _registration_number(
        _digits(value), code="ogrn", label="ОГРН", length=13, is_valid=ogrn13_is_valid
    )


def check_kpp(value: str) -> str:
    number = _digits(value).upper()
    if not _KPP.match(number):
        raise PydanticCustomError(
            "kpp.format", "КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры"
        )
    return number
