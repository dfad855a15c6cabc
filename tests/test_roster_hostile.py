"""Hostile and broken rosters: a clear exit 1 naming the file, bounded time and memory.

The files are built by the test (tests/hostile_files.py); nothing large is
committed.  Time and memory are measured in a subprocess that runs the real
command once per case: CPU seconds of the command (wall time on a shared
machine says more about the neighbours) and the peak RSS of the process.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hostile_files as hostile
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli.errors import UserFileError
from sferum_cli.onboarding import roster, xlsx

SCHOOL = Path(__file__).parent / "schools" / "valid" / "minimal.yaml"
CPU_SECONDS = 2.0
MAX_RSS_MB = 300


def _csv_unclosed_quote() -> bytes:
    return ('ФИО;Статус\n"Учителева Мария Ивановна;подтверждён\n' + "x" * 200_000).encode()


#: name → (file name, builder, what the message must say)
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "billion-laughs": ("laughs.xlsx", hostile.billion_laughs, "DTD"),
    "xxe": ("xxe.xlsx", hostile.xxe, "DTD"),
    "dtd-in-sheet": ("dtd.xlsx", hostile.dtd_in_sheet, "DTD"),
    "truncated-sheet": ("truncated.xlsx", hostile.truncated_sheet, "неправильный XML"),
    "missing-shared-string": (
        "index.xlsx",
        hostile.missing_shared_string,
        "несуществующую строку",
    ),
    "shared-strings-bomb": (
        "bomb.xlsx",
        lambda: hostile.shared_strings_bomb(256),
        "больше 16 МиБ",
    ),
    "shared-strings-bomb-lying-sizes": (
        "lying.xlsx",
        lambda: hostile.shared_strings_bomb(256, declared=1000),
        "повреждён",
    ),
    "junk-stuffed-sheet": ("junk.xlsx", hostile.junk_stuffed_sheet, ""),
    "encrypted-or-xls": ("secret.xlsx", lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600, "паролем"),
    "csv-unclosed-quote": ("quote.csv", _csv_unclosed_quote, "кавычка"),
}
REFUSED = [name for name in CASES if name != "junk-stuffed-sheet"]


def _write(tmp_path: Path, name: str) -> Path:
    file_name, build, _ = CASES[name]
    path = tmp_path / file_name
    path.write_bytes(build())
    return path


@pytest.mark.parametrize("name", REFUSED)
def test_hostile_roster_is_a_clear_error_naming_the_file(invoke, tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name)
    result = invoke("checklist", "admin", str(SCHOOL), "--roster", str(path))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(str(path)), result.stderr
    assert CASES[name][2] in result.stderr
    assert "Traceback" not in result.output and "Внутренняя ошибка" not in result.stderr


def test_long_sheet_is_read_across_chunks() -> None:
    """Rows and strings that straddle the parser's 64 KiB chunks arrive whole."""
    strings = ["ФИО", "Статус"] + [f"Учителева{i:05d} Мария Ивановна" for i in range(3000)]
    rows = [[0, 1]] + [[i + 2, 1] for i in range(3000)]
    data = hostile.workbook(sheet=hostile.sheet_xml(rows), shared=hostile.shared_xml(strings))
    read = list(xlsx.rows("t.xlsx", data, what=roster.TEACHERS_LIST))
    assert read == [(n, [strings[a], strings[b]]) for n, (a, b) in enumerate(rows, start=1)]


_CHILD = """
import json, resource, sys, time
from sferum_cli.cli import main

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

school, *rosters = sys.argv[1:]
for path in rosters:
    sys.argv = ["sferum-cli", "checklist", "admin", school, "--roster", path]
    start = cpu()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    # VmHWM, not ru_maxrss: ru_maxrss survives exec and counts the forked parent
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
    print(json.dumps({"path": path, "exit": code, "cpu": cpu() - start, "peak_mb": peak}))
"""


def test_hostile_rosters_stay_within_time_and_memory(tmp_path: Path) -> None:
    """One process runs the command on every case in turn; the peak RSS only
    grows, so a final peak under the limit holds for each case."""
    paths = [_write(tmp_path, name) for name in CASES]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(SCHOOL), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CI": ""},
        check=False,
    )
    measured = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(measured) == len(paths), done.stderr[-2000:]
    for name, figures in zip(CASES, measured, strict=True):
        assert figures["exit"] == (0 if name == "junk-stuffed-sheet" else 1), (name, figures)
        assert figures["peak_mb"] < MAX_RSS_MB, (name, figures)
        # a 15 MiB sheet is real parsing work; the refusals are immediate
        limit = CPU_SECONDS * 2 if name == "junk-stuffed-sheet" else CPU_SECONDS
        assert figures["cpu"] < limit, (name, figures)


def test_roster_that_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    with pytest.raises(UserFileError, match="не обычный файл"):
        roster.read(fifo)  # would block forever if it were opened for reading
    device = tmp_path / "zero.xlsx"
    device.symlink_to("/dev/zero")
    with pytest.raises(UserFileError, match="не обычный файл"):
        roster.read(device)
    with pytest.raises(UserFileError, match="папка"):
        roster.read(tmp_path)


def test_big_roster_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(roster.MAX_ROSTER_BYTES + 1)
    with pytest.raises(UserFileError, match="20 МиБ"):
        roster.read(path)


# --- the reader agrees with openpyxl on what Excel writes ---------------------------

_CELL = st.one_of(
    st.none(),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=20
    ).filter(lambda s: s.strip() == s and s != ""),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


def _openpyxl_rows(data: bytes) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    found = []
    for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        found.append((number, cells))
    return found


@settings(max_examples=15, deadline=None)
@example(grid=[[dt.datetime(2000, 1, 1, 1, 0)]], mac=False)  # float error: 00:59:59.999999
@example(grid=[[dt.datetime(1903, 1, 1)]], mac=True)  # before the 1904 epoch: negative
@given(
    grid=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6),
    mac=st.booleans(),
)
def test_reader_agrees_with_openpyxl(grid: list[list[object]], mac: bool) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    if mac:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    for row in grid:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    ours = [
        (n, _trimmed(cells)) for n, cells in xlsx.rows("t.xlsx", data, what=roster.TEACHERS_LIST)
    ]
    theirs = [(n, cells) for n, cells in _openpyxl_rows(data) if cells]
    assert [(n, c) for n, c in ours if c] == theirs


def _trimmed(cells: list[object]) -> list[object]:
    cells = list(cells)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def test_shared_strings_rich_text_and_gaps(tmp_path: Path) -> None:
    """What Excel writes and openpyxl doesn't: shared strings, rich-text runs,
    phonetic hints, skipped columns and rows."""
    shared = hostile.shared_xml(["ФИО", "", "Статус", "подтверждён"]).replace(
        b"<si><t></t></si>",
        "<si><r><t>Учителева </t></r><r><t>Мария Ивановна</t></r>"
        "<rPh><t>ルビ</t></rPh></si>".encode(),
    )
    sheet = hostile.sheet_xml([[0, 2]]).replace(
        b"</sheetData>",
        b'<row r="5"><c r="A5" t="s"><v>1</v></c><c r="C5" t="s"><v>3</v></c></row></sheetData>',
    )
    path = tmp_path / "excel.xlsx"
    path.write_bytes(hostile.workbook(sheet=sheet, shared=shared))
    assert list(xlsx.rows(str(path), path.read_bytes(), what=roster.TEACHERS_LIST)) == [
        (1, ["ФИО", "Статус"]),
        (5, ["Учителева Мария Ивановна", None, "подтверждён"]),
    ]


# --- a limit's message names what is read: the teachers' list or the schools table ---

#: reader → (the command reading ``table``, what its messages call the table)
READERS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "roster": (
        lambda table: ["checklist", "admin", str(SCHOOL), "--roster", str(table)],
        "список учителей",
    ),
    "import": (
        lambda table: ["import", str(table), "-o", str(table.parent / "out")],
        "таблицу школ",
    ),
}


def _too_large(path: Path) -> str:
    with path.with_suffix(".csv").open("wb") as handle:
        handle.truncate(roster.MAX_ROSTER_BYTES + 1)
    return "{file}: файл больше 20 МиБ — это не похоже на {what}"


def _many_strings(path: Path) -> str:
    strings = ["ФИО", "ИНН", "Статус", "подтверждён"]
    path.write_bytes(hostile.workbook(shared=hostile.shared_xml(strings)))
    return "{file}: книга Excel не читается: больше 3 разных строк — это не похоже на {what}"


def _many_cells(path: Path) -> str:
    sheet = hostile.sheet_xml([[0, 1], [2], [3, 3]])
    path.write_bytes(hostile.workbook(sheet=sheet, shared=hostile.shared_xml(["ФИО", "ИНН"] * 2)))
    return "{file}:3: книга Excel не читается: больше 3 ячеек — это не похоже на {what}"


#: limit → (the limit lowered for the test, the table passing it, the message)
LIMITS: dict[str, tuple[tuple[str, int] | None, Callable[[Path], str]]] = {
    "file size": (None, _too_large),
    "shared strings": (("MAX_SHARED_STRINGS", 3), _many_strings),
    "cells": (("MAX_CELLS", 3), _many_cells),
}


@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize("reader", READERS)
def test_a_limit_names_the_table_being_read(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str, limit: str
) -> None:
    lowered, build = LIMITS[limit]
    if lowered is not None:
        monkeypatch.setattr(xlsx, *lowered)
    expected = build(tmp_path / "table.xlsx")
    table = next(tmp_path.glob("table.*"))
    command, what = READERS[reader]
    result = invoke(*command(table))
    assert result.exit_code == 1, result.output
    assert result.stderr == expected.format(file=table, what=what) + "\n"
    assert not (tmp_path / "out").exists()


def test_too_many_roster_rows_names_the_list_and_the_row(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster, "MAX_ROWS", 3)
    table = tmp_path / "roster.csv"
    names = [f"Учителева{letter} Мария Ивановна" for letter in "АБВ"]
    table.write_text("ФИО;Статус\n" + "".join(f"{n};подтверждён\n" for n in names), "utf-8")
    result = invoke("checklist", "admin", str(SCHOOL), "--roster", str(table))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{table}:4: больше 3 строк — это не похоже на список учителей\n"
