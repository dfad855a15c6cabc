"""Tests for sferum_cli.grammar name declension (public set in tests/data/grammar)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sferum_cli.grammar import (
    CASES,
    GrammarError,
    decline_name,
    gender_from_patronymic,
    initials_surname,
    name_forms,
    split_full_name,
    surname_initials,
)

DATA = Path(__file__).parent / "data" / "grammar" / "names.yaml"


def _load() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return entries


NAMES = _load()


def test_public_set_is_large_enough() -> None:
    assert len(NAMES) >= 45
    for entry in NAMES:
        assert entry["gender"] in ("male", "female")
        assert len(entry["forms"]) == 6
        assert entry["forms"][0] == entry["name"]


@pytest.mark.parametrize("entry", NAMES, ids=[e["name"] for e in NAMES])
def test_public_set_explicit_gender(entry: dict[str, Any]) -> None:
    expected = dict(zip(CASES, entry["forms"], strict=True))
    assert name_forms(entry["name"], entry["gender"]) == expected


@pytest.mark.parametrize(
    "entry",
    [e for e in NAMES if len(e["name"].split()) > 2],
    ids=[e["name"] for e in NAMES if len(e["name"].split()) > 2],
)
def test_public_set_gender_from_patronymic(entry: dict[str, Any]) -> None:
    _, _, patronymic = split_full_name(entry["name"])
    assert gender_from_patronymic(patronymic) == entry["gender"]
    expected = dict(zip(CASES, entry["forms"], strict=True))
    assert name_forms(entry["name"]) == expected


# ---------------------------------------------------------------- gender


@pytest.mark.parametrize(
    ("patronymic", "gender"),
    [
        ("Петрович", "male"),
        ("Ильич", "male"),
        ("Кузьмич", "male"),
        ("Ильхам оглы", "male"),
        ("Нурланулы", "male"),
        ("Нурлан улы", "male"),
        ("Петровна", "female"),
        ("Ильинична", "female"),
        ("Никитишна", "female"),
        ("Гасан кызы", "female"),
        ("Рашид гызы", "female"),
        ("ПЕТРОВНА", "female"),
        ("Семёнович", "male"),
        ("Иван", None),
        ("", None),
        (None, None),
    ],
)
def test_gender_from_patronymic(patronymic: str | None, gender: str | None) -> None:
    assert gender_from_patronymic(patronymic) == gender


# ---------------------------------------------------------------- splitting


def test_split_full_name() -> None:
    assert split_full_name("Иванова Мария Петровна") == ("Иванова", "Мария", "Петровна")
    assert split_full_name("  Иванова   Мария ") == ("Иванова", "Мария", None)
    assert split_full_name("Мамедов Рашид Ильхам оглы") == ("Мамедов", "Рашид", "Ильхам оглы")


@pytest.mark.parametrize("bad", ["", "   ", "Иванова", "Иванова Мария Петровна Вторая"])
def test_split_full_name_rejects(bad: str) -> None:
    with pytest.raises(GrammarError):
        split_full_name(bad)


def test_gender_required_without_patronymic() -> None:
    with pytest.raises(GrammarError):
        decline_name("Полякова Анна", "dative")
    assert decline_name("Полякова Анна", "dative", "female") == "Поляковой Анне"


def test_grammar_error_is_value_error() -> None:
    assert issubclass(GrammarError, ValueError)


def test_explicit_gender_wins_over_patronymic() -> None:
    # An unusual patronymic without a recognisable ending.
    with pytest.raises(GrammarError):
        decline_name("Иванов Иван Заур", "genitive")
    assert decline_name("Иванов Иван Заур", "nominative", "male") == "Иванов Иван Заур"


# ---------------------------------------------------------------- specific rules


def test_male_consonant_surnames_decline_female_do_not() -> None:
    assert decline_name("Кузьмич Игорь Олегович", "genitive") == "Кузьмича Игоря Олеговича"
    assert decline_name("Кузьмич Игорь Олегович", "dative") == "Кузьмичу Игорю Олеговичу"
    assert decline_name("Кузьмич Ирина Олеговна", "dative") == "Кузьмич Ирине Олеговне"
    assert decline_name("Мельник Олег Иванович", "genitive") == "Мельника Олега Ивановича"
    assert decline_name("Мельник Ольга Ивановна", "genitive") == "Мельник Ольги Ивановны"


def test_male_surname_keeps_fleeting_vowel() -> None:
    # Policy (see names._keep_surname_stem): the surname stays recognisable.
    assert decline_name("Кравец Павел Ильич", "genitive") == "Кравеца Павла Ильича"
    assert decline_name("Кравец Павел Ильич", "instrumental") == "Кравецом Павлом Ильичом"
    assert decline_name("Кузнец Никита Саввич", "dative") == "Кузнецу Никите Саввичу"
    assert decline_name("Воробей Илья Никитич", "genitive") == "Воробея Ильи Никитича"
    # Women's consonant-final surnames still do not decline.
    assert decline_name("Кравец Ирина Ильинична", "genitive") == "Кравец Ирины Ильиничны"


def test_upper_case_roster_names() -> None:
    assert decline_name("ИВАНОВ ИВАН ИВАНОВИЧ", "dative") == "ИВАНОВУ ИВАНУ ИВАНОВИЧУ"
    assert decline_name("КОРОЛЁВ ПЁТР СЕМЁНОВИЧ", "genitive") == "КОРОЛЁВА ПЕТРА СЕМЁНОВИЧА"


def test_double_first_name() -> None:
    assert decline_name("Иванова Анна-Мария", "dative", "female") == "Ивановой Анне-Марии"
    assert initials_surname("Иванова Анна-Мария", gender="female") == "А.-М. Иванова"
    # Issue 9: in a man's double (foreign) first name only the last part declines.
    assert decline_name("Дюпон Жан-Клод", "genitive", "male") == "Дюпона Жан-Клода"
    assert decline_name("Сартр Жан-Поль", "instrumental", "male") == "Сартром Жан-Полем"
    assert decline_name("ДЮПОН ЖАН-КЛОД", "dative", "male") == "ДЮПОНУ ЖАН-КЛОДУ"


# Male first names in a consonant: (name, genitive). The fleeting vowel is
# the exception (Лев, Павел); pytrovich's -ек rule is for diminutives.
_FIRST_NAMES = [
    ("Лев", "Льва"),
    ("Павел", "Павла"),
    ("Пётр", "Петра"),
    ("Владек", "Владека"),
    ("Марек", "Марека"),
    ("Лешек", "Лешека"),
    ("Зденек", "Зденека"),
    ("Яцек", "Яцека"),
    ("Франтишек", "Франтишека"),
    ("Збигнев", "Збигнева"),
    ("Карел", "Карела"),
    ("Марсель", "Марселя"),
    ("Айбек", "Айбека"),
    ("Улугбек", "Улугбека"),
    ("Иван", "Ивана"),
    ("Ринат", "Рината"),
]


@pytest.mark.parametrize(("first", "genitive"), _FIRST_NAMES)
def test_fleeting_vowel_only_where_the_name_has_one(first: str, genitive: str) -> None:
    assert decline_name(f"Новиков {first}", "genitive", "male") == f"Новикова {genitive}"


@pytest.mark.parametrize(
    ("full_name", "message"),
    [
        ("Иванов И. И.", "инициалы"),
        ("Иванов И.И.", "инициалы"),
        ("Иванов Иван И.", "инициалы"),
        ("Smith John", "русскими буквами"),
        ("Иванов Иван 3", "русскими буквами"),
    ],
)
def test_initials_and_other_characters_are_grammar_errors(full_name: str, message: str) -> None:
    # Issue 10: «И.» recursed without end (exit 3).
    with pytest.raises(GrammarError, match=message):
        decline_name(full_name, "genitive", "male")


def test_too_long_name_is_a_grammar_error() -> None:
    with pytest.raises(GrammarError, match="слишком длинный"):
        decline_name("Иванов Иван " + "И" * 300_000, "genitive", "male")


def test_extra_whitespace_is_normalised() -> None:
    assert decline_name("  Иванова\tМария   Петровна ", "dative") == "Ивановой Марии Петровне"


# ---------------------------------------------------------------- initials


def test_initials_surname() -> None:
    assert initials_surname("Старостина Светлана Юрьевна") == "С.Ю. Старостина"
    assert initials_surname("Старостина Светлана Юрьевна", "dative") == "С.Ю. Старостиной"
    assert initials_surname("Толстой Лев Андреевич", "dative") == "Л.А. Толстому"
    assert initials_surname("Мамедов Рашид Ильхам оглы", "genitive") == "Р.И. Мамедова"
    assert initials_surname("Полякова Анна", "dative", "female") == "А. Поляковой"
    assert initials_surname("Ёлкин Фёдор Саввич", "instrumental") == "Ф.С. Ёлкиным"


def test_surname_initials() -> None:
    assert surname_initials("Старостина Светлана Юрьевна") == "Старостина С.Ю."
    assert surname_initials("Старостина Светлана Юрьевна", "genitive") == "Старостиной С.Ю."
    assert surname_initials("Черных Анна Сергеевна", "dative") == "Черных А.С."
    assert surname_initials("Римский-Корсаков Андрей Петрович", "genitive") == (
        "Римского-Корсакова А.П."
    )


def test_initials_use_plain_spaces() -> None:
    text = initials_surname("Старостина Светлана Юрьевна", "dative")
    assert "\u00a0" not in text and "\u202f" not in text
    assert text.count(" ") == 1


# ---------------------------------------------------------------- import cost


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, sferum_cli.grammar\n"
        "bad = [m for m in ('pymorphy3', 'pytrovich') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_repeated_calls_are_cached() -> None:
    decline_name("Королёв Пётр Семёнович", "dative")
    from sferum_cli.grammar import names

    before = names._decline_parts.cache_info().hits
    decline_name("Королёв Пётр Семёнович", "dative")
    assert names._decline_parts.cache_info().hits == before + 1


# ---------------------------------------------------------------- properties

_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("АБВГДЕЁЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"),
    st.text(alphabet=_LOWER, min_size=0, max_size=12),
)
_hyphenated = st.one_of(_word, st.builds(lambda a, b: f"{a}-{b}", _word, _word))


@settings(max_examples=300, deadline=None)
@given(
    surname=_hyphenated,
    first=_hyphenated,
    patronymic=st.one_of(st.none(), _word),
    gender=st.sampled_from(["male", "female"]),
    case=st.sampled_from(CASES),
)
def test_decline_never_raises_and_keeps_word_count(
    surname: str, first: str, patronymic: str | None, gender: Any, case: Any
) -> None:
    full = " ".join(p for p in (surname, first, patronymic) if p)
    result = decline_name(full, case, gender)
    assert len(result.split(" ")) == len(full.split(" "))
    assert all(result.split(" "))
    assert result.count("-") == full.count("-")


_STEM_WITH_YO = st.builds(
    lambda a, b: f"{a}ё{b}",
    st.sampled_from(["К", "Сем", "Лёв", "Бер", "Кисел", "Сол", "Ж", "Ф"]),
    st.sampled_from(["", "д", "л", "р", "мк", "зк", "ш"]),
)
_SURNAME_END = {
    "male": ["ов", "ин", "ский", "ой", "ых", "енко", "ук", "ский-Корсаков"],
    "female": ["ова", "ина", "ская", "ая", "ых", "енко", "ук"],
}


@settings(max_examples=200, deadline=None)
@given(
    stem=_STEM_WITH_YO,
    end_index=st.integers(min_value=0, max_value=6),
    gender=st.sampled_from(["male", "female"]),
    case=st.sampled_from(CASES),
)
def test_yo_is_preserved(stem: str, end_index: int, gender: Any, case: Any) -> None:
    surname = stem + _SURNAME_END[gender][end_index]
    patronymic = "Семёнович" if gender == "male" else "Фёдоровна"
    first = "Артём" if gender == "male" else "Алёна"
    full = f"{surname} {first} {patronymic}"
    result = decline_name(full, case, gender)
    for original, declined in zip(full.split(), result.split(), strict=True):
        assert declined.count("ё") >= original.count("ё"), (full, result)
