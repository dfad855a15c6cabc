"""Hostile DOCX letterheads and templates: zip bombs and DTDs are refused early,
and no DOCX we write has a part that does not parse."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    MAX_PEAK_MB,
    MAX_SECONDS,
    docx_with_dtd,
    docx_with_text,
    run_cli,
    school_file,
    zip_bomb_docx,
)
from lxml import etree

from sferum_cli import documents
from sferum_cli.documents import docx_render
from sferum_cli.errors import UserFileError
from sferum_cli.validation import load_school


def _bomb(case: str, path: Path) -> Path:
    if case == "declares-1.2-GB":
        return zip_bomb_docx(path, unpacked_mib=1200)
    if case == "ratio-1000-to-1":  # 40 MiB of zeros in 40 KB: under the size cap
        return zip_bomb_docx(path, unpacked_mib=40)
    return zip_bomb_docx(path, unpacked_mib=1200, declared_mib=1)  # lies about its size


@pytest.mark.parametrize("case", ["declares-1.2-GB", "ratio-1000-to-1", "lies-about-its-size"])
def test_zip_bomb_letterhead_is_refused_in_library(case: str, tmp_path: Path, kirov: Path) -> None:
    bomb = _bomb(case, tmp_path / "bomb.docx")
    expected = "не файл DOCX" if case == "lies-about-its-size" else "zip-бомбу"
    with pytest.raises(UserFileError, match=expected) as caught:
        documents.render("letter", load_school(kirov), letterhead=bomb)
    assert str(bomb) in str(caught.value)


@pytest.mark.parametrize("case", ["declares-1.2-GB", "ratio-1000-to-1", "lies-about-its-size"])
@pytest.mark.parametrize("option", ["--letterhead", "--template"])
def test_zip_bomb_docx_ends_quickly_and_small(case: str, option: str, tmp_path: Path) -> None:
    """Before: refused only after 2 GB of memory."""
    bomb = _bomb(case, tmp_path / "bomb.docx")
    school = school_file(tmp_path / "kirov")
    result = run_cli(["letter", str(school), option, str(bomb), "-o", "x.docx"], cwd=tmp_path)
    assert result.returncode == 1, result
    assert f"{bomb}: " in result.stderr
    assert result.cpu_seconds < MAX_SECONDS, result
    assert result.peak_mb < MAX_PEAK_MB, result
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("option", ["--letterhead", "--template"])
def test_docx_with_a_dtd_is_refused(option: str, tmp_path: Path, invoke: Any) -> None:
    """Before: the letter was written with a dangling «&xxe;» that Word refuses."""
    hostile = docx_with_dtd(tmp_path / "xxe.docx")
    school = school_file(tmp_path / "kirov")
    out = tmp_path / "pismo.docx"
    result = invoke("letter", str(school), option, str(hostile), "-o", str(out))
    assert result.exit_code == 1
    assert (
        f"{hostile}: часть word/document.xml содержит объявление DTD (<!DOCTYPE …>)"
        in result.stderr
    )
    assert not out.exists()


def test_docx_with_a_dtd_named_by_the_school_file_fails_build_at_its_key(
    tmp_path: Path, invoke: Any
) -> None:
    folder = tmp_path / "kirov"
    folder.mkdir()
    docx_with_dtd(folder / "xxe.docx")
    school = school_file(folder, "documents:\n  letterhead: xxe.docx\n")
    out = tmp_path / "out"
    result = invoke("build", str(school), "-o", str(out))
    assert result.exit_code == 1
    assert "xxe.docx: часть word/document.xml содержит объявление DTD" in result.stderr
    assert not list(out.glob("*/pismo.docx"))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_xml_part_of_what_we_write_parses_without_a_dtd(tmp_path: Path, kirov: Path) -> None:
    school = load_school(kirov)
    blank = docx_with_text(tmp_path / "blank.docx", "Бланк {{ org.short_name }}")
    outputs = [
        documents.render("order", school),
        documents.render("policy", school),
        documents.render("letter", school),
        documents.render("letter", school, letterhead=blank),
    ]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for data in outputs:
        for name, part in _parts(data).items():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(part, parser)
                assert not root.getroottree().docinfo.doctype, name
                assert b"&xxe;" not in part


def test_a_broken_xml_part_is_refused_before_rendering(tmp_path: Path) -> None:
    source = docx_with_text(tmp_path / "ok.docx", "Текст")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:-20] if info.filename == "word/styles.xml" else data)
    with pytest.raises(UserFileError, match=r"часть word/styles\.xml повреждена"):
        docx_render.load(broken)
