"""Phones, e-mail addresses and web links, checked offline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError

from sferum_cli.privacy import EXAMPLE_EMAIL, EXAMPLE_PHONE

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber


def _parse_phone(value: str) -> PhoneNumber:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "RU")
    except phonenumbers.NumberParseException:
        raise PydanticCustomError(
            "phone.format", f"не похоже на номер телефона (пример: {EXAMPLE_PHONE})"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError(
            "phone.invalid", "такого номера не существует: проверьте количество цифр и код"
        )
    return number


def _format(number: PhoneNumber) -> str:
    import phonenumbers

    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


_AREA_CODE = re.compile(r"\((\d{3,5})\)")

# A Russian number written the usual way — «+7» or «8» (or nothing before a
# number that starts with 3, 4 or 9), then its ten digits with spaces, hyphens
# or brackets between them — is checked and formatted here, with
# libphonenumber's own patterns for Russia (phonenumbers' region_RU metadata):
# importing phonenumbers costs ≈ 25–45 ms of every command that reads a school.
# Anything else (other countries, toll-free and other special numbers,
# extensions, odd characters) goes to phonenumbers itself.  tests/test_validators.py
# holds the patterns equal to the installed metadata and compares the answers.
_USUAL_RUSSIAN = re.compile(
    r"(?:\+7|8)[ ()-]*([0-9](?:[ ()-]*[0-9]){9})"  # +7 912 345-67-89, 8 (8332) 00-00-32
    r"|([349](?:[ ()-]*[0-9]){9})"  # 912 345-67-89 (a leading 7 or 8 is ambiguous)
)
RU_FIXED_LINE = (
    "(?:3(?:0[12]|36|4[1-35-79]|5[1-3]|65|8[1-58]|9[0145])|4(?:01|1[1356]|2[13467]|7[1-5]|"
    "8[1-7]|9[1-689])|8(?:1[1-8]|2[01]|3[13-6]|4[0-8]|5[15-7]|6[0-35-79]|7[1-37-9]))\\d{7}"
)
RU_MOBILE = (
    "9(?:[0-24-9]\\d{4}|3(?:0(?:0(?:05|[124579]\\d|3[0-7]|6[0-49]|8[04-9])|[1-9]\\d\\d)|"
    "[1-9]\\d{3}))\\d{4}"
)
_RU_FIXED_LINE, _RU_MOBILE = re.compile(RU_FIXED_LINE), re.compile(RU_MOBILE)


def usual_russian(value: str) -> tuple[str, bool] | None:
    """(The ten digits, whether mobile) of a Russian fixed-line or mobile number
    written the usual way; ``None``: ask phonenumbers."""
    match = _USUAL_RUSSIAN.fullmatch(value.strip())
    if match is None:
        return None
    national = re.sub(r"[ ()-]", "", match[1] or match[2])
    if _RU_MOBILE.fullmatch(national):
        return national, True
    if _RU_FIXED_LINE.fullmatch(national):
        return national, False
    return None


def _international(national: str) -> str:
    """libphonenumber's international form of a Russian fixed-line or mobile number."""
    return f"+7 {national[:3]} {national[3:6]}-{national[6:8]}-{national[8:]}"


def _with_area_code(value: str, national: str) -> str | None:
    """«+7 (8332) 00-00-32» when the user put the area code of a landline in brackets."""
    area = _AREA_CODE.search(value)
    if area is None or not national.startswith(area.group(1)):
        return None
    rest = national[len(area.group(1)) :]
    groups = {7: (3, 2, 2), 6: (2, 2, 2), 5: (1, 2, 2)}.get(len(rest))
    if groups is None:
        return None
    parts, start = [], 0
    for size in groups:
        parts.append(rest[start : start + size])
        start += size
    return f"+7 ({area.group(1)}) {'-'.join(parts)}"


def normalize_phone(value: str) -> str:
    """Any usual way of writing a phone → «+7 912 345-67-89».

    A Russian landline keeps the area code the user put in brackets
    («8 (8332) 00-00-32» → «+7 (8332) 00-00-32»): libphonenumber's grouping
    splits many four- and five-digit area codes («+7 833 200-00-32»).
    """
    usual = usual_russian(value)
    if usual is None:
        return phonenumbers_phone(value)
    national, mobile = usual
    return (None if mobile else _with_area_code(value, national)) or _international(national)


def phonenumbers_phone(value: str) -> str:
    """:func:`normalize_phone` by phonenumbers alone."""
    import phonenumbers

    number = _parse_phone(value)
    if number.country_code == 7 and (
        phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE
    ):
        with_area = _with_area_code(value, str(number.national_number))
        if with_area is not None:
            return with_area
    return _format(number)


def _not_mobile() -> PydanticCustomError:
    return PydanticCustomError(
        "phone.not_mobile",
        "нужен номер мобильного телефона: на него Сферум присылает код входа "
        "и права администратора",
    )


def normalize_mobile(value: str) -> str:
    """As :func:`normalize_phone`, and the number must be a mobile one."""
    usual = usual_russian(value)
    if usual is None:
        return phonenumbers_mobile(value)
    national, mobile = usual
    if not mobile:
        raise _not_mobile()
    return _international(national)


def phonenumbers_mobile(value: str) -> str:
    """:func:`normalize_mobile` by phonenumbers alone."""
    import phonenumbers

    number = _parse_phone(value)
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise _not_mobile()
    return _format(number)


# The usual address — ASCII letters, digits and «._+-» before the «@», a host
# name of ASCII labels — is normalized here exactly as email-validator would
# (tests/test_validators.py compares the two): importing email-validator
# compiles its Unicode tables, ≈ 20 ms of every command that reads a school.
# Anything else (Cyrillic domains, quoting, odd characters, special-use names
# to refuse) goes to email-validator itself.
_PLAIN_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]+)"
)
_LABEL_MAX, _DOMAIN_MAX, _EMAIL_MAX = 63, 253, 254
# email_validator.SPECIAL_USE_DOMAIN_NAMES and rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES.
SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")
CASE_INSENSITIVE_MAILBOXES = frozenset(
    ("info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster",
     "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp")
)  # fmt: skip


def plain_email(text: str) -> str | None:
    """The normalized form of a usual ASCII address, or ``None``: ask email-validator."""
    match = _PLAIN_EMAIL.fullmatch(text)
    if match is None or len(text) > _EMAIL_MAX or "--" in match["domain"]:
        return None
    local, domain = match["local"], match["domain"].lower()
    if len(domain) > _DOMAIN_MAX or any(len(label) > _LABEL_MAX for label in domain.split(".")):
        return None
    if any(domain == name or domain.endswith("." + name) for name in SPECIAL_USE_DOMAINS):
        return None
    if local.lower() in CASE_INSENSITIVE_MAILBOXES:
        local = local.lower()
    return f"{local}@{domain}"


def normalize_email(value: str) -> str:
    plain = plain_email(value.strip())
    if plain is not None:
        return plain
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError(
            "email.invalid", f"адрес электронной почты записан неверно (пример: {EXAMPLE_EMAIL})"
        ) from None
    return str(result.normalized)


_SCHEMES = ("http", "https")


def normalize_url(value: str, *, https_only: bool = False) -> str:
    text = value.strip()
    if "://" not in text and not https_only:
        text = "https://" + text
    parts = urlsplit(text)
    allowed = ("https",) if https_only else _SCHEMES
    if parts.scheme not in allowed or not parts.netloc or re.search(r"\s", text):
        if https_only:
            raise PydanticCustomError(
                "url.invalid", "нужна ссылка, начинающаяся с https:// (скопируйте её из Сферума)"
            )
        raise PydanticCustomError("url.invalid", "адрес сайта записан неверно")
    return text
