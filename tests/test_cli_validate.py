from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCHOOLS = Path(__file__).parent / "schools"
ADMIN_LANDLINE = SCHOOLS / "invalid" / "admin-landline.yaml"


def test_valid_example_exits_0(invoke, kirov: Path) -> None:
    result = invoke("validate", str(kirov))
    assert result.exit_code == 0
    assert "файл школы в порядке" in result.stdout


def test_invalid_file_exits_1_with_located_lines(invoke) -> None:
    result = invoke("validate", str(ADMIN_LANDLINE))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{ADMIN_LANDLINE}:21:10: administrator.phone: ")
    assert "мобильного" in first


def test_json_contract(invoke, kirov: Path) -> None:
    result = invoke("validate", "--format", "json", str(kirov), str(ADMIN_LANDLINE))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"files", "valid"}
    assert payload["valid"] is False
    good, bad = payload["files"]
    assert good == {**good, "path": str(kirov), "valid": True, "errors": []}
    assert set(bad) == {"path", "valid", "errors", "warnings"}
    assert bad["errors"] == [
        {
            "path": "administrator.phone",
            "line": 21,
            "column": 10,
            "code": "phone.not_mobile",
            "message": bad["errors"][0]["message"],
        }
    ]
    for warning in good["warnings"]:
        assert set(warning) == {"path", "line", "column", "code", "message"}


def test_github_annotations(invoke) -> None:
    result = invoke("validate", "--format", "github", str(ADMIN_LANDLINE))
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert line.startswith(
        f"::error file={ADMIN_LANDLINE},line=21,col=10,title=administrator.phone::"
    )


def test_directory_is_searched(invoke, tmp_path: Path, kirov: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yml").write_text(kirov.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(ADMIN_LANDLINE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = invoke("validate", "--format", "json", str(tmp_path))
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == [str(tmp_path / "two.yaml"), str(tmp_path / "a" / "one.yml")] or paths == [
        str(tmp_path / "a" / "one.yml"),
        str(tmp_path / "two.yaml"),
    ]
    assert result.exit_code == 1


def test_default_path_is_school_yaml(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 1
    assert "school.yaml: файл не найден." in result.stdout


def test_strict_turns_warnings_into_failure(invoke, tatarstan: Path) -> None:
    assert invoke("validate", str(tatarstan)).exit_code == 0
    assert invoke("validate", "--strict", str(tatarstan)).exit_code == 1


def _pii_school(tmp_path: Path) -> Path:
    text = (SCHOOLS / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text += (
        "teachers:\n  - full_name: Иванова Мария Петровна\n  - full_name: Иванова Мария Петровна\n"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_pii_masks_contacts(invoke, tmp_path: Path) -> None:
    from sferum_cli.report import redact

    assert redact("звоните +7 912 111-22-89 или пишите a.ivanova@example.ru") == (
        "звоните +7 9** ***-**-89 или пишите a***@example.ru"
    )
    # CI=true turns masking on by default; messages never echo names either.
    result = invoke("validate", str(_pii_school(tmp_path)), env={"CI": "true"})
    assert result.exit_code == 1
    assert "Иванова" not in result.stdout
    assert "уже указан в строке" in result.stdout


def test_usage_error_exits_2(invoke) -> None:
    result = invoke("validate", "--format", "xml", "x.yaml")
    assert result.exit_code == 2
    assert "Ошибка:" in result.stderr


def test_internal_error_exits_3_without_traceback(
    invoke, kirov: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sferum_cli import validation

    def boom(*args: object, **kwargs: object) -> None:
        secret = "Мельник Ольга Викторовна +7 912 345-67-89"
        raise RuntimeError(secret)

    monkeypatch.setattr(validation, "check", boom)
    result = invoke("validate", str(kirov))
    assert result.exit_code == 3
    assert "please report" in result.stderr
    assert "Traceback" not in result.output and "Мельник" not in result.output


def test_module_entry_point_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sferum_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    from sferum_cli import __version__

    assert done.returncode == 0
    assert done.stdout.strip() == f"sferum-cli {__version__}"


def test_real_process_exit_code_and_stderr(tmp_path: Path) -> None:
    """Through the console entry point, not CliRunner: exit code and streams."""
    done = subprocess.run(
        [sys.executable, "-m", "sferum_cli", "validate", str(ADMIN_LANDLINE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "administrator.phone" in done.stdout
