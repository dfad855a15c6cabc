"""`report` against `validate` over the same synthetic region (budget: under 3×).

Run: uv run python benchmarks/bench_report.py [--count 3000] [--runs 3]
Figures go to docs/performance.md by hand, with the machine they came from.
Each command runs ``--runs`` times; the median wall time and the child's own
CPU time are shown (on a shared machine the CPU time is the steadier one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic import generate
from timing import cpu_ms, prepare, venv_command

BUDGET = 3.0


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of ``command``."""
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        cpus.append(cpu_ms(command) / 1000)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    prepare()
    cli = venv_command("sferum-cli")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        schools = base / "schools"
        generate(schools, args.count, seed=1, progress=True)
        print(f"{args.count} synthetic schools with teachers and progress:")
        as_of = ["--as-of", "2025-12-31"]
        commands = {
            "validate": [cli, "validate", str(schools)],
            "report --format json": [cli, "report", str(schools), *as_of, "-f", "json",
                                     "-o", str(base / "r.json")],
            "report --format html": [cli, "report", str(schools), *as_of, "-f", "html",
                                     "-o", str(base / "r.html")],
            "report --format xlsx": [cli, "report", str(schools), *as_of, "-f", "xlsx",
                                     "-o", str(base / "r.xlsx")],
            "report (text)": [cli, "report", str(schools), *as_of],
        }  # fmt: skip
        results = {label: measure(command, args.runs) for label, command in commands.items()}
    wall0, cpu0 = results["validate"]
    for label, (wall, cpu) in results.items():
        ratio = wall / wall0
        verdict = "" if label == "validate" else f"  ×{ratio:.2f} of validate"
        if label != "validate":
            verdict += f" (CPU ×{cpu / cpu0:.2f}): {'OK' if ratio < BUDGET else 'OVER'}"
        print(f"  {label:<24} wall {wall:6.2f} s  CPU {cpu:6.2f} s{verdict}")


if __name__ == "__main__":
    main()
