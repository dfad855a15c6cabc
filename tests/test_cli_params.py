"""Parameter values converted without Pydantic give what Typer's adapters give.

``sferum_cli.cli.params`` replaces Typer's per-parameter Pydantic adapter for the
usual values; these tests run both conversions on every parameter of every
command, so a change in either (or a Typer upgrade) shows here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from sferum_cli.cli import app
from sferum_cli.cli.params import PlainRuntimeParam, plain_runtime_param


def _parameters() -> Iterator[tuple[str, Any, _TyperParameter]]:
    def walk(command: Any, name: str) -> Iterator[tuple[str, Any, _TyperParameter]]:
        for param in command.params:
            if isinstance(param, _TyperParameter):
                yield f"{name} {param.name}", command, param
        for sub_name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{name} {sub_name}".strip())

    yield from walk(typer.main.get_command(app), "")


PARAMETERS = list(_parameters())

VALUES: tuple[Any, ...] = (
    "text",
    "школа.yaml",
    "",
    " 2 ",
    "0",
    "3",
    "-1",
    "007",
    "1.5",
    "json",
    "JSON",
    "text ",
    "true",
    "no",
    "-",
    "nonexistent/dir/x.yaml",
    "a\udcff.yaml",
    True,
    False,
    0,
    5,
    2.5,
    Path("school.yaml"),
    ["a", "b"],
    ("examples", "-"),
    [],
)


def _convert(runtime: Any, value: Any, param: _TyperParameter, ctx: Context) -> tuple[str, Any]:
    try:
        return "ok", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", exc.format_message()


@pytest.mark.parametrize(("label", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_plain_conversion_equals_typers(label: str, command: Any, param: _TyperParameter) -> None:
    ctx = Context(command)
    plain = plain_runtime_param(param)
    typers = build_runtime_param(param.type_descriptor)
    for value in VALUES:
        if (param.multiple or param.nargs == -1) != isinstance(value, (list, tuple)):
            continue
        expected = _convert(typers, value, param, ctx)
        got = _convert(plain, value, param, ctx)
        assert got == expected, (label, value)
        assert type(got[1]) is type(expected[1]), (label, value)


def test_every_parameter_of_this_program_takes_the_plain_path() -> None:
    """No parameter was declared with a type the plain conversion leaves to Pydantic."""
    assert PARAMETERS
    assert all(isinstance(plain_runtime_param(p), PlainRuntimeParam) for _, _, p in PARAMETERS)


def test_a_usual_value_is_converted_without_typers_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    import sferum_cli.cli.params as params

    def refuse(descriptor: Any) -> Any:
        raise AssertionError("Typer's adapter was built")

    monkeypatch.setattr(params, "build_runtime_param", refuse)
    for _label, command, param in PARAMETERS:
        ctx = Context(command)
        annotation = param.type_descriptor.annotation
        if param.multiple or param.nargs == -1:
            continue
        value = {bool: True, str: "x", Path: "x.yaml", int: "2", float: 2.5}.get(annotation)
        if value is None:  # an enum: its first choice, as typed by the user
            value = next(iter(annotation)).value
        plain_runtime_param(param).coerce(value, param=param, ctx=ctx)
