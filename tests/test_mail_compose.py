"""The e-mail body (golden files), the message, the .eml round trip, mailto, JSON."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli.mail import RECIPIENT, SUBJECT, compose
from sferum_cli.mail.attachments import Attachment, load, safe_filename
from sferum_cli.model import School
from sferum_cli.validation import load_school

GOLDEN = Path(__file__).parent / "golden" / "mail"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content = body.get_content()
    assert isinstance(content, str)
    # MIME text is canonical CRLF on the wire; the body itself uses "\n".
    return content.replace("\r\n", "\n")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SFERUM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"нет золотого файла {path}: запустите с SFERUM_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_body_matches_golden_file(example_school: Path) -> None:
    school = load_school(example_school)
    check_golden(f"{example_school.stem}.body.txt", compose.body_text(school))


def test_body_has_every_required_fact(kirov: Path) -> None:
    school = load_school(kirov)
    body = compose.body_text(school)
    org = school.organization
    for value in (
        org.full_name,
        org.short_name,
        org.inn,
        org.kpp,
        org.ogrn,
        org.region,
        org.municipality,
        org.address,
        org.phone,
        org.email,
    ):
        assert value in body
    assert "Мельник Ольга Викторовна" in body
    assert "учитель информатики" in body
    assert "+7 912 345-67-89" in body
    assert "o.melnik@example.ru" in body
    assert "назначена" in body  # female administrator
    assert "21 августа 2023 г. №\u00a0194" in body
    # the example records no questionnaire date: the body must not claim it is filled
    assert "заполнена" not in body
    assert body.rstrip().endswith(
        "С уважением,\nМельник Ольга Викторовна\n"
        "Учитель информатики МБОУ СОШ с УИОП № 32 г. Кирова\n"
        "Мобильный телефон: +7 912 345-67-89"
    )


def test_body_for_a_male_administrator_and_capitalised_position(
    tmp_path: Path, kirov: Path
) -> None:
    text = kirov.read_text(encoding="utf-8")
    text = text.replace("Мельник Ольга Викторовна", "Орлов Пётр Ильич").replace(
        "учитель информатики", "Заместитель директора"
    )
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    body = compose.body_text(load_school(path))
    assert "назначен Орлов Пётр Ильич, заместитель директора." in body


def _attachment(tmp_path: Path, name: str, data: bytes, role: str = "other") -> Attachment:
    path = tmp_path / name
    path.write_bytes(data)
    return load(path, role=role)  # type: ignore[arg-type]


def test_body_lists_attachments_with_the_scan_first(tmp_path: Path, kirov: Path) -> None:
    school = load_school(kirov)
    scan = _attachment(tmp_path, "Письмо подписанное.pdf", PDF, "signed_scan")
    other = _attachment(tmp_path, "Приказ № 194.png", PNG)
    body = compose.body_text(school, [scan, other])
    assert "(скан): Письмо подписанное.pdf." in body
    assert "\n2. Приказ № 194.png\n" in body


def test_eml_round_trip(tmp_path: Path, kirov: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1692700000")
    school = load_school(kirov)
    long_name = (
        "Письмо о назначении администратора ИКОП «Сферум» подписанное и заверенное печатью.pdf"
    )
    scan = _attachment(tmp_path, long_name, PDF, "signed_scan")
    other = _attachment(tmp_path, "Приказ_№194 (копия).png", PNG)
    data = compose.build_eml(school, [scan, other])

    assert data.isascii(), "the .eml must be 7-bit clean"
    assert b"\r\n" in data
    message = parse(data)
    assert message["Subject"] == SUBJECT
    assert message["To"] == RECIPIENT
    assert message["From"].addresses[0].addr_spec == "o.melnik@example.ru"
    assert message["X-Unsent"] == "1"
    assert text_of(message) == compose.body_text(school, [scan, other])
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == [long_name, "Приказ_№194 (копия).png"]
    assert [p.get_content_type() for p in parts] == ["application/pdf", "image/png"]
    assert [p.get_content() for p in parts] == [PDF, PNG]
    # RFC 2231 parameters, not RFC 2047 words inside the parameter
    assert b"filename*" in data
    assert b"Subject: =?utf-8?" in data


def test_draft_is_reproducible_with_source_date_epoch(
    kirov: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1692700000")
    school = load_school(kirov)
    first = compose.build_eml(school)
    assert first == compose.build_eml(school)
    message = parse(first)
    assert message["Date"] == "Tue, 22 Aug 2023 10:26:40 +0000"
    assert message["Message-ID"].startswith("<1692700000.")


def test_sent_message_has_no_unsent_header(kirov: Path) -> None:
    message = compose.build_message(load_school(kirov), draft=False)
    assert message["X-Unsent"] is None
    assert message["Message-ID"]


def test_sender_from_school_file_wins_and_cyrillic_domain_is_idna(
    tmp_path: Path, kirov: Path
) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(
        kirov.read_text(encoding="utf-8") + "\nemail:\n  sender: school@почта.рф\n",
        encoding="utf-8",
    )
    school = load_school(path)
    assert compose.sender_address(school) == "school@почта.рф"
    message = parse(compose.build_eml(school))
    assert message["From"].addresses[0].addr_spec == "school@xn--80a1acny.xn--p1ai"


def test_mailto_link(kirov: Path) -> None:
    school = load_school(kirov)
    link = compose.mailto_link(school)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == RECIPIENT
    query = parse_qs(parts.query)
    assert query["subject"] == [SUBJECT]
    assert query["body"][0].replace("\r\n", "\n") == compose.body_text(school)
    assert " " not in link and "\n" not in link


def test_json_summary_shape(tmp_path: Path, kirov: Path) -> None:
    school = load_school(kirov)
    scan = _attachment(tmp_path, "скан.pdf", PDF, "signed_scan")
    summary = json.loads(json.dumps(compose.summary(school, [scan])))
    assert set(summary) == {"to", "subject", "body", "attachments", "questionnaire"}
    assert summary["to"] == RECIPIENT and summary["subject"] == SUBJECT
    assert summary["attachments"] == [
        {
            "path": str(tmp_path / "скан.pdf"),
            "filename": "скан.pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
        }
    ]
    assert summary["questionnaire"]["inn"] == "4345903219"


@functools.cache
def kirov_school() -> School:
    return load_school(Path(__file__).parent.parent / "examples" / "kirov-school-32.yaml")


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
        min_size=1,
        max_size=120,
    )
)
@example(name="<>")  # read back as '' before: parsers strip «<…>» around a parameter
@example(name="<скан>.pdf")
def test_any_file_name_round_trips(name: str) -> None:
    filename = safe_filename(name)
    scan = Attachment(
        path=Path("scan"),
        filename=filename,
        data=PDF,
        maintype="application",
        subtype="pdf",
        role="signed_scan",
    )
    message = parse(compose.build_eml(kirov_school(), [scan]))
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == filename
    assert part.get_content() == PDF
    assert message["Subject"] == SUBJECT


def test_safe_filename() -> None:
    assert safe_filename("Скан письма.pdf") == "Скан письма.pdf"
    assert safe_filename(" a\r\nb.pdf ") == "a__b.pdf"
    assert safe_filename(" ") == "вложение"
    assert safe_filename("<>") == "__"
    assert safe_filename('скан: "итог"?.pdf') == "скан_ _итог__.pdf"
    assert safe_filename("a\\b|c*.pdf") == "a_b_c_.pdf"
