"""The DOCX templates are built by docs/make_docx_templates.py: the committed files match it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "make_docx_templates.py"
TEMPLATES = ROOT / "templates"


def test_committed_templates_are_what_the_script_writes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True, cwd=ROOT
    )
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    stale = [
        name
        for name in written
        if (tmp_path / name).read_bytes() != (TEMPLATES / name).read_bytes()
    ]
    assert not stale, (
        f"templates/{', '.join(stale)} differ from docs/make_docx_templates.py: "
        "edit the script and run `uv run python docs/make_docx_templates.py`"
    )
