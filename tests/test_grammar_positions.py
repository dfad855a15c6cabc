"""Tests for sferum_cli.grammar job-title declension (public set in tests/data/grammar)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli.grammar import (
    CASES,
    GrammarError,
    agreement_by_sense,
    decline_position,
    position_forms,
)

DATA = Path(__file__).parent / "data" / "grammar" / "positions.yaml"


def _load() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return entries


POSITIONS = _load()


def test_public_set_is_large_enough() -> None:
    assert len(POSITIONS) >= 20
    for entry in POSITIONS:
        assert len(entry["forms"]) == 6
        assert entry["forms"][0] == entry["position"]


@pytest.mark.parametrize("entry", POSITIONS, ids=[e["position"] for e in POSITIONS])
def test_public_set(entry: dict[str, Any]) -> None:
    expected = dict(zip(CASES, entry["forms"], strict=True))
    assert position_forms(entry["position"]) == expected


def test_dependent_words_are_not_inflected() -> None:
    # Per-word inflection would give «учителю информатике».
    assert decline_position("учитель информатики", "dative") == "учителю информатики"
    assert decline_position("учитель информатики", "instrumental") == "учителем информатики"


def test_accusative_is_animate() -> None:
    assert decline_position("учитель информатики", "accusative") == "учителя информатики"
    assert decline_position("тьютор", "accusative") == "тьютора"
    assert decline_position("заведующая библиотекой", "accusative") == "заведующую библиотекой"


def test_capitalisation_kept() -> None:
    assert decline_position("Директор", "dative") == "Директору"
    assert decline_position("Социальный педагог", "genitive") == "Социального педагога"
    assert decline_position("ДИРЕКТОР", "dative") == "ДИРЕКТОРУ"


def test_yo_where_the_word_has_it() -> None:
    # Issue 9: «секретарём», also when the rest of the title has no ё.
    assert decline_position("секретарь", "instrumental") == "секретарём"
    assert decline_position("секретарь учебной части", "instrumental") == (
        "секретарём учебной части"
    )
    assert decline_position("учёный секретарь", "instrumental") == "учёным секретарём"
    # Typed without ё: pymorphy3's informal-spelling parse (Infr) would give «вахтера».
    assert decline_position("вахтер", "genitive") == "вахтёра"
    assert decline_position("библиотекарь", "instrumental") == "библиотекарем"


def _dictionary_has_yo(word: str) -> bool:
    """Does the dictionary spell this word form with ё (ignoring informal spellings)?"""
    from sferum_cli.grammar.positions import _morph

    return any("ё" in p.word for p in _morph().parse(word.lower()) if "Infr" not in p.tag)


@pytest.mark.parametrize("entry", POSITIONS, ids=[e["position"] for e in POSITIONS])
def test_every_declined_word_has_the_dictionary_yo(entry: dict[str, Any]) -> None:
    """Audit of every form of the public set against the dictionary's own spelling.

    Only words the declension changed are checked; the rest is the user's text.
    """
    typed = entry["position"].split()
    for case in CASES[1:]:
        declined = decline_position(entry["position"], case).split()
        for original, word in zip(typed, declined, strict=True):
            if word == original:
                continue
            for piece in word.split("-"):
                if _dictionary_has_yo(piece.replace("ё", "е")) and not _dictionary_has_yo(piece):
                    raise AssertionError(f"{case}: «{piece}» is spelt with ё in the dictionary")


def test_unknown_words_are_left_alone() -> None:
    assert decline_position("IT-специалист", "dative") == "IT-специалисту"
    assert decline_position("SMM manager", "dative") == "SMM manager"
    assert decline_position("", "dative") == ""


def test_nominative_is_identity() -> None:
    assert decline_position("учитель  информатики", "nominative") == "учитель  информатики"


def test_bad_case() -> None:
    with pytest.raises(GrammarError):
        decline_position("директор", "vocative")  # type: ignore[arg-type]


# ---------------------------------------------------------------- agreement by sense


def test_feminine_adjective_with_a_masculine_noun_declines() -> None:
    # Issue 10: «'ms-f' is not a valid grammeme»; the oblique forms are masculine.
    assert decline_position("социальная педагог", "dative") == "социальному педагогу"
    assert decline_position("старшая методист", "accusative") == "старшего методиста"
    assert decline_position("Социальная педагог", "genitive") == "Социального педагога"


def test_agreement_by_sense_names_the_official_title() -> None:
    assert agreement_by_sense("социальная педагог") == "социальный педагог"
    assert agreement_by_sense("старшая методист") == "старший методист"
    assert agreement_by_sense("Старшая социальная педагог-психолог") == (
        "Старший социальный педагог-психолог"
    )
    for title in ("социальный педагог", "старшая вожатая", "медицинская сестра", "директор",
                  "заведующая библиотекой", "учитель информатики", "старшая"):  # fmt: skip
        assert agreement_by_sense(title) is None, title


def test_agreement_by_sense_does_not_load_the_dictionary_for_usual_titles() -> None:
    code = (
        "import sys\n"
        "from sferum_cli.grammar import agreement_by_sense\n"
        "assert agreement_by_sense('учитель информатики') is None\n"
        "assert agreement_by_sense('заместитель директора по учебной работе') is None\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


# ---------------------------------------------------------------- properties

_VOCABULARY = [
    "социальная", "социальный", "старшая", "старший", "главная", "классная", "ведущий",
    "педагог", "методист", "учитель", "вожатая", "вожатый", "сестра", "секретарь", "вахтер",
    "заведующая", "заместитель", "директора", "по", "и", "коллега", "сирота", "судья",
    "учебно-воспитательной", "работе", "педагог-психолог", "IT-специалист", "№", "—",
]  # fmt: skip
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ-"
_word = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.text(alphabet=_CYRILLIC, min_size=1, max_size=14),
)
titles = st.lists(_word, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@example(title="социальная педагог", case="genitive")
@example(title="старшая методист", case="genitive")
@example(title="младшая коллега", case="genitive")
@example(title="-", case="genitive")
@example(title="- -", case="genitive")
@example(title="Ё", case="genitive")
@given(title=titles, case=st.sampled_from(CASES))
def test_any_cyrillic_title_declines(title: str, case: Any) -> None:
    """What `validate` accepts (up to 200 characters) always gets a form."""
    result = decline_position(title, case)
    assert len(result.split()) == len(title.split())
    assert result.count("-") == title.count("-")
    if case == "nominative":
        assert result == title


def test_too_long_text_is_a_grammar_error() -> None:
    with pytest.raises(GrammarError, match="слишком длинный"):
        decline_position("учитель " * 200_000, "genitive")
