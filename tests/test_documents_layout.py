"""The printed layout of the documents, as LibreOffice lays them out (real soffice, pdftotext).

* groups that must not break across lines (phone numbers, «№ 194», dates in
  words, «г. Киров», initials with the surname, «(далее — …)») stand on one
  line for synthetic schools whose names and positions shift the text by a
  few letters each, so that some group falls at a line end;
* the order and the letter fit on one page in the worst realistic case;
* the Положение numbers its pages from the second, top centre;
* no heading of the Положение is left at the foot of a page without its text.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import docx
import pytest
from pdftools import page_count, pdf_pages

from sferum_cli import documents
from sferum_cli.documents import pdf
from sferum_cli.documents.kinds import KINDS
from sferum_cli.documents.typography import NBHY, NBSP
from sferum_cli.model import School
from sferum_cli.yamlio import load as load_yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# A real job title (профстандарт «Советник директора по воспитанию…»).
LONG_POSITION = (
    "советник директора по воспитанию и взаимодействию с детскими общественными объединениями"
)


def example_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(EXAMPLES / f"{name}.yaml").data
    return copy.deepcopy(data)


def one_line(text: str) -> str:
    """A printed line with its justification spaces collapsed."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def squeezed(text: str) -> str:
    # pdftotext reads a narrow space as none («№7» for «№ 7» in a right-aligned
    # cell): groups are compared without their spaces.
    return re.sub(r"\s+", "", text)


def docx_lines(data: bytes) -> list[str]:
    """The paragraphs of a DOCX (body and table cells) as read aloud."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [
        p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
    ]
    return [one_line(line) for line in lines]


def convert(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Write ``name → DOCX bytes`` into ``folder`` and convert them all in one soffice run."""
    paths = []
    for name, data in files.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    return dict(zip(files, pdf.convert_many(paths), strict=True))


# --- 1. groups that must not break -------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A synthetic school: the example of Татарстан with other people and numbers."""

    admin: str
    position: str
    phone: str
    director: str
    order_number: str
    locality: str

    def school(self) -> School:
        data = example_data("tatarstan-rural-school")
        data["administrator"].update(full_name=self.admin, position=self.position, phone=self.phone)
        data["director"]["full_name"] = self.director
        data["appointment"]["order_number"] = self.order_number
        data["organization"]["locality"] = self.locality
        return School.model_validate(data)


# Positions of many lengths shift the phone, the date and the initials along
# the line (the step is shorter than each group), so without binding some
# group is bound to fall at a line end: test_the_variants_do_break_unbound
# keeps that true.
VARIANTS = [
    Variant(*fields)
    for fields in [
        (
            "Ким Ольга Сергеевна",
            "учитель",
            "+7 917 000-12-34",
            "Крымский Лев Ильич",
            "194",
            "г. Киров",
        ),
        (
            "Ли Анна Игоревна",
            "учитель информатики",
            "+7 912 345-67-89",
            "Ким Ян Ильич",
            "181-О",
            "с. Берёзовка",
        ),
        (
            "Петрова-Водкина Алёна Фёдоровна",
            "социальный педагог",
            "+7 902 111-22-33",
            "Римская-Корсакова Надежда Николаевна",
            "12-лс",
            "пгт Уруссу",
        ),
        (
            "Мельник Ольга Викторовна",
            "заведующий библиотекой",
            "+7 999 765-43-21",
            "Лебедева Светлана Юрьевна",
            "1045/01-07",
            "г. Набережные Челны",
        ),
        (
            "Салтыков-Щедрин Михаил Евграфович",
            "учитель математики и информатики",
            "+7 917 000-12-34",
            "Ахметов Ильдар Рустемович",
            "7",
            "д. Малые Ключи",
        ),
        (
            "Иванова Мария Петровна",
            "заместитель директора по УВР",
            "+7 912 345-67-89",
            "Крымский Лев Ильич",
            "194",
            "г. Киров",
        ),
        (
            "Гарипова Гульназ Ринатовна",
            "педагог-организатор",
            "+7 902 111-22-33",
            "Ким Ян Ильич",
            "181-О",
            "с. Берёзовка",
        ),
        (
            "Соколова Елена Андреевна",
            "заместитель директора по учебно-воспитательной работе",
            "+7 999 765-43-21",
            "Лебедева Светлана Юрьевна",
            "12-лс",
            "г. Киров",
        ),
        (
            "Никитин Пётр Сергеевич",
            "учитель физической культуры",
            "+7 917 000-12-34",
            "Римская-Корсакова Надежда Николаевна",
            "1045/01-07",
            "пгт Уруссу",
        ),
        (
            "Ахметова Диляра Маратовна",
            LONG_POSITION,
            "+7 912 345-67-89",
            "Ахметов Ильдар Рустемович",
            "7",
            "г. Киров",
        ),
        (
            "Орлова Вера Павловна",
            "учитель начальных классов",
            "+7 902 111-22-33",
            "Крымский Лев Ильич",
            "194",
            "д. Малые Ключи",
        ),
        (
            "Зайцев Олег Игоревич",
            "методист",
            "+7 999 765-43-21",
            "Ким Ян Ильич",
            "181-О",
            "г. Набережные Челны",
        ),
    ]
]
POLICY_VARIANTS = (1, 2, 9)


def groups(school: School) -> list[str]:
    """The groups of ``school`` that must each stand on one printed line."""
    from sferum_cli import grammar
    from sferum_cli.documents import context

    data = context.build(school)
    return [
        school.administrator.phone,
        f"№ {school.appointment.order_number}",
        grammar.date_words(school.appointment.order_date),
        school.organization.locality or "",
        data["director"]["initials"],
        data["admin"]["initials"],
        "(далее — ИКОП «Сферум»",
    ]


def unbind(data: bytes) -> bytes:
    """The DOCX as it would be without binding: ordinary spaces and hyphens."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "word/document.xml":
                xml = member.decode("utf-8").replace(NBSP, " ").replace(NBHY, "-")
                xml = xml.replace('</w:t><w:noBreakHyphen/><w:t xml:space="preserve">', "-")
                member = xml.encode("utf-8")
            target.writestr(info, member)
    return out.getvalue()


RENDER: dict[str, Callable[[School], bytes]] = {
    kind.name: partial(documents.render, kind.name) for kind in KINDS
}


def documents_to_check() -> list[tuple[int, str]]:
    cases = [(i, kind) for i in range(len(VARIANTS)) for kind in ("letter", "order")]
    return cases + [(i, "policy") for i in POLICY_VARIANTS]


@pytest.fixture(scope="module")
def bound_and_unbound(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, Path]]:
    """Every checked document, bound and unbound, converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("groups")
    files: dict[str, bytes] = {}
    for i, kind in documents_to_check():
        data = RENDER[kind](VARIANTS[i].school())
        files[f"{i}-{kind}"] = data
        if kind != "policy":
            files[f"{i}-{kind}-unbound"] = unbind(data)
    pdfs = convert(files, folder)
    return {name: (files[name], pdfs[name]) for name in files}


def broken_groups(docx_data: bytes, pdf_path: Path, wanted: Sequence[str]) -> list[str]:
    """The groups of ``wanted`` that occur in the document but not each on one printed line."""
    paragraphs = [squeezed(line) for line in docx_lines(docx_data)]
    printed = [squeezed(line) for page in pdf_pages(pdf_path) for line in page.splitlines()]
    broken = []
    for group in wanted:
        expected = sum(paragraph.count(squeezed(group)) for paragraph in paragraphs)
        if expected and sum(line.count(squeezed(group)) for line in printed) != expected:
            broken.append(group)
    return broken


@pytest.mark.libreoffice
@pytest.mark.parametrize(("variant", "kind"), documents_to_check())
def test_groups_stand_on_one_line(
    bound_and_unbound: dict[str, tuple[bytes, Path]], variant: int, kind: str
) -> None:
    data, path = bound_and_unbound[f"{variant}-{kind}"]
    school = VARIANTS[variant].school()
    wanted = groups(school)
    text = "\n".join(docx_lines(data))
    must = {
        "letter": [school.administrator.phone, f"№ {school.appointment.order_number}"],
        "order": wanted[1:],
        "policy": [wanted[1], wanted[6]],
    }[kind]
    assert [g for g in must if g not in text] == []
    assert broken_groups(data, path, wanted) == []


@pytest.mark.libreoffice
def test_the_variants_do_break_unbound(
    bound_and_unbound: dict[str, tuple[bytes, Path]],
) -> None:
    """Without binding, the same documents do split some group: the test above can fail."""
    broken = []
    for i, kind in documents_to_check():
        if kind == "policy":
            continue
        data, path = bound_and_unbound[f"{i}-{kind}-unbound"]
        broken += broken_groups(data, path, groups(VARIANTS[i].school()))
    assert len(broken) >= 2, broken


# --- 3 and 4. the Положение: page numbers, headings kept with their text ----------------

MM = 72 / 25.4
# The text column of the page: A4, left margin 30 mm, right 15 mm, top 20 mm.
TEXT_CENTRE = (30 + (210 - 15)) / 2 * MM
TOP_MARGIN = 20 * MM


POLICY_EXAMPLES = ("kirov-school-32", "tatarstan-rural-school")


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, Path]]:
    """The Положение of both examples, converted in one LibreOffice run."""
    files = {
        name: documents.render("policy", School.model_validate(example_data(name)))
        for name in POLICY_EXAMPLES
    }
    pdfs = convert(files, tmp_path_factory.mktemp("policy"))
    return {name: (files[name], pdfs[name]) for name in files}


@pytest.fixture(params=POLICY_EXAMPLES)
def policy(
    request: pytest.FixtureRequest, policies: dict[str, tuple[bytes, Path]]
) -> tuple[bytes, Path]:
    """The Положение of one example: its DOCX and its PDF."""
    return policies[request.param]


def first_word(path: Path, page: int) -> tuple[str, float, float]:
    """The topmost word of ``page``: its text, horizontal centre and top (pt)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(m["y0"]), (float(m["x0"]) + float(m["x1"])) / 2, m["text"])
        for m in re.finditer(
            r'<word xMin="(?P<x0>[\d.]+)" yMin="(?P<y0>[\d.]+)" xMax="(?P<x1>[\d.]+)" '
            r'yMax="[\d.]+">(?P<text>[^<]*)</word>',
            out,
        )
    ]
    top, centre, text = min(words)
    return text, centre, top


@pytest.mark.libreoffice
def test_policy_pages_are_numbered_from_the_second_top_centre(policy: tuple[bytes, Path]) -> None:
    _, path = policy
    count = page_count(path)
    assert count >= 3
    text, _, _ = first_word(path, 1)
    assert not text.isdigit()  # the first page carries no number
    for page in range(2, count + 1):
        text, centre, top = first_word(path, page)
        assert text == str(page)
        assert abs(centre - TEXT_CENTRE) < 3, (page, centre)
        assert top < TOP_MARGIN, (page, top)  # in the header, above the text


def headings(data: bytes) -> list[str]:
    """The section headings of the Положение («1. Общие положения» …)."""
    document = docx.Document(io.BytesIO(data))
    return [
        one_line(p.text)
        for p in document.paragraphs
        if re.match(r"\d+\. \S", p.text) and p.runs and all(run.bold for run in p.runs)
    ]


@pytest.mark.libreoffice
def test_policy_headings_stay_with_their_text_and_the_last_page_is_not_a_lone_section(
    policy: tuple[bytes, Path],
) -> None:
    data, path = policy
    titles = headings(data)
    assert len(titles) >= 9
    pages = [
        [one_line(line) for line in page.splitlines() if line.strip()] for page in pdf_pages(path)
    ]
    bodies = [lines[1:] if lines[0].isdigit() else lines for lines in pages]  # no page number
    for number, body in enumerate(bodies, start=1):
        # No heading at the foot of a page, away from its first paragraph.
        assert body[-1] not in titles, (number, body[-1])
        # A list's lead-in («…на основании:») is not left at the foot either.
        assert not body[-1].endswith(":"), (number, body[-1])
    # The last page holds more than the closing section.
    assert bodies[-1][0] != titles[-1], bodies[-1]


# --- the order's acquaintance list holds long double-barrelled surnames ------------

# (ФИО, position): surnames of 28 to 32 letters; the administrator leads the list.
LONG_SURNAMES = (
    ("Великорецкая-Константинопольская Ольга Ивановна", "учитель информатики"),
    ("Остроградский-Преображенский Игорь Петрович", "учитель физики"),
    ("Абдурахмангаджиева-Магомедова Лейла Руслановна", "учитель истории"),
    ("Константинопольская-Великорецкая Анна Сергеевна", "учитель математики"),
)


def acquaintance_school(people: Sequence[tuple[str, str]]) -> School:
    data = example_data("kirov-school-32")
    (admin, admin_position), *teachers = people
    data["administrator"].update(full_name=admin, position=admin_position)
    data["teachers"] = [{"full_name": name, "position": position} for name, position in teachers]
    data["classes"] = []
    return School.model_validate(data)


@pytest.mark.libreoffice
def test_long_double_surnames_wrap_only_at_their_hyphen(tmp_path: Path) -> None:
    from sferum_cli.grammar import initials_surname

    assert all(len(name.split()[0]) >= 28 for name, _ in LONG_SURNAMES)
    # The same four rows with the example's short surnames: the page count to keep.
    short = [
        ("Мельник Ольга Викторовна", "учитель информатики"),
        ("Кузьмич Игорь Петрович", "учитель физики"),
        ("Черных Лейла Руслановна", "учитель истории"),
        ("Шевченко Анна Сергеевна", "учитель математики"),
    ]
    printed = convert(
        {
            "long": documents.render("order", acquaintance_school(LONG_SURNAMES)),
            "short": documents.render("order", acquaintance_school(short)),
        },
        tmp_path,
    )
    assert page_count(printed["long"]) == page_count(printed["short"]) == 1
    lines = [one_line(line) for line in "\f".join(pdf_pages(printed["long"])).splitlines()]
    text = "\n".join(lines)
    listed = text.partition("С приказом ознакомлены:")[2]
    for full_name, _ in LONG_SURNAMES:
        initials, surname = initials_surname(full_name).split(" ")
        first, second = surname.split("-")
        # Each part of the surname is printed whole: no line ends inside a word.
        for part in (first, second):
            assert re.search(rf"(?<![\w-]){part}(?![\w])", listed), (part, listed)
        # With its initials, on one line or wrapped right after the hyphen.
        whole = f"{initials} {surname}"
        row = next(i for i, line in enumerate(lines) if f"{initials} {first}" in line)
        wrapped = lines[row].endswith(f"{initials} {first}-") or re.search(
            rf"{re.escape(initials)} {first}- «___»", lines[row]
        )
        assert whole in lines[row] or (wrapped and lines[row + 1].startswith(second)), lines[
            row : row + 2
        ]


# --- a signature's «И.О. Фамилия» in its 55 mm column --------------------------

# Directors whose «И.О. Фамилия-» does not fit the column on one line: a double
# first name («А.-М.») and a surname part of 15 to 19 letters.
LONG_SIGNERS = (
    "Гаджимагомедова-Ким Анна-Мария Ивановна",
    "Константинопольская-Ким Анна-Мария Ивановна",
    "Абдурахмангаджиева Анна-Мария Ивановна",
)


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["order", "letter"])
def test_a_long_signature_name_breaks_between_words_never_inside_one(
    tmp_path: Path, kind: str
) -> None:
    from sferum_cli.grammar import initials_surname

    schools = {}
    for number, director in enumerate(LONG_SIGNERS):
        data = example_data("kirov-school-32")
        data["director"]["full_name"] = director
        schools[str(number)] = documents.render(kind, School.model_validate(data))
    printed = convert(schools, tmp_path)
    for number, director in enumerate(LONG_SIGNERS):
        assert page_count(printed[str(number)]) == 1
        lines = [one_line(line) for line in "\f".join(pdf_pages(printed[str(number)])).splitlines()]
        initials, surname = initials_surname(director).split(" ")
        first = surname.split("-")[0]
        row = next(
            i
            for i, line in enumerate(lines)
            if line.endswith(initials) or f"{initials} {first}" in line
        )
        signature = " ".join(lines[row : row + 3])
        # Every word of «И.О. Фамилия» is printed whole, the hyphen ends a line or
        # joins the parts, and none of the lines starts with it.
        for part in (initials, *surname.split("-")):
            assert re.search(rf"(?<!\w){re.escape(part)}(?!\w)", signature), signature
        assert not any(line.startswith("-") for line in lines[row : row + 3]), lines[row : row + 3]
