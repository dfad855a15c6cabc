"""What poppler-utils read from a PDF: its page count and its text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def page_count(path: Path) -> int:
    """The number of pages ``pdfinfo`` reads."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match, info.stdout
    return int(match.group(1))


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """The text ``pdftotext`` reads: laid out as printed, or (``layout=False``)
    in reading order."""
    options = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``); pages are split at form feeds."""
    pages = pdf_text(path).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
