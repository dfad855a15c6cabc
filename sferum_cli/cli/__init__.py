"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import sys

from sferum_cli.cli.app import app

# Each module adds its commands to ``app`` when imported.
COMMAND_MODULES = ("school", "documents", "mail", "onboarding", "batch")


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"sferum_cli.cli.{name}")


_register()


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app(prog_name="sferum-cli")


__all__ = ["app", "main"]
