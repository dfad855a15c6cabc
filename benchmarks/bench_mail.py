"""Wall time of `sferum-cli email` and `questionnaire` (issue 4).

Budget: `sferum-cli email examples/kirov-school-32.yaml` ≤ 250 ms median,
cold (a new process each run), with bytecode compiled as after an install
(see ``timing.prepare``).

Run: uv run python benchmarks/bench_mail.py
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
    report("sferum-cli validate (for comparison)", [cli, "validate", EXAMPLE])
    report("sferum-cli email examples/kirov-school-32.yaml", [cli, "email", EXAMPLE], budget_ms=250)
    report("sferum-cli email ... --format eml", [cli, "email", EXAMPLE, "--format", "eml"])
    report("sferum-cli email ... --format json", [cli, "email", EXAMPLE, "--format", "json"])
    report(
        "sferum-cli questionnaire examples/kirov-school-32.yaml", [cli, "questionnaire", EXAMPLE]
    )


if __name__ == "__main__":
    main()
