"""Command-line values converted without building a Pydantic adapter per parameter.

Typer 0.29 converts every parameter value through a Pydantic ``TypeAdapter``
that it builds on each run (``typer._coercion.build_runtime_param``): that
imports Pydantic and generates a core schema per parameter, ≈ 60–90 ms before a
command starts, and makes commands that need no model (``decline``, help of a
subcommand) import Pydantic at all.

The values this program's parameters take — text, paths, choices (enums),
flags, whole numbers, and lists of these — are converted here by the same
pure functions Typer's adapters call (``coerce_cli_choice``,
``coerce_cli_path``).  Anything else — a value that would fail, a type not
listed here — goes to Typer's own adapter, so errors, their Russian wording
(``russian.value_error_message``) and unusual inputs behave exactly as
before.  This touches Typer's private ``_coercion`` module (like
``russian.py`` touches its parser): tests/test_cli_params.py compares the two
conversions for every parameter of every command, so an upgrade of Typer that
changes the contract fails a test instead of changing behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
from typer.core import _TyperParameter


class _Slow(Exception):
    """This value needs Typer's own conversion."""


_DIGITS = re.compile(r"[0-9]{1,18}")


def _text(value: Any) -> str:
    # A string Pydantic would refuse (lone surrogates from undecodable bytes)
    # takes Typer's path, with its message.
    if not isinstance(value, str):
        raise _Slow
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Slow from None
    return value


def _number(annotation: Any, value: Any, minimum: Any, maximum: Any) -> Any:
    if annotation is int and isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if type(value) is not annotation:
        raise _Slow
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise _Slow  # the message says which bound
    return value


def _leaf(annotation: Any, value: Any, param: _TyperParameter, ctx: Any) -> Any:
    info = param.type_descriptor.parameter_info
    if info.parser is not None:
        raise _Slow
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(
                value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            raise _Slow from None
    if annotation in (int, float):
        if info.clamp:
            raise _Slow
        return _number(annotation, value, info.min, info.max)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise _Slow
    if annotation is str:
        return _text(value)
    if annotation is Path and routes_to_path(annotation, info) and info.path_type is None:
        if not isinstance(value, Path):
            value = Path(_text(value))
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    raise _Slow


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Converts the common values itself; the rest through Typer's adapter."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Any) -> Any:
        annotation = self.annotation
        origin: Any = get_origin(annotation)
        try:
            if origin is list:
                (item,) = get_args(annotation)
                items = value if isinstance(value, (list, tuple)) else [value]
                return [_leaf(item, one, param, ctx) for one in items]
            return _leaf(annotation, value, param, ctx)
        except _Slow:
            pass
        typer_param = build_runtime_param(self.descriptor)
        return typer_param._coerce_value(value, param=param, ctx=ctx)


def plain_runtime_param(param: _TyperParameter) -> RuntimeParam:
    descriptor = param.type_descriptor
    origin: Any = get_origin(descriptor.annotation)
    if descriptor.file_annotation is not None or origin is tuple:
        return build_runtime_param(descriptor)
    return PlainRuntimeParam(
        annotation=descriptor.annotation,
        parameter_info=descriptor.parameter_info,
        descriptor=descriptor,
    )


def install() -> None:
    def get_runtime_param(self: _TyperParameter) -> RuntimeParam:
        if self._runtime_param is None:
            self._runtime_param = plain_runtime_param(self)
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
