"""The registry of document kinds: every entry is a command, a file of `build`
and a bundled template, and a new entry needs no other code."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from registry_cli import cli_with_entry

from sferum_cli import documents
from sferum_cli.documents import kinds
from sferum_cli.documents.kinds import KINDS, Kind
from sferum_cli.resources import template_path, templates_root
from sferum_cli.validation import load_school_and_paths

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
IDS = [kind.name for kind in KINDS]


def _expected(kind: Kind) -> bytes:
    school, paths = load_school_and_paths(KIROV)
    blank = documents.letterhead_path(school, paths) if kind.letterhead else None
    return documents.render(kind.name, school, letterhead=blank)


def test_names_templates_and_files_are_unique() -> None:
    for field in ("name", "template", "default_output"):
        values = [getattr(kind, field) for kind in KINDS]
        assert len(set(values)) == len(values), field
    assert all(kind.default_output.endswith(".docx") for kind in KINDS)
    assert kinds.get("letter").letterhead is True
    with pytest.raises(KeyError, match="order, letter, policy"):
        kinds.get("fax")


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_every_kind_is_a_command_writing_its_document(
    kind: Kind,
    tmp_path: Path,
    invoke,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    help_text = " ".join(invoke(kind.name, "--help").stdout.split())
    assert " ".join(kind.help.split()) in help_text
    assert f"по умолчанию {kind.default_output}" in help_text
    assert ("--letterhead" in help_text) is kind.letterhead
    assert ("--files-root" in help_text) is kind.letterhead
    monkeypatch.chdir(tmp_path)
    result = invoke(kind.name, str(KIROV))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / kind.default_output).read_bytes() == _expected(kind)


def test_every_kind_is_built_and_in_the_manifest(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("build", str(KIROV), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    listed = {item["path"] for item in manifest["schools"][0]["files"]}
    for kind in KINDS:
        assert f"kirov-school-32/{kind.default_output}" in listed
        assert (tmp_path / "out" / "kirov-school-32" / kind.default_output).read_bytes() == (
            _expected(kind)
        )


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_every_kind_has_its_bundled_template(kind: Kind) -> None:
    """Here in the source tree; tests/test_packaging.py asks the installed wheel."""
    from sferum_cli.documents import docx_render

    package = docx_render.load(template_path(kind.template), display=kind.template)
    assert package.main_part


def test_letterhead_only_for_kinds_set_on_one(tmp_path: Path) -> None:
    school, _ = load_school_and_paths(KIROV)
    with pytest.raises(ValueError, match="order is not set on a letterhead"):
        documents.render("order", school, letterhead=tmp_path / "blank.docx")


FAX_SETUP = """\
from pathlib import Path

from sferum_cli import resources

resources.templates_root = lambda: Path.cwd() / "templates"  # the copy with fax.docx
"""

FAX_ENTRY = """
[[kind]]
name = "fax"
template = "fax.docx"
title = "Факс школы"
default_output = "faks.docx"
dated_by = ["appointment.order_date"]
help = "Факс школы для проверки реестра (DOCX)."
"""


def test_a_new_kind_needs_only_its_entry_and_its_template(tmp_path: Path) -> None:
    """One entry added to registries.toml and one template: the command, the
    file of `build` and the manifest follow with no other code."""
    templates = tmp_path / "templates"
    shutil.copytree(templates_root(), templates)
    blank = docx.Document()
    blank.add_paragraph("Факс школы {{ org.short_name }} от {{ order.date }}")
    blank.save(str(templates / "fax.docx"))
    run = cli_with_entry(tmp_path, FAX_ENTRY, FAX_SETUP)

    assert "Факс школы для проверки реестра (DOCX)." in run("--help")
    assert "по умолчанию faks.docx" in " ".join(run("fax", "--help").split())
    run("fax", str(KIROV))
    run("build", str(KIROV), "-o", "out")

    expected = "Факс школы МБОУ СОШ с УИОП №\u00a032 г.\u00a0Кирова от 21.08.2023"
    for made in (tmp_path / "faks.docx", tmp_path / "out" / "kirov-school-32" / "faks.docx"):
        text = [p.text for p in docx.Document(io.BytesIO(made.read_bytes())).paragraphs]
        assert text == [expected]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "kirov-school-32/faks.docx" in {item["path"] for item in manifest["schools"][0]["files"]}
