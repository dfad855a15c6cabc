"""The order and the letter on one page in the worst realistic case (issue 9),
as LibreOffice lays them out (real soffice, pdfinfo, pdftotext).

The worst realistic case: a school named after a person with its full
municipal name (260 characters), a short name to match, the longest common
job title («советник директора по воспитанию…»), double-barrelled names and a
compound order number.
"""

from __future__ import annotations

import copy
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
