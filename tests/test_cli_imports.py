"""What a command imports: nothing it does not use (start-up is felt on every run).

Each case runs the real program in a fresh interpreter and reads the modules
it ended with from ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

KIROV = str(EXAMPLES / "kirov-school-32.yaml")

RUN = """
import json, sys
argv, report = sys.argv[1:-1], sys.argv[-1]
sys.argv = ["sferum-cli", *argv]
from sferum_cli.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(report, "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def modules_after(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> set[str]:
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", RUN, *argv, str(report)],
        cwd=tmp_path,
        capture_output=True,
        check=True,
        env=None if env is None else {**os.environ, **env},
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["code"] in (0, None), argv
    return set(result["modules"])


@pytest.mark.parametrize(
    "argv",
    [
        ("validate", KIROV),
        ("order", KIROV, "-o", "order.docx"),
        ("letter", KIROV, "-o", "letter.docx"),
        ("policy", KIROV, "-o", "policy.docx"),
        ("checklist", "admin", KIROV),
        ("email", KIROV),
        ("questionnaire", KIROV),
    ],
    ids=lambda argv: argv[0] if argv[0] != "checklist" else "checklist",
)
def test_commands_that_send_nothing_import_no_network_modules(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    modules = modules_after(tmp_path, *argv)
    assert "sferum_cli.model" in modules  # the command did read the school
    assert not modules & {"ssl", "urllib.request", "smtplib", "http.client"}


@pytest.mark.parametrize(
    "argv",
    [
        ("decline", "Иванова Ольга Петровна"),
        ("decline", "учитель начальных классов", "--as", "position", "-f", "json"),
        ("validate", "--help"),
        ("checklist", "admin", "--help"),
        ("email", "--help"),
        ("build", "--help"),
    ],
    ids=" ".join,
)
def test_commands_without_a_school_import_no_pydantic(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    modules = modules_after(tmp_path, *argv)
    assert not {m for m in modules if m.split(".")[0] in {"pydantic", "pydantic_core"}}
    assert "sferum_cli.model" not in modules
    assert "email_validator" not in modules


def test_plain_addresses_do_not_load_email_validator(tmp_path: Path) -> None:
    """kirov-school-32.yaml has ASCII addresses only: the fast path checks them."""
    modules = modules_after(tmp_path, "validate", KIROV)
    assert "sferum_cli.model" in modules
    assert "email_validator" not in modules


def test_validate_imports_no_other_command_module(tmp_path: Path) -> None:
    modules = modules_after(tmp_path, "validate", KIROV)
    assert "sferum_cli.cli.school" in modules
    others = {"documents", "mail", "onboarding", "batch", "table", "region"}
    assert not modules & {f"sferum_cli.cli.{name}" for name in others}


def test_usual_phones_do_not_load_phonenumbers(tmp_path: Path) -> None:
    """kirov-school-32.yaml has a landline and a mobile written the usual way."""
    modules = modules_after(tmp_path, "validate", KIROV)
    assert "sferum_cli.model" in modules
    assert "phonenumbers" not in modules


def test_an_unusual_phone_still_goes_to_phonenumbers(tmp_path: Path) -> None:
    school = tmp_path / "school.yaml"
    text = Path(KIROV).read_text(encoding="utf-8")
    assert "phone: 8 (8332) 00-00-32" in text
    school.write_text(
        text.replace("phone: 8 (8332) 00-00-32", "phone: 8 800 100-00-32"), encoding="utf-8"
    )
    modules = modules_after(tmp_path, "validate", str(school))
    assert "phonenumbers" in modules


def test_a_cyrillic_address_still_goes_to_email_validator(tmp_path: Path) -> None:
    school = tmp_path / "school.yaml"
    text = Path(KIROV).read_text(encoding="utf-8")
    email = "school32@example.ru"
    assert email in text
    school.write_text(text.replace(email, "школа32@почта.рф"), encoding="utf-8")
    modules = modules_after(tmp_path, "validate", str(school))
    assert "email_validator" in modules


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unchanged_rerun_reads_no_school_and_starts_no_worker(tmp_path: Path, jobs: str) -> None:
    """A build with nothing to do decides from bytes and states alone: it
    imports neither the model nor YAML nor the document libraries, and with
    --jobs 2 no process pool (so it is never slower than --jobs 1)."""
    argv = ("build", KIROV, "-o", "out", "-j", jobs)
    first = modules_after(tmp_path, *argv)
    assert {"sferum_cli.model", "yaml"} <= first  # the first build did build
    again = modules_after(tmp_path, *argv)
    assert "sferum_cli.batch.school" in again
    heavy = {"pydantic", "sferum_cli.model", "sferum_cli.validation", "yaml", "docx", "lxml"}
    assert not again & (heavy | {"concurrent.futures", "multiprocessing", "socket", "ssl"})
