"""sferum-cli decline: all six case forms of a name or a job title."""

from __future__ import annotations

import json

import pytest

CASES = ["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]


def test_name_as_json(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("decline", "Крымский Лев Ильич", "--format", "json")
    assert result.exit_code == 0, result.stderr
    forms = json.loads(result.stdout)
    assert list(forms) == CASES
    assert forms == {
        "nominative": "Крымский Лев Ильич",
        "genitive": "Крымского Льва Ильича",
        "dative": "Крымскому Льву Ильичу",
        "accusative": "Крымского Льва Ильича",
        "instrumental": "Крымским Львом Ильичом",
        "prepositional": "Крымском Льве Ильиче",
    }


def test_name_as_text_with_signature_forms(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("decline", "Старостина Светлана Юрьевна")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("именительный") and lines[0].endswith("Старостина Светлана Юрьевна")
    assert lines[2].endswith("Старостиной Светлане Юрьевне")
    assert lines[6].endswith("С.Ю. Старостина")
    assert lines[7].endswith("С.Ю. Старостиной")


def test_gender_option_for_a_name_without_patronymic(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("decline", "Ким Ольга")
    assert result.exit_code == 2
    assert "--gender" in result.stderr
    male = json.loads(invoke("decline", "Ким Олег", "--gender", "male", "-f", "json").stdout)
    female = json.loads(invoke("decline", "Ким Ольга", "--gender", "female", "-f", "json").stdout)
    assert male["genitive"] == "Кима Олега"
    assert female["genitive"] == "Ким Ольги"


@pytest.mark.parametrize(
    ("position", "genitive", "instrumental"),
    [
        ("учитель информатики", "учителя информатики", "учителем информатики"),
        ("социальный педагог", "социального педагога", "социальным педагогом"),
        ("педагог-организатор", "педагога-организатора", "педагогом-организатором"),
    ],
)
def test_position(invoke, position: str, genitive: str, instrumental: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("decline", position, "--as", "position", "--format", "json")
    assert result.exit_code == 0, result.stderr
    forms = json.loads(result.stdout)
    assert forms["genitive"] == genitive
    assert forms["instrumental"] == instrumental


def test_bad_option_values_are_usage_errors(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("decline", "Иванов Иван Иванович", "--as", "city").exit_code == 2
    assert invoke("decline", "Иванов Иван Иванович", "--gender", "x").exit_code == 2
    assert invoke("decline", "   ").exit_code == 2


@pytest.mark.parametrize("text", ["Иванов И. И.", "Иванов И.И."])
def test_initials_are_invalid_input_not_a_bug(invoke, text: str) -> None:  # type: ignore[no-untyped-def]
    # Issue 10: exit 3 (RecursionError) with --gender, exit 2 without.
    for extra in ([], ["--gender", "male"]):
        result = invoke("decline", text, *extra)
        assert result.exit_code == 1, result.stderr
        assert "инициалы" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("kind", ["name", "position"])
def test_a_huge_text_is_refused_quickly(invoke, kind: str) -> None:  # type: ignore[no-untyped-def]
    import time

    assert invoke("decline", "Иванов Иван Иванович").exit_code == 0  # imports done
    started = time.perf_counter()
    result = invoke("decline", "Иванов Иван " + "а" * 300_000, "--as", kind)
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    assert "слишком длинный текст" in result.stderr and "1000" in result.stderr


@pytest.mark.parametrize(
    ("position", "dative"),
    [("социальная педагог", "социальному педагогу"), ("старшая методист", "старшему методисту")],
)
def test_feminine_adjective_titles_decline(invoke, position: str, dative: str) -> None:  # type: ignore[no-untyped-def]
    # Issue 10: «'ms-f' is not a valid grammeme», exit 3.
    result = invoke("decline", position, "--as", "position", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["dative"] == dative


def test_man_with_a_polish_first_name(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("decline", "Новак Владек", "--gender", "male", "-f", "json")
    assert json.loads(result.stdout)["genitive"] == "Новака Владека"
