"""Median wall time of whole commands, measured with the standard library.

Usage from other benchmark scripts::

    from timing import median_ms, report
    report("--help", ["sferum-cli", "--help"])
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def venv_command(name: str) -> str:
    """The console script from the project's virtual environment."""
    candidate = os.path.join(ROOT, ".venv", "bin", name)
    return candidate if os.path.exists(candidate) else (shutil.which(name) or name)


def prepare() -> None:
    """Measure what an installed tool does: with bytecode compiled.

    pip and uv compile ``.pyc`` files on install for users; this machine sets
    PYTHONDONTWRITEBYTECODE=1, which would make every run recompile every
    module and measure the compiler instead of the tool.
    """
    import compileall
    import sysconfig

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    site = sysconfig.get_paths()["purelib"]
    for folder in (site, os.path.join(ROOT, "sferum_cli")):
        compileall.compile_dir(folder, quiet=1, workers=0)


def median_ms(
    command: Sequence[str], *, runs: int = 10, warmup: int = 2, **kwargs: object
) -> float:
    """Median wall time in milliseconds over ``runs`` runs after ``warmup`` runs."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs
        )  # type: ignore[call-overload]
        elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            times.append(elapsed)
    return statistics.median(times)


def report(
    label: str, command: Sequence[str], *, budget_ms: float | None = None, runs: int = 10
) -> float:
    value = median_ms(command, runs=runs)
    verdict = ""
    if budget_ms is not None:
        verdict = f"  budget {budget_ms:.0f} ms: {'OK' if value <= budget_ms else 'OVER'}"
    print(f"{label:<55} median {value:8.1f} ms over {runs} runs{verdict}")
    sys.stdout.flush()
    return value


def cpu_ms(command: Sequence[str], **kwargs: object) -> float:
    """User + system CPU time in milliseconds of one run of ``command`` (the child only).

    On a machine shared with other work the wall time mostly measures the
    others; the child's own CPU time (``os.wait4`` resource usage) does not.
    """
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
    )  # type: ignore[call-overload]
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return (usage.ru_utime + usage.ru_stime) * 1000
