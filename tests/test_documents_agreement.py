"""The documents `build` writes for one school agree with each other (issue 9).

A director signs the order, the letter and the Положение together and the
administrator sends the e-mail with the letter's scan: the order's number and
date, the administrator's name and mobile number and the director's initials
must be the same in every one of them, and each must be the one in the school
file.  Read from what `build` writes (DOCX through python-docx, texts as they are).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# What the school file says, written out by hand (not computed by the code under test).
EXPECTED: dict[str, dict[str, str]] = {
    "kirov-school-32": {
        "order_number": "194",
        "order_date": "21.08.2023",
        "order_date_words": "21 августа 2023 г.",
        "letter_heading": "22.08.2023 № 01-12/345",
        "admin": "Мельник Ольга Викторовна",
        "admin_genitive": "Мельник Ольгу Викторовну",
        "admin_initials": "О.В. Мельник",
        "admin_position": "учитель информатики",
        "admin_phone": "+7 912 345-67-89",
        "admin_email": "o.melnik@example.ru",
        "director": "Лебедева Светлана Юрьевна",
        "director_initials": "С.Ю. Лебедева",
        "short_name": "МБОУ СОШ с УИОП № 32 г. Кирова",
    },
    "tatarstan-rural-school": {
        "order_number": "181-О",
        "order_date": "01.09.2025",
        "order_date_words": "1 сентября 2025 г.",
        "letter_heading": "01.09.2025 № ____________",
        "admin": "Петрова-Водкина Алёна Фёдоровна",
        "admin_genitive": "Петрову-Водкину Алёну Фёдоровну",
        "admin_initials": "А.Ф. Петрова-Водкина",
        "admin_position": "заместитель директора по учебно-воспитательной работе",
        "admin_phone": "+7 917 000-12-34",
        "admin_email": "alena.pv@example.ru",
        "director": "Крымский Лев Ильич",
        "director_initials": "Л.И. Крымский",
        "short_name": "МБОУ «Берёзовская ООШ»",
    },
}
# A mobile number as the documents print it.
MOBILE = re.compile(r"\+7 9\d\d \d\d\d-\d\d-\d\d")


def flat(text: str) -> str:
    """One line, non-breaking spaces and hyphens read as plain ones."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def docx_text(path: Path) -> str:
    import docx

    parts: list[str] = []

    def walk(container: object) -> None:  # paragraphs and table cells in reading order
        for block in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                parts.append(block.text)

    walk(docx.Document(io.BytesIO(path.read_bytes())))
    return flat("\n".join(parts))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Every text `build` writes for both examples: ``school → file → flat text``."""
    from typer.testing import CliRunner

    from sferum_cli.cli import app

    out = tmp_path_factory.mktemp("built")
    schools = [str(EXAMPLES / f"{name}.yaml") for name in EXPECTED]
    result = CliRunner().invoke(app, ["build", *schools, "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    texts: dict[str, dict[str, str]] = {}
    for name in EXPECTED:
        folder = out / name
        texts[name] = {
            "order": docx_text(folder / "prikaz.docx"),
            "letter": docx_text(folder / "pismo.docx"),
            "policy": docx_text(folder / "polozhenie.docx"),
            "email": flat((folder / "pismo-zayavka.txt").read_text(encoding="utf-8")),
            "questionnaire": flat((folder / "anketa.txt").read_text(encoding="utf-8")),
            "checklist": flat((folder / "checklist-admin.md").read_text(encoding="utf-8")),
        }
    return texts


@pytest.mark.parametrize("school", list(EXPECTED))
def test_every_document_cites_the_same_order(built: dict[str, dict[str, str]], school: str) -> None:
    texts, want = built[school], EXPECTED[school]
    number, date = want["order_number"], want["order_date"]
    # The order itself: date and number under «ПРИКАЗ».
    header = re.search(r"ПРИКАЗ .*?(\d\d\.\d\d\.\d{4}) № (\S+)", texts["order"])
    assert header and header.groups() == (date, number), texts["order"][:300]
    # The Положение is approved by it (no separate approval order in the examples)…
    approval = re.search(r"УТВЕРЖДЕНО приказом директора .+? от (\S+) № (\S+)", texts["policy"])
    assert approval and approval.groups() == (date, number)
    # …so the order approves the Положение.
    assert "Утвердить Положение об использовании ИКОП «Сферум»" in texts["order"]
    # The letter and the e-mail tell Сферум the same order.
    assert f"приказом от {date} № {number} администратором" in texts["letter"]
    assert f"Приказом от {want['order_date_words']} № {number} администратором" in texts["email"]
    assert f"приказ от {date} № {number}" in texts["checklist"]
    assert want["letter_heading"] in texts["letter"]
    # No other order number is cited anywhere.
    for kind in ("letter", "email"):
        cited = re.findall(r"[Пп]риказом от .+? № (\S+?) администратором", texts[kind])
        assert cited == [number], (kind, cited)


@pytest.mark.parametrize("school", list(EXPECTED))
def test_every_document_names_the_same_administrator(
    built: dict[str, dict[str, str]], school: str
) -> None:
    texts, want = built[school], EXPECTED[school]
    phone = want["admin_phone"]
    assert f"Назначить {want['admin_genitive']}, " in texts["order"]
    assert want["admin_initials"] in texts["order"]  # «С приказом ознакомлены»
    assert f"назначена {want['admin']}, {want['admin_position']}" in texts["letter"]
    assert f"(номер мобильного телефона: {phone})." in texts["letter"]
    assert f"назначена {want['admin']}, {want['admin_position']}." in texts["email"]
    assert f"ФИО: {want['admin']}" in texts["email"]
    assert f"Администратор: {want['admin']}" in texts["questionnaire"]
    assert f"Электронная почта администратора: {want['admin_email']}" in texts["questionnaire"]
    assert want["admin_email"] in texts["letter"]
    # One mobile number, the administrator's, wherever one is printed.
    for kind in ("letter", "email", "questionnaire", "checklist"):
        assert set(MOBILE.findall(texts[kind])) == {phone}, kind
    # The Положение outlives her: no name, no phone.
    assert want["admin"].split()[0] not in texts["policy"]
    assert not MOBILE.search(texts["policy"])


@pytest.mark.parametrize("school", list(EXPECTED))
def test_every_document_names_the_same_director_and_school(
    built: dict[str, dict[str, str]], school: str
) -> None:
    texts, want = built[school], EXPECTED[school]
    for kind in ("order", "letter"):
        signature = re.search(r"Директор ______________ (\S+ \S+)", texts[kind])
        assert signature and signature.group(1) == want["director_initials"], kind
    assert f"Руководитель: {want['director']}" in texts["questionnaire"]
    short = want["short_name"]
    for kind in ("order", "letter", "policy", "email", "questionnaire", "checklist"):
        assert short in texts[kind], kind
    assert f"УТВЕРЖДЕНО приказом директора {short} от" in texts["policy"]


# --- the order is acknowledged by the teachers the checklist follows ------------

ROSTER = (
    "ФИО;Должность;Классы;Статус\n"
    "Кузьмич Анна Сергеевна;учитель начальных классов;1А;подтверждена\n"
    "Шевченко Игорь Петрович;учитель математики;5А;\n"
    "Черных Любовь Андреевна;учитель русского языка и литературы;11Б;\n"
    "Соловьёва Дарья Олеговна;учитель английского языка;;\n"
    "Громов Павел Ильич;учитель физической культуры;;\n"
)
# Only in the roster; and only in teachers: of the school file, which the roster replaces.
ROSTER_ONLY = {
    "Д.О. Соловьёва": "Учитель английского языка",
    "П.И. Громов": "Учитель физической культуры",
}
YAML_ONLY = "Н.П. Зуева"


@pytest.fixture
def roster_school(tmp_path: Path) -> Path:
    """The Kirov example with a roster (``teachers_roster``) beside it."""
    text = (EXAMPLES / "kirov-school-32.yaml").read_text(encoding="utf-8")
    yaml_only = "  - full_name: Зуева Нина Павловна\n    position: учитель химии\n"
    text = text.replace("\nteachers:\n", "\nteachers_roster: uchitelya.csv\n\nteachers:\n", 1)
    text = text.replace("\npolicy:\n", f"\n{yaml_only}\npolicy:\n", 1)
    (tmp_path / "school.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "uchitelya.csv").write_text(ROSTER, encoding="utf-8-sig")
    return tmp_path / "school.yaml"


def acquainted(order: str) -> list[str]:
    """The initials and surnames of the order's «С приказом ознакомлены» list."""
    rows = order.partition("С приказом ознакомлены:")[2]
    return re.findall(r"(?<!\S)[А-ЯЁ]\.[А-ЯЁ]\. [А-ЯЁ][а-яё-]+", rows)


def test_order_lists_the_teachers_of_the_roster_like_the_checklist(
    roster_school: Path, tmp_path: Path
) -> None:
    """One school, two outputs of `build`: the order's list and the teachers'
    checklist name the same teachers — the roster's, not the replaced teachers:."""
    from typer.testing import CliRunner

    from sferum_cli.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(roster_school), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    order = docx_text(out / "school" / "prikaz.docx")
    checklist = (out / "school" / "checklist-teachers.md").read_text(encoding="utf-8")
    listed = acquainted(order)
    teachers = checklist.partition("## Учителя")[2]
    in_checklist = re.findall(r"^- \[[ x]\] (\S+) (\S)\S* (\S)\S* —", teachers, re.M)
    checked = [f"{first}.{middle}. {surname}" for surname, first, middle in in_checklist]
    assert listed[0] == "О.В. Мельник"  # the administrator, who is not a teacher here
    assert listed[1:] == checked
    assert set(ROSTER_ONLY) <= set(listed)
    assert YAML_ONLY not in listed and YAML_ONLY not in checked
    for initials, position in ROSTER_ONLY.items():
        assert f"{position} _______ {initials} «___» ______ 20___ г." in order


def test_order_command_reads_the_roster_of_the_school_file(
    roster_school: Path, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from sferum_cli.cli import app
    from sferum_cli.grammar import initials_surname

    runner = CliRunner()
    target = tmp_path / "prikaz.docx"
    result = runner.invoke(app, ["order", str(roster_school), "-o", str(target)])
    assert result.exit_code == 0, result.output
    checklist = runner.invoke(
        app, ["checklist", "teachers", str(roster_school), "--format", "json"]
    )
    assert checklist.exit_code == 0, checklist.output
    names = [initials_surname(p["name"]) for p in json.loads(checklist.output)["people"]]
    assert acquainted(docx_text(target))[1:] == names
