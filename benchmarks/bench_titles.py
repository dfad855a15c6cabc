"""`order`/`policy` cold against `letter` cold, before and after a change.

    uv run python benchmarks/bench_titles.py [BEFORE_REF] [RUNS]

BEFORE_REF (default ``HEAD~1``) is a git revision whose ``sferum_cli``
package is exported with ``git archive`` into a temporary folder; the
current worktree is "after". Both run with the project's Python and
libraries, bytecode compiled first (see ``timing.prepare``), interleaved
run by run, and each figure is the median over RUNS (default 15) of the
child's CPU time (user + system, from ``os.wait4``), not wall time: the
machine is shared and its wall times mostly measure the neighbours.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import ROOT, cpu_ms, prepare

EXAMPLE = Path(ROOT, "examples", "kirov-school-32.yaml")
COMMANDS = ("letter", "order", "policy")


def export(ref: str, folder: str) -> None:
    archive = subprocess.run(
        ["git", "-C", ROOT, "archive", ref, "sferum_cli", "templates"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    compileall.compile_dir(os.path.join(folder, "sferum_cli"), quiet=1, workers=0)


def main(argv: list[str]) -> None:
    ref = argv[0] if argv else "HEAD~1"
    runs = int(argv[1]) if len(argv) > 1 else 15
    prepare()
    with tempfile.TemporaryDirectory() as before, tempfile.TemporaryDirectory() as out:
        export(ref, before)
        versions = {"before": before, "after": ROOT}
        times: dict[tuple[str, str], list[float]] = {(v, c): [] for v in versions for c in COMMANDS}
        for i in range(runs + 1):  # the first round warms the disk cache
            for version, path in versions.items():
                env = {**os.environ, "PYTHONPATH": path}
                for command in COMMANDS:
                    docx = os.path.join(out, f"{command}.docx")
                    args = [sys.executable, "-m", "sferum_cli", command, str(EXAMPLE)]
                    value = cpu_ms([*args, "-o", docx, "--force"], env=env, cwd=out)
                    if i:
                        times[version, command].append(value)
    print(f"CPU time of the child, median of {runs} runs, {EXAMPLE.name}, before = {ref}")
    for version in versions:
        median = {c: statistics.median(times[version, c]) for c in COMMANDS}
        line = "  ".join(f"{c} {median[c]:6.0f} ms" for c in COMMANDS)
        ratios = "  ".join(f"{c}/letter {median[c] / median['letter']:.2f}" for c in COMMANDS[1:])
        print(f"{version:<7} {line}  {ratios}")


if __name__ == "__main__":
    main(sys.argv[1:])
