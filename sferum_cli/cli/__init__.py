"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import os
import sys
import types
from importlib.machinery import ModuleSpec

from sferum_cli.cli.app import app

# Each module adds its commands to ``app`` when imported.
COMMAND_MODULES = ("school", "documents", "mail", "onboarding", "batch", "table", "region")


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"sferum_cli.cli.{name}")


_register()


PLUGIN_LOADER = "pydantic.plugin._loader"


class _NoPluginsLoader:
    """Finds and loads the stand-in for Pydantic's plugin loader (see below)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name != PLUGIN_LOADER or os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__":
            return None
        return ModuleSpec(name, _NoPluginsLoader)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: ModuleSpec) -> None:
        return None

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        module.__doc__ = "No Pydantic plugins: PYDANTIC_DISABLE_PLUGINS=__all__."
        module.get_plugins = tuple  # type: ignore[attr-defined]


def _no_pydantic_plugins() -> None:
    """Pydantic looks for plugins (the «pydantic» entry points of every installed
    distribution) when it builds its first validator, and this program installs
    none.  PYDANTIC_DISABLE_PLUGINS is Pydantic's documented switch; a value set
    by the user is left as it is.

    The switch skips the search but not the import of ``importlib.metadata``
    (with ``email``, ``zipfile``, ``csv``: ≈ 15–25 ms of every command that reads
    a school) at the top of Pydantic's plugin loader.  While every plugin is off,
    importing that loader gives a stand-in instead: the only name Pydantic takes
    from it is ``get_plugins``, and it returns no plugins either way
    (tests/test_cli_imports.py holds Pydantic to that).
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if _NoPluginsLoader not in sys.meta_path:
        sys.meta_path.insert(0, _NoPluginsLoader)


def main() -> None:
    _no_pydantic_plugins()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app(prog_name="sferum-cli")


__all__ = ["app", "main"]
