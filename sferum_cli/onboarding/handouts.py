"""Class handouts: one A4 DOCX page per class with its invite link and QR code.

Built in code with python-docx (no template to keep in sync).  The bytes are
reproducible through :mod:`sferum_cli.documents.reproducible` (fixed core
properties and zip timestamps; ``SOURCE_DATE_EPOCH`` is honoured), and
``--pdf`` uses :func:`sferum_cli.documents.pdf.convert_many`: ONE LibreOffice
process for all classes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import OutputExistsError, UserFileError
from sferum_cli.onboarding.steps import PARENTS_STUDENTS_URL

if TYPE_CHECKING:
    from sferum_cli.model import School, SchoolClass

FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
QR_WIDTH_MM = 30
BLANK_LINK = "_" * 60


@dataclass
class HandoutsResult:
    classes: int
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def file_stem(school_class: SchoolClass) -> str:
    return f"handout-{school_class.name}"


def qr_png(link: str) -> bytes:
    """The QR code of ``link`` as PNG (error correction M, quiet zone 4 modules)."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def pupil_steps(school: School, school_class: SchoolClass) -> list[str]:
    from sferum_cli.onboarding.steps import messenger_in

    messenger = messenger_in(school)
    first = "Откройте ссылку класса или наведите камеру телефона на QR-код"
    if school_class.grade <= 4:
        return [
            first + " — вместе с родителем.",
            "Для кода подтверждения можно указать электронную почту родителя.",
            "Введите имя и фамилию ребёнка и код из письма — появится учебный профиль ученика.",
            f"Учебный профиль открывается {messenger} и на sferum.ru: там чат класса.",
        ]
    return [
        first + ".",
        "Укажите СВОЙ номер телефона (не номер родителя) и введите код из SMS или звонка.",
        "Введите имя и фамилию — появится учебный профиль ученика.",
        f"Учебный профиль открывается {messenger} и на sferum.ru: там чат класса.",
    ]


def parent_steps() -> list[str]:
    return [
        "Дождитесь, пока ребёнок зарегистрируется по ссылке класса.",
        "В профиле ребёнка найдите ссылку-приглашение для родителя.",
        "Откройте её на СВОЁМ телефоне, в другом браузере или в приватном окне — не там, "
        "где вошёл ребёнок.",
        "Войдите со своим номером телефона: вы подключитесь как родитель.",
    ]


def pitfalls() -> list[str]:
    return [
        "Не регистрируйте ребёнка на номер телефона родителя: этот номер нужен для профиля "
        "родителя.",
        "Ссылка для родителя, открытая на устройстве и в браузере ребёнка, не сработает: "
        "платформа решит, что ребёнок приглашает сам себя.",
        "Роль (ученик, родитель) потом не поменять: если она неверная, классный руководитель "
        "удалит профиль и пригласит снова.",
        f"Инструкции для учеников и родителей: {PARENTS_STUDENTS_URL}",
    ]


def _paragraph(
    doc: Any,
    text: str = "",
    *,
    bold: bool = False,
    size: float | None = None,
    center: bool = False,
    space_after: float = 4,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    return paragraph


def _numbered(doc: Any, items: Sequence[str]) -> None:
    from docx.shared import Mm

    for number, item in enumerate(items, start=1):
        paragraph = _paragraph(doc, f"{number}. {item}", space_after=2)
        paragraph.paragraph_format.left_indent = Mm(6)
        paragraph.paragraph_format.first_line_indent = Mm(-6)


def _setup(doc: Any) -> None:
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.top_margin = section.bottom_margin = Mm(20)
    section.right_margin = Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)


def _link_block(doc: Any, school_class: SchoolClass) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    _paragraph(doc, "Ссылка-приглашение класса", bold=True, size=14, space_after=2)
    link = school_class.invite_link
    if link:
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(qr_png(link)), width=Mm(QR_WIDTH_MM))
        run = _paragraph(doc, center=True).add_run(link)
        run.font.name = "Courier New"
        run.font.size = Pt(11)
    else:
        _paragraph(doc, "Впишите ссылку, которую даст классный руководитель:", space_after=10)
        _paragraph(doc, BLANK_LINK, space_after=10)


def render_class(school: School, school_class: SchoolClass) -> bytes:
    """One handout page (DOCX bytes) for ``school_class``; reproducible."""
    from docx import Document

    from sferum_cli.documents import reproducible

    doc = Document()
    _setup(doc)
    _paragraph(doc, school.organization.short_name, size=11, center=True)
    _paragraph(
        doc,
        f"Сферум: памятка для {school_class.name} класса",
        bold=True,
        size=18,
        center=True,
        space_after=2,
    )
    info = [f"Мессенджер школы: {school.messenger_name}"]
    if school_class.teacher:
        info.insert(0, f"Классный руководитель: {school_class.teacher}")
    _paragraph(doc, ". ".join(info) + ".", size=11, center=True, space_after=8)
    _link_block(doc, school_class)
    rule = (
        "1–4 классы: код подтверждения можно получить на электронную почту родителя."
        if school_class.grade <= 4
        else "5–11 классы: ученик регистрируется по своему номеру телефона."
    )
    _paragraph(doc, rule, bold=True, space_after=6)
    _paragraph(doc, "Ученику", bold=True, size=14, space_after=2)
    _numbered(doc, pupil_steps(school, school_class))
    _paragraph(doc, "Родителю", bold=True, size=14, space_after=2)
    _numbered(doc, parent_steps())
    _paragraph(doc, "Частые ошибки", bold=True, size=14, space_after=2)
    for item in pitfalls():
        _paragraph(doc, f"• {item}", space_after=2)
    _paragraph(
        doc,
        "Вопросы — классному руководителю или администратору Сферума в школе.",
        size=10,
        space_after=0,
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible.normalize(
        buffer.getvalue(),
        title=f"Памятка {school_class.name} класса: Сферум",
        creator="sferum-cli",
        when=reproducible.document_time(),
    )


def build(
    school: School,
    out_dir: Path,
    *,
    pdf: bool = False,
    force: bool = False,
    source: str = "файл школы",
) -> HandoutsResult:
    """Write one DOCX (and PDF) per class into ``out_dir``; nothing is written on error."""
    from sferum_cli.files import atomic_write

    if not school.classes:
        raise UserFileError(
            path=source, reason="в файле школы нет классов: добавьте раздел classes: (имя и ссылка)"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise UserFileError(path=out_dir, reason="это файл, а нужна папка для памяток")
    suffixes = (".docx", ".pdf") if pdf else (".docx",)
    targets = [out_dir / f"{file_stem(c)}{s}" for c in school.classes for s in suffixes]
    if not force:
        for target in targets:
            if target.exists():
                raise OutputExistsError(path=target)
    if pdf:
        from sferum_cli.documents.pdf import find_soffice

        find_soffice()  # fail before writing anything when LibreOffice is missing
    result = HandoutsResult(classes=len(school.classes))
    docx_paths = []
    for school_class in school.classes:
        if not school_class.invite_link:
            result.warnings.append(
                f"у класса {school_class.name} нет ссылки-приглашения: на памятке оставлено "
                "поле, чтобы вписать её от руки"
            )
        path = out_dir / f"{file_stem(school_class)}.docx"
        atomic_write(path, render_class(school, school_class))
        docx_paths.append(path)
    result.files.extend(docx_paths)
    if pdf:
        from sferum_cli.documents.pdf import convert_many

        result.files.extend(convert_many(docx_paths, out_dir, force=True))
    return result


def build_for_file(
    school_path: Path, out_dir: Path, *, pdf: bool = False, force: bool = False
) -> HandoutsResult:
    from sferum_cli.validation import load_school

    school = load_school(school_path)
    return build(school, out_dir, pdf=pdf, force=force, source=str(school_path))
