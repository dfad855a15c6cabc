"""Document budgets: one document ≤ 30 ms warm; `sferum-cli letter` ≤ 400 ms cold.

    uv run python benchmarks/bench_documents.py

"Warm" is the library call in a process that has already rendered once
(templates compiled, grammar loaded): what the batch build pays per school.
"Cold" is the whole command in a new process, median wall time.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import ROOT, prepare, report, venv_command

WARM_BUDGET_MS = 30
COLD_BUDGET_MS = 400
RUNS = 50


def warm() -> None:
    sys.path.insert(0, ROOT)
    from sferum_cli import documents
    from sferum_cli.documents.kinds import KINDS
    from sferum_cli.validation import load_school

    for example in sorted(Path(ROOT, "examples").glob("*.yaml")):
        school = load_school(example)
        for name in (kind.name for kind in KINDS):
            render = partial(documents.render, name)
            render(school)  # compile the template, load the grammar
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                render(school)
                times.append((time.perf_counter() - start) * 1000)
            value = statistics.median(times)
            verdict = "OK" if value <= WARM_BUDGET_MS else "OVER"
            label = f"warm {name} ({example.stem})"
            print(
                f"{label:<55} median {value:8.1f} ms over {RUNS} runs"
                f"  budget {WARM_BUDGET_MS} ms: {verdict}"
            )


def cold() -> None:
    cli = venv_command("sferum-cli")
    with tempfile.TemporaryDirectory() as tmp:
        for example in sorted(Path(ROOT, "examples").glob("*.yaml")):
            out = os.path.join(tmp, f"{example.stem}.docx")
            report(
                f"cold sferum-cli letter {example.name}",
                [cli, "letter", str(example), "-o", out, "--force"],
                budget_ms=COLD_BUDGET_MS,
            )
        report(
            "cold sferum-cli validate kirov-school-32.yaml (reference)",
            [cli, "validate", str(Path(ROOT, "examples", "kirov-school-32.yaml"))],
        )
        report("cold sferum-cli --help (reference)", [cli, "--help"])


if __name__ == "__main__":
    prepare()
    warm()
    cold()
