"""`validate` before and after a change: one school's start-up, many schools' memory.

    uv run python benchmarks/bench_validate.py start [BEFORE_REF] [RUNS]
    uv run python benchmarks/bench_validate.py memory [BEFORE_REF] [COUNTS...]
    uv run python benchmarks/bench_validate.py floor [RUNS]

``start``: ``validate`` of ``examples/kirov-school-32.yaml`` by the "before"
package and by this worktree, next to yamllint and check-jsonschema on the same
file, and the commands that read no school model (``decline``, ``checklist``,
``email``), interleaved run by run.  Each figure is the median over RUNS
(default 15) of the child's CPU time (user + system, ``os.wait4``), not wall
time: the machine is shared and its wall times mostly measure the neighbours.

``memory``: peak RSS (``ru_maxrss`` of the child, ``os.wait4``) of ``validate``
over COUNTS synthetic schools (default 4000 40000), text and JSON reports, before
and after; the reports must be byte-identical.

``floor``: what the libraries ``validate`` needs cost by themselves: the CPU
time of interpreters that import one more of them at each step (PyYAML, Typer,
Pydantic, the school model), next to yamllint and ``validate`` itself.

BEFORE_REF (default ``bc2fe34``) is exported with ``git archive`` as in
``bench_titles.py``; both run with the project's Python and libraries,
bytecode compiled first (``timing.prepare``).
"""

from __future__ import annotations

import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_titles import export
from synthetic import generate
from timing import ROOT, prepare, venv_command

EXAMPLE = str(Path(ROOT, "examples", "kirov-school-32.yaml"))
SCHEMA = str(Path(ROOT, "docs", "school.schema.json"))


def usage(
    command: Sequence[str], env: dict[str, str], stdout: object, cwd: str
) -> tuple[float, float]:
    """CPU milliseconds (user + system) and peak RSS in MiB of one run of ``command``.

    ``cwd`` must not be the repository: ``python -m`` puts the current folder
    first on ``sys.path``, and "before" would import this worktree's package.
    """
    process = subprocess.Popen(  # type: ignore[call-overload]
        command, stdout=stdout, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    _, _, rusage = os.wait4(process.pid, 0)
    process.returncode = 0
    return (rusage.ru_utime + rusage.ru_stime) * 1000, rusage.ru_maxrss / 1024


def start(ref: str, runs: int, before: str, out: str) -> None:
    sferum = [sys.executable, "-m", "sferum_cli"]
    commands: dict[str, tuple[str | None, list[str]]] = {
        "yamllint": (None, [venv_command("yamllint"), EXAMPLE]),
        "check-jsonschema": (
            None,
            [venv_command("check-jsonschema"), "--schemafile", SCHEMA, EXAMPLE],
        ),
    }
    for version, path in (("before", before), ("after", ROOT)):
        commands[f"{version} validate"] = (path, [*sferum, "validate", EXAMPLE])
        commands[f"{version} --help"] = (path, [*sferum, "--help"])
        commands[f"{version} decline"] = (
            path,
            [*sferum, "decline", "Иванова Ольга Петровна"],
        )
        commands[f"{version} checklist"] = (path, [*sferum, "checklist", "admin", EXAMPLE])
        commands[f"{version} email"] = (path, [*sferum, "email", EXAMPLE])
    times: dict[str, list[float]] = {label: [] for label in commands}
    for i in range(runs + 1):  # the first round warms the disk cache
        for label, (path, command) in commands.items():
            env = dict(os.environ)
            if path is not None:
                env["PYTHONPATH"] = path
            value, _ = usage(command, env, subprocess.DEVNULL, out)
            if i:
                times[label].append(value)
    median = {label: statistics.median(values) for label, values in times.items()}
    print(f"CPU time of the child, median of {runs} runs, before = {ref}")
    for label, value in median.items():
        print(f"  {label:<22} {value:7.0f} ms")
    for version in ("before", "after"):
        validate = median[f"{version} validate"]
        print(
            f"{version:<7} validate/yamllint {validate / median['yamllint']:.2f}  "
            f"validate/check-jsonschema {validate / median['check-jsonschema']:.2f}"
        )


FLOOR_STEPS = (
    ("python -c pass", "pass"),
    ("+ PyYAML", "import yaml"),
    ("+ Typer", "import yaml, typer"),
    ("+ Pydantic", "import yaml, typer\nfrom pydantic import AfterValidator, BaseModel, Field"),
    (
        "+ the school model",
        "import os, yaml, typer\nos.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')\n"
        "import sferum_cli.model",
    ),
)


def floor(runs: int, out: str) -> None:
    commands = {label: [sys.executable, "-c", code] for label, code in FLOOR_STEPS}
    commands["validate"] = [sys.executable, "-m", "sferum_cli", "validate", EXAMPLE]
    commands["yamllint"] = [venv_command("yamllint"), EXAMPLE]
    env = {**os.environ, "PYTHONPATH": ROOT}
    times: dict[str, list[float]] = {label: [] for label in commands}
    for i in range(runs + 1):  # the first round warms the disk cache
        for label, command in commands.items():
            value, _ = usage(command, env, subprocess.DEVNULL, out)
            if i:
                times[label].append(value)
    median = {label: statistics.median(values) for label, values in times.items()}
    print(f"CPU time of the child, median of {runs} runs; each step adds one import")
    previous = 0.0
    for label, value in median.items():
        step = f"(+{value - previous:5.0f})" if label in dict(FLOOR_STEPS) and previous else ""
        print(f"  {label:<22} {value:7.0f} ms {step}")
        previous = value if label in dict(FLOOR_STEPS) else previous
    print(f"validate/yamllint {median['validate'] / median['yamllint']:.2f}")


def memory(ref: str, counts: list[int], before: str, work: Path) -> None:
    print(f"peak RSS of the child (ru_maxrss), before = {ref}")
    for count in counts:
        folder = work / f"s{count}"
        generate(folder, count, seed=count)
        for fmt in ("text", "json"):
            reports = {}
            for version, path in (("before", before), ("after", ROOT)):
                env = {**os.environ, "PYTHONPATH": path}
                reports[version] = work / f"{version}-{count}.{fmt}"
                command = [sys.executable, "-m", "sferum_cli", "validate", str(folder), "-f", fmt]
                with reports[version].open("wb") as report:
                    cpu, rss = usage(command, env, report, str(work))
                size = reports[version].stat().st_size / 1e6
                print(
                    f"  {count:>6} files  {fmt:<4}  {version:<6}  peak RSS {rss:6.1f} MiB"
                    f"  CPU {cpu / 1000:6.1f} s  report {size:5.1f} MB"
                )
            same = filecmp.cmp(reports["before"], reports["after"], shallow=False)
            print(f"  {count:>6} files  {fmt:<4}  reports identical: {same}")
            for path in reports.values():
                path.unlink()


def main(argv: list[str]) -> None:
    part = argv[0] if argv else "start"
    if part == "floor":
        prepare()
        with tempfile.TemporaryDirectory() as work:
            floor(int(argv[1]) if len(argv) > 1 else 15, work)
        return
    ref = argv[1] if len(argv) > 1 else "bc2fe34"
    prepare()
    with tempfile.TemporaryDirectory() as before, tempfile.TemporaryDirectory() as work:
        export(ref, before)
        if part == "start":
            start(ref, int(argv[2]) if len(argv) > 2 else 15, before, work)
        else:
            counts = [int(n) for n in argv[2:]] or [4000, 40000]
            memory(ref, counts, before, Path(work))


if __name__ == "__main__":
    main(sys.argv[1:])
