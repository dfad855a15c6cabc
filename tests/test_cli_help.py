"""Every command has Russian help, and the README names every command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> Iterator[tuple[str, ...]]:
    from typer.main import get_command

    from sferum_cli.cli import app

    def walk(command, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:  # type: ignore[no-untyped-def]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                yield from walk(sub, (*prefix, name))
        else:
            yield prefix

    yield from walk(get_command(app), ())


COMMANDS = list(command_paths())


def test_there_are_commands() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {
        "init", "validate", "schema", "order", "letter", "policy", "decline", "email",
        "questionnaire", "checklist admin", "checklist teachers", "checklist students",
        "checklist parents", "roster template", "handouts", "build",
    } <= names  # fmt: skip


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p))
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert f"sferum-cli {' '.join(path)}" in README


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p))
def test_every_command_has_russian_help(invoke, path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Использование: sferum-cli")
    assert re.search("[а-яё]{4,}", text)
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "[default:"):
        assert english not in text


def test_top_level_help_and_usage_errors_are_russian(invoke) -> None:
    result = invoke("--help")
    assert "Команды:" in result.stdout and "Параметры:" in result.stdout
    bad = invoke("validate", "--no-such-flag")
    assert bad.exit_code == 2
    assert "Ошибка: нет такого параметра: --no-such-flag" in bad.stderr
    unknown = invoke("frobnicate")
    assert unknown.exit_code == 2
    assert "нет такой команды" in unknown.stderr


def test_readme_opens_with_the_two_commands() -> None:
    block = re.search(r"```bash\n(.*?)```", README, flags=re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert lines == [
        "uv run sferum-cli build examples/*.yaml -o out/",
        "uv run pytest",
    ]
    assert README.index("```bash") < README.index("##")


def test_cli_module_imports_no_heavy_library() -> None:
    """`--help` stays fast: the CLI modules — and the registries of document kinds and
    checklist roles they build commands from — import no jinja2/docx/lxml/pydantic/rich."""
    import subprocess
    import sys

    code = (
        "import sys; import sferum_cli.cli\n"
        "heavy = [m for m in ('jinja2', 'docx', 'docxtpl', 'lxml', 'pydantic', 'rich', 'yaml',"
        " 'phonenumbers', 'segno', 'openpyxl', 'pymorphy3') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_readme_main_command_works_on_the_examples(tmp_path: Path) -> None:
    """The first README command, run as written (shell glob included) on a copy."""
    import json
    import shlex
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    block = re.search(r"```bash\n(.*?)```", README, flags=re.S)
    assert block is not None
    command = block.group(1).splitlines()[0]
    python = shlex.quote(sys.executable)
    script = command.replace("uv run sferum-cli", f"{python} -m sferum_cli")
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["valid"] is True
    assert len(manifest["schools"]) == len(list((ROOT / "examples").glob("*.yaml")))
