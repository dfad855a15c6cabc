"""`sferum-cli build`: all documents for many schools at once (CI, regions)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    EXCLUDE_OPTION,
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
)
from sferum_cli.cli.options import force_option, output_option
from sferum_cli.cli.school import (
    MESSAGES_NO_PII_OPTION,
    ci_default_no_pii,
    school_files_argument,
)
from sferum_cli.errors import EXIT_BUG, UsageError

if TYPE_CHECKING:
    from rich.progress import TaskID

    from sferum_cli.batch.entry import Entry, SchoolErrors


@app.command()
def build(
    paths: list[str] = school_files_argument(
        "Файлы школ, папки (ищутся *.yaml, *.yml) или шаблоны вроде 'schools/**/*.yaml'. "
        "По умолчанию school.yaml."
    ),
    exclude: list[str] = EXCLUDE_OPTION,
    output: Path = output_option(Path("out"), help="Папка для результатов (по папке на школу)."),
    jobs: int = typer.Option(
        0, "--jobs", "-j", help="Число параллельных процессов (0 — по числу ядер).", min=0
    ),
    pdf: bool = typer.Option(
        False,
        "--pdf",
        help="Также PDF через LibreOffice (процессов LibreOffice — как --jobs, "
        "но не больше числа ядер).",
    ),
    force: bool = force_option("Пересобрать всё, даже если исходные данные не менялись."),
    files_root: Path | None = FILES_ROOT_OPTION,
    no_pii: bool | None = MESSAGES_NO_PII_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Собрать документы для многих школ: приказ, письмо, Положение, письмо-заявку,
    чек-листы и памятки — в папку OUTPUT/<школа>/, плюс manifest.json.

    Школа с ошибками не останавливает остальные; код выхода 1, если хоть одна
    не собрана. Неизменившиеся школы не пересобираются (--force — пересобрать).
    """
    from sferum_cli import files
    from sferum_cli.batch.build import BuildOptions
    from sferum_cli.batch.build import build as run_build

    output_settings.set_verbosity(quiet, verbose)
    skipped: list[Path] = []
    targets = files.find_school_files(
        paths or [files.default_school_file()],
        exclude=exclude or (),
        skip=[output],
        skipped=skipped,
    )
    for path in skipped:
        output_settings.detail(f"пропущен (не похож на файл школы): {path}")
    if not targets:
        raise UsageError(message="не найдено ни одного файла *.yaml или *.yml")
    options = BuildOptions(
        outdir=output,
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        pdf=pdf,
        files_root=files_root,
    )
    ci_default_no_pii(no_pii)  # the output boundary masks everything printed below
    fancy = (
        sys.stderr.isatty()
        and os.environ.get("CI", "").lower() not in {"1", "true"}
        and not quiet
        and not verbose
    )
    reporter: _PlainProgress | _RichProgress = (
        _RichProgress(len(targets)) if fancy else _PlainProgress()
    )
    with reporter:
        summary = run_build(targets, options, on_result=reporter.update, on_pdf=reporter.pdf)
    output_settings.info(
        f"Готово: собрано {summary.built}, без изменений {summary.unchanged}, "
        f"с ошибками {summary.failed} из {summary.total}; файлов {summary.files}. "
        f"Манифест: {output / 'manifest.json'}"
    )
    if fancy and summary.failures:
        _print_failures(summary.failures)
    if summary.internal_errors:
        raise typer.Exit(EXIT_BUG)
    if summary.failed:
        from sferum_cli.errors import CheckFailedError

        raise CheckFailedError()  # each failed school was reported above


def _problem_lines(school: Entry | SchoolErrors) -> list[str]:
    lines = []
    for problem in school.errors:
        where = school.source
        if problem.line:
            where += f":{problem.line}:{problem.column}"
        path = f"{problem.path}: " if problem.path else ""
        lines.append(f"{where}: {path}{problem.message}")
    return lines


def _print_failures(failures: list[SchoolErrors]) -> None:
    for entry in failures:
        sys.stderr.write("\n".join(_problem_lines(entry)) + "\n")


_STATUS = {"built": ("собрана", "32"), "unchanged": ("без изменений", "2")}


class _PlainProgress:
    """One line per school: readable in CI logs."""

    def __enter__(self) -> _PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, index: int, total: int, entry: Entry) -> None:
        status, style = _STATUS.get(entry.status, ("ОШИБКА", "31"))
        painted = output_settings.paint(status, style, sys.stdout)
        line = f"[{index}/{total}] {painted}: {entry.source} → {entry.slug}"
        if entry.warnings:
            output_settings.info(line)
            output_settings.detail(f"  предупреждений: {len(entry.warnings)}")
        else:
            output_settings.info(line)
        if status == "ОШИБКА":
            sys.stderr.write("\n".join(_problem_lines(entry)) + "\n")
            sys.stderr.flush()

    def pdf(self, done: int, total: int, school: SchoolErrors | None) -> None:
        """A line per school whose documents are all converted (and one to start)."""
        if school is None:
            if done == 0:
                output_settings.info(f"[PDF 0/{total}] преобразование документов в PDF")
            return
        status, style = ("PDF готовы", "32") if not school.errors else ("ОШИБКА PDF", "31")
        painted = output_settings.paint(status, style, sys.stdout)
        where = f"{school.source} → {school.slug}"
        output_settings.info(f"[PDF {done}/{total}] {painted}: {where}")
        if school.errors:
            sys.stderr.write("\n".join(_problem_lines(school)) + "\n")
            sys.stderr.flush()


class _RichProgress:
    """A progress bar on a terminal."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=output_settings.console(sys.stderr),
        )
        self.task = self.progress.add_task("Сборка школ", total=total)
        self.pdf_task: TaskID | None = None

    def __enter__(self) -> _RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, index: int, total: int, entry: Entry) -> None:
        self.progress.update(self.task, completed=index)

    def pdf(self, done: int, total: int, school: SchoolErrors | None) -> None:
        if self.pdf_task is None:
            self.pdf_task = self.progress.add_task("Преобразование в PDF", total=total)
        self.progress.update(self.pdf_task, completed=done)
