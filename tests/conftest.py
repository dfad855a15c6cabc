"""Shared fixtures: example schools, a CLI runner with fixed width and no colour."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_SCHOOLS = sorted(EXAMPLES.glob("*.yaml"))

# CI runs the property tests deterministically (a red build must be reproducible);
# locally they explore new examples on every run.
# Neither measures time: a deadline only turns a loaded machine (parallel tests,
# LibreOffice next door) into a failure that says nothing about the code; speed
# is measured in benchmarks/.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")

os.environ["COLUMNS"] = "100"
os.environ["NO_COLOR"] = "1"
os.environ.pop("CI", None)  # tests decide about --no-pii themselves
os.environ.pop("FORCE_COLOR", None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(params=EXAMPLE_SCHOOLS, ids=lambda p: p.stem)
def example_school(request: pytest.FixtureRequest) -> Path:
    """Each bundled example school file, in turn."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def kirov() -> Path:
    return EXAMPLES / "kirov-school-32.yaml"


@pytest.fixture
def tatarstan() -> Path:
    return EXAMPLES / "tatarstan-rural-school.yaml"


@pytest.fixture
def invoke(runner: CliRunner) -> Iterator[object]:
    """``invoke("validate", "x.yaml")`` → click Result, stderr kept apart."""
    from sferum_cli.cli import app

    def _invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    yield _invoke
