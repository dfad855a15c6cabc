"""`build --pdf`: wall time with one LibreOffice process against two.

Run: uv run python benchmarks/bench_pdf.py [--schools 20] [--rounds 3]
Each round builds the same synthetic schools into a fresh folder with
``--jobs 1`` and with ``--jobs 2`` (the order alternates between rounds, so
a change in the machine's load hits both alike); the medians and their ratio
are printed with the load average seen before each run, and the two
manifests are compared (the PDFs must be the same bytes).  Wall time is what
the goal is about; on a shared machine it moves with the others' load, so
run it when ``uptime`` shows little.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic import generate
from timing import prepare, venv_command


def timed_build(cli: str, schools: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the build and everything it started, load before."""
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    before = os.times()
    start = time.perf_counter()
    subprocess.run(
        [cli, "build", str(schools), "-o", str(out), "--jobs", str(jobs), "--pdf", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    prepare()
    cli = venv_command("sferum-cli")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(base / "schools", args.schools, seed=1)
        walls: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(args.rounds):
            for jobs in (1, 2) if round_ % 2 == 0 else (2, 1):
                wall, cpu, load = timed_build(cli, base / "schools", base / f"out{jobs}", jobs)
                walls[jobs].append(wall)
                print(
                    f"round {round_ + 1} --jobs {jobs}: {wall:6.2f} s wall, "
                    f"{cpu:6.2f} s CPU, load before {load:.2f}"
                )
                sys.stdout.flush()
        same = json.loads((base / "out1" / "manifest.json").read_text(encoding="utf-8")) == (
            json.loads((base / "out2" / "manifest.json").read_text(encoding="utf-8"))
        )
        documents = sum(1 for _ in (base / "out2").rglob("*.pdf"))
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    print(
        f"build --pdf, {args.schools} schools, {documents} documents: "
        f"--jobs 1 median {one:.2f} s, --jobs 2 median {two:.2f} s, "
        f"ratio {two / one:.2f} (goal <= 0.65); same manifest: {same}"
    )
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
