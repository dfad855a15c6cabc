"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

Playwright never downloads a browser here: it launches the system's
``chromium`` (``.ci/run`` installs it).  Without it the tests are skipped
locally, and fail where ``SFERUM_REQUIRE_BROWSER=1`` (CI) says they must run.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from region_schools import AS_OF, KIROV, SLOBODSKOY, write_region

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SFERUM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _chromium() -> str:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    if os.environ.get("SFERUM_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required here (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=args)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The region's report as HTML (a file) and as JSON (parsed), from the same files."""
    from typer.testing import CliRunner

    from sferum_cli.cli import app

    base = tmp_path_factory.mktemp("browser")
    schools = write_region(base / "schools")
    page = base / "report.html"
    runner = CliRunner()
    common = [str(schools), "--as-of", AS_OF.isoformat()]
    written = runner.invoke(app, ["report", *common, "-f", "html", "-o", str(page)])
    assert written.exit_code == 0, written.stderr
    shown = runner.invoke(app, ["report", *common, "-f", "json"])
    return page, json.loads(shown.stdout)


class Watched:
    """A page with every request, console message and page error it caused."""

    def __init__(self, browser: Any, width: int = 1200) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    view = Watched(browser)
    yield view
    view.close()


def _visible_rows(page: Any) -> list[dict[str, str]]:
    return list(
        page.eval_on_selector_all(
            "#schools tbody tr:not([hidden])",
            "rows => rows.map(r => ({municipality: r.dataset.municipality, stage: r.dataset.stage,"
            " name: r.cells[0].textContent.trim(), sort2: r.cells[2].dataset.sort}))",
        )
    )


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_page_loads_nothing_else_and_logs_no_error(
    watched: Watched, reports: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, _ = reports
    page = watched.open(path)
    shot = page.screenshot(full_page=True, path=str(tmp_path / "report.png"))
    width, height = _png_size(shot)
    assert width == 1200 and height > 900
    assert len(shot) > 20_000  # a page with charts and tables, not a blank image
    assert watched.requests == [path.as_uri()]
    assert not [m for m in watched.console if m[0] in ("error", "warning")], watched.console
    assert watched.errors == []
    # The script ran (its hash is allowed by the page's own policy): the filters are shown.
    assert page.is_visible("#controls")


def test_totals_shown_equal_the_json_report(
    watched: Watched, reports: tuple[Path, dict[str, Any]]
) -> None:
    path, data = reports
    page = watched.open(path)
    shown = page.eval_on_selector_all(
        "[data-total]", "items => items.map(i => [i.dataset.total, i.textContent])"
    )
    assert len(shown) == 12
    for key, text in shown:
        expected: Any = data["totals"]
        for part in key.split("."):
            expected = expected[part]
        assert int("".join(ch for ch in text if ch.isdigit())) == expected, key
    counts = dict(
        page.eval_on_selector_all(
            "[data-stage-count]", "items => items.map(i => [i.dataset.stageCount, i.textContent])"
        )
    )
    assert {k: int(v) for k, v in counts.items()} == data["totals"]["by_stage"]
    assert len(_visible_rows(page)) == len(data["schools"])


def test_table_filters_by_municipality_and_stage(
    watched: Watched, reports: tuple[Path, dict[str, Any]]
) -> None:
    path, data = reports
    page = watched.open(path)
    page.select_option("#filter-municipality", KIROV)
    rows = _visible_rows(page)
    assert {r["municipality"] for r in rows} == {KIROV}
    assert len(rows) == sum(s["municipality"] == KIROV for s in data["schools"]) == 3
    assert page.text_content("#shown") == "3"
    page.select_option("#filter-stage", "order_signed")
    assert [r["name"] for r in _visible_rows(page)] == ["Школа Д"]
    page.select_option("#filter-municipality", "")
    page.select_option("#filter-stage", "errors")
    rows = _visible_rows(page)
    assert {r["stage"] for r in rows} == {"errors"} and len(rows) == 2
    page.select_option("#filter-municipality", SLOBODSKOY)
    assert [r["name"] for r in _visible_rows(page)] == ["Школа Е"]
    page.select_option("#filter-stage", "")
    page.select_option("#filter-municipality", "")
    assert len(_visible_rows(page)) == len(data["schools"])
    assert watched.errors == []


def test_table_sorts_by_a_column_both_ways(
    watched: Watched, reports: tuple[Path, dict[str, Any]]
) -> None:
    path, _ = reports
    page = watched.open(path)
    page.click("#schools thead th[data-column='2']")  # the stage, in the order of the steps
    keys = [int(r["sort2"]) for r in _visible_rows(page)]
    assert keys == sorted(keys) and keys[0] != keys[-1]
    assert page.get_attribute("#schools thead th:nth-child(3)", "aria-sort") == "ascending"
    page.focus("#schools thead th[data-column='2']")
    page.keyboard.press("Enter")  # the headers sort from the keyboard too
    assert [int(r["sort2"]) for r in _visible_rows(page)] == sorted(keys, reverse=True)
    page.click("#schools thead th[data-column='0']")
    names = [r["name"] for r in _visible_rows(page) if r["name"].startswith("Школа")]
    assert names == ["Школа А", "Школа Б", "Школа В", "Школа Г", "Школа Д", "Школа Е"]
    # Sorting and filtering work together.
    page.select_option("#filter-municipality", KIROV)
    page.click("#schools thead th[data-column='0']")
    assert [r["name"] for r in _visible_rows(page)] == ["Школа Д", "Школа Б", "Школа А"]
    assert watched.errors == []


def test_phone_shows_the_table_as_cards_and_print_shows_everything(
    browser: Any, reports: tuple[Path, dict[str, Any]]
) -> None:
    path, data = reports
    phone = Watched(browser, width=390)
    try:
        page = phone.open(path)
        cell = "#schools tbody tr td"
        assert page.eval_on_selector(cell, "td => getComputedStyle(td).display") == "block"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        page.select_option("#filter-municipality", KIROV)
        page.emulate_media(media="print")
        assert not page.is_visible("#controls")
        assert page.eval_on_selector(cell, "td => getComputedStyle(td).display") == "table-cell"
        visible = page.eval_on_selector_all(
            "#schools tbody tr", "rows => rows.filter(r => r.offsetParent !== null).length"
        )
        assert visible == len(data["schools"])  # a filter on screen does not cut the printout
        assert phone.errors == []
    finally:
        phone.close()
