"""Make docs/report.png: the HTML report of a fictitious region, as Chromium shows it.

Run: uv run python docs/make_report_screenshot.py
Needs the system's Chromium (Debian: apt-get install chromium); Playwright
only drives it and never downloads a browser.  The schools are the
benchmarks' synthetic ones, gathered into four municipalities of one region.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "report.png"
MUNICIPALITIES = ("город Киров", "Слободской район", "Котельничский район", "Омутнинский район")
AS_OF = "2025-11-15"


def make_region(folder: Path, count: int = 28) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    for index, path in enumerate(generate(folder, count, seed=7, progress=True)):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  region: .*$", "  region: Кировская область", text)
        municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        text = re.sub(r"(?m)^  municipality: .*$", f"  municipality: {municipality}", text)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        schools, page_path = Path(tmp) / "schools", Path(tmp) / "report.html"
        make_region(schools)
        subprocess.run(
            ["sferum-cli", "report", str(schools), "--as-of", AS_OF, "-f", "html",
             "-o", str(page_path), "-q"],
            check=True,
        )  # fmt: skip
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page(viewport={"width": 1000, "height": 1250})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
