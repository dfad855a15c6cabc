"""CI and pre-commit integrations: valid YAML whose commands really exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _commands(node: Any) -> list[str]:
    """Every ``sferum-cli …`` invocation in the shell lines of a CI file."""
    found: list[str] = []
    if isinstance(node, dict):
        for value in node.values():
            found.extend(_commands(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_commands(value))
    elif isinstance(node, str):
        for match in re.finditer(r"sferum-cli ([^|;&>\n)]+)", node):
            found.append(match.group(1).strip())
    return found


def _parses(command_line: str) -> None:
    """The arguments parse with the real command (raises on an unknown flag)."""
    from typer.main import get_command

    from sferum_cli.cli import app

    group = get_command(app)
    args = shlex.split(command_line)
    name, rest = args[0], args[1:]
    command = group.commands[name]  # type: ignore[attr-defined]
    ctx = command.make_context(name, rest)
    ctx.close()


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_are_yaml_and_their_commands_exist(name: str) -> None:
    data = yaml.safe_load((ROOT / "examples" / "ci" / name).read_text(encoding="utf-8"))
    commands = _commands(data)
    assert any(c.startswith("validate") for c in commands)
    assert any(c.startswith("build") for c in commands)
    for command in commands:
        _parses(command)


def test_github_example_uses_annotations_and_uploads() -> None:
    data = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["schools"]["steps"]
    assert any("--format github" in step.get("run", "") for step in steps)
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)


def test_gitlab_example_publishes_code_quality_and_junit_reports() -> None:
    data = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8"))
    job = data["sferum"]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    script = "\n".join(job["script"])
    assert f"--format gitlab schools/ > {reports['codequality']}" in script
    assert f"--format junit schools/ > {reports['junit']}" in script


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "sferum-validate"
    assert hook["entry"] == "sferum-cli validate"
    pattern = re.compile(hook["files"])
    assert pattern.search("schools/kirov.yaml") and pattern.search("school.yml")
    assert not pattern.search(".github/workflows/ci.yml")
    # pre-commit appends the changed file names to the entry: that must parse too.
    _parses("validate schools/a.yaml schools/b.yml")


def test_pre_commit_entry_runs_on_file_names(invoke, kirov: Path, tatarstan: Path) -> None:
    result = invoke("validate", str(kirov), str(tatarstan))
    assert result.exit_code == 0
