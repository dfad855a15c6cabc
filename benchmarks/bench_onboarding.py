"""Budgets of issue 5: checklists ≤ 200 ms cold, a 5,000-row roster read ≤ 0.5 s.

Run: ``uv run python benchmarks/bench_onboarding.py``
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from timing import ROOT, prepare, report, venv_command

KIROV = os.path.join(ROOT, "examples", "kirov-school-32.yaml")
ALPHABET = "абвгдежзиклмнопрстуфхцчшщэюя"
FIRST_NAMES = ["Анна", "Мария", "Ольга", "Ирина", "Елена", "Дарья", "Софья"]
STATUSES = ["подтверждён", "ожидает", "не зарегистрирован"]


def synthetic_rows(count: int) -> list[list[object]]:
    n = len(ALPHABET)
    rows: list[list[object]] = [["ФИО", "Должность", "Классы", "Статус", "Телефон"]]
    for i in range(count):
        surname = "Тест" + ALPHABET[i // n % n] + ALPHABET[i % n] + "ова"
        name = FIRST_NAMES[i // (n * n) % len(FIRST_NAMES)]
        phone = 79120000000 + i  # as Excel stores it: a number
        rows.append([f"{surname} {name} Ивановна", "учитель", "5А, 6Б", STATUSES[i % 3], phone])
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="cp1251", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def time_read(path: Path, runs: int = 5) -> float:
    from sferum_cli.onboarding import roster

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = roster.read(path)
        times.append((time.perf_counter() - start) * 1000)
        assert len(result.entries) == 5000 and not result.problems, result.problems[:3]
    return statistics.median(times)


def main() -> None:
    prepare()
    cli = venv_command("sferum-cli")
    report("sferum-cli --help", [cli, "--help"])
    report("sferum-cli validate kirov (reference: school loading)", [cli, "validate", KIROV])
    report(
        "sferum-cli checklist teachers kirov",
        [cli, "checklist", "teachers", KIROV],
        budget_ms=200,
    )
    report(
        "sferum-cli checklist admin kirov --format json",
        [cli, "checklist", "admin", KIROV, "-f", "json"],
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows = synthetic_rows(5000)
        csv_path, xlsx_path = Path(tmp) / "roster.csv", Path(tmp) / "roster.xlsx"
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        for label, path in (("CSV cp1251", csv_path), ("XLSX", xlsx_path)):
            value = time_read(path)
            verdict = "OK" if value <= 500 else "OVER"
            print(
                f"{'roster.read 5,000 rows, ' + label:<55} median {value:8.1f} ms over 5 runs"
                f"  budget 500 ms: {verdict}"
            )
        report(
            "checklist teachers --roster 5,000-row XLSX (whole command)",
            [cli, "checklist", "teachers", KIROV, "--roster", str(xlsx_path)],
            runs=5,
        )


if __name__ == "__main__":
    main()
