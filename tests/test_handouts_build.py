"""Class handouts: DOCX content, reproducibility, QR decoding, PDF via LibreOffice."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from sferum_cli.errors import OutputExistsError, UserFileError
from sferum_cli.onboarding import handouts
from sferum_cli.validation import load_school


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Greyscale pixels of a PNG (enough of the format for segno's output)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = depth = color = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
    assert color == 0 and depth in (1, 8), (color, depth)
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    previous = bytearray(stride)
    pixels = bytearray()
    offset = 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for x in range(stride):
            a = line[x - 1] if x else 0
            b, c = previous[x], previous[x - 1] if x else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        if depth == 8:
            pixels += line
        else:
            pixels += bytes(255 if line[x >> 3] >> (7 - (x & 7)) & 1 else 0 for x in range(width))
    return width, height, bytes(pixels)


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp

    width, height, pixels = _png_pixels(png)

    class Image:
        __array_interface__ = {  # noqa: RUF012
            "shape": (height, width),
            "typestr": "|u1",
            "data": pixels,
            "version": 3,
        }

    return [result.text for result in zxingcpp.read_barcodes(Image())]


def _docx_text(data: bytes) -> str:
    from docx import Document

    # Non-breaking spaces (the renderer binds «№ 32», «г. Киров»…) read as spaces.
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs).replace("\u00a0", " ")


def _media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize(
    "link",
    [
        "https://sferum.ru/?invite=example-5a",
        "https://sferum.ru/?p=invite&hash=AbC-123_xyz&utm=«тест»",
    ],
)
def test_qr_png_decodes_to_the_exact_link(link: str) -> None:
    assert decode_qr(handouts.qr_png(link)) == [link]


def test_page_for_a_class_with_link(kirov: Path) -> None:
    school = load_school(kirov)
    five_a = next(c for c in school.classes if c.name == "5А")
    data = handouts.render_class(school, five_a)
    text = _docx_text(data)
    assert "МБОУ СОШ с УИОП № 32 г. Кирова" in text
    assert "памятка для 5А класса" in text
    assert "Классный руководитель: Шевченко Игорь Петрович" in text
    assert "https://sferum.ru/?invite=example-5a" in text
    assert "5–11 классы: ученик регистрируется по своему номеру телефона." in text
    assert "в VK Мессенджере" in text
    assert "приватном окне" in text
    assert "https://sferum.ru/?p=parents_students" in text
    assert "+7 912" not in text  # the administrator's phone is not for parents
    (image,) = _media(data)
    assert decode_qr(image) == ["https://sferum.ru/?invite=example-5a"]


def test_primary_class_rule_and_max(tatarstan: Path) -> None:
    school = load_school(tatarstan)
    two_a = next(c for c in school.classes if c.name == "2А")
    text = _docx_text(handouts.render_class(school, two_a))
    assert "1–4 классы: код подтверждения можно получить на электронную почту родителя." in text
    assert "Учебный профиль открывается в мессенджере MAX и на sferum.ru" in text
    assert "VK" not in text


def test_class_without_link_gets_a_blank_field(kirov: Path) -> None:
    school = load_school(kirov)
    eleven_b = next(c for c in school.classes if c.name == "11Б")
    data = handouts.render_class(school, eleven_b)
    assert "_" * 60 in _docx_text(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:drawing" not in body  # no QR picture on the page


def test_render_is_reproducible(kirov: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    school = load_school(kirov)
    first = [handouts.render_class(school, c) for c in school.classes]
    second = [handouts.render_class(school, c) for c in school.classes]
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first[0])) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1725148800")  # 2024-09-01
    stamped = handouts.render_class(school, school.classes[0])
    with zipfile.ZipFile(io.BytesIO(stamped)) as archive:
        assert b"2024-09-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_build_writes_one_docx_per_class_and_warns(kirov: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = handouts.build(load_school(kirov), out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["handout-1А.docx", "handout-5А.docx", "handout-11Б.docx"]
    )
    assert result.classes == 3 and len(result.files) == 3
    assert result.warnings == [
        "у класса 11Б нет ссылки-приглашения: на памятке оставлено поле, чтобы вписать её от руки"
    ]


def test_build_refuses_to_overwrite_without_force(kirov: Path, tmp_path: Path) -> None:
    school = load_school(kirov)
    (tmp_path / "handout-11Б.docx").write_bytes(b"mine")
    with pytest.raises(OutputExistsError):
        handouts.build(school, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout-11Б.docx"]  # nothing written
    handouts.build(school, tmp_path, force=True)
    assert (tmp_path / "handout-11Б.docx").read_bytes().startswith(b"PK")


def test_school_without_classes(tmp_path: Path, kirov: Path) -> None:
    school = load_school(kirov).model_copy(update={"classes": []})
    with pytest.raises(UserFileError, match="нет классов"):
        handouts.build(school, tmp_path / "out", source="school.yaml")


def test_special_characters_survive(kirov: Path) -> None:
    school = load_school(kirov)
    organization = school.organization.model_copy(update={"short_name": 'МБОУ «Школа <№ 1> & "Я"»'})
    odd = school.model_copy(update={"organization": organization})
    text = _docx_text(handouts.render_class(odd, odd.classes[0]))
    assert 'МБОУ «Школа <№ 1> & "Я"»' in text


def test_pdf_without_libreoffice_writes_nothing(
    kirov: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sferum_cli.errors import ExternalToolError

    monkeypatch.setenv("SFERUM_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ExternalToolError, match="soffice"):
        handouts.build(load_school(kirov), tmp_path / "out", pdf=True)
    assert not (tmp_path / "out").exists()


def test_cli_handouts_docx(invoke, kirov: Path, tmp_path: Path) -> None:
    result = invoke("handouts", str(kirov), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "Памяток: 3; файлов записано: 3." in result.stdout
    assert "предупреждение: у класса 11Б нет ссылки-приглашения" in result.stderr
    again = invoke("handouts", str(kirov), "-o", str(tmp_path))
    assert again.exit_code == 1 and "--force" in again.stderr


@pytest.mark.libreoffice
def test_cli_handouts_pdf_one_page_per_class_and_qr(invoke, kirov: Path, tmp_path: Path) -> None:
    result = invoke("handouts", str(kirov), "-o", str(tmp_path), "--pdf")
    assert result.exit_code == 0, result.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.name for p in pdfs] == sorted(["handout-1А.pdf", "handout-5А.pdf", "handout-11Б.pdf"])
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "Pages:           1" in info.stdout, pdf.name
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "handout-5А.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "памятка для 5А класса" in text
    assert shutil.which("zbarimg"), "zbar-tools is installed here and in CI"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "handout-5А.pdf"), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p*.png")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True, check=False
    ).stdout.strip()
    assert decoded == "https://sferum.ru/?invite=example-5a"
