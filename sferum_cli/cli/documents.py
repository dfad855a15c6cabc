"""Commands: order, letter, policy (the DOCX documents) and decline (case forms)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
    school_argument,
)

if TYPE_CHECKING:
    from sferum_cli.documents import Written

PDF_HELP = "Также записать PDF рядом с DOCX (нужен LibreOffice)."
TEMPLATE_HELP = "Свой шаблон DOCX вместо встроенного (теги Jinja, как во встроенном)."
FORCE_HELP = "Перезаписать существующие файлы."


def _output_help(default: str) -> str:
    return f"Куда записать DOCX (по умолчанию {default} в текущей папке)."


def _report(written: Written) -> None:
    output_settings.info(f"Записан файл: {written.docx}")
    if written.pdf is not None:
        output_settings.info(f"Записан файл: {written.pdf}")


@app.command()
def order(
    path: Path | None = school_argument(),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=_output_help("prikaz.docx"), show_default=False
    ),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    template: Path | None = typer.Option(None, "--template", help=TEMPLATE_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Приказ о назначении администратора ИКОП «Сферум» (DOCX, по ГОСТ Р 7.0.97-2025)."""
    from sferum_cli import documents, files

    output_settings.set_verbosity(quiet, verbose)
    _report(
        documents.write_document(
            "order", files.school_file(path), output=output, pdf=pdf, template=template, force=force
        )
    )


@app.command()
def letter(
    path: Path | None = school_argument(),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=_output_help("pismo.docx"), show_default=False
    ),
    letterhead: Path | None = typer.Option(
        None,
        "--letterhead",
        help="Бланк школы (.docx): письмо встанет в него, шапка, логотип и подвал "
        "сохранятся. По умолчанию — documents.letterhead из файла школы.",
    ),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    template: Path | None = typer.Option(None, "--template", help=TEMPLATE_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    files_root: Path | None = FILES_ROOT_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Письмо в Сферум о назначении администратора: ФИО и мобильный телефон (DOCX).

    Распечатайте, подпишите у руководителя, поставьте печать и приложите скан
    к письму на info@sferum.ru. Письмо помещается на одну страницу.
    """
    from sferum_cli import documents, files

    output_settings.set_verbosity(quiet, verbose)
    _report(
        documents.write_document(
            "letter",
            files.school_file(path),
            output=output,
            pdf=pdf,
            template=template,
            letterhead=letterhead,
            force=force,
            files_root=files_root,
        )
    )


@app.command()
def policy(
    path: Path | None = school_argument(),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=_output_help("polozhenie.docx"), show_default=False
    ),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    template: Path | None = typer.Option(None, "--template", help=TEMPLATE_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Положение об использовании ИКОП «Сферум» в организации (DOCX)."""
    from sferum_cli import documents, files

    output_settings.set_verbosity(quiet, verbose)
    _report(
        documents.write_document(
            "policy",
            files.school_file(path),
            output=output,
            pdf=pdf,
            template=template,
            force=force,
        )
    )


class DeclineAs(StrEnum):
    name = "name"
    position = "position"


class DeclineGender(StrEnum):
    male = "male"
    female = "female"


class DeclineFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def decline(
    text: str = typer.Argument(
        ..., metavar="ТЕКСТ", help="ФИО («Фамилия Имя Отчество») или должность."
    ),
    as_: DeclineAs = typer.Option(
        DeclineAs.name, "--as", help="Что склонять: name — ФИО, position — должность."
    ),
    gender: DeclineGender | None = typer.Option(
        None, "--gender", help="Пол для ФИО: male или female (по умолчанию — по отчеству)."
    ),
    fmt: DeclineFormat = typer.Option(
        DeclineFormat.text, "--format", "-f", help="Вид вывода: text или json."
    ),
) -> None:
    """Показать ФИО или должность во всех шести падежах, чтобы проверить формы.

    Неверную форму можно заменить в файле школы ключом cases (для ФИО) или
    position_cases (для должности). Ключи JSON: nominative, genitive, dative,
    accusative, instrumental, prepositional.
    """
    from sferum_cli.documents import declension

    gender_value = gender.value if gender is not None else None
    forms = declension.forms(text, kind=as_.value, gender=gender_value)
    if fmt is DeclineFormat.json:
        import json

        sys.stdout.write(json.dumps(forms, ensure_ascii=False, indent=2) + "\n")
        return
    width = max(len(label) for label in declension.CASE_LABELS.values())
    for case, form in forms.items():
        sys.stdout.write(f"{declension.CASE_LABELS[case]:<{width}}  {form}\n")
    if as_ is DeclineAs.name:
        extra = declension.signature_forms(text, gender_value)
        sys.stdout.write(f"{'подпись (И.О. Фамилия)':<{width}}  {extra['signature']}\n")
        sys.stdout.write(f"{'адресат (кому?)':<{width}}  {extra['addressee']}\n")
