"""`sferum-cli report`: the command and each of its formats."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from region_schools import AS_OF, EXPECTED_TOTALS, KIROV, school_text, write_region

from sferum_cli.progress_report.formats import FORMATS, ProgressFormat
from sferum_cli.progress_report.workbook import SHEETS

ROOT = Path(__file__).resolve().parent.parent
ADMIN_NAME = "Мельник Ольга Викторовна"  # the administrator in every test school
ADMIN_PHONE_DIGITS = "9123456789"
HOSTILE = "Школа | *№ 1* <script>alert(1)</script> & «Тест»"


@pytest.fixture
def schools(tmp_path: Path) -> Path:
    return write_region(tmp_path / "schools")


def _run(invoke: Any, *args: str, env: dict[str, str] | None = None) -> Any:
    return invoke("report", *args, "--as-of", AS_OF.isoformat(), env=env)


def test_every_format_is_offered_by_the_command(invoke) -> None:
    result = invoke("report", "--help")
    for name in FORMATS:
        assert name.value in result.stdout


def test_text_report_lists_totals_municipalities_stalled_and_every_school(
    invoke, schools: Path
) -> None:
    result = _run(invoke, str(schools), env={"COLUMNS": "200"})
    # Files with errors are in the report: not a failure of the command.
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Отчёт на 01.10.2023: школ 7; завершили 1, в работе 3, не начали 1, с ошибками" in out
    assert "застряли (нет движения больше 14 дн.) 2." in out
    for name in ("Школа А", "Школа Б", "Школа В", "Школа Г", "Школа Д", "Школа Е"):
        assert name in out
    unfolded = re.sub(r"[\s│╵╷]", "", result.stdout)  # a long path is folded in its cell
    assert f"{schools / 'g-not-yaml.yaml'}:3:1" in unfolded
    assert "Застряли: нет движения больше 14 дн." in out
    assert "\x1b[" not in out


def test_text_report_has_colour_only_when_asked(invoke, schools: Path) -> None:
    result = invoke("--color", "always", "report", str(schools), "--as-of", "2023-10-01")
    assert "\x1b[" in result.stdout


def test_markdown_is_a_summary_for_ci_with_escaped_cells(invoke, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        school_text(f"'{HOSTILE}'", KIROV, "  order_signed: 2023-08-21\n"), encoding="utf-8"
    )
    result = _run(invoke, str(tmp_path), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Подключение школ к Сферуму: отчёт на 01.10.2023\n")
    assert "<script>" not in out
    escaped = r"Школа \| \*№ 1\* &lt;script&gt;alert(1)&lt;/script&gt; &amp; «Тест»"
    assert f"| {escaped} | {KIROV} | Приказ подписан |" in out
    assert "### Застряли: нет движения больше 14 дн." in out
    # Every table row has as many cells as its header.
    for block in re.findall(r"(?:^\|.*\|\n)+", out, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block.splitlines()}
        assert len(widths) == 1, block


def test_markdown_lists_files_with_errors(invoke, schools: Path) -> None:
    out = _run(invoke, str(schools), "--format", "markdown").stdout
    section = out.split("### Файлы школ с ошибками")[1].split("###")[0]
    assert "f-broken.yaml" in section and ":14:8" in section
    assert "g-not-yaml.yaml" in section


def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_a_row_per_school_for_excel(invoke, schools: Path, tmp_path: Path) -> None:
    (schools / "h.yaml").write_text(
        school_text("'=HYPERLINK(\"x\")'", KIROV, None), encoding="utf-8"
    )
    out = tmp_path / "report.csv"
    result = _run(invoke, str(schools), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"Записан отчёт: {out}" in result.stdout
    header, *rows = _csv_rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 8
    assert header[:5] == ["Файл", "Школа", "Регион", "Муниципалитет", "Этап"]
    by_file = {Path(r[0]).name: dict(zip(header, r, strict=True)) for r in rows}
    a = by_file["a.yaml"]
    assert a["Этап"] == "Письмо отправлено на info@sferum.ru"
    assert a["Следующий шаг"] == "Получить ответ Сферума"
    assert a["Последняя отметка"] == "25.08.2023" and a["Дней без движения"] == "37"
    assert a["Доля учителей, %"] == "33" and a["Застряла"] == "да"
    assert by_file["f-broken.yaml"]["Ошибок в файле"] == "1"
    assert by_file["h.yaml"]["Школа"] == '\'=HYPERLINK("x")'  # not a formula in Excel
    assert "Администратор" not in header


def test_xlsx_has_a_sheet_per_level_with_frozen_header_and_filter(
    invoke, schools: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    (schools / "h.yaml").write_text(school_text("'=1+1'", KIROV, None), encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert _run(invoke, str(schools), "--format", "xlsx", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    expected_rows = {"Школы": 8, "Муниципалитеты": 3, "Регион": 2}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" + str(
            sheet.max_row
        )
        assert sheet.max_row - 1 == expected_rows[sheet.title]
        assert all(cell.font.b for cell in sheet[1])
    rows = list(book["Школы"].iter_rows(min_row=1, values_only=True))
    header = rows[0]
    by_file = {Path(str(r[0])).name: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_file["h.yaml"]["Школа"] == "=1+1"  # stored as text, not a formula
    assert by_file["a.yaml"]["Последняя отметка"] == dt.datetime(2023, 8, 25)
    assert by_file["a.yaml"]["Доля учителей"] == pytest.approx(1 / 3)
    cell = book["Школы"].cell(2, header.index("Доля учителей") + 1)
    assert cell.number_format == "0%"
    region = list(book["Регион"].iter_rows(min_row=2, values_only=True))
    assert sum(int(r[1]) for r in region) == 8  # type: ignore[arg-type]


def test_xlsx_bytes_depend_only_on_the_files_and_the_date(
    invoke, schools: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    _run(invoke, str(schools), "-f", "xlsx", "-o", str(first))
    _run(invoke, str(schools), "-f", "xlsx", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_needs_a_file(invoke, schools: Path) -> None:
    result = _run(invoke, str(schools), "--format", "xlsx")
    assert result.exit_code == 2
    assert "отчёт xlsx записывается только в файл: укажите -o ФАЙЛ" in result.stderr
    assert result.stdout == ""


def _key_paths(node: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            name = "<stage>" if prefix.endswith(("by_stage", "steps")) else key
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= _key_paths(value, path)
    elif isinstance(node, list):
        for item in node:
            found |= _key_paths(item, f"{prefix}[]")
    return found


def test_json_keys_are_stable_and_documented(invoke, schools: Path) -> None:
    result = invoke("--show-pii", "report", str(schools), "-f", "json", "--as-of", "2023-10-01")
    payload = json.loads(result.stdout)
    assert payload["version"] == 1 and payload["as_of"] == "2023-10-01"
    assert {k: payload["totals"][k] for k in EXPECTED_TOTALS} == EXPECTED_TOTALS
    assert [s["id"] for s in payload["stages"]][:3] == ["errors", "not_started", "order_signed"]
    documented = set(
        re.findall(r"`([a-z_<>\[\].]+)`", (ROOT / "docs/report-json.md").read_text("utf-8"))
    )
    paths = _key_paths(payload)
    # A region's and a municipality's sums have the keys of `totals` (documented once).
    totals = {p.removeprefix("totals.") for p in paths if p.startswith("totals.")}
    paths = {
        p
        for p in paths
        if not any(
            p.startswith(g) and p.removeprefix(g) in totals
            for g in ("regions[].", "municipalities[].")
        )
    }
    assert "schools[].administrator.full_name" in paths  # with --show-pii
    missing = sorted(paths - documented)
    assert not missing, f"not in docs/report-json.md: {missing}"


def test_json_of_a_broken_file_says_where_its_first_error_is(invoke, schools: Path) -> None:
    payload = json.loads(_run(invoke, str(schools), "-f", "json").stdout)
    broken = next(s for s in payload["schools"] if s["path"].endswith("f-broken.yaml"))
    assert broken["valid"] is False and broken["stage"] == "errors"
    assert broken["errors"] == {"count": 1, "line": 14, "column": 8, "code": "inn.checksum"}
    assert broken["teachers"] is None and broken["steps"] is None


def test_source_date_epoch_fixes_the_report_date(invoke, schools: Path) -> None:
    result = invoke("report", str(schools), "-f", "json", env={"SOURCE_DATE_EPOCH": "1696118400"})
    assert json.loads(result.stdout)["as_of"] == "2023-10-01"


def test_a_wrong_date_is_a_usage_error(invoke, schools: Path) -> None:
    result = invoke("report", str(schools), "--as-of", "32.10.2023")
    assert result.exit_code == 2
    assert "--as-of «32.10.2023»" in result.stderr


def _html(invoke: Any, folder: Path, *flags: str, root: tuple[str, ...] = ()) -> str:
    result = invoke(*root, "report", str(folder), "-f", "html", "--as-of", "2023-10-01", *flags)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_html_is_one_file_that_loads_nothing(invoke, schools: Path) -> None:
    page = _html(invoke, schools)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ru">' in page
    for outside in ("http:", "https:", "//", "src=", "href=", "url(", "@import", "<link"):
        assert outside not in page.replace("</", ""), outside
    assert page.count("<script>") == 1 and page.count("<style>") == 1
    assert page.count("<svg") >= 1 + 3  # the stage chart and one per municipality
    style = page.split("<style>")[1].split("</style>")[0]
    script = page.split("<script>")[1].split("</script>")[0]

    def source(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = policy.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in rules
    assert f"style-src '{source(style)}'" in rules
    assert f"script-src '{source(script)}'" in rules
    assert "@media print" in style and "max-width: 700px" in style


def test_html_escapes_what_the_files_say(invoke, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(school_text(f"'{HOSTILE}'", KIROV, None), encoding="utf-8")
    page = _html(invoke, tmp_path)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Тест»" in page


def test_html_leaves_people_out_unless_asked(invoke, schools: Path) -> None:
    page = _html(invoke, schools)
    assert ADMIN_NAME not in page and "Кузьмич" not in page
    assert ADMIN_PHONE_DIGITS not in re.sub(r"\D", "", page)
    assert "ФИО и телефоны не показаны (--show-pii)" in page
    for shown in (
        _html(invoke, schools, "--show-pii"),
        _html(invoke, schools, root=("--show-pii",)),
    ):
        assert ADMIN_NAME in shown
        assert "+7 912 345-67-89" in shown
        assert "Кузьмич" not in shown  # teachers are never listed


@pytest.mark.parametrize("fmt", [f for f in ProgressFormat if f is not ProgressFormat.xlsx])
def test_text_formats_go_to_stdout_or_to_a_file_alike(
    invoke, schools: Path, tmp_path: Path, fmt: ProgressFormat
) -> None:
    shown = _run(invoke, str(schools), "-f", fmt.value).stdout
    out = tmp_path / f"report.{fmt.value}"
    _run(invoke, str(schools), "-f", fmt.value, "-o", str(out), "-q")
    written = out.read_text(encoding="utf-8")
    assert shown.rstrip("\n") == written.rstrip("\n")


def test_a_folder_as_output_is_refused_and_nothing_is_written(invoke, schools: Path) -> None:
    before = sorted(p.name for p in schools.parent.rglob("*"))
    result = _run(invoke, str(schools), "-f", "json", "-o", str(schools.parent))
    assert result.exit_code == 1
    assert "это папка" in result.stderr
    assert sorted(p.name for p in schools.parent.rglob("*")) == before


def test_no_school_files_is_a_usage_error(invoke, tmp_path: Path) -> None:
    result = invoke("report", str(tmp_path))
    assert result.exit_code == 2
    assert "не найдено ни одного файла" in result.stderr


def test_readme_report_commands_work(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Еженедельный отчёт региона")[1]
    block = section.split("```bash\n")[1].split("```")[0]
    assert "](docs/report.png)" in section and (ROOT / "docs/report.png").stat().st_size > 20_000
    write_region(tmp_path / "schools")
    monkeypatch.chdir(tmp_path)
    lines = [line.split("  #")[0].split(">>")[0].strip() for line in block.splitlines()]
    assert len(lines) == 5
    for line in lines:
        args = shlex.split(line)
        assert args[:2] == ["sferum-cli", "report"]
        result = invoke(*args[1:])
        assert result.exit_code == 0, (line, result.stderr)
        if "-o" in args:
            assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0


def test_ci_mask_leaves_the_figures_of_the_text_report_alone(invoke, schools: Path) -> None:
    # Under CI=true everything printed is masked; a count next to a date
    # («812   25.08.2023») would read as a phone number without the column lines.
    result = _run(invoke, str(schools), env={"CI": "true", "COLUMNS": "200"})
    assert "25.08.2023" in result.stdout and "54/812" in result.stdout
    assert "*" not in result.stdout
