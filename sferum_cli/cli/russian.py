"""Russian for the few English strings of the command-line parser.

Typer bundles its own copy of click, whose headings and usage errors are
hard-coded English.  A Russian-reading administrator should not meet
«Usage:» or «No such option»: this module gives the parser a Russian help
formatter and Russian usage errors.  It touches Typer's private ``_click``
package, so a test (tests/test_cli_help.py) pins the result.
"""

from __future__ import annotations

import re
from typing import IO, Any

import typer.core as typer_core
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer._click.formatting import HelpFormatter

SECTIONS = {
    "Options": "Параметры",
    "Arguments": "Аргументы",
    "Commands": "Команды",
}

_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (.+?)(?: Did you mean (.+)\?)?$", "нет такого параметра: {0}"),
    (r"^No such command '(.+)'\.$", "нет такой команды: {0}"),
    (r"^Missing argument '(.+)'\.?(.*)$", "не указан аргумент {0}"),
    (r"^Missing option '(.+)'\.?(.*)$", "не указан параметр {0}"),
    (r"^Missing parameter: (.+)$", "не указан параметр {0}"),
    (r"^Missing command\.$", "не указана команда"),
    (r"^Option '(.+)' requires an argument\.$", "параметру {0} нужно значение"),
    (r"^Option '(.+)' does not take a value\.$", "параметр {0} не принимает значения"),
    (r"^Got unexpected extra argument(?:s)? \((.+)\)$", "лишние аргументы: {0}"),
    (r"^Invalid value for (.+?): (.+)$", "недопустимое значение {0}: {1}"),
)


_TYPER_STRINGS = {
    "default: {default}": "по умолчанию: {default}",
    "required": "обязательно",
    "env var: {var}": "переменная окружения: {var}",
    "(dynamic)": "(вычисляется)",
    "Aborted!": "Прервано.",
    **SECTIONS,
}
_METAVARS = (
    (re.compile(r"<list\[Path\]>|<path>|<Path>"), "<путь>"),
    (re.compile(r"<list\[str\]>|<str>"), "<текст>"),
    (re.compile(r"<int>|<float>"), "<число>"),
    (re.compile(r"\bPATHS?\b"), "ПУТЬ"),
)


def _typer_gettext(message: str) -> str:
    return _TYPER_STRINGS.get(message, message)


def translate_metavars(text: str) -> str:
    for pattern, russian in _METAVARS:
        text = pattern.sub(russian, text)
    return text


def translate_error(message: str) -> str:
    for pattern, template in _ERRORS:
        match = re.match(pattern, message, flags=re.S)
        if match:
            return template.format(*match.groups())
    return message


class RussianHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            args.replace("[OPTIONS]", "[ПАРАМЕТРЫ]").replace(
                "COMMAND [ARGS]...", "КОМАНДА [АРГУМЕНТЫ]..."
            ),
            prefix="Использование: ",
        )

    def section(self, name: str) -> Any:
        return super().section(SECTIONS.get(name, name))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(translate_metavars(first), second) for first, second in rows]
        super().write_dl(rows, col_max=col_max, col_spacing=col_spacing)


def _show_usage_error(self: click_exceptions.UsageError, file: IO[Any] | None = None) -> None:
    import sys

    stream = file or sys.stderr
    if self.ctx is not None:
        stream.write(self.ctx.get_usage() + "\n")
        stream.write(f"Справка: {self.ctx.command_path} --help\n\n")
    stream.write(f"Ошибка: {translate_error(self.format_message())}\n")


def install() -> None:
    typer_core._ = _typer_gettext  # type: ignore[attr-defined]
    click_core.Context.formatter_class = RussianHelpFormatter
    click_exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
    original = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = "Показать эту справку и выйти."
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
