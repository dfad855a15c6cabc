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
    (
        r"^No such option: (\S+) (?:\(Possible options: (.+)\)|Did you mean (.+)\?)$",
        "нет такого параметра: {0}. Возможно, имелось в виду: {1}",
    ),
    (r"^No such option: (.+)$", "нет такого параметра: {0}"),
    (
        r"^No such command '(.+)'\. Did you mean (.+)\?$",
        "нет такой команды: {0}. Возможно, имелось в виду: {1}",
    ),
    (r"^No such command '(.+)'\.$", "нет такой команды: {0}"),
    (r"^Missing argument (.+?)(?:\. (.+)|\.)?$", "не указан аргумент {0}; {1}"),
    (r"^Missing option (.+?)(?:\. (.+)|\.)?$", "не указан параметр {0}; {1}"),
    (r"^Missing parameter: (.+)$", "не указан параметр {0}"),
    (r"^Missing command\.$", "не указана команда"),
    (r"^Option '(.+)' requires an argument\.$", "параметру {0} нужно значение"),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "параметру {0} нужно значений: {1}"),
    (r"^Argument '(.+)' takes (\d+) values\.$", "аргументу {0} нужно значений: {1}"),
    (r"^Option '(.+)' does not take a value\.$", "параметр {0} не принимает значения"),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((.+)\)$", "лишние аргументы: {0}"),
    (r"^Invalid value for (.+?): (.+)$", "недопустимое значение {0}: {1}"),
    (r"^Invalid value: (.+)$", "недопустимое значение: {0}"),
    (r"^Value must be an iterable\.$", "нужен список значений"),
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
    (re.compile(r"<list\[(?:Path|path)\]>|<path>|<Path>|<file>"), "<путь>"),
    (re.compile(r"<directory>"), "<папка>"),
    (re.compile(r"<list\[str\]>|<str>"), "<текст>"),
    (re.compile(r"<(?:int|float)(?: range)?>"), "<число>"),
    (re.compile(r"<datetime>"), "<дата>"),
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
            groups = [g.replace("'", "") for g in match.groups() if g is not None]
            return template.format(*groups, *([""] * 3)).rstrip(":; ")
    return message


def _quoted_list(text: str) -> str:
    """«'text', 'json'» → «text, json»."""
    return ", ".join(part.strip().strip("'\"") for part in text.split(","))


def describe_number_range(minimum: float | None, maximum: float | None) -> str | None:
    """Russian for Typer's «x>=0» in help: «от 0», «от 1 до 11»."""
    if minimum is None and maximum is None:
        return None
    if maximum is None:
        return f"не меньше {minimum}"
    if minimum is None:
        return f"не больше {maximum}"
    return f"от {minimum} до {maximum}"


def value_error_message(exc: Any) -> str:
    """Russian for the Pydantic error Typer reports for a bad option value."""
    errors = exc.errors()
    if not errors:
        return "недопустимое значение"
    error = errors[0]
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    given = error.get("input")
    shown = f"«{given}»" if isinstance(given, str) else "значение"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{shown} — не целое число"
    if kind in {"float_parsing", "float_type"}:
        return f"{shown} — не число"
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        sign = "не меньше" if kind == "greater_than_equal" else "больше"
        return f"{shown}: число должно быть {sign} {bound}"
    if kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        sign = "не больше" if kind == "less_than_equal" else "меньше"
        return f"{shown}: число должно быть {sign} {bound}"
    message = str(error.get("msg", ""))
    choice = re.search(r"(.+) is not one of (.+?)\.?$", message)
    if choice:
        value = choice.group(1).removeprefix("Value error, ").strip("'\"")
        return f"«{value}» — нет такого варианта; возможные: {_quoted_list(choice.group(2))}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{shown} — ожидалось да или нет (true/false)"
    if kind.startswith("datetime") or kind.startswith("date"):
        return f"{shown} — не дата (ГГГГ-ММ-ДД)"
    return f"{shown} — недопустимое значение"


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


def _usage_display_name(self: Any) -> str:
    """«ФАЙЛ», «[ФАЙЛ]», «[ФАЙЛЫ]...» — click's style, not Typer's «{text}»."""
    name = str(self.display_name_raw)
    if not self.required:
        name = f"[{name}]"
    if self.nargs != 1:
        name += "..."
    return name


def _argument_type(self: Any, ctx: Any) -> str | None:
    """An argument with a Russian metavar needs no «<путь>» after it."""
    if self.metavar is not None:
        return None
    return str(translate_metavars(self.display_type(ctx)))


def _missing_message(self: Any, ctx: Any) -> str:
    desc = self.type_descriptor
    if desc.is_choice and desc.choices is not None:
        from typer._param_types import choice_as_str

        return "возможные значения: " + ", ".join(choice_as_str(c) for c in desc.choices)
    return ""


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --install-completion, saying what it did in Russian."""
    import sys

    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    sys.stdout.write(
        f"Автодополнение для {shell} установлено в {path}.\n"
        "Оно заработает в новом окне терминала.\n"
    )
    raise SystemExit(0)


_COMPLETION_HELP = {
    "--install-completion": "Установить автодополнение команд для этой оболочки "
    "(bash, zsh, fish, PowerShell).",
    "--show-completion": "Показать сценарий автодополнения для этой оболочки, "
    "чтобы скопировать его или установить вручную.",
}


def _russian_completion_options() -> None:
    from typer import completion
    from typer import main as typer_main

    original = completion.get_completion_inspect_parameters

    def parameters() -> Any:
        install_param, show_param = original()
        for param in (install_param, show_param):
            name = "--" + param.name.replace("_", "-")
            param.default.help = _COMPLETION_HELP[name]
        install_param.default.callback = _install_completion
        return install_param, show_param

    typer_main.get_completion_inspect_parameters = parameters  # type: ignore[attr-defined]


def install() -> None:
    from typer import _coercion, _param_types

    _russian_completion_options()
    typer_core._ = _typer_gettext  # type: ignore[attr-defined]
    typer_core.describe_number_range = describe_number_range  # type: ignore[attr-defined,assignment]
    _coercion.get_error_msg = value_error_message  # type: ignore[attr-defined]
    _param_types.get_error_msg = value_error_message  # type: ignore[attr-defined]
    typer_core.TyperArgument._usage_display_name = _usage_display_name  # type: ignore[method-assign]
    typer_core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]
    typer_core._TyperParameter.get_missing_message = _missing_message  # type: ignore[method-assign]
    click_core.Context.formatter_class = RussianHelpFormatter
    click_exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
    original = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = "Показать эту справку и выйти."
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
