"""The letter on the school's own blank: header, logo and footer are kept."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from sferum_cli import documents
from sferum_cli.errors import UserFileError
from sferum_cli.validation import load_school
from sferum_cli.yamlio import load as load_yaml


def png(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid PNG (red pixels), made without an imaging library."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_blank(path: Path, *, body_text: str | None = "Бланк: угловой штамп") -> Path:
    blank = docx.Document()
    section = blank.sections[0]
    section.left_margin = Mm(25)
    header = section.header.paragraphs[0]
    header.text = "ШАПКА ШКОЛЫ № 32"
    header.add_run().add_picture(io.BytesIO(png()), width=Mm(20))
    section.footer.paragraphs[0].text = "Подвал: г. Киров, school32.example.ru"
    if body_text:
        blank.add_paragraph(body_text)
    blank.add_paragraph("")
    blank.add_paragraph("")
    blank.save(str(path))
    return path


def test_letter_goes_onto_the_blank(kirov: Path, tmp_path: Path) -> None:
    blank = make_blank(tmp_path / "blank.docx")
    data = documents.render("letter", load_school(kirov), letterhead=blank)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "ШАПКА ШКОЛЫ № 32"
    assert section.footer.paragraphs[0].text.startswith("Подвал:")
    assert abs(section.left_margin - Mm(25)) < Mm(0.1)  # the blank's page setup is kept
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert media, "the logo of the header is kept"
    body = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join(body + cells)
    assert body[0] == "Бланк: угловой штамп"  # the blank's own text stays first
    # The body is bound on the blank too (python-docx reads <w:noBreakHyphen/> as «-»).
    assert "+7\u00a0912\u00a0345-67-89" in text
    assert "22.08.2023 №\u00a001-12/345" in text
    # The signature's «И.О. Фамилия» is in runs of its own, breakable between them.
    assert "С.Ю. Лебедева" in text
    # The built-in reference block is left out: the blank carries it.
    assert "ОГРН" not in text
    assert "ИНН/КПП" not in text
    # Reproducible like every document.
    assert documents.render("letter", load_school(kirov), letterhead=blank) == data


def test_blank_may_hold_tags(kirov: Path, tmp_path: Path) -> None:
    blank = docx.Document()
    blank.sections[0].header.paragraphs[0].text = "Исх. {{ letter.number }}"
    path = tmp_path / "tags.docx"
    blank.save(str(path))
    document = docx.Document(
        io.BytesIO(documents.render("letter", load_school(kirov), letterhead=path))
    )
    assert document.sections[0].header.paragraphs[0].text == "Исх. 01-12/345"


def test_letterhead_from_the_school_file_is_relative_to_it(
    kirov: Path,
    tmp_path: Path,
    invoke,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    school_dir = tmp_path / "school"
    school_dir.mkdir()
    make_blank(school_dir / "blank.docx", body_text=None)
    data = json.loads(json.dumps(load_yaml(kirov).data))
    data["documents"] = {"letterhead": "blank.docx"}
    school_file = school_dir / "school.yaml"
    school_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("letter", str(school_file), "-o", "out.docx")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(tmp_path / "out.docx"))
    assert document.sections[0].header.paragraphs[0].text == "ШАПКА ШКОЛЫ № 32"


def test_missing_or_broken_blank_is_a_clear_error(kirov: Path, tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="не найден"):
        documents.render("letter", load_school(kirov), letterhead=tmp_path / "nope.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UserFileError, match=r"broken\.docx"):
        documents.render("letter", load_school(kirov), letterhead=broken)
