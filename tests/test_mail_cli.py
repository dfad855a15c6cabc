"""The `email` command's wiring: formats, outputs, warnings, exit codes, import cost."""

from __future__ import annotations

import json
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from sferum_cli.mail import RECIPIENT, SUBJECT

GOLDEN = Path(__file__).parent / "golden" / "mail"
PDF = b"%PDF-1.4\n%%EOF\n"


def test_text_is_the_default(invoke: Any, example_school: Path) -> None:
    result = invoke("email", str(example_school))
    assert result.exit_code == 0, result.stderr
    expected = (GOLDEN / f"{example_school.stem}.body.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_warns_without_signed_scan(invoke: Any, kirov: Path) -> None:
    result = invoke("email", str(kirov))
    assert "скан подписанного письма не приложен" in result.stderr
    assert "печатью" in result.stderr
    assert "скан подписанного письма не приложен" not in result.stdout


def test_no_scan_warning_with_attach(invoke: Any, kirov: Path, tmp_path: Path) -> None:
    scan = tmp_path / "Скан письма.pdf"
    scan.write_bytes(PDF)
    result = invoke("email", str(kirov), "--attach", str(scan))
    assert result.exit_code == 0, result.stderr
    assert "не приложен" not in result.stderr
    assert "(скан): Скан письма.pdf." in result.stdout


def test_eml_draft_written_and_parsed_back(invoke: Any, kirov: Path, tmp_path: Path) -> None:
    scan = tmp_path / "Письмо № 01-12 подписанное.pdf"
    scan.write_bytes(PDF)
    out = tmp_path / "черновик.eml"

    def write_draft(*extra: str) -> Any:
        return invoke(
            "email",
            str(kirov),
            *("--format", "eml", "-o", str(out), "--attach", str(scan), *extra),
            env={"SOURCE_DATE_EPOCH": "1692700000"},
        )

    result = write_draft()
    assert result.exit_code == 0, result.stderr
    assert str(out) in result.stdout
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert (message["To"], message["Subject"], message["X-Unsent"]) == (RECIPIENT, SUBJECT, "1")
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == scan.name and part.get_content() == PDF
    first = out.read_bytes()
    again = write_draft()
    assert again.exit_code == 1 and "--force" in again.stderr
    forced = write_draft("--force")
    assert forced.exit_code == 0 and out.read_bytes() == first


def test_eml_to_stdout(invoke: Any, tatarstan: Path) -> None:
    result = invoke("email", str(tatarstan), "--format", "eml")
    assert result.exit_code == 0
    message = BytesParser(policy=policy.default).parsebytes(result.stdout_bytes)
    assert message["Subject"] == SUBJECT


def test_mailto_says_attachments_do_not_travel(invoke: Any, kirov: Path) -> None:
    result = invoke("email", str(kirov), "--format", "mailto")
    assert result.exit_code == 0
    assert result.stdout.startswith("mailto:info@sferum.ru?subject=")
    assert "не переносит вложения" in result.stderr


def test_json_output(invoke: Any, tatarstan: Path, tmp_path: Path) -> None:
    out = tmp_path / "письмо.json"
    result = invoke("email", str(tatarstan), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"to", "subject", "body", "attachments", "questionnaire"}
    assert data["attachments"] == []


def test_invalid_school_file_exit_1(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    result = invoke("email", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""


def test_bad_format_is_usage_error(invoke: Any, kirov: Path) -> None:
    assert invoke("email", str(kirov), "--format", "pdf").exit_code == 2
    assert invoke("questionnaire", str(kirov), "--format", "eml").exit_code == 2


def test_help_is_russian_and_mentions_every_flag(invoke: Any) -> None:
    text = invoke("email", "--help").stdout
    for flag in (
        "--format",
        "--attach",
        "--send",
        "--yes",
        "--smtp-host",
        "--smtp-port",
        "--smtp-user",
        "--smtp-security",
        "--smtp-timeout",
        "--smtp-cafile",
    ):
        assert flag in text
    assert "СФЕРУМ:Регистрация организации" in text
    assert "--smtp-password" not in text


def test_cli_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, sferum_cli.cli\n"
        "heavy = {'jinja2', 'pydantic', 'smtplib', 'ssl', 'email.message', 'docx', 'rich'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.replace("'", '"'))
    assert not {"jinja2", "smtplib", "email.message"} & set(loaded), loaded
