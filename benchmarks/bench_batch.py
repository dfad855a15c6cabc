"""Regional and national scale: validate and build many synthetic schools.

Run: uv run python benchmarks/bench_batch.py [--quick]
Figures go to docs/performance.md by hand, with the machine they came from.
Peak memory is the largest single process (ru_maxrss of the waited children),
measured in a fresh wrapper process for each command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic import generate
from timing import ROOT, prepare, report, venv_command

RSS_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
    ".returncode\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " code)\n"
)


def timed_with_rss(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB of the largest process, exit code."""
    out = subprocess.run(
        [sys.executable, "-c", RSS_WRAPPER, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def line(label: str, seconds: float, rss: float, code: int, budget: float | None = None) -> None:
    verdict = f"  budget {budget:.0f} s: {'OK' if seconds <= budget else 'OVER'}" if budget else ""
    print(f"{label:<55} {seconds:8.2f} s  peak RSS {rss:6.0f} MiB  exit {code}{verdict}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip 10,000/40,000 runs")
    args = parser.parse_args()
    prepare()
    cli = venv_command("sferum-cli")
    example = os.path.join(ROOT, "examples", "kirov-school-32.yaml")
    schema = os.path.join(ROOT, "docs", "school.schema.json")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")

    report("python -c pass (floor)", [sys.executable, "-c", "pass"])
    report("sferum-cli --help", [cli, "--help"], budget_ms=90)
    report("sferum-cli validate <one school>", [cli, "validate", example], budget_ms=150)
    peer = shutil.which("check-jsonschema") or venv_command("check-jsonschema")
    report("check-jsonschema --schemafile … <one school> (peer)",
           [peer, "--schemafile", schema, example])  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        started = time.perf_counter()
        schools_1k = generate(base / "s1000", 1000, seed=1)
        print(f"generated 1,000 schools in {time.perf_counter() - started:.1f} s")
        line("validate 1,000 schools (one call)",
             *timed_with_rss([cli, "validate", str(base / "s1000")]), budget=5)  # fmt: skip
        line("build 1,000 schools --jobs 2 (no PDF)",
             *timed_with_rss([cli, "build", str(base / "s1000"), "-o", str(base / "o1000"),
                              "-j", "2"]), budget=30)  # fmt: skip
        line("build 1,000 again (nothing changed)",
             *timed_with_rss([cli, "build", str(base / "s1000"), "-o", str(base / "o1000"),
                              "-j", "2"]))  # fmt: skip
        manifest = json.loads((base / "o1000" / "manifest.json").read_text(encoding="utf-8"))
        files = sum(len(s["files"]) for s in manifest["schools"])
        print(f"  built files: {files}; schools: {len(manifest['schools'])}; "
              f"valid: {manifest['valid']}; inputs: {len(schools_1k)}")  # fmt: skip
        if args.quick:
            return
        generate(base / "s10000", 10_000, seed=2)
        line("build 10,000 schools --jobs 2 (no PDF)",
             *timed_with_rss([cli, "build", str(base / "s10000"), "-o", str(base / "o10000"),
                              "-j", "2"]))  # fmt: skip
        shutil.rmtree(base / "o10000")
        generate(base / "s40000", 40_000, seed=3)
        line("validate 40,000 schools (one call)",
             *timed_with_rss([cli, "validate", str(base / "s40000")]), budget=180)  # fmt: skip


if __name__ == "__main__":
    main()
