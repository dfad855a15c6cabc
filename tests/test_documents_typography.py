"""Binding the groups that must not break across lines (sferum_cli.documents.typography)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sferum_cli import documents
from sferum_cli.documents.typography import NBHY, NBSP, bind, bind_xml
from sferum_cli.validation import load_school


def shown(text: str) -> str:
    """``_`` for a non-breaking space, ``‐`` (U+2010) for a non-breaking hyphen."""
    return text.replace(NBSP, "_").replace(NBHY, "‐")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("телефона +7 917 000-12-34.", "телефона +7_917_000‐12‐34."),
        ("Тел.: +7 (8332) 00-00-32, e-mail", "Тел.: +7_(8332)_00‐00‐32, e-mail"),
        ("приказом от 01.09.2025 № 181-О назначена", "приказом от 01.09.2025 №_181‐О назначена"),
        ("от 29.12.2012 № 273-ФЗ «Об образовании»", "от 29.12.2012 №_273‐ФЗ «Об образовании»"),
        ("с 21 августа 2023 г. и возложить", "с 21_августа_2023_г. и возложить"),
        ("«21» августа 2023 года", "«21»_августа_2023_года"),
        ("610000, г. Киров, ул. Примерная, д. 1", "610000, г._Киров, ул._Примерная, д._1"),
        ("СОШ № 32 г. Кирова", "СОШ №_32 г._Кирова"),
        ("пгт Уруссу", "пгт_Уруссу"),
        ("Директор С.Ю. Старостина", "Директор С.Ю._Старостина"),
        ("администратор А.Ф. Петрова-Водкина.", "администратор А.Ф._Петрова‐Водкина."),
        ("Петрова-Водкина А.Ф., учитель", "Петрова‐Водкина_А.Ф., учитель"),
        ("(далее — ИКОП «Сферум», платформа)", "(далее_—_ИКОП_«Сферум», платформа)"),
        # A term too long for one line keeps at least its first word.
        (
            "(далее — Муниципальное бюджетное учреждение, организация)",
            "(далее_—_Муниципальное бюджетное учреждение, организация)",
        ),
        # Not groups: a year before a capital, the preposition «с», an e-mail, a URL.
        ("в 2023 г. Директор", "в 2023 г. Директор"),
        ("с 1 сентября", "с 1 сентября"),
        ("e-mail: o.melnik@example.ru", "e-mail: o.melnik@example.ru"),
        ("https://sferum.ru/?p=parents_students", "https://sferum.ru/?p=parents_students"),
        ("учебно-воспитательной работе", "учебно-воспитательной работе"),
    ],
)
def test_bind(text: str, expected: str) -> None:
    assert shown(bind(text)) == expected


@given(
    st.text(alphabet=st.sampled_from(list("АСЮКир.г№ -—(далее)+7912«»,0\u00a0\u2011")), max_size=60)
)
@example("С.Ю. Старостина-Ким")
@example("(далее — г. Киров, 1)")
def test_bind_changes_only_spaces_and_hyphens_and_is_stable(text: str) -> None:
    bound = bind(text)

    def plain(value: str) -> str:
        return value.replace(NBSP, " ").replace(NBHY, "-")

    assert plain(bound) == plain(text)
    assert bind(bound) == bound


def test_bind_xml_writes_words_non_breaking_hyphen() -> None:
    xml = (
        "<w:p><w:r><w:t>тел. +7 917 000-12-34</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> и </w:t></w:r></w:p>'
    )
    bound = bind_xml(xml)
    assert bound == (
        '<w:p><w:r><w:t xml:space="preserve">тел. +7\u00a0917\u00a0000</w:t><w:noBreakHyphen/>'
        '<w:t xml:space="preserve">12</w:t><w:noBreakHyphen/><w:t xml:space="preserve">34</w:t>'
        '</w:r><w:r><w:t xml:space="preserve"> и </w:t></w:r></w:p>'
    )
    assert NBHY not in bound


def test_rendered_documents_carry_no_u2011_and_stay_valid(kirov: Path) -> None:
    """U+2011 would survive copying a phone number: DOCX gets <w:noBreakHyphen/> instead."""
    data = documents.render("letter", load_school(kirov))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    minidom.parseString(xml)
    assert NBHY not in xml
    assert "+7\u00a0912\u00a0345</w:t><w:noBreakHyphen/>" in xml


def _bind_every_pattern(text: str) -> str:
    """The binding without the quick checks that skip a pattern (the reference)."""
    from sferum_cli.documents import typography as t

    if not text.strip():
        return text
    text = t._PHONE.sub(t._bind_all, text)
    text = t._NUMBER.sub(t._bind_all, text)
    text = t._DATE.sub(t._bind_spaces, text)
    text = t._PLACE.sub(t._bind_spaces, text)
    text = t._INITIALS_FIRST.sub(t._bind_all, text)
    text = t._SURNAME_FIRST.sub(t._bind_all, text)
    return t._DEFINED.sub(t._bind_definition, text)


_PIECES = st.sampled_from(
    [" ", NBSP, "-", NBHY, ".", "+7", " 917 ", "000-12-34", "(8332)", "№", " 181-О", "1", "21",
     "«", "»", " августа ", "2023", " г.", "года", "г.", "с.", "ул.", "пр-т.", "б-р.", "пгт",
     "р-н", "аул", "рп", "Киров", "С.Ю.", "С.", "Ю.", "Старостина", "Петрова-Водкина", "Ким",
     "(далее", " — ", "ИКОП «Сферум»", ",", ")", "а", "Я", "x"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=14).map("".join) | st.text(max_size=60))
@example("тел. +7 917 000-12-34, г. Киров, С.Ю. Старостина, 21 августа 2023 г.")
@example("пр-т. Ленина, б-р. Мира, р-н Ленинский")
@example("класс. Далее:\nг. Киров; 2023 г. Мира; корп. 2")
def test_quick_checks_skip_only_what_cannot_match(text: str) -> None:
    assert bind(text) == _bind_every_pattern(text)
