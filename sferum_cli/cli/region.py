"""`sferum-cli report`: where each school of a region stands (terminal, CI, Excel, browser)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    EXCLUDE_OPTION,
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
)
from sferum_cli.cli.options import format_option, output_option
from sferum_cli.cli.school import school_files_argument
from sferum_cli.errors import UsageError
from sferum_cli.progress_report.formats import ProgressFormat, formats_help


@app.command()
def report(
    paths: list[str] = school_files_argument(
        "Файлы школ, папки (ищутся *.yaml, *.yml) или шаблоны вроде 'schools/**/*.yaml'. "
        "По умолчанию school.yaml."
    ),
    output: Path | None = output_option(
        None,
        help="Записать отчёт в файл (нужно для xlsx); без него — на экран.",
        show_default=False,
    ),
    fmt: ProgressFormat = format_option(ProgressFormat.text, help=f"Вид отчёта: {formats_help()}."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="ДАТА",
        help="Дата отчёта (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ): отметки позже неё не учитываются. "
        "По умолчанию сегодня, а если задана SOURCE_DATE_EPOCH — её день.",
        show_default=False,
    ),
    stalled_after: int = typer.Option(
        14,
        "--stalled-after",
        metavar="ДНЕЙ",
        min=0,
        help="Школа «застряла», если её последняя отметка в progress: старше стольких дней.",
    ),
    show_pii: bool = typer.Option(
        False,
        "--show-pii",
        help="Включить в отчёт ФИО и телефон администратора каждой школы (личные данные).",
    ),
    files_root: Path | None = FILES_ROOT_OPTION,
    exclude: list[str] = EXCLUDE_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Отчёт региона: на каком этапе подключения к Сферуму каждая школа.

    Этап, доля учителей с подтверждённой ролью, классов со ссылкой-приглашением
    и охваченных учеников — по школам, муниципалитетам и региону, и список
    застрявших школ. Файлы с ошибками входят в отчёт как школы с ошибками;
    код выхода 0 и тогда (проверяет файлы validate).
    """
    from sferum_cli import files, privacy
    from sferum_cli.progress_report import collect
    from sferum_cli.progress_report.formats import FORMATS, RenderOptions, render

    output_settings.set_verbosity(quiet, verbose)
    if show_pii:
        privacy.set_masking(False)
    day = collect.parse_date(as_of) if as_of is not None else collect.default_as_of()
    binary = FORMATS[fmt].binary
    if output is None and binary:
        raise UsageError(message=f"отчёт {fmt} записывается только в файл: укажите -o ФАЙЛ")
    skipped: list[Path] = []
    targets = files.find_school_files(
        paths or [files.default_school_file()],
        exclude=exclude or (),
        skip=[output] if output is not None else [],
        skipped=skipped,
    )
    for path in skipped:
        output_settings.detail(f"пропущен (не похож на файл школы): {path}")
    if not targets:
        raise UsageError(message="не найдено ни одного файла *.yaml или *.yml")
    result = collect.collect(
        targets,
        as_of=day,
        stalled_after=stalled_after,
        files_root=files_root,
        show_pii=privacy.shown_on_request(),
    )
    if output is None:
        options = RenderOptions()
        if fmt is ProgressFormat.text:
            console = output_settings.console(sys.stdout)
            options = RenderOptions(
                color=output_settings.use_color(sys.stdout), width=console.width
            )
        text = render(result, fmt, options)
        assert isinstance(text, str)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    data = render(result, fmt)
    files.atomic_write(output, data if isinstance(data, bytes) else data.encode("utf-8"))
    totals = result.totals
    output_settings.info(
        f"Записан отчёт: {output} (школ {totals.schools}, с ошибками {totals.with_errors}, "
        f"застряли {totals.stalled})"
    )
