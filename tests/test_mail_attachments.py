"""Attachment checks: missing, unreadable, empty, oversized, type by contents."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sferum_cli.errors import UserFileError
from sferum_cli.mail import attachments
from sferum_cli.mail.attachments import MAX_FILE_BYTES, collect, load, sniff

PDF = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PDF, "pdf"), (JPEG, "jpeg"), (PNG, "png"), (docx_bytes(), "office"), (b"hello", None)],
)
def test_sniff(data: bytes, kind: str | None) -> None:
    assert sniff(data[:4096]) == kind


def test_type_comes_from_contents_not_from_the_name(tmp_path: Path) -> None:
    scan = load(write(tmp_path, "скан.jpg", PNG), role="signed_scan")
    assert (scan.maintype, scan.subtype) == ("image", "png")
    with pytest.raises(UserFileError, match="PDF, JPEG или PNG"):
        load(write(tmp_path, "скан.pdf", b"just text, renamed"), role="signed_scan")


def test_word_document_is_never_the_signed_scan(tmp_path: Path) -> None:
    for name in ("Письмо.docx", "Письмо.pdf"):
        path = write(tmp_path, name, docx_bytes())
        with pytest.raises(UserFileError, match="не скан") as caught:
            load(path, role="signed_scan")
        assert name in str(caught.value)
        with pytest.raises(UserFileError, match="не скан"):
            collect(signed_scan=None, from_command_line=[path])


def test_missing_empty_directory_and_unreadable_files_are_named(tmp_path: Path) -> None:
    loop = tmp_path / "петля.pdf"
    os.symlink(loop, loop)  # ELOOP: can't be opened, even by root
    cases = {
        tmp_path / "нет такого.pdf": "не найден",
        write(tmp_path, "пустой.pdf", b""): "пустой",
        tmp_path: "папка",
        loop: "недоступен",
    }
    for path, reason in cases.items():
        with pytest.raises(UserFileError) as caught:
            load(path, role="other")
        assert str(path) in str(caught.value)
        assert reason in str(caught.value)


def test_file_over_10_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "большой скан.pdf"
    with path.open("wb") as handle:
        handle.write(PDF)
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(UserFileError, match="слишком большой") as caught:
        load(path, role="signed_scan")
    assert "большой скан.pdf" in str(caught.value)
    exactly = tmp_path / "ровно 10.pdf"
    with exactly.open("wb") as handle:
        handle.write(PDF)
        handle.truncate(MAX_FILE_BYTES)
    assert load(exactly, role="signed_scan").size == MAX_FILE_BYTES


def test_more_than_20_mb_in_total_is_refused(tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        path = tmp_path / f"часть {i}.pdf"
        with path.open("wb") as handle:
            handle.write(PDF)
            handle.truncate(7 * 1024 * 1024)
        paths.append(path)
    with pytest.raises(UserFileError, match="вместе занимают"):
        collect(signed_scan=None, from_command_line=paths)
    assert len(collect(signed_scan=None, from_command_line=paths[:2])) == 2


def test_first_scan_like_attach_becomes_the_scan(tmp_path: Path) -> None:
    notes = write(tmp_path, "пояснение.txt", "текст".encode())
    scan = write(tmp_path, "скан.png", PNG)
    later = write(tmp_path, "приказ.pdf", PDF)
    result = collect(signed_scan=None, from_command_line=[notes, scan, later])
    assert [(a.filename, a.role) for a in result] == [
        ("скан.png", "signed_scan"),
        ("пояснение.txt", "other"),
        ("приказ.pdf", "other"),
    ]
    assert result[1].maintype == "text"


def test_school_file_scan_wins_and_duplicates_are_dropped(tmp_path: Path) -> None:
    scan = write(tmp_path, "скан.pdf", PDF)
    other = write(tmp_path, "ещё.jpg", JPEG)
    result = collect(signed_scan=scan, extra=[scan], from_command_line=[other, scan, other])
    assert [(a.filename, a.role) for a in result] == [
        ("скан.pdf", "signed_scan"),
        ("ещё.jpg", "other"),
    ]
    assert attachments.signed_scan(result) is result[0]


def test_cli_names_the_bad_attachment(invoke: Any, kirov: Path, tmp_path: Path) -> None:
    missing = tmp_path / "скан нет.pdf"
    result = invoke("email", str(kirov), "--attach", str(missing))
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "не найден" in result.stderr
    assert result.stdout == ""


def test_cli_refuses_the_docx_from_school_file(invoke: Any, kirov: Path, tmp_path: Path) -> None:
    write(tmp_path, "Письмо.docx", docx_bytes())
    school = tmp_path / "school.yaml"
    school.write_text(
        kirov.read_text(encoding="utf-8") + "\nemail:\n  signed_scan: Письмо.docx\n",
        encoding="utf-8",
    )
    result = invoke("email", str(school), "--format", "eml", "-o", str(tmp_path / "d.eml"))
    assert result.exit_code == 1
    assert "Письмо.docx" in result.stderr and "не скан" in result.stderr
    assert not (tmp_path / "d.eml").exists()
