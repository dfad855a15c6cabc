"""Field validators: ИНН/ОГРН/КПП, phones, e-mail, names, regions, classes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from sferum_cli import contacts, identifiers, people, regions
from sferum_cli.model_values import check_class_name

INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def make_inn(first9: str) -> str:
    return first9 + str(sum(int(d) * w for d, w in zip(first9, INN_WEIGHTS, strict=True)) % 11 % 10)


def make_ogrn(first12: str) -> str:
    return first12 + str(int(first12) % 11 % 10)


def code_of(func, value: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PydanticCustomError) as info:
        func(value)
    return info.value.type


@given(st.from_regex(r"[0-9]{9}", fullmatch=True).filter(lambda s: s != "000000000"))
def test_generated_inn_is_accepted_and_any_digit_change_rejected(first9: str) -> None:
    inn = make_inn(first9)
    if set(inn) == {"0"}:
        return
    assert identifiers.check_inn(inn) == inn
    wrong = inn[:-1] + str((int(inn[-1]) + 1) % 10)
    assert code_of(identifiers.check_inn, wrong) == "inn.checksum"


@given(st.from_regex(r"1[0-9]{11}", fullmatch=True))
def test_generated_ogrn_is_accepted_and_check_digit_change_rejected(first12: str) -> None:
    ogrn = make_ogrn(first12)
    assert identifiers.check_ogrn(ogrn) == ogrn
    wrong = ogrn[:-1] + str((int(ogrn[-1]) + 1) % 10)
    assert code_of(identifiers.check_ogrn, wrong) == "ogrn.checksum"


@given(st.text(max_size=20))
def test_identifier_checks_never_crash(text: str) -> None:
    for func in (identifiers.check_inn, identifiers.check_ogrn, identifiers.check_kpp):
        with contextlib.suppress(PydanticCustomError):
            func(text)


@given(st.from_regex(r"[0-9]{10}|[0-9]{13}", fullmatch=True))
def test_control_digits_agree_with_python_stdnum(number: str) -> None:
    from stdnum.ru import inn, ogrn

    if len(number) == 10:
        assert identifiers.inn10_is_valid(number) == inn.is_valid(number)
    else:
        assert identifiers.ogrn13_is_valid(number) == ogrn.is_valid(number)


def test_inn_rules() -> None:
    assert code_of(identifiers.check_inn, "0000000000") == "inn.zeros"
    assert code_of(identifiers.check_inn, "500100732259") == "inn.personal"
    assert code_of(identifiers.check_inn, "12345") == "inn.format"
    assert identifiers.check_inn("4345 903 219") == "4345903219"


def test_kpp_format() -> None:
    assert identifiers.check_kpp("434501001") == "434501001"
    assert identifiers.check_kpp("7701AB001") == "7701AB001"
    assert code_of(identifiers.check_kpp, "43450100") == "kpp.format"


@pytest.mark.parametrize(
    "raw", ["8 912 345 67 89", "+7 (912) 345-67-89", "9123456789", "89123456789", "+79123456789"]
)
def test_mobile_numbers_normalise(raw: str) -> None:
    assert contacts.normalize_mobile(raw) == "+7 912 345-67-89"


def test_landline_is_not_mobile() -> None:
    assert contacts.normalize_phone("8 (8332) 12-34-56") == "+7 (8332) 12-34-56"
    assert code_of(contacts.normalize_mobile, "8 (8332) 12-34-56") == "phone.not_mobile"
    assert code_of(contacts.normalize_phone, "123") == "phone.invalid"


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("8 (8332) 00-00-32", "+7 (8332) 00-00-32"),
        ("+7 (85500) 2-00-05", "+7 (85500) 2-00-05"),
        ("8 (495) 123-45-67", "+7 (495) 123-45-67"),
        ("+7 8332 00-00-01", "+7 833 200-00-01"),  # no brackets: libphonenumber's grouping
        ("8 (912) 345-67-89", "+7 912 345-67-89"),  # mobiles: always the standard form
    ],
)
def test_landline_keeps_the_area_code_in_brackets(raw: str, formatted: str) -> None:
    assert contacts.normalize_phone(raw) == formatted


def _answer(func, value: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What a phone check says: the normalized form, or the error's type and message."""
    try:
        return "ok", func(value)
    except PydanticCustomError as error:
        return error.type, error.message()


_SEPARATORS = st.sampled_from(["", "", "", " ", "-", " - ", "(", ")", " (", ") ", "  "])


@st.composite
def written_phones(draw: st.DrawFn) -> str:
    """Ten digits (often a Russian area code or mobile prefix) written in many ways."""
    first = draw(st.sampled_from("0123456789") | st.sampled_from("3489"))
    digits = first + draw(st.from_regex(r"[0-9]{9}", fullmatch=True))
    prefix = draw(st.sampled_from(["+7", "8", "", "7", "+8", "+ 7", "+7 ", "8 ", "810", " +7"]))
    text = prefix
    for digit in digits:
        text += draw(_SEPARATORS) + digit
    return text + draw(st.sampled_from(["", "", " ", "-", ")", " доб. 12"]))


@given(written_phones())
@example("8 (8332) 00-00-32")
@example("+7 (85500) 2-00-05")
@example("+7 800 123-45-67")
@example("8 (7172) 12-34-56")
@example("+7 (930) 050-00-00")
@example("+7 (930) 005-00-00")
def test_usual_russian_phones_agree_with_phonenumbers(text: str) -> None:
    """The fast path gives exactly what phonenumbers gives, message included."""
    assert _answer(contacts.normalize_phone, text) == _answer(contacts.phonenumbers_phone, text)
    assert _answer(contacts.normalize_mobile, text) == _answer(contacts.phonenumbers_mobile, text)


@pytest.mark.parametrize("first", [str(n) for n in range(300, 1000)])
def test_every_russian_prefix_agrees_with_phonenumbers(first: str) -> None:
    for rest in ("0000000", "1234567", "5000500", "9999999"):
        for text in (f"8 ({first}) {rest[:3]}-{rest[3:5]}-{rest[5:]}", f"+7{first}{rest}"):
            assert _answer(contacts.normalize_phone, text) == _answer(
                contacts.phonenumbers_phone, text
            )
            assert _answer(contacts.normalize_mobile, text) == _answer(
                contacts.phonenumbers_mobile, text
            )


def test_phone_patterns_are_phonenumbers_own() -> None:
    """Copied from the installed metadata: an update of phonenumbers fails here first."""
    from phonenumbers import PhoneNumberFormat, format_number, parse
    from phonenumbers.data.region_RU import PHONE_METADATA_RU as russia

    assert russia.fixed_line.national_number_pattern == contacts.RU_FIXED_LINE
    assert russia.mobile.national_number_pattern == contacts.RU_MOBILE
    assert russia.general_desc.national_number_pattern == "8\\d{13}|[347-9]\\d{9}"
    assert russia.national_prefix_for_parsing == "8"
    assert russia.leading_digits == "[3489]"
    for example_number in (russia.fixed_line.example_number, russia.mobile.example_number):
        expected = format_number(parse("+7" + example_number), PhoneNumberFormat.INTERNATIONAL)
        assert contacts.normalize_phone("+7" + example_number) == expected


def test_usual_phones_do_not_need_phonenumbers() -> None:
    assert contacts.usual_russian("8 (8332) 00-00-32") == ("8332000032", False)
    assert contacts.usual_russian("+7 912 345-67-89") == ("9123456789", True)
    assert contacts.usual_russian("+7 800 123-45-67") is None  # toll-free: phonenumbers
    assert contacts.usual_russian("+7 701 123-45-67") is None  # Kazakhstan: phonenumbers
    assert contacts.usual_russian("8 912 345-67-89 доб. 12") is None


def test_email_offline_and_cyrillic_domains() -> None:
    assert contacts.normalize_email("школа@почта.рф") == "школа@почта.рф"
    assert code_of(contacts.normalize_email, "school@") == "email.invalid"


def _email_validator(text: str) -> str | None:
    """email-validator's own answer: the normalized address, or ``None`` if refused."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


# Parts biased towards the edges of the plain form: hyphens and dots at label
# ends, «--», upper case, special-use and case-insensitive names, long labels.
_EMAIL_PIECES = st.sampled_from(
    ["a", "Z", "0", "9", "-", "_", "+", ".", "..", "--", "@", "xn--p1ai", "INFO", "Info",
     "www", "test", "localhost", "arpa", "onion", "invalid", "local", "ru", "RU", "1", "x" * 63,
     "y" * 64, "é", "ш", " ", "\"", "(", "<", "~", "!", "%"]
)  # fmt: skip


@given(st.lists(_EMAIL_PIECES, max_size=12).map("".join))
@example("INFO@School.RU")
@example("a@b-.ru")
@example("a@ab--cd.ru")
@example("a@mail.test")
@example("Www@x.localhost")
@example("a.b@c.d1")
@example("a@" + "x" * 63 + "." + "y" * 63 + "." + "z" * 63 + "." + "w" * 61 + ".ru")
def test_plain_email_agrees_with_email_validator(text: str) -> None:
    """The fast path answers only where email-validator accepts, with the same form."""
    plain = contacts.plain_email(text)
    if plain is not None:
        assert plain == _email_validator(text)


@pytest.mark.parametrize(
    "text",
    ["o.ivanova@school32.kirov.ru", "INFO@School32.RU", "a_b+c-d@x-y.example.ru", "Www@mail.ru"],
)
def test_plain_email_answers_for_usual_addresses(text: str) -> None:
    assert contacts.plain_email(text) is not None
    assert contacts.normalize_email(f"  {text} ") == _email_validator(text)


def test_plain_email_names_match_email_validator() -> None:
    import email_validator
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

    assert set(contacts.SPECIAL_USE_DOMAINS) == set(email_validator.SPECIAL_USE_DOMAIN_NAMES)
    assert set(CASE_INSENSITIVE_MAILBOX_NAMES) == contacts.CASE_INSENSITIVE_MAILBOXES


@pytest.mark.parametrize(
    "name",
    [
        "Иванова Мария Петровна",
        "Петрова-Водкина Алёна Фёдоровна",
        "Мамедов Рашид Ильхам оглы",
        "Алиева Лейла Рустам кызы",
        "Ким Ольга",
        "  Орлова   Анна Игоревна ",
    ],
)
def test_good_full_names(name: str) -> None:
    assert people.check_full_name(name) == " ".join(name.split())


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Иванова", "full_name.format"),
        ("иванова мария петровна", "full_name.format"),
        ("Ivanova Maria", "full_name.format"),
        ("Oрлова Aнна", "full_name.latin"),
        ("Иванова М. П.", "full_name.initials"),
        ("Иванова Мария Петровна Сидоровна Пятая", "full_name.format"),
    ],
)
def test_bad_full_names(name: str, code: str) -> None:
    assert code_of(people.check_full_name, name) == code


def test_there_are_89_regions() -> None:
    assert len(regions.REGIONS) == len(set(regions.REGIONS)) == 89
    assert (len(regions.REPUBLICS), len(regions.KRAI), len(regions.OBLASTI)) == (24, 9, 48)


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Кировская обл.", "Кировская область"),
        ("Кировская", "Кировская область"),
        ("г. Москва", "Москва"),
        ("Татарстан", "Республика Татарстан"),
        ("Республика Татарстан (Татарстан)", "Республика Татарстан"),
        ("Респ. Коми", "Республика Коми"),
        ("ХМАО", "Ханты-Мансийский автономный округ — Югра"),
        ("Ханты-Мансийский АО — Югра", "Ханты-Мансийский автономный округ — Югра"),
        ("Чувашская Республика - Чувашия", "Чувашская Республика — Чувашия"),
        ("Санкт-Петербург", "Санкт-Петербург"),
        ("Еврейская АО", "Еврейская автономная область"),
        ("Ямало-Ненецкий АО", "Ямало-Ненецкий автономный округ"),
        ("Камчатский край", "Камчатский край"),
    ],
)
def test_region_short_forms(text: str, official: str | None) -> None:
    assert regions.match(text) == official


@given(st.sampled_from(regions.REGIONS))
def test_every_official_name_matches_itself_in_any_case(region: str) -> None:
    assert regions.match(region) == region
    assert regions.match(region.upper()) == region


def test_region_typo_suggestion() -> None:
    assert regions.match("Кировкая область") is None
    assert regions.suggest("Кировкая область") == "Кировская область"


@pytest.mark.parametrize(
    ("raw", "name"), [("5А", "5А"), ("11 б", "11Б"), ("1-в", "1В"), ("7", "7")]
)
def test_class_names(raw: str, name: str) -> None:
    assert check_class_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("5A", "class.latin_letter"),
        ("12А", "class.name"),
        ("0А", "class.name"),
        ("5Q", "class.name"),
        ("5АБ", "class.name"),
    ],
)
def test_bad_class_names(raw: str, code: str) -> None:
    assert code_of(check_class_name, raw) == code
