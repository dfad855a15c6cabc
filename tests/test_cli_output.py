"""Output conventions: shell completion, -q/-v, colour (NO_COLOR, FORCE_COLOR,
--color), folders with --exclude, PDF progress."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
TATARSTAN = ROOT / "examples" / "tatarstan-rural-school.yaml"
HEAVY = ("pydantic", "docx", "docxtpl", "jinja2", "yaml", "rich", "phonenumbers", "lxml")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "CI"}}
    env.update(extra)
    return env


def run(*args: str, cwd: Path | None = None, input: str | None = None, **env: str):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "sferum_cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=input,
        env=_env(**env),
        check=False,
    )


# --- 7. shell completion ---------------------------------------------------

_COMPLETE = (
    "import sys, runpy\n"
    "sys.argv = ['sferum-cli']\n"
    "try:\n"
    "    runpy.run_module('sferum_cli', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in {heavy!r} if m in sys.modules)\n"
    "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
)


def complete(shell: str, words: str, **env: str) -> tuple[list[str], list[str]]:
    """(completion candidates, heavy modules imported) for a command line being typed."""
    variables = {"_SFERUM_CLI_COMPLETE": f"complete_{shell}", **env}
    if shell == "bash":
        parts = words.split(" ")
        variables |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        variables["_TYPER_COMPLETE_ARGS"] = words
        variables["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
        if shell == "powershell":
            variables["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = words.split(" ")[-1]
    done = subprocess.run(
        [sys.executable, "-c", _COMPLETE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        env=_env(**variables),
        check=False,
    )
    heavy_line = next(line for line in done.stderr.splitlines() if line.startswith("HEAVY="))
    heavy = [m for m in heavy_line.removeprefix("HEAVY=").split(",") if m]
    return done.stdout.split(), heavy


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_offers_commands_without_heavy_imports(shell: str) -> None:
    words, heavy = complete(shell, "sferum-cli val")
    assert any("validate" in w for w in words), words
    assert not any("build" in w for w in words)
    assert heavy == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("sferum-cli validate --format ", {"text", "json", "github"}),
        ("sferum-cli checklist ", {"admin", "teachers", "students", "parents"}),
        ("sferum-cli build --jobs 2 --f", {"--force"}),
        ("sferum-cli --color ", {"auto", "always", "never"}),
    ],
)
def test_completion_of_subcommands_choices_and_options(words: str, expected: set[str]) -> None:
    candidates, heavy = complete("bash", words)
    assert expected <= set(candidates), candidates
    assert heavy == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_show_completion_prints_the_script(shell: str) -> None:
    done = run(
        "--show-completion",
        _SFERUM_CLI_TEST_SHELL=shell,
        _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
    )
    # Without shell detection Typer takes the shell as the option's value.
    done = run("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    assert "_SFERUM_CLI_COMPLETE" in done.stdout


def test_install_completion_writes_the_script_and_says_so_in_russian(tmp_path: Path) -> None:
    done = run(
        "--install-completion", "bash", HOME=str(tmp_path),
        _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Автодополнение для bash установлено" in done.stdout
    assert "_SFERUM_CLI_COMPLETE" in (tmp_path / ".bashrc").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / ".bash_completions").glob("*")
    )


# --- 8. -q/-v, --color, NO_COLOR, FORCE_COLOR ----------------------------------


def _broken_school(tmp_path: Path) -> Path:
    path = tmp_path / "school.yaml"
    path.write_text(
        KIROV.read_text(encoding="utf-8").replace("inn: 4345", "inn: 4346", 1), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1"}, False),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_validate_colour_follows_the_conventions(
    tmp_path: Path, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    done = run(*args, "validate", str(_broken_school(tmp_path)), **env)
    assert done.returncode == 1
    assert ("\x1b[" in done.stdout) is coloured, done.stdout
    assert "organization.inn" in done.stdout


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"FORCE_COLOR": "1"}, True), ({"NO_COLOR": "1"}, False), ({}, False)],
)
def test_rich_checklist_has_no_escape_at_all_without_colour(
    env: dict[str, str], coloured: bool
) -> None:
    done = run("checklist", "admin", str(KIROV), "-f", "rich", **env)
    assert done.returncode == 0, done.stderr
    assert ("\x1b[" in done.stdout) is coloured
    assert "Администратор" in done.stdout or "администратор" in done.stdout


def test_build_lines_are_coloured_only_when_forced(tmp_path: Path) -> None:
    forced = run("build", str(KIROV), "-o", str(tmp_path / "a"), FORCE_COLOR="1")
    assert forced.returncode == 0 and "\x1b[32mсобрана\x1b[0m" in forced.stdout
    plain = run("build", str(KIROV), "-o", str(tmp_path / "b"), NO_COLOR="1")
    assert plain.returncode == 0 and "\x1b" not in plain.stdout + plain.stderr
    assert "собрана" in plain.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["order", "-o", "o.docx"],
        ["letter", "-o", "l.docx"],
        ["policy", "-o", "p.docx"],
        ["email", "-f", "eml", "-o", "z.eml"],
        ["handouts", "-o", "pamyatki"],
        ["build", "-o", "out"],
    ],
)
def test_quiet_prints_nothing_but_writes(tmp_path: Path, command: list[str]) -> None:
    shutil.copy(KIROV, tmp_path / "school.yaml")
    loud = run(*command, cwd=tmp_path)
    assert loud.returncode == 0, loud.stderr
    assert loud.stdout.strip()
    for item in tmp_path.iterdir():
        if item.name != "school.yaml":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    quiet = run(*command, "-q", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == ""
    assert len(list(tmp_path.iterdir())) > 1  # the output was written


def test_quiet_init_roster_and_schema(tmp_path: Path) -> None:
    assert run("init", "s.yaml", "--no-input", "-q", cwd=tmp_path).stdout.startswith(
        "Осталось заполнить"
    )
    assert run("roster", "template", "-q", cwd=tmp_path).stdout == ""
    assert (tmp_path / "teachers.csv").is_file()
    assert run("schema", "-o", "x.json", "-q", cwd=tmp_path).stdout == ""


def test_validate_quiet_and_verbose(tmp_path: Path) -> None:
    good = run("validate", "-q", str(KIROV))
    assert good.returncode == 0 and "в порядке" not in good.stdout
    bad = run("validate", "-q", str(_broken_school(tmp_path)))
    assert bad.returncode == 1
    assert "organization.inn" in bad.stdout and "Проверено файлов" not in bad.stdout
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(TATARSTAN, folder / "a.yaml")
    (folder / "workflow.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    verbose = run("validate", "-v", str(folder))
    assert f"{folder / 'workflow.yml'}" in verbose.stdout and "пропущен" in verbose.stdout
    both = run("validate", "-q", "-v", str(KIROV))
    assert both.returncode == 2 and "нельзя указывать вместе" in both.stderr


# --- 10. folders: hidden, output folder, --exclude, non-school YAML ----------------


def test_school_keys_list_matches_the_model() -> None:
    from sferum_cli.files import SCHOOL_KEYS
    from sferum_cli.model import School

    assert set(SCHOOL_KEYS) == set(School.model_fields)


def _tree(root: Path) -> None:
    shutil.copy(KIROV, root / "kirov.yaml")
    (root / "drafts").mkdir()
    shutil.copy(TATARSTAN, root / "drafts" / "draft.yaml")
    (root / ".git").mkdir()
    shutil.copy(TATARSTAN, root / ".git" / "hidden.yaml")
    (root / "ci").mkdir()
    (root / "ci" / "github.yml").write_text("name: ci\non: push\njobs: {}\n", encoding="utf-8")
    (root / "broken.yaml").write_text("", encoding="utf-8")  # no keys: still a (broken) school


def test_validate_folder_rules(tmp_path: Path) -> None:
    _tree(tmp_path)
    done = run("validate", "-f", "json", str(tmp_path), "--exclude", "drafts")
    checked = sorted(Path(f["path"]).name for f in json.loads(done.stdout)["files"])
    assert checked == ["broken.yaml", "kirov.yaml"]
    again = run(
        "validate", "-f", "json", str(tmp_path), "--exclude", "drafts", "--exclude", "broken.*"
    )
    assert [Path(f["path"]).name for f in json.loads(again.stdout)["files"]] == ["kirov.yaml"]
    assert again.returncode == 0


def test_build_skips_its_own_output_folder(tmp_path: Path) -> None:
    _tree(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(TATARSTAN, out / "leftover.yaml")
    done = run(
        "build", str(tmp_path), "-o", str(out), "--exclude", "drafts", "--exclude", "broken.yaml"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [Path(s["source"]).name for s in manifest["schools"]] == ["kirov.yaml"]


def test_a_file_named_explicitly_is_always_checked(tmp_path: Path) -> None:
    _tree(tmp_path)
    done = run("validate", str(tmp_path / "ci" / "github.yml"))
    assert done.returncode == 1  # named on its own: checked, and it is no school file


# --- 11. PDF progress ---------------------------------------------------------------


@pytest.mark.libreoffice
def test_build_pdf_reports_conversion_progress(tmp_path: Path) -> None:
    import re

    done = run("build", str(KIROV), "-o", str(tmp_path / "out"), "--pdf")
    assert done.returncode == 0, done.stderr
    steps = [tuple(map(int, m)) for m in re.findall(r"^\[PDF (\d+)/(\d+)\]", done.stdout, re.M)]
    assert steps, done.stdout
    total = steps[0][1]
    assert total == len(list((tmp_path / "out").rglob("*.docx")))
    assert steps[0][0] == 0 and steps[-1] == (total, total)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert done.stdout.index("[PDF") < done.stdout.index("Готово")
