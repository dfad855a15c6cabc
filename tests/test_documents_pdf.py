"""The documents open in LibreOffice and convert to PDF (real soffice, no mocks)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from sferum_cli import documents
from sferum_cli.documents import pdf
from sferum_cli.errors import ExternalToolError
from sferum_cli.validation import load_school

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# The order's acquaintance list (administrator and teachers) may go on to a
# second page; the order itself always ends on the first (see below).
EXPECTED_PAGES = {"order": (1, 2), "letter": (1, 1)}


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match, info.stdout
    return int(match.group(1))


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """All documents of both examples, converted by ONE LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    docx_files: dict[tuple[str, str], Path] = {}
    for example in sorted(EXAMPLES.glob("*.yaml")):
        school = load_school(example)
        rendered = {
            "order": documents.render_order(school),
            "letter": documents.render_letter(school),
            "policy": documents.render_policy(school),
        }
        # Same stems in different folders must not collide.
        subdir = folder / example.stem
        subdir.mkdir()
        for kind, data in rendered.items():
            path = subdir / f"{kind}.docx"
            path.write_bytes(data)
            docx_files[(example.stem, kind)] = path
    keys = list(docx_files)
    pdfs = pdf.convert_many([docx_files[k] for k in keys])
    return dict(zip(keys, pdfs, strict=True))


@pytest.mark.libreoffice
def test_every_document_converts_with_the_right_page_count(
    converted: dict[tuple[str, str], Path],
) -> None:
    assert len(converted) == 6
    for (example, kind), path in converted.items():
        assert path == path.parent / f"{kind}.pdf" and path.parent.name == example
        count = pages(path)
        if kind in EXPECTED_PAGES:
            low, high = EXPECTED_PAGES[kind]
            assert low <= count <= high, (example, kind, count)
            if kind == "order":
                first_page = pdf_text(path).split("\f")[0]
                assert "Контроль за исполнением настоящего приказа" in first_page
                assert "Директор" in first_page
        else:
            assert 3 <= count <= 8, (example, kind, count)


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("example", "phone", "director"),
    [
        ("kirov-school-32", "+7 912 345-67-89", "С.Ю. Лебедева"),
        ("tatarstan-rural-school", "+7 917 000-12-34", "Л.И. Крымский"),
    ],
)
def test_letter_pdf_shows_phone_and_director_initials(
    converted: dict[tuple[str, str], Path], example: str, phone: str, director: str
) -> None:
    text = pdf_text(converted[(example, "letter")])
    assert phone in text
    assert director in text
    assert "М.П." in text
    assert director in pdf_text(converted[(example, "order")])


@pytest.mark.libreoffice
def test_cli_pdf_option_writes_both_files(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pismo.docx"
    result = invoke("letter", str(kirov), "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Записан файл: {out}",
        f"Записан файл: {out.with_suffix('.pdf')}",
    ]
    assert pages(out.with_suffix(".pdf")) == 1


def test_missing_soffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SFERUM_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_KNOWN_PLACES", ())
    with pytest.raises(ExternalToolError) as info:
        pdf.find_soffice()
    assert "libreoffice-writer-nogui" in str(info.value)
    assert pdf.convert_many([]) == []
