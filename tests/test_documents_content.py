"""What the order, the letter and the Положение say (issue 9): the documents
agree with each other, bind the people they name, and carry no stale or
ungendered wording.  Checked on the DOCX text and, where layout matters,
through LibreOffice → PDF → pdftotext."""

from __future__ import annotations

import copy
import io
import json
import re
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pdftools import page_count, pdf_text

from sferum_cli import documents
from sferum_cli.documents import pdf
from sferum_cli.documents.kinds import KINDS
from sferum_cli.model import School
from sferum_cli.onboarding import handouts
from sferum_cli.yamlio import load as load_yaml


def docx_text(data: bytes) -> str:
    """Paragraphs of the body and of its tables' cells, one per line, in order."""
    import docx

    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(docx.Document(io.BytesIO(data)))
    # Non-breaking spaces (the renderer binds «№ 194», «О.В. Мельник»…) read as spaces.
    return "\n".join(lines).replace("\u00a0", " ")


def school_data(path: Path) -> dict[str, Any]:
    return json.loads(json.dumps(load_yaml(path).data))  # type: ignore[no-any-return]


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KIROV = school_data(EXAMPLES / "kirov-school-32.yaml")
TATARSTAN = school_data(EXAMPLES / "tatarstan-rural-school.yaml")


def _school(base: dict[str, Any], **sections: dict[str, Any]) -> School:
    data = copy.deepcopy(base)
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    return School.model_validate(data)


def _one_line(text: str) -> str:
    """Text with line breaks, hyphenation-free wrapping and NBSPs flattened."""
    return " ".join(text.replace("\u00a0", " ").split())


# --- the order approves the Положение that cites it -----------------------------

OTHER_ORDER = {"approval_order_number": "195-ОД", "approval_order_date": "2023-08-25"}
APPROVAL_ITEM = re.compile(
    r"\d+\. Утвердить Положение об использовании ИКОП «Сферум» в (.+?) \(приложение\)\."
)


def _order_header(order: str) -> tuple[str, str]:
    """(date, number) printed under «ПРИКАЗ»."""
    match = re.search(r"ПРИКАЗ\s+(\d\d\.\d\d\.\d{4})\s+№\s*(\S+)", order)
    assert match, order[:400]
    return match.group(1), match.group(2)


def _policy_approval(policy: str) -> tuple[str, str]:
    """(date, number) of the order in the Положение's «УТВЕРЖДЕНО» block."""
    match = re.search(
        r"УТВЕРЖДЕНО\s+приказом .+?\s+от (\d\d\.\d\d\.\d{4})\s+№\s*(\S+)", policy, re.S
    )
    assert match, policy[:600]
    return match.group(1), match.group(2)


def _assert_pair_agrees(order: str, policy: str) -> bool:
    """The order carries the approval item exactly when the Положение cites it."""
    flat_order, flat_policy = _one_line(order), _one_line(policy)
    cited_here = _policy_approval(flat_policy) == _order_header(flat_order)
    items = APPROVAL_ITEM.findall(flat_order)
    assert len(items) == (1 if cited_here else 0), (cited_here, items)
    if cited_here:
        # The item names the Положение as its title does.
        assert f"платформы «Сферум» в {items[0]} 1. Общие положения" in flat_policy
    # Items are numbered 1, 2, 3… without a gap.
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\. [А-ЯЁ]", order, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3, numbers
    return cited_here


@pytest.mark.parametrize("base", [KIROV, TATARSTAN], ids=["kirov", "tatarstan"])
@pytest.mark.parametrize(
    ("policy", "approved_by_appointment"),
    [
        ({}, True),
        ({"approval_order_number": None, "approval_order_date": None}, True),
        # Naming the appointment order itself is the same as leaving it empty.
        ({"approval_order_number": "same", "approval_order_date": "same"}, True),
        (OTHER_ORDER, False),
        # Same number, another date: another order.
        ({"approval_order_date": "2025-09-05"}, False),
    ],
    ids=["default", "empty", "explicit-same", "other-order", "other-date"],
)
def test_order_and_policy_agree_on_who_approves_the_policy(
    base: dict[str, Any], policy: dict[str, Any], approved_by_appointment: bool
) -> None:
    values = dict(policy)
    if values.get("approval_order_number") == "same":
        values["approval_order_number"] = base["appointment"]["order_number"]
        values["approval_order_date"] = base["appointment"]["order_date"]
    school = _school(base, policy=values)
    order = docx_text(documents.render("order", school))
    policy_text = docx_text(documents.render("policy", school))
    assert _assert_pair_agrees(order, policy_text) is approved_by_appointment
    if approved_by_appointment:
        assert "2. Утвердить Положение об использовании ИКОП «Сферум»" in order
        assert "4. Контроль за исполнением настоящего приказа оставляю за собой." in order
    else:
        assert "Утвердить Положение" not in order
        assert "3. Контроль за исполнением настоящего приказа оставляю за собой." in order


@pytest.mark.libreoffice
def test_order_and_policy_agree_in_the_printed_pdf(tmp_path: Path) -> None:
    cases = {"default": _school(KIROV), "other": _school(KIROV, policy=OTHER_ORDER)}
    paths = []
    for name, school in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "order.docx").write_bytes(documents.render("order", school))
        (folder / "policy.docx").write_bytes(documents.render("policy", school))
        paths += [folder / "order.docx", folder / "policy.docx"]
    pdfs = pdf.convert_many(paths)
    # Without -layout, pdftotext reads the two columns of «СОГЛАСОВАНО /
    # УТВЕРЖДЕНО» one after the other.
    texts = [pdf_text(p, layout=False) for p in pdfs]
    verdicts = [_assert_pair_agrees(texts[i], texts[i + 1]) for i in (0, 2)]
    assert verdicts == [True, False]
    assert "приказом директора МБОУ СОШ с УИОП № 32 г. Кирова от 25.08.2023 № 195-ОД" in (
        _one_line(texts[3])
    )


# --- who signs that they have read the order -----------------------------------


def _acquainted(order: str) -> tuple[str, list[str]]:
    """The heading word and the lines after «С приказом …:»."""
    _, _, rest = order.partition("С приказом ")
    assert rest, order
    verb, _, rows = rest.partition(":")
    return verb, [line for line in rows.splitlines() if line.strip()]


def test_everyone_the_order_binds_signs_it() -> None:
    order = docx_text(documents.render("order", _school(KIROV)))
    verb, rows = _acquainted(order)
    assert verb == "ознакомлены"
    # Administrator first, then the teachers in file order; each with a blank
    # for the signature and one for the date.
    people = [
        ("Учитель информатики", "О.В. Мельник"),
        ("Учитель начальных классов", "А.С. Кузьмич"),
        ("Учитель математики", "И.П. Шевченко"),
        ("Учитель русского языка и литературы", "Л.А. Черных"),
    ]
    expected: list[str] = []
    for position, initials in people:
        expected += [position, "_______", initials, "«___» ______ 20___ г."]
    assert rows == expected


def test_class_teachers_sign_too_and_nobody_twice() -> None:
    data = copy.deepcopy(TATARSTAN)
    data["teachers"] = [
        # The administrator and the director also teach: they are not listed again.
        {"full_name": "Петрова-Водкина Алёна Фёдоровна", "position": "учитель истории"},
        {"full_name": "Крымский Лев Ильич", "position": "учитель физики"},
        {"full_name": "Ким Ольга Сергеевна", "position": "учитель начальных классов"},
    ]
    data["classes"].append({"name": "8А", "teacher": "Мамедов Рашид Ильхам оглы"})
    order = docx_text(documents.render("order", School.model_validate(data)))
    verb, rows = _acquainted(order)
    assert verb == "ознакомлены"
    names = [row for row in rows if re.fullmatch(r"[А-ЯЁ]\.[А-ЯЁ]\. \S+", row)]
    assert names == ["А.Ф. Петрова-Водкина", "О.С. Ким", "Р.И. Мамедов"]
    assert "Учитель начальных классов" in rows  # the position from teachers: wins
    assert "Классный руководитель 7А, 8А классов" in rows
    assert "Л.И. Крымский" not in rows


@pytest.mark.parametrize(
    ("full_name", "gender", "verb"),
    [
        ("Петрова-Водкина Алёна Фёдоровна", None, "ознакомлена"),
        ("Петров Алексей Фёдорович", None, "ознакомлен"),
        ("Ким Саша", "female", "ознакомлена"),
        ("Ким Саша", "male", "ознакомлен"),
    ],
)
def test_one_person_gets_the_gendered_heading(
    full_name: str, gender: str | None, verb: str
) -> None:
    data = copy.deepcopy(TATARSTAN)
    data["classes"] = []
    data["administrator"].update(full_name=full_name, gender=gender)
    order = docx_text(documents.render("order", School.model_validate(data)))
    assert _acquainted(order)[0] == verb
    assert f"С приказом {verb}:" in order


SURNAMES = [
    ("Абрамов", "Абрамова"),
    ("Белов", "Белова"),
    ("Воронцов", "Воронцова"),
    ("Гусев", "Гусева"),
    ("Данилов", "Данилова"),
    ("Ершов", "Ершова"),
    ("Жуков", "Жукова"),
    ("Зайцев", "Зайцева"),
    ("Ильин", "Ильина"),
    ("Калинин", "Калинина"),
]
FIRST = [("Андрей", "Анна"), ("Борис", "Вера"), ("Глеб", "Дарья"), ("Егор", "Елена")]
PATRONYMIC = [("Олегович", "Олеговна"), ("Петрович", "Петровна")]
POSITIONS = [
    "учитель начальных классов",
    "учитель математики",
    "учитель русского языка и литературы",
    "учитель физической культуры",
    "педагог-психолог",
    "учитель-логопед",
    "учитель иностранного языка (английский язык)",
    "педагог дополнительного образования",
]


def _forty_teachers() -> list[dict[str, str]]:
    teachers = []
    for i in range(40):
        sex = i % 2
        surname = SURNAMES[i % 10][sex]
        first = FIRST[(i // 10) % 4][sex]
        patronymic = PATRONYMIC[(i // 5) % 2][sex]
        teachers.append(
            {
                "full_name": f"{surname} {first} {patronymic}",
                "position": POSITIONS[i % len(POSITIONS)],
            }
        )
    assert len({t["full_name"] for t in teachers}) == 40
    return teachers


@pytest.mark.libreoffice
def test_forty_teachers_fit_on_two_readable_pages(tmp_path: Path) -> None:
    data = copy.deepcopy(KIROV)
    data["teachers"] = _forty_teachers()
    data["classes"] = []
    school = School.model_validate(data)
    docx_path = tmp_path / "order.docx"
    docx_path.write_bytes(documents.render("order", school))
    (pdf_path,) = pdf.convert_many([docx_path])
    assert page_count(pdf_path) == 2
    text = pdf_text(pdf_path)
    first_page = text.split("\f")[0]
    # The order itself and the director's signature stay on the first page.
    assert "Контроль за исполнением настоящего приказа" in first_page
    assert "С.Ю. Лебедева" in first_page
    from sferum_cli.grammar import initials_surname

    expected = ["О.В. Мельник"] + [initials_surname(t["full_name"]) for t in data["teachers"]]
    lines = text.splitlines()
    found = []
    for initials in expected:
        # Each person on one line of its own with the signature and date blanks.
        alone = re.compile(rf"(?<!\S){re.escape(initials)}(?!\S)")
        (line,) = [line for line in lines if alone.search(line)]
        assert re.search(r"_{5,}\s*" + re.escape(initials) + r"\s+«___» ______ 20___ г\.", line)
        found.append(initials)
    assert found == expected and len(found) == 41
    # In the order of the file.
    positions = [text.index(initials) for initials in expected]
    assert positions == sorted(positions)


# --- the Положение does not name today's administrator ---------------------------


@pytest.mark.parametrize("base", [KIROV, TATARSTAN], ids=["kirov", "tatarstan"])
def test_policy_refers_to_the_office_not_the_person(base: dict[str, Any]) -> None:
    school = _school(base)
    text = docx_text(documents.render("policy", school))
    full_name = school.administrator.full_name
    surname, first, *_ = full_name.split()
    for word in {surname, *surname.split("-"), first}:
        assert word not in text
    assert school.administrator.position not in text
    assert school.administrator.phone not in text
    office = "администратор ИКОП «Сферум» (далее — администратор), назначенный приказом директора"
    assert office in text
    assert "8.1. Вопросы по работе платформы в организации решает администратор, назначенный " in (
        text
    )


# --- the Положение introduces each term before it uses it ------------------------

_DEFINITION = re.compile(r"\(далее — ([^()]*)\)")


def _term_pattern(term: str) -> re.Pattern[str]:
    """The term in any case form: «администратор» also matches «администратору»,
    «платформа» «платформы», «организация» «организацией»."""
    stem = term[:-1] if " " not in term and term[-1] in "аяь" else term
    stem = stem[:-1] if stem.endswith("и") and term.endswith("ия") else stem
    return re.compile(rf"(?<!\w){re.escape(stem)}", re.IGNORECASE)


@pytest.mark.parametrize(
    "base",
    [KIROV, TATARSTAN, {**KIROV, "organization": {**KIROV["organization"], "type": "college"}}],
    ids=["kirov", "tatarstan", "college"],
)
def test_policy_defines_each_term_before_using_it(base: dict[str, Any]) -> None:
    text = docx_text(documents.render("policy", _school(base)))
    # The body: the title block names the platform in full before «1. Общие положения».
    body = [line for line in text.split("\n1. Общие положения\n", 1)[1].splitlines() if line]
    definitions = {
        term: index
        for index, line in enumerate(body)
        for found in _DEFINITION.finditer(line)
        for term in found.group(1).split(", ")
    }
    assert "администратор" in definitions and "платформа" in definitions, definitions
    for term, defined_in in definitions.items():
        pattern = _term_pattern(term)
        used = [index for index, line in enumerate(body) if pattern.search(line)]
        assert used[0] == defined_in, (
            f"«{term}» is used in «{body[used[0]][:60]}…» before it is defined in "
            f"«{body[defined_in][:60]}…»"
        )


# --- exact wording --------------------------------------------------------------


def test_letter_wording() -> None:
    letter = docx_text(documents.render("letter", _school(KIROV)))
    lines = letter.splitlines()
    assert "Служба поддержки" in lines
    assert "В службу поддержки" not in letter
    assert (
        "назначена Мельник Ольга Викторовна, учитель информатики "
        "(номер мобильного телефона: +7 912 345-67-89)." in _one_line(letter)
    )


def test_order_item_1_3_wording() -> None:
    order = docx_text(documents.render("order", _school(KIROV)))
    assert (
        "1.3. подтверждать на платформе работников организации и оказывать педагогическим "
        "работникам помощь в подтверждении роли «учитель»;" in order
    )


def test_policy_wording() -> None:
    text = docx_text(documents.render("policy", _school(KIROV)))
    assert (
        "К письму прилагается документ о назначении администратора за подписью руководителя, "
        "заверенный печатью, с указанием фамилии, имени, отчества и номера мобильного "
        "телефона администратора." in text
    )
    assert "государственн" not in text.split("1.4.")[0].split("1.3.")[1]
    assert (
        "9.1. Положение вступает в силу со дня утверждения приказом директора и действует "
        "до принятия нового положения или его отмены." in text
    )


# --- no «(а)» where the gender is known -------------------------------------------

UNGENDERED = re.compile(r"[а-яё]\((?:а|ла|на|ен)\)|\(а\)")


@pytest.mark.parametrize("base", [KIROV, TATARSTAN], ids=["kirov", "tatarstan"])
@pytest.mark.parametrize("admin_gender", ["female", "male"])
@pytest.mark.parametrize("teachers", [False, True], ids=["admin-only", "with-teachers"])
def test_no_ungendered_forms_in_any_document(
    base: dict[str, Any], admin_gender: str, teachers: bool
) -> None:
    data = copy.deepcopy(base)
    data["administrator"]["gender"] = admin_gender
    if not teachers:
        data["teachers"], data["classes"] = [], []
    school = School.model_validate(data)
    texts = {kind: docx_text(render(school)) for kind, render in _RENDER.items()}
    for school_class in school.classes:
        texts[f"handout {school_class.name}"] = docx_text(
            handouts.render_class(school, school_class)
        )
    for name, text in texts.items():
        assert not UNGENDERED.search(text), (name, UNGENDERED.search(text))


_RENDER = {kind.name: partial(documents.render, kind.name) for kind in KINDS}


# --- handouts say only what is printed ------------------------------------------


def test_handout_with_link_mentions_the_qr_code() -> None:
    school = _school(KIROV)
    five_a = next(c for c in school.classes if c.name == "5А")
    text = docx_text(handouts.render_class(school, five_a))
    assert "1. Откройте ссылку класса или наведите камеру телефона на QR-код." in text
    assert "классного руководителя" not in text.split("Ученику")[1].split("Родителю")[0]


@pytest.mark.parametrize("grade_name", ["11Б", "2А"])
def test_handout_without_link_says_how_to_get_it(grade_name: str) -> None:
    data = copy.deepcopy(KIROV)
    data["classes"].append({"name": "2А", "teacher": "Кузьмич Анна Сергеевна"})
    school = School.model_validate(data)
    school_class = next(c for c in school.classes if c.name == grade_name)
    assert school_class.invite_link is None
    text = docx_text(handouts.render_class(school, school_class))
    assert "QR" not in text and "камер" not in text
    assert (
        "1. Узнайте ссылку-приглашение класса у классного руководителя, впишите её в поле "
        "выше и откройте в браузере телефона" in text
    )
    if grade_name == "2А":
        assert "откройте в браузере телефона — вместе с родителем." in text


def test_approval_date_without_number_is_reported(tmp_path: Path) -> None:
    import datetime as dt

    from sferum_cli.validation import check

    text = (EXAMPLES / "kirov-school-32.yaml").read_text(encoding="utf-8")
    text = text.replace("policy:\n", "policy:\n  approval_order_date: 2023-08-25\n")
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(path, today=dt.date(2026, 1, 1))
    (warning,) = [p for p in result.problems if p.code.startswith("policy.")]
    assert warning.code == "policy.approval_order_without_number"
    assert warning.severity == "warning" and "(194)" in warning.message
    line = text.splitlines().index("  approval_order_date: 2023-08-25") + 1
    assert warning.location.line == line
    # The documents still agree with each other: the order does not approve it.
    assert result.school is not None
    order = docx_text(documents.render("order", result.school))
    policy = docx_text(documents.render("policy", result.school))
    assert _assert_pair_agrees(order, policy) is False
