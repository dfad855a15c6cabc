"""Start-up and validate budgets (issue 2 and the batch issue).

Run: uv run python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from timing import ROOT, prepare, report, venv_command

EXAMPLE = os.path.join(ROOT, "examples", "kirov-school-32.yaml")


def main() -> None:
    prepare()
    cli = venv_command("sferum-cli")
    report("python -c pass (floor)", [sys.executable, "-c", "pass"])
    report("sferum-cli --help", [cli, "--help"], budget_ms=120)
    report(
        "sferum-cli validate examples/kirov-school-32.yaml",
        [cli, "validate", EXAMPLE],
        budget_ms=200,
    )


if __name__ == "__main__":
    main()
