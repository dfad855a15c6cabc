"""Options that many commands declare alike: each command gives only its help."""

from __future__ import annotations

from typing import Any

import typer


def output_option(default: Any, help: str, **settings: Any) -> Any:
    """``--output``/``-o`` of a command: where it writes (its help says what)."""
    return typer.Option(default, "--output", "-o", help=help, **settings)


def force_option(help: str) -> Any:
    """``--force``: what the command may replace (its help says what)."""
    return typer.Option(False, "--force", help=help)


def format_option(default: Any, help: str, **settings: Any) -> Any:
    """``--format``/``-f``: the kinds of output a command offers (its help lists them)."""
    return typer.Option(default, "--format", "-f", help=help, **settings)
