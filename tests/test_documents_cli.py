"""The order, letter and policy commands: outputs, overwriting, errors, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

DEFAULT_NAMES = {"order": "prikaz.docx", "letter": "pismo.docx", "policy": "polozhenie.docx"}


@pytest.mark.parametrize("command", list(DEFAULT_NAMES))
def test_default_output_name_in_current_folder(
    command: str,
    kirov: Path,
    tmp_path: Path,
    invoke,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(command, str(kirov))
    assert result.exit_code == 0, result.stderr
    target = tmp_path / DEFAULT_NAMES[command]
    assert result.stdout == f"Записан файл: {DEFAULT_NAMES[command]}\n"
    docx.Document(str(target))  # opens
    assert [p.name for p in tmp_path.iterdir()] == [DEFAULT_NAMES[command]]  # no temp files left


def test_refuses_to_overwrite_without_force(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.docx"
    target.write_bytes(b"precious")
    result = invoke("letter", str(kirov), "-o", str(target))
    assert result.exit_code == 1
    assert "уже существует" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"precious"
    result = invoke("letter", str(kirov), "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"PK")


def test_existing_pdf_also_blocks_without_force(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out.pdf").write_bytes(b"old")
    result = invoke("order", str(kirov), "-o", str(tmp_path / "out.docx"), "--pdf")
    assert result.exit_code == 1
    assert "out.pdf" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_output_must_be_docx(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("order", str(kirov), "-o", str(tmp_path / "prikaz.pdf"))
    assert result.exit_code == 2
    assert ".docx" in result.stderr


def test_missing_libreoffice_is_a_clear_message_and_writes_nothing(
    kirov: Path,
    tmp_path: Path,
    invoke,  # type: ignore[no-untyped-def]
) -> None:
    result = invoke(
        "policy",
        str(kirov),
        "-o",
        str(tmp_path / "p.docx"),
        "--pdf",
        env={"SFERUM_SOFFICE": str(tmp_path / "no-soffice")},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("LibreOffice: ")
    assert "без --pdf" in result.stderr
    assert not list(tmp_path.iterdir())


def test_invalid_school_file_exits_1_and_writes_nothing(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "school.yaml"
    bad.write_text("version: 1\norganization: {}\n", encoding="utf-8")
    result = invoke("order", str(bad), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert "school.yaml" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_template_error_names_template_paragraph_and_variable(
    kirov: Path,
    tmp_path: Path,
    invoke,  # type: ignore[no-untyped-def]
) -> None:
    template = docx.Document()
    template.add_paragraph("Директор: {{ director.initials }}")
    template.add_paragraph("Школа: {{ org.shortname }}")
    path = tmp_path / "my.docx"
    template.save(str(path))
    result = invoke("order", str(kirov), "-o", str(tmp_path / "o.docx"), "--template", str(path))
    assert result.exit_code == 1
    assert "my.docx:2" in result.stderr
    assert "«shortname»" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_user_template_through_the_cli(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    template = docx.Document()
    template.add_paragraph("{{ director.initials_cases.dative }}")
    path = tmp_path / "t.docx"
    template.save(str(path))
    out = tmp_path / "o.docx"
    result = invoke("letter", str(kirov), "-o", str(out), "--template", str(path))
    assert result.exit_code == 0, result.stderr
    assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs[0].text == "С.Ю.\u00a0Лебедевой"


@pytest.mark.parametrize("command", list(DEFAULT_NAMES))
def test_help_is_russian(command: str, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "--pdf" in result.stdout and "--template" in result.stdout
    assert "Перезаписать" in result.stdout


def test_cli_module_imports_no_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sferum_cli.cli.documents; "
        "heavy = [m for m in ('jinja2', 'docx', 'docxtpl', 'lxml', 'pydantic', 'rich') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
