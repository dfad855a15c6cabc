"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import os
import sys

from sferum_cli.cli.app import app

# Each module adds its commands to ``app`` when imported.
COMMAND_MODULES = ("school", "documents", "mail", "onboarding", "batch", "table", "region")


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"sferum_cli.cli.{name}")


_register()


def main() -> None:
    # Pydantic looks for plugins (the «pydantic» entry points of every installed
    # distribution) when it builds its first validator: ≈ 7–10 ms of each run,
    # and this program installs none.  PYDANTIC_DISABLE_PLUGINS is Pydantic's
    # documented switch; a value set by the user is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app(prog_name="sferum-cli")


__all__ = ["app", "main"]
