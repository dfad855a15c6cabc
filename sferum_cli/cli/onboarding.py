"""Commands after registration: checklist, roster, handouts."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
    group,
    school_argument,
)
from sferum_cli.cli.factory import Parameter, add_command
from sferum_cli.cli.options import force_option, format_option, output_option
from sferum_cli.onboarding.formats import ChecklistFormat
from sferum_cli.onboarding.roles import ROLES, Role

checklist_app = group(
    "checklist",
    "Чек-листы по ролям: " + ", ".join(f"{r.name} — {r.label}" for r in ROLES) + ".",
)
roster_app = group("roster", "Список учителей (CSV или XLSX) для checklist teachers.")


SCHOOL_ARG = school_argument()
FORMAT_OPT = format_option(
    None,
    help="Вид: rich (по умолчанию в терминале), text (по умолчанию при выводе в файл или "
    "канал), markdown (- [ ] / - [x]) или json.",
    show_default=False,
)
CHECK_OPT = typer.Option(
    False,
    "--check",
    help="Код выхода 1, пока что-то не сделано (или в списке учителей есть ошибки); "
    "0, когда всё готово.",
)


ROSTER_OPT = typer.Option(
    None, "--roster", help="Список учителей (CSV или XLSX) вместо teachers: из файла школы."
)


def _parameters(role: Role) -> list[Parameter]:
    """The command's parameters; a role that reads the teachers takes their list."""
    roster: list[Parameter] = [("roster", Path | None, ROSTER_OPT)]
    root: list[Parameter] = [("files_root", Path | None, FILES_ROOT_OPTION)]
    return [
        ("path", Path | None, SCHOOL_ARG),
        ("fmt", ChecklistFormat | None, FORMAT_OPT),
        *(roster if role.reads_teachers else []),
        ("check", bool, CHECK_OPT),
        *(root if role.reads_teachers else []),
    ]


def _run(
    role: Role,
    path: Path | None,
    fmt: ChecklistFormat | None,
    check: bool,
    roster: Path | None = None,
    files_root: Path | None = None,
) -> None:
    from sferum_cli import files
    from sferum_cli.errors import CheckFailedError
    from sferum_cli.onboarding import checklists, render

    school = files.school_file(path)
    result = checklists.for_file(school, role.name, roster=roster, files_root=files_root)
    for warning in result.warnings:
        sys.stderr.write(f"предупреждение: {warning}\n")
    chosen = fmt or (ChecklistFormat.rich if sys.stdout.isatty() else ChecklistFormat.text)
    console = output_settings.console(sys.stdout) if chosen == ChecklistFormat.rich else None
    render.write(result, chosen, sys.stdout, console)
    if check and not result.complete:
        raise CheckFailedError(
            message=f"Чек-лист не закрыт: открытых пунктов — {result.open_count}"
            + (f", ошибок в списке учителей — {len(result.warnings)}." if result.warnings else ".")
        )


for _role in ROLES:
    add_command(checklist_app, _role.name, _role.help, _parameters(_role), partial(_run, _role))


@roster_app.command("template")
def roster_template(
    output: Path = output_option(
        Path("teachers.csv"),
        help="Куда записать: .csv (UTF-8 с BOM, разделитель «;», открывается в Excel) или .xlsx.",
    ),
    force: bool = force_option("Перезаписать существующий файл."),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Записать пустой список учителей с нужными заголовками."""
    from sferum_cli.onboarding import roster

    output_settings.set_verbosity(quiet, verbose)
    written = roster.write_template(output, force=force)
    output_settings.info(
        f"Образец списка учителей записан: {written}\n"
        f"Заполните его и запустите: sferum-cli checklist teachers --roster {written}"
    )


@app.command()
def handouts(
    path: Path | None = SCHOOL_ARG,
    output: Path = output_option(..., help="Папка для памяток."),
    pdf: bool = typer.Option(False, "--pdf", help="Сделать и PDF (нужен LibreOffice)."),
    force: bool = force_option("Перезаписать существующие файлы."),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Памятки для классных собраний: страница на класс со ссылкой и QR-кодом."""
    from sferum_cli import files
    from sferum_cli.onboarding import handouts as lib

    output_settings.set_verbosity(quiet, verbose)
    result = lib.build_for_file(files.school_file(path), output, pdf=pdf, force=force)
    for warning in result.warnings:
        sys.stderr.write(f"предупреждение: {warning}\n")
    for file in result.files:
        output_settings.detail(f"Записан файл: {file}")
    output_settings.info(f"Памяток: {result.classes}; файлов записано: {len(result.files)}.")
