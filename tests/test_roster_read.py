"""Teacher rosters: encodings, delimiters, XLSX cells, bad rows, the template."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sferum_cli.errors import UsageError, UserFileError
from sferum_cli.onboarding import roster, roster_rows, roster_words

DATA = Path(__file__).parent / "data" / "rosters"

ROWS = [
    ["ФИО", "Должность", "Классы", "Статус"],
    ["Учителева Мария Ивановна", "учитель начальных классов", "3В", "подтверждён"],
    ["Классов Пётр Олегович", "учитель истории, обществознания", "9А; 10Б", "ожидает"],
    ["Ёлкина Алёна Фёдоровна", "социальный педагог", "", "не зарегистрирована"],
]


def _csv_text(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv_text(ROWS, delimiter).encode(encoding))
    result = roster.read(path)
    assert result.problems == []
    assert [(e.row, e.teacher.full_name, e.teacher.status) for e in result.entries] == [
        (2, "Учителева Мария Ивановна", "verified"),
        (3, "Классов Пётр Олегович", "pending"),
        (4, "Ёлкина Алёна Фёдоровна", "not_registered"),
    ]
    second = result.entries[1].teacher
    assert second.position == "учитель истории, обществознания"
    assert second.classes == ["9А", "10Б"]


def test_mixed_file_reports_bad_rows_and_keeps_good_ones() -> None:
    path = DATA / "mixed.csv"
    result = roster.read(path)
    # a title line above the header, a quoted line break, blank lines
    assert [(e.row, e.teacher.full_name) for e in result.entries] == [
        (4, "Учителева Мария Ивановна"),
        (5, "Классов Пётр Олегович"),
        (12, "Ким Ольга Сергеевна"),
    ]
    assert result.entries[1].teacher.position == "учитель истории; и обществознания"
    problems = [(p.location.line, p.column) for p in result.problems]
    assert problems == [(7, "ФИО"), (8, "Классы"), (9, "Статус"), (11, "ФИО")]
    assert str(result.problems[0]).startswith(f"{path}:7: ФИО: ")
    assert "строке 4" in result.problems[3].message


def test_english_headers_and_status_words(tmp_path: Path) -> None:
    path = tmp_path / "en.csv"
    path.write_text(
        "full_name,position,classes,status\n"
        "Учителева Мария Ивановна,teacher,1А,verified\n"
        "Классов Пётр Олегович,,,pending\n"
        "Ким Ольга Сергеевна,,,not_registered\n",
        encoding="utf-8",
    )
    result = roster.read(path)
    assert [e.teacher.status for e in result.entries] == ["verified", "pending", "not_registered"]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Подтверждён", "verified"),
        ("подтвержден", "verified"),
        ("  ПОДТВЕРЖДЕНА ", "verified"),
        ("ожидает подтверждения", "pending"),
        ("на проверке", "pending"),
        ("не зарегистрирован", "not_registered"),
        ("", "not_registered"),
        ("может быть", None),
    ],
)
def test_parse_status(word: str, status: str | None) -> None:
    assert roster_words.parse_status(word) == status


@given(st.text(max_size=30))
def test_parse_status_never_crashes(word: str) -> None:
    assert roster_words.parse_status(word) in {None, "verified", "pending", "not_registered"}


def test_missing_full_name_column_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "no-name.csv"
    path.write_text("Должность;Статус\nучитель;подтверждён\nучитель;ожидает\n", encoding="utf-8")
    with pytest.raises(UserFileError, match="ФИО"):
        roster.read(path)


def test_missing_file_and_old_xls(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="не найден"):
        roster.read(tmp_path / "nothing.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UserFileError, match=r"\.xlsx"):
        roster.read(old)


def test_xlsx_numeric_phones_and_dates(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Список учителей"])
    sheet.append(["ФИО", "Статус", "Телефон", "Дата подтверждения", "Классы"])
    sheet.append(["Учителева Мария Ивановна", None, 79120000001, dt.datetime(2024, 9, 2), "3В"])
    sheet.append(["Классов Пётр Олегович", "ожидает", 9120000002, None, None])
    sheet.append(["Ким Ольга Сергеевна", "подтверждён", 89120000003.0, "03.09.2024", None])
    sheet.append(["Ёлкина Алёна Фёдоровна", "подтверждён", 12345, None, None])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    result = roster.read(path)
    assert [(e.row, e.phone, e.verified_on, e.teacher.status) for e in result.entries] == [
        (3, "+7 912 000-00-01", dt.date(2024, 9, 2), "verified"),  # a date alone means verified
        (4, "+7 912 000-00-02", None, "pending"),
        (5, "+7 912 000-00-03", dt.date(2024, 9, 3), "verified"),
    ]
    assert [(p.location.line, p.column) for p in result.problems] == [(6, "Телефон")]
    assert "12345" not in str(result.problems[0])


def test_broken_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(UserFileError, match="Excel"):
        roster.read(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_reads_back_empty(tmp_path: Path, suffix: str) -> None:
    path = roster.write_template(tmp_path / f"template{suffix}")
    result = roster.read(path)
    assert result.entries == [] and result.problems == []


def test_csv_template_is_excel_friendly(tmp_path: Path) -> None:
    data = roster.write_template(tmp_path / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "ФИО;Должность;Классы;Статус;Телефон;Дата подтверждения\r\n"


def test_template_needs_known_extension(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        roster.template_bytes(tmp_path / "t.txt")


def test_cli_roster_template(invoke, tmp_path: Path) -> None:
    target = tmp_path / "teachers.xlsx"
    result = invoke("roster", "template", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"PK")
    assert f"checklist teachers --roster {target}" in result.stdout
    again = invoke("roster", "template", "-o", str(target))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert invoke("roster", "template", "-o", str(target), "--force").exit_code == 0
    wrong = invoke("roster", "template", "-o", str(tmp_path / "t.txt"))
    assert wrong.exit_code == 2


ALPHABET = "абвгдежзиклмнопрстуфхцчшщэюя"
FIRST_NAMES = ["Анна", "Мария", "Ольга", "Ирина", "Елена", "Дарья", "Софья"]


def synthetic_rows(count: int) -> list[list[str]]:
    """Distinct synthetic teachers: «Тестабова Анна Ивановна», …"""
    rows = [["ФИО", "Должность", "Классы", "Статус", "Телефон"]]
    n = len(ALPHABET)
    for i in range(count):
        surname = "Тест" + ALPHABET[i // n % n] + ALPHABET[i % n] + "ова"
        name = FIRST_NAMES[i // (n * n) % len(FIRST_NAMES)]
        rows.append([f"{surname} {name} Ивановна", "учитель", "5А", "ожидает", ""])
    return rows


def test_five_thousand_rows_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_csv_text(synthetic_rows(5000), ";"), encoding="utf-8")
    result = roster.read(path)
    assert result.problems == []
    assert len(result.entries) == 5000
    assert result.entries[-1].row == 5001


@given(st.integers(min_value=9_000_000_000, max_value=9_999_999_999))
def test_mobile_fast_path_matches_phonenumbers(number: int) -> None:
    from pydantic_core import PydanticCustomError

    from sferum_cli.contacts import normalize_phone

    try:
        expected = normalize_phone(f"+7{number}")
    except PydanticCustomError:
        return  # an unallocated range: the fast path may accept it, a roster phone is a hint
    for written in (number, 70_000_000_000 + number, f"8 ({str(number)[:3]}) {str(number)[3:]}"):
        assert roster_rows.phone_text(written) == expected
