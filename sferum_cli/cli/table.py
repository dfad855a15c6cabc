"""A region's table of schools: import (table → school files) and export."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from sferum_cli.cli import output
from sferum_cli.cli.app import EXCLUDE_OPTION, QUIET_OPTION, VERBOSE_OPTION, app
from sferum_cli.cli.options import force_option, format_option, output_option
from sferum_cli.errors import UsageError
from sferum_cli.report import formats_help
from sferum_cli.table.reporting import FORMATS, ImportFormat


@app.command("import")
def import_table(
    table: Path | None = typer.Argument(
        None,
        metavar="ТАБЛИЦА",
        help="Таблица школ: .xlsx или .csv (UTF-8 или Windows-1251, разделитель «;» или «,»); "
        "строка — одна школа.",
        show_default=False,
    ),
    output_path: Path | None = output_option(
        None,
        help="Папка для файлов школ (с --template — файл образца .xlsx).",
        show_default=False,
    ),
    template: bool = typer.Option(
        False,
        "--template",
        help="Записать пустую таблицу с заголовками, подсказками и выпадающими списками.",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Показать, что изменится, и ничего не записывать."
    ),
    fmt: ImportFormat = format_option(
        ImportFormat.text, help=f"Вид отчёта: {formats_help(FORMATS)}."
    ),
    no_pii: bool | None = typer.Option(
        None,
        "--no-pii/--show-pii",
        help="Скрывать телефоны, адреса почты и ФИО в отчёте (включено, когда CI=true).",
        show_default=False,
    ),
    force: bool = force_option("Перезаписать существующий образец."),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Создать или обновить файлы школ по таблице региона: строка — файл школы.

    Столбцы узнаются по русским заголовкам («ИНН», «ФИО директора»…) или по
    ключам файла школы (organization.inn). Школа находится среди файлов папки
    по ИНН: её файл обновляется на месте (меняются только другие значения,
    комментарии, классы, учителя и ход подключения остаются), новой школе
    создаётся файл, как у init. Пустая ячейка значение не стирает. Строка с
    ошибкой ничего не записывает; тогда код выхода 1.
    """
    from sferum_cli import files
    from sferum_cli.cli.school import ci_default_no_pii

    output.set_verbosity(quiet, verbose)
    if template:
        if table is not None:
            raise UsageError(message="--template не читает таблицу: укажите только -o ФАЙЛ.xlsx")
        if output_path is None:
            raise UsageError(message="укажите, куда записать образец: -o шаблон.xlsx")
        from sferum_cli.table import workbook

        files.atomic_write(output_path, workbook.template_bytes(output_path), force=force)
        output.info(
            f"Образец таблицы школ записан: {output_path}\n"
            f"Заполните его и запустите: sferum-cli import {output_path} -o schools/"
        )
        return
    if table is None:
        raise UsageError(message="укажите таблицу школ (или --template для образца)")
    if output_path is None:
        raise UsageError(message="укажите папку для файлов школ: -o ПАПКА")
    from sferum_cli.errors import CheckFailedError
    from sferum_cli.table import importer, reporting

    plan = importer.plan(table, output_path)
    if not dry_run:
        importer.write(plan)
    masked = ci_default_no_pii(no_pii)
    if fmt == "text" and quiet:
        text = reporting.problems_text(plan, no_pii=masked)
    else:
        text = reporting.render(plan, fmt, dry_run=dry_run, no_pii=masked)
    if text:
        sys.stdout.write(text + "\n")
    if plan.failed:
        raise CheckFailedError()  # the report names every row that failed


@app.command("export")
def export_table(
    paths: list[Path] = typer.Argument(
        None,
        metavar="ФАЙЛЫ",
        help="Файлы школ или папки (в папках ищутся *.yaml и *.yml). По умолчанию текущая папка.",
        show_default=False,
    ),
    output_path: Path = output_option(
        Path("schools.xlsx"),
        help="Куда записать таблицу: .xlsx (с выпадающими списками) или .csv.",
    ),
    force: bool = force_option("Перезаписать существующую таблицу."),
    exclude: list[str] = EXCLUDE_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Записать таблицу школ по файлам школ — ту же, что читает import.

    Значения берутся как записаны в файлах; import этой таблицы в ту же папку
    ничего не меняет. Файл, который не читается, называется с причиной (код
    выхода 1), остальные школы попадают в таблицу.
    """
    from sferum_cli import files
    from sferum_cli.errors import CheckFailedError
    from sferum_cli.table import workbook

    output.set_verbosity(quiet, verbose)
    targets = files.find_school_files(paths or [Path(".")], exclude=exclude or ())
    if not targets:
        raise UsageError(message="не найдено ни одного файла *.yaml или *.yml")
    result = workbook.export(targets)
    data = workbook.table_bytes(output_path, result.rows)
    files.atomic_write(output_path, data, force=force)
    for problem in result.problems:
        sys.stdout.write(f"{problem}\n")
    for name in result.files:
        output.detail(f"в таблице: {name}")
    output.info(f"Записана таблица школ: {output_path} (школ: {len(result.rows)})")
    if any(p.severity == "error" for p in result.problems):
        raise CheckFailedError()
