"""The CLI run in a child process with one more entry in registries.toml.

The tests that add a document kind or a checklist role prove that the entry
(plus its template or steps) is all it takes: the packaged registry file with
the entry appended is what the child reads, after ``setup`` (Python source)
has put the entry's template or steps where the program looks for them.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sferum_cli import registries

_RUN = """
import sys as _sys
from pathlib import Path as _Path

from sferum_cli import registries as _registries

_registries.PATH = _Path(_sys.argv[1])  # the packaged file plus the new entry

from sferum_cli.cli import main

_sys.argv = ["sferum-cli", *_sys.argv[2:]]
main()
"""


def cli_with_entry(folder: Path, entry: str, setup: str) -> Callable[..., str]:
    """``run(*args)``: the standard output of ``sferum-cli *args`` run in ``folder``
    with ``entry`` added to the registries; it must exit 0."""
    registry = folder / "registries.toml"
    registry.write_text(registries.PATH.read_text(encoding="utf-8") + entry, encoding="utf-8")
    driver = folder / "driver.py"
    driver.write_text(setup + _RUN, encoding="utf-8")

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(driver), str(registry), *args],
            capture_output=True,
            text=True,
            cwd=folder,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run
