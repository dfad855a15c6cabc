"""`build --pdf`: wall time with one LibreOffice process against two.

Run: uv run python benchmarks/bench_pdf.py [--schools 20] [--rounds 3] [--before REF]
Each round builds the same synthetic schools into a fresh folder with
``--jobs 1`` and with ``--jobs 2`` (the order alternates between rounds, so
a change in the machine's load hits both alike); the medians and their ratio
are printed with the load average seen before each run, and the two
manifests are compared (the PDFs must be the same bytes).  Wall time is what
the goal is about; on a shared machine it moves with the others' load, so
run it when ``uptime`` shows little.  ``--before REF`` also measures the
``sferum_cli`` package of git revision REF, interleaved with the worktree's
(exported with ``git archive``, as ``bench_titles.py`` does).
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

from bench_titles import export
from synthetic import generate
from timing import ROOT, prepare


def timed_build(
    env: dict[str, str], schools: Path, out: Path, jobs: int
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the build and everything it started, load before.

    Run from the folder above ``out`` so that ``python -m`` does not pick up
    the package of the current folder instead of ``PYTHONPATH``'s."""
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    before = os.times()
    start = time.perf_counter()
    command = [sys.executable, "-m", "sferum_cli", "build", str(schools), "-o", str(out)]
    subprocess.run(
        [*command, "--jobs", str(jobs), "--pdf", "-q"],
        env=env,
        cwd=out.parent,
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


def same_manifests(first: Path, second: Path) -> bool:
    return bool(
        json.loads((first / "manifest.json").read_text(encoding="utf-8"))
        == json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", metavar="REF", help="also measure this git revision")
    args = parser.parse_args()
    prepare()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        versions = {"after": ROOT}
        if args.before:
            versions["before"] = str(base / "before")
            os.mkdir(versions["before"])
            export(args.before, versions["before"])
        generate(base / "schools", args.schools, seed=1)
        runs = [(version, jobs) for version in versions for jobs in (1, 2)]
        walls: dict[tuple[str, int], list[float]] = {run: [] for run in runs}
        for round_ in range(args.rounds):
            for version, jobs in runs if round_ % 2 == 0 else runs[::-1]:
                env = {**os.environ, "PYTHONPATH": versions[version]}
                out = base / f"{version}-{jobs}"
                wall, cpu, load = timed_build(env, base / "schools", out, jobs)
                walls[version, jobs].append(wall)
                print(
                    f"round {round_ + 1} {version:<6} --jobs {jobs}: {wall:6.2f} s wall, "
                    f"{cpu:6.2f} s CPU, load before {load:.2f}"
                )
                sys.stdout.flush()
        documents = sum(1 for _ in (base / "after-2").rglob("*.pdf"))
        same = {v: same_manifests(base / f"{v}-1", base / f"{v}-2") for v in versions}
    print(f"build --pdf, {args.schools} schools, {documents} documents, before = {args.before}")
    for version in versions:
        one = statistics.median(walls[version, 1])
        two = statistics.median(walls[version, 2])
        print(
            f"{version:<6} --jobs 1 median {one:.2f} s, --jobs 2 median {two:.2f} s, "
            f"ratio {two / one:.2f} (goal <= 0.65); --jobs 1 and 2 same manifest: "
            f"{same[version]}"
        )
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
