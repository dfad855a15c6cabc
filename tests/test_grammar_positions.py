"""Tests for sferum_cli.grammar job-title declension (public set in tests/data/grammar)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sferum_cli.grammar import CASES, GrammarError, decline_position, position_forms

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


def test_yo_follows_the_input() -> None:
    # pymorphy3 writes «секретарём»; without ё in the input we write е.
    assert decline_position("секретарь", "instrumental") == "секретарем"
    assert decline_position("учёный секретарь", "instrumental") == "учёным секретарём"


def test_unknown_words_are_left_alone() -> None:
    assert decline_position("IT-специалист", "dative") == "IT-специалисту"
    assert decline_position("SMM manager", "dative") == "SMM manager"
    assert decline_position("", "dative") == ""


def test_nominative_is_identity() -> None:
    assert decline_position("учитель  информатики", "nominative") == "учитель  информатики"


def test_bad_case() -> None:
    with pytest.raises(GrammarError):
        decline_position("директор", "vocative")  # type: ignore[arg-type]
