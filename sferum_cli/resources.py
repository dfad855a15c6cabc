"""Where the bundled templates are.

In an installed wheel ``templates/`` lives inside the package
(``sferum_cli/templates``, see ``pyproject.toml``); in a source checkout it is
the top-level ``templates/`` folder next to the package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from sferum_cli.errors import UserFileError


@cache
def templates_root() -> Path:
    packaged = Path(str(files("sferum_cli"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_path(name: str) -> Path:
    path = templates_root() / name
    if not path.is_file():
        raise UserFileError(
            path=path, reason="встроенный шаблон не найден: переустановите sferum-cli"
        )
    return path
