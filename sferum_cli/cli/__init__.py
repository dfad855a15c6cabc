"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import os
import sys
from typing import Any

from sferum_cli.cli import app as _app_module

# Importing the module ``sferum_cli.cli.app`` bound it to the package's name
# ``app``; that name is the Typer application with every command instead
# (``__getattr__`` below).
del globals()["app"]

# Each module adds its commands (and command groups) to the application when
# imported.  ``main`` imports only the module of the command it runs: the others
# and Typer's building of their parameters cost ≈ 15–25 ms of every start.
# tests/test_cli_conventions.py checks that this table names what each adds.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "school": ("validate", "init", "schema"),
    "documents": ("order", "letter", "policy", "decline"),
    "mail": ("email", "questionnaire"),
    "onboarding": ("checklist", "handouts", "roster"),
    "batch": ("build",),
    "table": ("import", "export"),
    "region": ("report",),
}
# Options of the program itself that take a value (``--color auto``).
_ROOT_OPTIONS_WITH_VALUE = ("--color",)


def register(modules: tuple[str, ...] = tuple(COMMAND_MODULES)) -> None:
    import importlib

    for name in modules:
        importlib.import_module(f"sferum_cli.cli.{name}")


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules a run with these arguments needs: the one of its
    command, or all (help, completion, a mistyped or missing command)."""
    everything = tuple(COMMAND_MODULES)
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return everything
    words = iter(argv)
    for word in words:
        if word in _ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
        elif word.startswith("--color="):
            continue
        elif word in ("--help", "--") or not word.startswith("-"):
            break
        elif word in ("--no-pii", "--show-pii", "--version"):
            continue
        else:
            return everything
    else:
        return everything
    for module, commands in COMMAND_MODULES.items():
        if word in commands:
            return (module,)
    return everything


def __getattr__(name: str) -> Any:
    if name == "app":
        register()
        return _app_module.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # Pydantic looks for plugins (the «pydantic» entry points of every installed
    # distribution) when it builds its first validator, and this program installs
    # none.  PYDANTIC_DISABLE_PLUGINS is Pydantic's documented switch; a value set
    # by the user is left as it is.  (Its plugin loader still imports
    # importlib.metadata, ≈ 15–25 ms: a floor of Pydantic, see docs/performance.md.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    register(modules_for(sys.argv[1:]))
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    _app_module.app(prog_name="sferum-cli")


__all__ = ["app", "main"]
