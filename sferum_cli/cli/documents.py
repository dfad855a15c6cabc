"""Commands: one per kind of document (order, letter, policy: :mod:`sferum_cli.documents.kinds`)
and decline (case forms)."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
    school_argument,
)
from sferum_cli.cli.factory import Parameter, add_command
from sferum_cli.cli.options import force_option, format_option, output_option
from sferum_cli.documents.kinds import KINDS, Kind

if TYPE_CHECKING:
    from sferum_cli.documents import Written

PDF_OPTION: Any = typer.Option(
    False, "--pdf", help="Также записать PDF рядом с DOCX (нужен LibreOffice)."
)
TEMPLATE_OPTION: Any = typer.Option(
    None,
    "--template",
    help="Свой шаблон DOCX вместо встроенного (теги Jinja, как во встроенном).",
)
FORCE_OPTION: Any = force_option("Перезаписать существующие файлы.")
LETTERHEAD_OPTION: Any = typer.Option(
    None,
    "--letterhead",
    help="Бланк школы (.docx): письмо встанет в него, шапка, логотип и подвал "
    "сохранятся. По умолчанию — documents.letterhead из файла школы.",
)


def _parameters(kind: Kind) -> list[Parameter]:
    """The command's parameters; a kind set on a letterhead also reads the blank."""
    output = output_option(
        None,
        help=f"Куда записать DOCX (по умолчанию {kind.default_output} в текущей папке).",
        show_default=False,
    )
    blank: list[Parameter] = [("letterhead", Path | None, LETTERHEAD_OPTION)]
    root: list[Parameter] = [("files_root", Path | None, FILES_ROOT_OPTION)]
    return [
        ("path", Path | None, school_argument()),
        ("output", Path | None, output),
        *(blank if kind.letterhead else []),
        ("pdf", bool, PDF_OPTION),
        ("template", Path | None, TEMPLATE_OPTION),
        ("force", bool, FORCE_OPTION),
        *(root if kind.letterhead else []),
        ("quiet", bool, QUIET_OPTION),
        ("verbose", bool, VERBOSE_OPTION),
    ]


def _report(written: Written) -> None:
    output_settings.info(f"Записан файл: {written.docx}")
    if written.pdf is not None:
        output_settings.info(f"Записан файл: {written.pdf}")


def _write(kind: Kind, path: Path | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """One document: ``options`` are the keyword arguments of ``write_document``."""
    from sferum_cli import documents, files

    output_settings.set_verbosity(quiet, verbose)
    _report(documents.write_document(kind.name, files.school_file(path), **options))


for _kind in KINDS:
    add_command(app, _kind.name, _kind.help, _parameters(_kind), partial(_write, _kind))


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
    fmt: DeclineFormat = format_option(DeclineFormat.text, help="Вид вывода: text или json."),
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
