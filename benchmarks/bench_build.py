"""`build` CPU per school and unchanged re-runs, before and after a change.

    uv run python benchmarks/bench_build.py BEFORE_REF [--schools 200]
        [--rerun 1000] [--runs 3] [--same-as REF] [--rerun-only]

BEFORE_REF (default ``HEAD~1``) is exported with ``git archive`` as in
``bench_titles.py``; the worktree is "after".  The re-runs ``-j 1`` and
``-j 2`` take turns going first, round by round.  Synthetic schools
(``benchmarks/synthetic.py``, seed 1) are built, before and after
interleaved run by run; each figure is the median over RUNS of the child's
CPU time (user + system from ``os.wait4``, which counts the worker processes
the child waited for), not wall time: the machine is shared.

* ``build -j 1`` of ``--schools`` schools into an empty folder: CPU per school
  (the start-up of the command included, spread over the schools);
* ``--rerun`` schools built once, then ``build`` again with nothing changed,
  ``-j 1`` and ``-j 2``, and ``validate`` of the same files: CPU of each and
  the re-run over ``validate``;
* ``--rerun-only``: only the unchanged re-runs and ``validate`` (no
  ``--schools`` builds, no ``--same-as``); the manifests of the re-run set
  built by before and after are compared either way;
* ``--same-as REF``: the manifest of REF's build of the ``--schools`` set
  against after's: the same files with the same SHA-256 (the tool version is
  left out of the comparison when the two differ, and said).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_titles import export
from synthetic import generate
from timing import ROOT, cpu_ms, prepare

CLI = [sys.executable, "-m", "sferum_cli"]


def _same_outputs(before: Path, after: Path) -> str:
    a = json.loads((before / "manifest.json").read_text(encoding="utf-8"))
    b = json.loads((after / "manifest.json").read_text(encoding="utf-8"))
    note = ""
    if a["version"] != b["version"]:
        note = f" (versions {a['version']} and {b['version']} left out)"
    a.pop("version")
    b.pop("version")
    files = sum(len(school["files"]) for school in a["schools"])
    verdict = "byte-identical" if a == b else "DIFFERENT"
    return f"{len(a['schools'])} schools, {files} files: {verdict}{note}"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", nargs="?", default="HEAD~1")
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--rerun", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--same-as", default=None)
    parser.add_argument("--rerun-only", action="store_true")
    args = parser.parse_args()
    prepare()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        versions = {"before": str(base / "before"), "after": ROOT}
        os.mkdir(versions["before"])
        export(args.before, versions["before"])
        small, large = base / "small", base / "large"
        generate(small, args.schools, seed=1)
        generate(large, args.rerun, seed=1)
        times: dict[tuple[str, str], list[float]] = {}

        def run(version: str, kind: str, command: list[str]) -> None:
            env = {**os.environ, "PYTHONPATH": versions[version]}
            value = cpu_ms(command, env=env, cwd=tmp)
            times.setdefault((version, kind), []).append(value)

        for version in versions:  # the re-run set, built once
            run(version, "first", [*CLI, "build", str(large), "-o", str(base / f"L-{version}")])
        for round_ in range(args.runs):
            for version in versions:
                out = base / f"S-{version}"
                shutil.rmtree(out, ignore_errors=True)
                if not args.rerun_only:
                    run(version, "build", [*CLI, "build", str(small), "-o", str(out), "-j", "1"])
                again = [*CLI, "build", str(large), "-o", str(base / f"L-{version}")]
                for jobs in ("1", "2") if round_ % 2 == 0 else ("2", "1"):  # neither always first
                    run(version, f"again -j{jobs}", [*again, "-j", jobs])
                run(version, "validate", [*CLI, "validate", str(large)])
        print(f"CPU time of the child, median of {args.runs} runs; before = {args.before}")
        for version in versions:
            built = ""
            if not args.rerun_only:
                per_school = _median(times[version, "build"]) / args.schools
                built = f"build {args.schools}: {per_school:5.1f} ms/school | "
            again1, again2 = (
                _median(times[version, "again -j1"]),
                _median(times[version, "again -j2"]),
            )
            validate = _median(times[version, "validate"])
            print(
                f"{version:<7} {built}{args.rerun} unchanged: "
                f"re-run -j1 {again1:5.0f} ms, -j2 {again2:5.0f} ms, "
                f"validate {validate:5.0f} ms, re-run/validate {again1 / validate:.2f} (-j1) "
                f"{again2 / validate:.2f} (-j2)"
            )
        same = _same_outputs(base / "L-before", base / "L-after")
        print(f"outputs of the re-run set, before and after: {same}")
        if args.rerun_only:
            return
        ratio = _median(times["after", "build"]) / _median(times["before", "build"])
        print(f"build CPU per school, after/before: {ratio:.2f}")
        if args.same_as:
            reference = base / "reference"
            reference.mkdir()
            export(args.same_as, str(reference))
            env = {**os.environ, "PYTHONPATH": str(reference)}
            cpu_ms([*CLI, "build", str(small), "-o", str(base / "S-ref")], env=env, cwd=tmp)
            print(
                f"outputs of {args.same_as} and after:",
                _same_outputs(base / "S-ref", base / "S-after"),
            )


if __name__ == "__main__":
    main()
