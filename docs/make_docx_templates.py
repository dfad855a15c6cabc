"""(Re)generate the bundled DOCX templates: templates/order.docx, letter.docx, policy.docx,
handout.docx.

Run from the repository root::

    uv run python docs/make_docx_templates.py            # rewrites templates/*.docx
    uv run python docs/make_docx_templates.py OUTDIR     # writes them elsewhere

This script is the source of the bundled DOCX templates: edit it, not the
.docx files, and commit both.  ``tests/test_templates_source.py`` fails when
a committed template differs from what the script writes.

The templates are ordinary Word documents with Jinja tags (docxtpl
conventions; the variables are listed in ``sferum_cli/view/__init__.py``).
This script is the source of truth for their layout; a school may still open
a generated .docx in Word, change it and pass it with ``--template``.

Layout follows ГОСТ Р 7.0.97-2025: A4, margins 30 mm left, 20 mm top and
bottom, 15 mm right; Times New Roman (Liberation Serif renders it with the
same metrics) 14 pt for the text, 12 pt for the reference data of the
letterhead; single line spacing, first-line indent 1.25 cm.  Every run and
paragraph carries its formatting directly, so the letter body keeps its look
when it is moved onto a school's own blank (``--letterhead``).  Each Jinja tag
is written inside one run.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sferum_cli.documents import reproducible  # noqa: E402

FONT = "Times New Roman"
TEXT_PT = 14
SMALL_PT = 12
INDENT = Cm(1.25)
TEMPLATE_DATE = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
# Where the templates are written: templates/, or the folder given as the first argument.
OUT = ROOT / "templates"

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class P:
    """One paragraph: text (or (text, bold) pieces) and its formatting."""

    text: str | Sequence[tuple[str, bool]] = ""
    align: int = LEFT
    bold: bool = False
    size: int = TEXT_PT
    indent: bool = False
    before: int = 0
    after: int = 0
    keep_next: bool = False


def tag(text: str) -> P:
    """A paragraph that holds only a {%p … %} tag (removed when rendered)."""
    return P(text, size=SMALL_PT)


def body(text: str | Sequence[tuple[str, bool]], **kwargs: object) -> P:
    """A justified paragraph of running text with the first-line indent.

    A paragraph that introduces a list («…на основании:») keeps with the next one.
    """
    last = text if isinstance(text, str) else "".join(piece for piece, _ in text)
    kwargs.setdefault("keep_next", last.rstrip().endswith(":"))
    return P(text, align=JUSTIFY, indent=True, **kwargs)  # type: ignore[arg-type]


def _run_format(run: object, size: int, bold: bool) -> None:
    font = run.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold or None
    r_pr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(size * 2))
    r_pr.append(size_cs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    r_pr.append(lang)


# The text size of the document being built (the order uses 13 pt to fit on one page).
_text_pt = TEXT_PT


def _fill(paragraph: object, spec: P) -> None:
    if spec.size == TEXT_PT and _text_pt != TEXT_PT:
        spec = replace(spec, size=_text_pt)
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    fmt.alignment = spec.align
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = INDENT if spec.indent else Cm(0)
    fmt.keep_with_next = spec.keep_next or None
    pieces = [(spec.text, spec.bold)] if isinstance(spec.text, str) else list(spec.text)
    for text, bold in pieces:
        if text:
            _run_format(paragraph.add_run(text), spec.size, bold)  # type: ignore[attr-defined]
    if not any(text for text, _ in pieces):
        # An empty paragraph still gets the size, so blank lines keep their height.
        mark = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
        r_pr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(spec.size * 2))
        r_pr.append(size)
        mark.append(r_pr)


def add(doc: object, *specs: P) -> None:
    for spec in specs:
        _fill(doc.add_paragraph(), spec)  # type: ignore[attr-defined]


def table(doc: object, widths_mm: Sequence[float], cells: Sequence[Sequence[P]]) -> None:
    """A one-row table without borders (layout only)."""
    tbl = doc.add_table(rows=1, cols=len(widths_mm))  # type: ignore[attr-defined]
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    tbl_pr = tbl._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)
    row = tbl.rows[0]
    for cell, width, specs in zip(row.cells, widths_mm, cells, strict=True):
        cell.width = Mm(width)
        first = True
        for spec in specs:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            _fill(paragraph, spec)
    for col, width in zip(tbl.columns, widths_mm, strict=True):
        col.width = Mm(width)


def new_document(title: str, text_pt: int = TEXT_PT) -> object:
    global _text_pt
    _text_pt = text_pt
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(text_pt)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    r_pr.append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # No single line of a paragraph left alone at the foot or the top of a page.
    normal.paragraph_format.widow_control = True
    doc.core_properties.title = title
    # Document() starts with no paragraphs; nothing to remove.
    return doc


def save(doc: object, name: str, title: str) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    data = reproducible.normalize(
        buffer.getvalue(), title=title, creator="sferum-cli", when=TEMPLATE_DATE
    )
    target = OUT / name
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(data)
    print(f"{target}: {len(data)} bytes")


APPOINTED = "{{ 'назначена' if admin.female else 'назначен' }}"
# The signature line is 35 mm (14 underscores at 14 pt); the position column
# holds «Исполняющий обязанности директора» on one line at 12 pt.
SIGNATURE_WIDTHS = (75, 35, 55)
# «И.О. Фамилия» in three runs (see ``initials_given`` in sferum_cli/view): a
# name too long for its column breaks after the initials or the surname's
# hyphen, never inside a word.
NAME_RUNS = ("given", "head", "tail")
# The acquaintance list is 11 pt: the name column holds initials and a surname
# part of 20 letters on one line («А.С. Константинопольская-»), a longer
# double-barrelled surname wraps at its hyphen (the name is written in runs,
# NAME_RUNS), never inside a word; «Учитель русского языка и литературы»
# takes one line and the order of the worst realistic case still fits on one
# page (tests/test_documents_worst_case.py).  The date blank is 10 pt.
LIST_PT = 11
ACQUAINTANCE_WIDTHS = (66, 16, 49, 34)
PP_1241 = (
    "постановлением Правительства Российской Федерации от 13.07.2022 № 1241 "
    "«О федеральной государственной информационной системе „Моя школа“ и внесении "
    "изменения в подпункт „а“ пункта 2 Положения об инфраструктуре, обеспечивающей "
    "информационно-технологическое взаимодействие информационных систем, используемых "
    "для предоставления государственных и муниципальных услуг и исполнения "
    "государственных и муниципальных функций в электронной форме»"
)


def signature(position: str, person: str) -> Sequence[Sequence[P]]:
    """Position, a signature line and «И.О. Фамилия» of ``person`` (``director``):
    the name in runs (:data:`NAME_RUNS`), so that a name too long for its column
    breaks after the initials or a double surname's hyphen."""
    name = [(f"{{{{ {person}.initials_{part} }}}}", False) for part in NAME_RUNS]
    return (
        [P(position, size=TEXT_PT)],
        [P("______________", align=CENTER)],
        [P(name, align=RIGHT)],
    )


# --- the order ------------------------------------------------------------


def make_order() -> None:
    title = "Приказ о назначении администратора ИКОП «Сферум»"
    # 12 pt (ГОСТ Р 7.0.97 allows 12–14) and tight spacing: the order of a
    # school with a 300-character name, the longest job titles and four people
    # to sign it still fits on one page.
    doc = new_document(title, text_pt=12)
    add(
        doc,
        P("{{ org.full_name }}", align=CENTER, bold=True),
        P("ПРИКАЗ", align=CENTER, bold=True, size=16, before=6, after=6),
    )
    table(
        doc,
        (82.5, 82.5),
        ([P("{{ order.date }}")], [P("{{ order.number_sign }}", align=RIGHT)]),
    )
    add(
        doc,
        P("{{ org.place }}", align=CENTER, size=SMALL_PT, before=3),
        P(
            "О назначении администратора ИКОП «Сферум»",
            bold=True,
            keep_next=True,
            before=12,
            after=6,
        ),
        body(
            f"В соответствии с {PP_1241}, в целях подключения организации к "
            "информационно-коммуникационной образовательной платформе «Сферум» "
            "(далее — ИКОП «Сферум»),"
        ),
        P("ПРИКАЗЫВАЮ:", keep_next=True, before=3, after=3),
        body(
            "1. Назначить {{ admin.name.accusative }}, {{ admin.position_cases.accusative }}, "
            "администратором ИКОП «Сферум» в {{ org.short_name }} с {{ order.date_words }} "
            "и возложить на {{ 'неё' if admin.female else 'него' }} следующие обязанности:"
        ),
        body(
            "1.1. направить заявку на регистрацию организации на адрес {{ sferum.email }} "
            "и заполнить электронную анкету организации;"
        ),
        body(
            "1.2. создать на платформе структуру организации ({{ terms.groups }}, "
            "работники) и открыть регистрацию для работников;"
        ),
        body(
            "1.3. подтверждать на платформе работников организации и оказывать "
            "{{ terms.staff_dat }} помощь в подтверждении роли «{{ sferum.teacher_role }}»;"
        ),
        body(
            "1.4. консультировать работников, {{ terms.learners_gen }} и родителей "
            "(законных представителей) по вопросам регистрации и работы в ИКОП «Сферум», "
            "в том числе {{ platform.messenger_in }};"
        ),
        body(
            "1.5. своевременно удалять с платформы учётные записи уволившихся работников "
            "и выбывших {{ terms.learners_gen }}."
        ),
        tag("{%p if approval.by_appointment_order %}"),
        body(
            "2. Утвердить Положение об использовании ИКОП «Сферум» в {{ org.short_name }} "
            "(приложение)."
        ),
        tag("{%p endif %}"),
        body(
            "{{ 3 if approval.by_appointment_order else 2 }}. {{ terms.staff_dat|ucfirst }} "
            "зарегистрироваться в ИКОП «Сферум», подтвердить роль «{{ sferum.teacher_role }}» "
            "и использовать платформу для взаимодействия с участниками образовательных "
            "отношений."
        ),
        body(
            "{{ 4 if approval.by_appointment_order else 3 }}. Контроль за исполнением "
            "настоящего приказа оставляю за собой.",
            keep_next=True,
        ),
        P(keep_next=True, size=8),
    )
    table(
        doc,
        SIGNATURE_WIDTHS,
        signature("{{ director.position|ucfirst }}", "director"),
    )
    add(
        doc,
        P("С приказом {{ acquaintance.verb }}:", keep_next=True, before=8, after=3),
        # One borderless one-row table per person, repeated by the loop; the
        # small paragraph after it keeps the tables apart (adjacent tables
        # would be merged into one with the first one's column grid).
        tag("{%p for person in acquaintance.people %}"),
    )
    table(
        doc,
        ACQUAINTANCE_WIDTHS,
        (
            [P("{{ person.position|ucfirst }}", size=LIST_PT)],
            [P("_______", align=CENTER, size=SMALL_PT)],
            # Runs (NAME_RUNS): the typography binds initials to the surname
            # within a run, so a long name may still wrap where a person would.
            [
                P(
                    [(f"{{{{ person.initials_{part} }}}}", False) for part in NAME_RUNS],
                    size=LIST_PT,
                )
            ],
            [P("«___» ______ 20___ г.", align=RIGHT, size=10)],
        ),
    )
    row_properties = doc.tables[-1].rows[0]._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    row_properties.append(OxmlElement("w:cantSplit"))  # a person's line stays on one page
    add(doc, P(size=2), tag("{%p endfor %}"))
    save(doc, "order.docx", title)


# --- the letter -----------------------------------------------------------


# The letter holds the longest values the school file allows on one page
# (sferum_cli/model_values.py PRINTED_LIMITS, tests/test_documents_worst_case.py):
# the reference data of the letterhead is 10 pt, its name column 100 mm, and the
# empty lines between the parts are 8 pt.
REFERENCE_PT = 10
BLANK_PT = 8


def make_letter() -> None:
    title = "Письмо о назначении администратора ИКОП «Сферум»"
    doc = new_document(title)
    small = SMALL_PT
    table(
        doc,
        (100, 5, 60),
        (
            [
                tag("{%p if not own_letterhead %}"),
                P("{{ org.full_name }}", align=CENTER, bold=True, size=small),
                P("({{ org.short_name }})", align=CENTER, size=small, after=4),
                P("{{ org.address }}", align=CENTER, size=REFERENCE_PT),
                P(
                    "Тел.: {{ org.phone }}, e-mail: {{ org.email }}",
                    align=CENTER,
                    size=REFERENCE_PT,
                ),
                tag("{%p if org.website %}"),
                P("{{ org.website }}", align=CENTER, size=REFERENCE_PT),
                tag("{%p endif %}"),
                P("ОГРН {{ org.ogrn }}", align=CENTER, size=REFERENCE_PT),
                P("ИНН/КПП {{ org.inn }}/{{ org.kpp }}", align=CENTER, size=REFERENCE_PT, after=8),
                tag("{%p endif %}"),
                P(
                    "{{ letter.date }} № {{ letter.number or '____________' }}",
                    align=CENTER,
                    size=small,
                ),
            ],
            [P()],
            [
                P(size=BLANK_PT),
                P("Служба поддержки"),
                P("ИКОП «Сферум»"),
                P("{{ sferum.email }}"),
            ],
        ),
    )
    add(
        doc,
        P(size=BLANK_PT),
        P("О назначении администратора ИКОП «Сферум»", bold=True),
        P(size=BLANK_PT),
        P("Уважаемые коллеги!", align=CENTER),
        P(size=BLANK_PT),
        body(
            [
                (
                    "{{ org.full_name }} ({{ org.short_name }}) сообщает, что приказом от "
                    "{{ order.date }} {{ order.number_sign }} администратором "
                    "информационно-коммуникационной образовательной платформы «Сферум» "
                    f"в организации {APPOINTED} ",
                    False,
                ),
                ("{{ admin.full_name }}", True),
                (", {{ admin.position }} (номер мобильного телефона: ", False),
                ("{{ admin.phone }}", True),
                (").", False),
            ]
        ),
        body(
            "Просим зарегистрировать {{ org.short_name }} на платформе «Сферум» и "
            "предоставить права администратора организации пользователю с указанным "
            "номером мобильного телефона."
        ),
        body(
            "Сведения об организации направляются также через электронную анкету "
            "({{ sferum.questionnaire }}). Электронная почта администратора: "
            "{{ admin.email }}."
        ),
        P(size=BLANK_PT),
        P(size=BLANK_PT),
    )
    table(
        doc,
        SIGNATURE_WIDTHS,
        signature("{{ director.position|ucfirst }}", "director"),
    )
    add(
        doc,
        P("М.П.", size=small, before=6),
        # The executor's name and phone: set off by spacing rather than three empty
        # 14 pt lines, so that they stay on the first page with a long school name,
        # a long job title and a long name (tests/test_documents_worst_case.py).
        P("{{ admin.full_name }}", size=10, before=12, keep_next=True),
        P("{{ admin.phone }}", size=10),
    )
    save(doc, "letter.docx", title)


# --- the Положение ----------------------------------------------------------


def heading(text: str) -> P:
    return P(text, align=CENTER, bold=True, before=12, after=6, keep_next=True)


def keep_final_section_together(doc: object) -> None:
    """Keep the last section on one page with the paragraph before it: the last
    page never holds the closing section alone."""
    paragraphs = [p for p in doc.paragraphs if p.text and not p.text.startswith("{%")]  # type: ignore[attr-defined]
    last_heading = max(
        i
        for i, p in enumerate(paragraphs)
        if p.alignment == CENTER and all(run.bold for run in p.runs)
    )
    for paragraph in paragraphs[last_heading - 1 : -1]:
        paragraph.paragraph_format.keep_with_next = True


def page_numbers(doc: object) -> None:
    """Page numbers from the second page, top centre (ГОСТ Р 7.0.97): a PAGE field
    in the header and an empty header on the first page."""
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    _fill(paragraph, P(align=CENTER))
    for kind, instruction in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        _run_format(run, _text_pt, False)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run._r.append(text)


def make_policy() -> None:
    title = "Положение об использовании ИКОП «Сферум»"
    doc = new_document(title)
    page_numbers(doc)
    add(doc, P("{{ org.full_name }}", align=CENTER, bold=True), P(), P())
    table(
        doc,
        (80, 5, 80),
        (
            [
                P("СОГЛАСОВАНО", bold=True),
                P("педагогическим советом"),
                P("{{ org.short_name }}"),
                P(
                    "протокол от {{ approval.council_date or '____________' }} "
                    "№ {{ approval.council_number or '______' }}"
                ),
            ],
            [P()],
            [
                P("УТВЕРЖДЕНО", bold=True),
                P("приказом {{ director.position_cases.genitive|lcfirst }}"),
                P("{{ org.short_name }}"),
                P("от {{ approval.approval_date }} {{ approval.approval_number_sign }}"),
            ],
        ),
    )
    add(
        doc,
        P(),
        P(),
        P("ПОЛОЖЕНИЕ", align=CENTER, bold=True),
        P(
            "об использовании информационно-коммуникационной образовательной "
            "платформы «Сферум» в {{ org.short_name }}",
            align=CENTER,
            bold=True,
        ),
        heading("1. Общие положения"),
        body(
            "1.1. Настоящее Положение устанавливает порядок использования "
            "информационно-коммуникационной образовательной платформы «Сферум» (далее — "
            "ИКОП «Сферум», платформа) в {{ org.full_name_cases.prepositional|lcfirst }} "
            "(далее — {{ org.short_name }}, "
            "организация): регистрацию организации и пользователей, применение платформы "
            "в образовательной деятельности, взаимодействие с родителями (законными "
            "представителями), защиту персональных данных и порядок обращения за помощью."
        ),
        body("1.2. Положение разработано на основании:"),
        body(
            "— Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»;"
        ),
        body(
            "— Федерального закона от 27.07.2006 № 149-ФЗ «Об информации, информационных "
            "технологиях и о защите информации»;"
        ),
        body("— Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»;"),
        body(
            "— постановления Правительства Российской Федерации от 07.12.2020 № 2040 "
            "«О проведении эксперимента по внедрению цифровой образовательной среды»;"
        ),
        body("— " + PP_1241.replace("постановлением", "постановления", 1) + ";"),
        body(
            "— постановления Правительства Российской Федерации от 11.10.2023 № 1678 "
            "«Об утверждении Правил применения организациями, осуществляющими "
            "образовательную деятельность, электронного обучения, дистанционных "
            "образовательных технологий при реализации образовательных программ»;"
        ),
        body("— устава {{ org.short_name }}."),
        body(
            "1.3. ИКОП «Сферум» создана для формирования единой цифровой образовательной "
            "среды. Её основное назначение — общение всех участников образовательных "
            "отношений в учебной и внеучебной деятельности: личные и групповые чаты, "
            "индивидуальные и групповые звонки, обмен файлами. Платформа служит "
            "вспомогательным средством взаимодействия {{ terms.staff_gen }} и "
            "{{ terms.learners_gen }}."
        ),
        body(
            "1.4. Платформа бесплатна для пользователей и доступна всем участникам "
            "образовательных отношений, в том числе {{ terms.learners_dat }} с ограниченными "
            "возможностями здоровья и особыми образовательными потребностями."
        ),
        body(
            "1.5. Работу с платформой в {{ org.short_name }} сопровождает администратор "
            "ИКОП «Сферум» (далее — администратор), назначенный приказом "
            "{{ director.position_cases.genitive|lcfirst }} из числа работников организации."
        ),
        heading("2. Размещение платформы в информационном пространстве организации"),
        body(
            "2.1. После регистрации {{ org.short_name }} на платформе для организации "
            "создаётся отдельное закрытое пространство. В него входят только участники "
            "образовательных отношений организации; посторонние пользователи не могут "
            "присоединиться к чатам организации и её {{ terms.groups_gen }}."
        ),
        body(
            "2.2. С компьютера платформой пользуются через браузер на сайте "
            "{{ sferum.site }}, с мобильного устройства — через учебный профиль "
            "ИКОП «Сферум» {{ platform.messenger_in }}."
        ),
        tag("{%p if platform.messenger == 'vk' %}"),
        body(
            "2.3. Учебный профиль {{ platform.messenger_in }} не требует регистрации в "
            "социальной сети «ВКонтакте» и не связан с личной страницей пользователя в ней: "
            "участники учебного профиля не видят страниц друг друга в социальной сети."
        ),
        tag("{%p else %}"),
        body(
            "2.3. Учебный профиль ИКОП «Сферум» {{ platform.messenger_in }} отделён от личной "
            "переписки пользователя: в чатах организации участвуют только её работники, "
            "{{ terms.learners }} и их родители (законные представители)."
        ),
        tag("{%p endif %}"),
        body(
            "2.4. В учебном профиле нет рекламы и платных услуг. Возможности пользователя "
            "определяются его ролью на платформе: администратор, учитель, сотрудник, ученик, "
            "родитель. Роль нельзя сменить: пользователя с неверной ролью удаляют из "
            "организации и приглашают заново."
        ),
        heading("3. Подготовка педагогических работников"),
        body(
            "3.1. Перед началом работы с платформой {{ terms.staff }} знакомятся с "
            "инструкциями и обучающими материалами на сайте {{ sferum.site }} (раздел "
            "«Учителям», регион — {{ org.region }}) и при необходимости получают "
            "консультацию администратора."
        ),
        body(
            "3.2. Материалы о работе в учебном профиле и ответы на частые вопросы публикуются "
            "в блоге для учителей ({{ sferum.blog }}), расписание методических мероприятий — "
            "на странице {{ sferum.calendar }}."
        ),
        body(
            "3.3. Организация поддерживает освоение платформы работниками: проводит "
            "инструктажи, методические совещания и обмен опытом между коллегами."
        ),
        heading("4. Регистрация организации и пользователей"),
        body(
            "4.1. Для регистрации организации администратор направляет на адрес "
            "{{ sferum.email }} письмо с темой «{{ sferum.subject }}». К письму прилагается "
            "документ о назначении администратора за подписью руководителя, заверенный "
            "печатью, с указанием фамилии, имени, отчества и номера мобильного телефона "
            "администратора. Кроме того, заполняется электронная анкета организации "
            "({{ sferum.questionnaire }}); сканировать её не нужно."
        ),
        body(
            "4.2. После регистрации организации администратор входит на сайт "
            "{{ sferum.site }} через «Вход для администраторов» с тем же номером мобильного "
            "телефона, который указан в письме, создаёт структуру организации "
            "({{ terms.groups }}, работники) и открывает регистрацию для работников."
        ),
        body(
            "4.3. Руководитель и {{ terms.staff }} регистрируются в учебном профиле и "
            "подтверждают роль «{{ sferum.teacher_role }}». Порядок подтверждения для "
            "региона опубликован на странице {{ sferum.instructions }}; подтверждённая роль "
            "отмечается значком в профиле. Руководителю платформа служит для размещения "
            "документов, проведения совещаний, педагогических советов, родительских собраний "
            "и информирования участников образовательных отношений."
        ),
        body(
            "4.4. {{ terms.staff|ucfirst }} создают чаты с коллегами, "
            "{% if org.type != 'kindergarten' %}{{ terms.learners_ins }}, {% endif %}"
            "родителями (законными представителями) и приглашают участников по "
            "ссылкам-приглашениям."
        ),
        tag("{%p if org.type == 'kindergarten' %}"),
        body(
            "4.5. Воспитанники на платформе не регистрируются: взаимодействие по вопросам "
            "образования и развития детей ведётся с их родителями (законными "
            "представителями)."
        ),
        tag("{%p else %}"),
        body(
            "4.5. {{ terms.learners|ucfirst }} регистрируются по ссылке на страницу "
            "регистрации, которую {{ terms.teacher }} создаёт для конкретного класса или "
            "группы (ссылку можно показать и QR-кодом); при регистрации создаётся учебная "
            "учётная запись."
            "{% if 'primary' in org.education_levels %} Для учеников 1–4 классов код "
            "подтверждения можно получить на электронную почту родителя (законного "
            "представителя).{% endif %} "
            "Родитель не использует свой номер телефона для учётной записи ребёнка."
        ),
        tag("{%p endif %}"),
        body(
            "4.6. По вопросам регистрации и работы на платформе участники образовательных "
            "отношений обращаются к администратору."
        ),
        heading("5. Использование платформы в образовательной деятельности"),
        body(
            "5.1. Платформа входит в электронную информационно-образовательную среду "
            "{{ org.short_name }} и применяется при реализации {{ terms.programmes_gen }}, "
            "в том числе с применением электронного обучения и дистанционных образовательных "
            "технологий, в соответствии с рабочими программами и локальными актами "
            "организации."
        ),
        body("5.2. При реализации образовательных программ платформа даёт возможность:"),
        body("— проводить занятия и консультации по видеосвязи;"),
        body("— использовать проверенный цифровой образовательный контент;"),
        body("— размещать учебные материалы и задания;"),
        tag("{%p if org.type == 'kindergarten' %}"),
        body("— общаться с родителями воспитанников по вопросам образования и развития детей."),
        tag("{%p else %}"),
        body("— общаться с {{ terms.learners_ins }} при решении учебных задач."),
        tag("{%p endif %}"),
        body(
            "5.3. Платформа используется также для методической работы и внеурочной "
            "деятельности: ведения информационного канала организации, сетевого "
            "взаимодействия с другими организациями, участия работников в методических "
            "объединениях и повышении квалификации, проведения "
            "{{ 'родительских собраний и праздников' if org.type == 'kindergarten' else "
            "'классных часов, собраний, олимпиад и конкурсов' }}."
        ),
        heading("6. Взаимодействие с родителями (законными представителями)"),
        body(
            "6.1. {{ org.short_name }} сообщает родителям (законным представителям) об "
            "использовании платформы и о порядке регистрации. Инструкции для родителей и "
            "{{ terms.learners_gen }} опубликованы на странице {{ sferum.parents }}."
        ),
        body(
            "6.2. Родитель присоединяется к организации по ссылке-приглашению из профиля "
            "ребёнка. Ссылку открывают на другом устройстве, в другом браузере или в "
            "приватном окне: на устройстве, где выполнен вход в учётную запись ребёнка, "
            "присоединиться не получится."
        ),
        body(
            "6.3. Через платформу родителям (законным представителям) доступны родительские "
            "собрания по видеосвязи, информационные сообщения организации и переписка с "
            "{{ terms.teacher_ins }} и администрацией."
        ),
        heading("7. Защита персональных данных"),
        body(
            "7.1. Персональные данные пользователей обрабатываются в соответствии с "
            "Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных». "
            "Для регистрации сообщаются только сведения, необходимые для входа на "
            "платформу."
        ),
        body(
            "7.2. В чатах не размещаются паспортные данные, сведения о здоровье, оценки и "
            "иные персональные данные других лиц без их согласия."
        ),
        body(
            "7.3. Пользователи не передают другим лицам коды подтверждения и доступ к своей "
            "учётной записи. Администратор своевременно удаляет учётные записи работников и "
            "{{ terms.learners_gen }}, выбывших из организации."
        ),
        heading("8. Техническая поддержка"),
        body(
            "8.1. Вопросы по работе платформы в организации решает администратор, "
            "назначенный приказом {{ director.position_cases.genitive|lcfirst }}."
        ),
        body(
            "8.2. Запросы в техническую поддержку и предложения по развитию платформы "
            "направляются на адрес {{ sferum.email }}."
        ),
        heading("9. Заключительные положения"),
        body(
            "9.1. Положение вступает в силу со дня утверждения приказом "
            "{{ director.position_cases.genitive|lcfirst }} и действует до принятия нового "
            "положения или его отмены."
        ),
        body("9.2. Изменения в Положение вносятся в том же порядке, в каком оно принято."),
    )
    keep_final_section_together(doc)
    save(doc, "policy.docx", title)


def make_handout() -> None:
    """The class handout: one page; the QR picture is a placeholder whose image
    the program replaces with the class's own code (``word/media/image1.png``)."""
    import segno

    title = "Памятка класса: Сферум"
    doc = new_document(title, text_pt=SMALL_PT)
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.left_margin = Mm(20)
    heading_pt = 14
    add(
        doc,
        P("{{ school }}", align=CENTER, size=SMALL_PT),
        P("Сферум: памятка для {{ class_name }} класса", align=CENTER, bold=True, size=18),
        P("{{ info }}", align=CENTER, size=SMALL_PT, after=8),
        P("Ссылка-приглашение класса", bold=True, size=heading_pt, after=2),
        tag("{%p if link %}"),
    )
    placeholder = io.BytesIO()
    segno.make("https://sferum.ru", error="m", micro=False).save(
        placeholder, kind="png", scale=10, border=4
    )
    picture = doc.add_paragraph()  # type: ignore[attr-defined]
    picture.alignment = CENTER
    picture.add_run().add_picture(io.BytesIO(placeholder.getvalue()), width=Mm(30))
    add(
        doc,
        P("{{ link }}", align=CENTER, size=SMALL_PT, after=6),
        tag("{%p else %}"),
        P("Впишите ссылку, которую даст классный руководитель:", after=10),
        P("_" * 60, after=10),
        tag("{%p endif %}"),
        P("{{ rule }}", bold=True, after=6),
        P("Ученику", bold=True, size=heading_pt, after=2),
        tag("{%p for step in pupil_steps %}"),
        P("{{ loop.index }}. {{ step }}", after=2),
        tag("{%p endfor %}"),
        P("Родителю", bold=True, size=heading_pt, before=4, after=2),
        tag("{%p for step in parent_steps %}"),
        P("{{ loop.index }}. {{ step }}", after=2),
        tag("{%p endfor %}"),
        P("Частые ошибки", bold=True, size=heading_pt, before=4, after=2),
        tag("{%p for item in pitfalls %}"),
        P("• {{ item }}", after=2),
        tag("{%p endfor %}"),
        P(
            "Вопросы — классному руководителю или администратору Сферума в школе.",
            size=10,
            before=6,
        ),
    )
    save(doc, "handout.docx", title)


def main() -> None:
    global OUT
    if len(sys.argv) > 1:
        OUT = Path(sys.argv[1])
    make_order()
    make_letter()
    make_policy()
    make_handout()


if __name__ == "__main__":
    main()
