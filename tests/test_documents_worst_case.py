"""The order and the letter on one page in the worst realistic case (issue 9),
as LibreOffice lays them out (real soffice, pdfinfo, pdftotext).

The worst realistic case: a school named after a person with its full
municipal name (260 characters), a short name to match, the longest common
job title («советник директора по воспитанию…»), double-barrelled names and a
compound order number.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pdftools import page_count, pdf_text

from sferum_cli import documents
from sferum_cli.documents import pdf
from sferum_cli.model import School
from sferum_cli.yamlio import load as load_yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LONG_FULL_NAME = (
    "Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная "
    "школа с углублённым изучением отдельных предметов имени Героя Советского Союза "
    "Александра Матвеевича Матросова № 132» муниципального образования городского округа "
    "«Город Киров»"
)
LONG_SHORT_NAME = "МАОУ СОШ с УИОП им. А.М. Матросова № 132 г. Кирова"
LONG_POSITION = (
    "советник директора по воспитанию и взаимодействию с детскими общественными объединениями"
)
ADMINS = {
    "female": ("Соколова Елена Андреевна", "+7 912 000-00-11"),
    "double-surname": ("Петрова-Водкина Алёна Фёдоровна", "+7 917 000-12-34"),
    "double-first-name": ("Дюваль Жан-Клод Петрович", "+7 902 111-22-33"),
}


def worst_school(admin: str, phone: str, *, teachers: bool) -> School:
    data: dict[str, Any] = copy.deepcopy(load_yaml(EXAMPLES / "kirov-school-32.yaml").data)
    data["organization"].update(
        full_name=LONG_FULL_NAME,
        short_name=LONG_SHORT_NAME,
        address="610000, Кировская обл., г. Киров, ул. Профсоюзная, д. 100, корп. 2",
    )
    data["administrator"].update(full_name=admin, position=LONG_POSITION, phone=phone)
    data["director"]["full_name"] = "Римская-Корсакова Надежда Николаевна"
    data["appointment"].update(order_number="1045/01-07", letter_number="01-12/1045")
    if not teachers:
        data["teachers"], data["classes"] = [], []
    return School.model_validate(data)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Letters and orders of the worst case, converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("worst")
    paths: dict[str, Path] = {}
    for key, (admin, phone) in ADMINS.items():
        for teachers in (False, True):
            school = worst_school(admin, phone, teachers=teachers)
            suffix = "teachers" if teachers else "admin"
            for kind in ("letter", "order"):
                if kind == "letter" and teachers:
                    continue  # the letter does not depend on the teachers
                path = folder / f"{kind}-{key}-{suffix}.docx"
                path.write_bytes(documents.render(kind, school))
                paths[path.stem] = path
    pdfs = pdf.convert_many(list(paths.values()))
    return dict(zip(paths, pdfs, strict=True))


@pytest.mark.libreoffice
@pytest.mark.parametrize("admin", list(ADMINS))
def test_letter_fits_on_one_page_with_its_executor(printed: dict[str, Path], admin: str) -> None:
    path = printed[f"letter-{admin}-admin"]
    assert page_count(path) == 1
    full_name, phone = ADMINS[admin]
    lines = [flat(line) for line in pdf_text(path).splitlines() if line.strip()]
    # The executor's name and mobile number close the page, after the director's signature.
    assert lines[-2:] == [full_name, phone]
    assert any(line.startswith("Директор ") and "Н.Н. Римская-Корсакова" in line for line in lines)


@pytest.mark.libreoffice
@pytest.mark.parametrize("admin", list(ADMINS))
@pytest.mark.parametrize("teachers", [False, True], ids=["admin-only", "three-teachers"])
def test_order_fits_on_one_page(printed: dict[str, Path], admin: str, teachers: bool) -> None:
    path = printed[f"order-{admin}-{'teachers' if teachers else 'admin'}"]
    assert page_count(path) == 1
    text = flat(pdf_text(path))
    assert "Контроль за исполнением настоящего приказа оставляю за собой." in text
    assert "С приказом ознакомлен" in text
    people = 4 if teachers else 1
    assert text.count("«___» ______ 20___ г.") == people


# --- the longest values the school file allows ------------------------------------

ORG_WORDS = (
    "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
    "школа с углублённым изучением отдельных предметов имени Героя Советского Союза "
    "Александра Матвеевича Матросова № 132» муниципального образования городского округа "
    "«Город Киров» Кировской области структурное подразделение «Образовательный центр»"
)
SHORT_WORDS = "МАОУ СОШ с УИОП им. Героя Советского Союза А.М. Матросова № 132 г. Кирова"
ADDRESS_WORDS = (
    "610000, Кировская область, муниципальное образование городской округ «Город Киров», "
    "город Киров, улица Профсоюзная, дом 100, корпус 2, строение 3, помещение 4"
)
PLACE_WORDS = "муниципальное образование городской округ «Город Киров» Кировской области"
POSITION_WORDS = (
    "заместитель директора по учебно-воспитательной работе и информационно-"
    "коммуникационным технологиям"
)
# ФИО at the limit: a double-barrelled surname of 32 letters, long first name and patronymic.
LONGEST_NAME = "Великорецкая-Константинопольская Александра Вячеславовна"
LONGEST_ADMIN = "Константинопольская-Великорецкая Александра Вячеславовна"


def exactly(words: str, length: int) -> str:
    """``words`` repeated and cut to ``length`` characters (no space at either end)."""
    text = words
    while len(text) < length:
        text = f"{text} {words}"
    text = text[:length]
    return text if not text.endswith(" ") else text[:-1] + "а"


def longest_school_file(folder: Path) -> Path:
    """The Kirov example with every value the order and the letter print at its limit."""
    from sferum_cli.model_values import PRINTED_LIMITS as LIMIT

    data: dict[str, Any] = copy.deepcopy(load_yaml(EXAMPLES / "kirov-school-32.yaml").data)
    mailbox = "konstantinopolskaya.velikoretskaya.anastasiya.viktoriya"
    email = mailbox[: LIMIT["email"] - len("@example.ru")] + "@example.ru"
    data["organization"].update(
        full_name=exactly(ORG_WORDS, LIMIT["org_full_name"]),
        short_name=exactly(SHORT_WORDS, LIMIT["org_short_name"]),
        address=exactly(ADDRESS_WORDS, LIMIT["address"]),
        municipality=exactly(PLACE_WORDS, LIMIT["place"]),
        locality=exactly(PLACE_WORDS, LIMIT["place"]),
        email=email,
        website=exactly(
            "https://shkola-132-imeni-geroya-sovetskogo-soyuza-matrosova-kirov-r43."
            "gosweb.gosuslugi.ru/svedeniya",
            LIMIT["website"],
        ),
    )
    data["director"].update(
        full_name=LONGEST_NAME,
        position=exactly(
            "Временно исполняющий обязанности заместителя директора", LIMIT["director_position"]
        ),
    )
    data["administrator"].update(
        full_name=LONGEST_ADMIN,
        position=exactly(POSITION_WORDS, LIMIT["position"]),
        email=email,
    )
    data["appointment"].update(
        order_number=exactly("1045/01-07-2025/ОД-1234567890123", LIMIT["number"]),
        letter_number=exactly("01-12/1045-2025/ОД-1234567890123", LIMIT["number"]),
    )
    data["teachers"], data["classes"] = [], []
    path = folder / "longest.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.mark.libreoffice
def test_longest_allowed_values_keep_the_letter_on_one_page(
    tmp_path: Path,
) -> None:
    from sferum_cli.model_values import PRINTED_LIMITS
    from sferum_cli.validation import load_school_and_paths

    school, _ = load_school_and_paths(longest_school_file(tmp_path))
    org = school.organization
    at_limit = {
        "org_full_name": org.full_name,
        "org_short_name": org.short_name,
        "address": org.address,
        "place": org.locality,
        "position": school.administrator.position,
        "director_position": school.director.position,
        "full_name": school.director.full_name,
        "email": org.email,
        "website": org.website,
        "number": school.appointment.order_number,
    }
    assert {key: len(value or "") for key, value in at_limit.items()} == PRINTED_LIMITS
    paths = []
    for kind in ("letter", "order"):
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(documents.render(kind, school))
        paths.append(path)
    letter, order = pdf.convert_many(paths)
    # The letter is one page, as its help promises, with the executor at its foot.
    assert page_count(letter) == 1
    lines = [flat(line) for line in pdf_text(letter).splitlines() if line.strip()]
    assert lines[-2:] == [school.administrator.full_name, school.administrator.phone]
    # The order and its signature stay on the first page; only the acquaintance
    # list may go on to a second one (as with many teachers).
    assert page_count(order) <= 2
    first_page = flat(pdf_text(order).split("\f")[0])
    assert "Контроль за исполнением настоящего приказа оставляю за собой." in first_page
    # The director's «И.О. Фамилия», wrapped at the surname's hyphen if at all.
    assert re.search(r"А\.В\. Великорецкая-(?: \S+)*? ?Константинопольская\b", first_page)


@pytest.mark.parametrize(
    ("key", "limit_key"),
    [
        (("organization", "full_name"), "org_full_name"),
        (("organization", "short_name"), "org_short_name"),
        (("organization", "address"), "address"),
        (("organization", "website"), "website"),
        (("administrator", "position"), "position"),
        (("director", "position"), "director_position"),
        (("appointment", "order_number"), "number"),
    ],
)
def test_one_character_more_is_refused_with_the_limit_in_russian(
    tmp_path: Path, key: tuple[str, str], limit_key: str
) -> None:
    from sferum_cli import validation
    from sferum_cli.model_values import PRINTED_LIMITS

    path = longest_school_file(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    section, name = key
    data[section][name] = data[section][name] + "я"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    result = validation.check(path)
    (error,) = result.errors
    limit = PRINTED_LIMITS[limit_key]
    assert error.path == key
    assert error.code == "too_long"
    assert error.message == (
        f"слишком длинное значение: можно не больше {limit} символов, а здесь {limit + 1}"
    )
