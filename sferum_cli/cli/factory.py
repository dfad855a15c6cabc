"""Commands made from a registry: one per document kind, one per checklist role.

Their parameters differ with the entry (a kind set on a letterhead takes
``--letterhead``; a role that reads the teachers takes ``--roster``), so the
parameter list is data and the command is made from it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import typer

Parameter = tuple[str, Any, Any]
"""A command's parameter: its name, its type and its ``typer.Option``/``typer.Argument``."""


def add_command(
    target: typer.Typer, name: str, help: str, params: Sequence[Parameter], run: Callable[..., None]
) -> None:
    """Add the command ``name`` that calls ``run(**values)`` with ``params`` in that order."""

    def command(**values: Any) -> None:
        run(**values)

    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
            for key, kind, default in params
        ]
    )
    target.command(name, help=help)(command)
