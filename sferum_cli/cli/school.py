"""Commands about the school file itself: validate, init, schema."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sferum_cli.cli import output
from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    EXCLUDE_OPTION,
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
)
from sferum_cli.cli.options import force_option, format_option, output_option
from sferum_cli.errors import UsageError
from sferum_cli.report import ReportFormat, formats_help

if TYPE_CHECKING:
    from sferum_cli.scaffold import Leaf


MESSAGES_NO_PII_OPTION: Any = typer.Option(
    None,
    "--no-pii/--show-pii",
    help="Скрывать телефоны и адреса почты в сообщениях (включено, когда CI=true).",
    show_default=False,
)


def school_files_argument(help_text: str) -> Any:
    """The school files, folders or patterns a command over many schools reads."""
    return typer.Argument(None, metavar="ФАЙЛЫ", help=help_text, show_default=False)


def ci_default_no_pii(value: bool | None) -> bool:
    """The command's own --no-pii/--show-pii, if given, decides for the whole output."""
    from sferum_cli import privacy

    if value is not None:
        privacy.set_masking(value)
    return privacy.masking()


@app.command()
def validate(
    paths: list[Path] = school_files_argument(
        "Файлы школ или папки (в папках ищутся *.yaml и *.yml); «-» — стандартный ввод. "
        "По умолчанию school.yaml."
    ),
    fmt: ReportFormat = format_option(ReportFormat.text, help=f"Вид отчёта: {formats_help()}."),
    strict: bool = typer.Option(
        False, "--strict", help="Считать предупреждения ошибками (во всех видах отчёта)."
    ),
    no_pii: bool | None = MESSAGES_NO_PII_OPTION,
    files_root: Path | None = FILES_ROOT_OPTION,
    exclude: list[str] = EXCLUDE_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Проверить файл школы: все ошибки с номером строки и столбца.

    Коды выхода: 0 — всё верно, 1 — есть ошибки, 2 — неверные параметры,
    3 — внутренняя ошибка программы.
    """
    from sferum_cli import files, report, validation

    output.set_verbosity(quiet, verbose)
    skipped: list[Path] = []
    targets = files.find_school_files(
        paths or [files.default_school_file()], exclude=exclude or (), skipped=skipped
    )
    for path in skipped:
        output.detail(f"пропущен (не похож на файл школы): {path}")
    if not targets:
        raise UsageError(message="не найдено ни одного файла *.yaml или *.yml")
    # Only the names are kept while the files are checked: 40,000 Path objects
    # take ≈ 16 MiB, their names ≈ 5 MiB.
    names = [str(path) for path in targets]
    del targets
    # Each file's part of the report is written as soon as the file is checked:
    # memory does not grow with the number of files.
    lines = output.ReportLines(sys.stdout, drop_last=quiet) if fmt == "text" else None
    write = lines.write if lines is not None else sys.stdout.write
    reporter = report.start(fmt, write, no_pii=ci_default_no_pii(no_pii))
    for name in names:
        path = Path(name)
        result = validation.check(path, check_files=True, files_root=files_root).without_school()
        if strict:
            result = result.warnings_as_errors()
        if lines is not None and not result.problems:
            output.detail(f"{result.path}: в порядке")
        reporter.add(result)
    reporter.close()
    if lines is not None:
        lines.close()
    if not reporter.tally.valid:
        from sferum_cli.errors import CheckFailedError

        raise CheckFailedError()  # the report above names every problem


INTERACTIVE_SECTIONS = ("organization", "director", "administrator", "appointment", "platform")


@app.command()
def init(
    path: Path = typer.Argument(
        Path("school.yaml"),
        metavar="ФАЙЛ",
        help="Куда записать файл школы (по умолчанию school.yaml).",
    ),
    set_values: list[str] = typer.Option(
        None,
        "--set",
        help="Значение ключа: --set organization.inn=4345000000 (можно повторять).",
        show_default=False,
    ),
    data_file: Path | None = typer.Option(
        None, "--data-file", help="YAML-файл с готовыми значениями (те же ключи)."
    ),
    no_input: bool = typer.Option(False, "--no-input", help="Ничего не спрашивать (для скриптов)."),
    interactive: bool = typer.Option(
        False, "--interactive", help="Спрашивать значения, даже если ввод не с терминала."
    ),
    force: bool = force_option("Перезаписать существующий файл."),
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Создать файл школы с подсказками к каждому ключу.

    В терминале спрашивает значения и сразу проверяет каждое. С --no-input
    берёт значения только из --set и --data-file и сообщает, что осталось
    заполнить. Рядом записывается school.schema.json для подсказок в редакторе.
    """
    from sferum_cli import files, scaffold, schema, yamlio

    output.set_verbosity(quiet, verbose)
    if no_input and interactive:
        raise UsageError(message="--no-input и --interactive нельзя указывать вместе")
    from sferum_cli.errors import OutputExistsError, UserFileError

    if path.is_dir():
        raise UserFileError(path=path, reason="это папка, а нужно имя файла школы")
    if path.exists() and not force:
        raise OutputExistsError(path=path)
    data = yamlio.load(data_file).data if data_file else {}
    ask = None
    if interactive or (not no_input and sys.stdin.isatty()):
        ask = _prompter()
    values, lists = scaffold.collect(data=data, assignments=set_values or [], ask=ask)
    files.atomic_write_text(path, scaffold.render(values, lists))
    schema_path = path.parent / scaffold.SCHEMA_FILE_NAME
    if not schema_path.exists():
        files.atomic_write_text(schema_path, schema.school_schema_json())
    missing = scaffold.missing_required(values)
    output.info(f"Записан файл школы: {path}")
    if missing:
        sys.stdout.write(
            "Осталось заполнить обязательные ключи:\n"
            + "".join(f"  - {key}\n" for key in missing)
            + f"Затем проверьте: sferum-cli validate {path}\n"
        )
    else:
        output.info(f"Проверьте его: sferum-cli validate {path}")


def _prompter() -> Callable[[Leaf, str | None, Mapping[str, str]], str | None]:
    from sferum_cli import scaffold

    def ask(leaf: Leaf, current: str | None, values: Mapping[str, str]) -> str | None:
        if leaf.path[0] not in INTERACTIVE_SECTIONS:
            return None
        suffix = "" if leaf.required else " (Enter — пропустить)"
        while True:
            answer: str = typer.prompt(
                f"{leaf.dotted} — {leaf.help}{suffix}",
                default=current or "",
                show_default=bool(current),
                err=True,
            ).strip()
            if answer:
                problem = scaffold.check_value(leaf, answer)
                problem = problem or scaffold.check_across(leaf, answer, values)
            else:
                problem = scaffold.check_across(leaf, None, values)
            if problem is None:
                return answer or None
            sys.stderr.write(f"  Ошибка: {problem}. Попробуйте ещё раз.\n")

    return ask


class SchemaFormat(StrEnum):
    json = "json"
    markdown = "markdown"


@app.command()
def schema(
    output: Path | None = output_option(None, help="Записать в файл вместо вывода на экран."),
    fmt: SchemaFormat = format_option(
        SchemaFormat.json,
        help="json — JSON Schema 2020-12 для редакторов; markdown — справочник ключей.",
    ),
) -> None:
    """Показать JSON Schema (2020-12) файла школы или справочник его ключей."""
    from sferum_cli import files
    from sferum_cli.schema import school_reference_markdown, school_schema_json

    text = school_schema_json() if fmt is SchemaFormat.json else school_reference_markdown()
    if output is None:
        sys.stdout.write(text)
    else:
        files.atomic_write_text(output, text)
        output_settings.info(f"Записано: {output}")
