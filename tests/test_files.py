"""Writing outputs: never half-written, and with the mode every other tool gives."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_written_files_honour_the_umask(tmp_path: Path, umask: int) -> None:
    """A file from the atomic writer has the same mode as one from open(): 0o666 & ~umask."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sferum_cli.cli import main\n"
        "Path('plain.txt').write_text('x')\n"
        "sys.argv = ['sferum-cli', 'init', '--no-input', 'school.yaml']\n"
        "main()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, umask=umask, check=True, capture_output=True
    )
    expected = 0o666 & ~umask
    modes = {
        name: stat.S_IMODE((tmp_path / name).stat().st_mode)
        for name in ("plain.txt", "school.yaml", "school.schema.json")
    }
    assert modes == dict.fromkeys(modes, expected), {k: oct(v) for k, v in modes.items()}
    assert not list(tmp_path.glob(".*.tmp"))
