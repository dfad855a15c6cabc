"""The Typer application and the one error boundary of the program.

Command modules (``sferum_cli.cli.*``) register their commands on :data:`app`.
No heavy library is imported here: ``--help`` must stay fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from sferum_cli import __version__
from sferum_cli.cli import output, params, russian
from sferum_cli.errors import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    InterruptedByUser,
    SferumError,
    os_reason,
)

russian.install()
params.install()  # values converted without a Pydantic adapter per parameter


def _lazy_completion() -> None:
    """Shell completion parses the command line «resiliently» only to find where
    the cursor is; Typer would still coerce every value through Pydantic.
    Skipping that keeps completion from importing Pydantic at all (fast)."""
    from typer import _completion_classes
    from typer.core import _TyperParameter

    # Our help has no Rich markup (rich_markup_mode=None): no need to import Rich.
    _completion_classes._sanitize_help_text = lambda text: text
    process_value = _TyperParameter.process_value

    def lazy(self: Any, ctx: Any, value: Any) -> Any:
        if ctx.resilient_parsing:
            return value
        return process_value(self, ctx, value)

    _TyperParameter.process_value = lazy  # type: ignore[method-assign]


_lazy_completion()

BUG_MESSAGE = (
    "Внутренняя ошибка sferum-cli {version} ({kind}). Это ошибка программы, а не ваших "
    "данных: пожалуйста, сообщите о ней разработчикам (please report), приложив команду, "
    "которую вы запускали. Подробности без личных данных: SFERUM_DEBUG=1."
)


def print_error(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


class BoundaryGroup(TyperGroup):
    """The one output boundary: every expected error becomes a message on stderr
    and an exit code, and everything printed passes the personal-data mask."""

    def invoke(self, ctx: Any) -> Any:
        from sferum_cli.privacy import MaskedStream

        streams = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = MaskedStream(sys.stdout), MaskedStream(sys.stderr)
        try:
            return self._invoke(ctx)
        finally:
            for masked in (sys.stdout, sys.stderr):
                if isinstance(masked, MaskedStream):
                    masked.flush()
            sys.stdout, sys.stderr = streams

    def _invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SferumError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Abort, KeyboardInterrupt, EOFError):
            # Ctrl-C anywhere, Ctrl-D at a prompt: exit 130 as documented.
            report(InterruptedByUser())
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except typer.Exit:
            raise
        except OSError as exc:
            # The environment, not the program: a full disk, a folder where a
            # file was meant, no permission.  Said in Russian, exit code 1.
            where = f"{exc.filename}: " if exc.filename else ""
            print_error(f"Ошибка: {where}{os_reason(exc)}.")
            raise typer.Exit(EXIT_INVALID) from None
        except Exception as exc:
            if _click_exception(exc):
                raise
            if os.environ.get("SFERUM_DEBUG") == "1":
                import traceback

                # Only the frames, never the values of local variables.
                print_error("".join(traceback.format_tb(exc.__traceback__)))
            print_error(BUG_MESSAGE.format(version=__version__, kind=type(exc).__name__))
            raise typer.Exit(EXIT_BUG) from None


def report(exc: SferumError) -> None:
    message = exc.describe()
    if message:  # a failed gate whose report was already printed adds nothing
        print_error(f"Ошибка: {message}" if exc.exit_code != 1 else message)


def _click_exception(exc: BaseException) -> bool:
    from typer._click.exceptions import ClickException

    return isinstance(exc, ClickException)


FILES_ROOT_OPTION: Any = typer.Option(
    None,
    "--files-root",
    envvar="SFERUM_FILES_ROOT",
    help="Папка, в которой могут лежать файлы, названные в файле школы (бланк, вложения, "
    "список учителей), кроме папки самого файла школы — например, корень репозитория. "
    "Пути за пределами этих папок не читаются.",
    show_default=False,
)


SCHOOL_FILE_HELP = (
    "Файл школы; «-» — читать со стандартного ввода. По умолчанию school.yaml "
    "(или school.yml, если есть только он)."
)


def school_argument() -> Any:
    """The school-file argument shared by every command that reads one school."""
    return typer.Argument(None, metavar="ФАЙЛ", help=SCHOOL_FILE_HELP, show_default=False)


QUIET_OPTION: Any = typer.Option(False, "--quiet", "-q", help=output.QUIET_HELP)
VERBOSE_OPTION: Any = typer.Option(False, "--verbose", "-v", help=output.VERBOSE_HELP)
EXCLUDE_OPTION: Any = typer.Option(
    None,
    "--exclude",
    metavar="ШАБЛОН",
    help="Не искать в папках файлы и подпапки, подходящие под шаблон (по имени или пути "
    "внутри папки, например 'drafts' или 'old/*.yaml'); можно повторять. Скрытые папки "
    "(.git и т. п.) пропускаются всегда.",
    show_default=False,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sferum-cli {__version__}\n")
        raise typer.Exit()


# What every command group shares: help when called bare, no locals in
# tracebacks (personal data), plain help text without Rich markup.
_GROUP_SETTINGS: dict[str, Any] = {
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": None,
}

app = typer.Typer(
    name="sferum-cli",
    cls=BoundaryGroup,
    add_completion=True,
    help=(
        "Подключение образовательной организации к ИКОП «Сферум»: проверка файла школы, "
        "приказ, письмо на бланке, Положение, письмо-заявка на info@sferum.ru, "
        "чек-листы и памятки для классов."
    ),
    **_GROUP_SETTINGS,
)


def group(name: str, help: str) -> typer.Typer:
    """A command group (``sferum-cli checklist …``) added to :data:`app`."""
    sub = typer.Typer(name=name, add_completion=False, help=help, **_GROUP_SETTINGS)
    app.add_typer(sub)
    return sub


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Показать версию и выйти.",
        callback=_version,
        is_eager=True,
    ),
    no_pii: bool | None = typer.Option(
        None,
        "--no-pii/--show-pii",
        help="Скрывать телефоны, адреса почты и ФИО во всём, что выводится на экран "
        "(включено, когда CI=true). Записанные файлы не меняются.",
        show_default=False,
    ),
    color: output.ColorMode = typer.Option(
        output.ColorMode.auto, "--color", help=output.COLOR_HELP, show_default=False
    ),
) -> None:
    """Подключение школы к ИКОП «Сферум»."""
    from sferum_cli import privacy

    output.reset(color=color)

    privacy.reset()
    privacy.set_masking(no_pii)
