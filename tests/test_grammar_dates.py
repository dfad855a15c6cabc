"""Tests for dates, № and quotes in sferum_cli.grammar."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sferum_cli.grammar import date_digits, date_words, number_sign, quoted


@pytest.mark.parametrize(
    ("d", "words", "digits"),
    [
        (datetime.date(2023, 8, 21), "21 августа 2023 г.", "21.08.2023"),
        (datetime.date(2024, 1, 1), "1 января 2024 г.", "01.01.2024"),
        (datetime.date(2024, 2, 29), "29 февраля 2024 г.", "29.02.2024"),
        (datetime.date(2025, 3, 8), "8 марта 2025 г.", "08.03.2025"),
        (datetime.date(2025, 4, 30), "30 апреля 2025 г.", "30.04.2025"),
        (datetime.date(2025, 5, 9), "9 мая 2025 г.", "09.05.2025"),
        (datetime.date(2025, 6, 12), "12 июня 2025 г.", "12.06.2025"),
        (datetime.date(2025, 7, 4), "4 июля 2025 г.", "04.07.2025"),
        (datetime.date(2025, 9, 1), "1 сентября 2025 г.", "01.09.2025"),
        (datetime.date(2025, 10, 5), "5 октября 2025 г.", "05.10.2025"),
        (datetime.date(2025, 11, 4), "4 ноября 2025 г.", "04.11.2025"),
        (datetime.date(2025, 12, 31), "31 декабря 2025 г.", "31.12.2025"),
    ],
)
def test_dates(d: datetime.date, words: str, digits: str) -> None:
    assert date_words(d) == words
    assert date_digits(d) == digits


@given(st.dates())
def test_date_words_shape(d: datetime.date) -> None:
    text = date_words(d)
    assert "\u202f" not in text and "\u00a0" not in text
    day, month, year, suffix = text.split(" ")
    assert day == str(d.day)
    assert year == str(d.year)
    assert suffix == "г."
    assert month.endswith(("я", "а"))
    parsed = datetime.datetime.strptime(date_digits(d), "%d.%m.%Y").date()
    if d.year >= 1000:
        assert parsed == d


def test_number_sign() -> None:
    assert number_sign("194") == "№\u00a0194"
    assert number_sign(" 12-о ") == "№\u00a012-о"
    assert number_sign("№ 7") == "№\u00a07"
    assert number_sign("№7") == "№\u00a07"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сферум", "«Сферум»"),
        ("  Сферум ", "«Сферум»"),
        ("«Сферум»", "«Сферум»"),
        ('МБОУ "СОШ № 1"', "«МБОУ „СОШ № 1“»"),
        ("МБОУ «СОШ № 1»", "«МБОУ „СОШ № 1“»"),
        ("МБОУ “СОШ № 1”", "«МБОУ „СОШ № 1“»"),
        ('"Школа" и "Сферум"', "«„Школа“ и „Сферум“»"),
        ("ИКОП «Сферум» для школ", "«ИКОП „Сферум“ для школ»"),
        ("«Школа» и «Сферум»", "«„Школа“ и „Сферум“»"),
        ("«Школа „Сферум“»", "«Школа „Сферум“»"),
        ("", "«»"),
    ],
)
def test_quoted(text: str, expected: str) -> None:
    assert quoted(text) == expected
