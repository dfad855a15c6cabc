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
    assert any(c.startswith("report") and "--format html" in c for c in commands)
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


def test_github_example_publishes_the_report_to_the_summary_and_pages() -> None:
    data = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text(encoding="utf-8"))
    assert "schedule" in data[True]  # PyYAML reads the key `on` as True
    report = data["jobs"]["report"]
    assert "needs" not in report  # a school file with errors does not hold the report back
    script = "\n".join(step.get("run", "") for step in report["steps"])
    assert 'sferum-cli report schools/ --format markdown >> "$GITHUB_STEP_SUMMARY"' in script
    assert "--format html --output report/index.html" in script
    uploads = [s for s in report["steps"] if s.get("uses", "").startswith("actions/upload")]
    assert {s["with"]["path"] for s in uploads} == {"report/"}
    pages = data["jobs"]["pages"]
    assert pages["needs"] == "report"
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_gitlab_example_publishes_the_report_as_artifact_and_pages() -> None:
    data = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8"))
    report = data["sferum-report"]
    script = "\n".join(report["script"])
    assert "--format html --output public/index.html" in script
    assert "--format markdown --output report/report.md" in script
    assert {"report/", "public/"} <= set(report["artifacts"]["paths"])
    pages = data["pages"]
    assert pages["needs"] == ["sferum-report"] and pages["artifacts"]["paths"] == ["public/"]
    # Every job that runs sferum-cli installs it first.
    template = data[".sferum-cli"]
    assert "uv tool install ./sferum-cli" in template["before_script"]
    assert data["sferum"]["extends"] == report["extends"] == ".sferum-cli"


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_report_commands_run(
    name: str, invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from region_schools import write_region

    write_region(tmp_path / "schools")
    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load((ROOT / "examples" / "ci" / name).read_text(encoding="utf-8"))
    commands = [c for c in _commands(data) if c.startswith("report")]
    assert commands
    for command in commands:
        result = invoke(*shlex.split(command))
        assert result.exit_code == 0, (command, result.stderr)
        if "--output" in command:
            written = tmp_path / shlex.split(command)[-1]
            assert written.stat().st_size > 0
    if name == "gitlab-ci.yml":
        assert (tmp_path / "public" / "index.html").read_text("utf-8").startswith("<!DOCTYPE")


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
