"""Answers for the online questionnaire: golden text, JSON, pupil counts."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sferum_cli.mail import QUESTIONNAIRE_URL, questionnaire
from sferum_cli.validation import load_school

GOLDEN = Path(__file__).parent / "golden" / "mail"


def load_school_text(tmp_path: Path, text: str, name: str = "other.yaml") -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_school(path)


def test_text_matches_golden_file(invoke: Any, example_school: Path) -> None:
    result = invoke("questionnaire", str(example_school))
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"{example_school.stem}.questionnaire.txt"
    if os.environ.get("SFERUM_UPDATE_GOLDEN") == "1":
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_json_fields(invoke: Any, kirov: Path) -> None:
    result = invoke("questionnaire", str(kirov), "--format", "json")
    assert result.exit_code == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["url"] == QUESTIONNAIRE_URL
    assert answers["inn"] == "4345903219" and answers["kpp"] == "434501001"
    assert answers["ogrn"] == "1024301234561"
    assert answers["region"] == "Кировская область"
    assert answers["type"] == "общеобразовательная организация (школа)"
    assert answers["director"] == {"full_name": "Лебедева Светлана Юрьевна", "position": "Директор"}
    assert answers["administrator"]["phone"] == "+7 912 345-67-89"
    assert (answers["classes"], answers["pupils"], answers["teachers"]) == (3, 75, 3)
    assert answers["messenger"] == "VK Мессенджер"


def test_same_answers_as_in_email_json(invoke: Any, tatarstan: Path) -> None:
    email = json.loads(invoke("email", str(tatarstan), "--format", "json").stdout)
    alone = json.loads(invoke("questionnaire", str(tatarstan), "--format", "json").stdout)
    assert email["questionnaire"] == alone
    assert alone["website"] is None
    # no `teachers:` list, but both classes name their class teacher
    assert alone["teachers"] == 2
    assert alone["messenger"] == "MAX"


def test_pupils_when_some_classes_have_no_number(tmp_path: Path, kirov: Path) -> None:
    text = kirov.read_text(encoding="utf-8").replace("    pupils: 21\n", "")
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    school = load_school(path)
    assert questionnaire.pupils_total(school) == (54, 1)
    assert "Число обучающихся: 812\n" in questionnaire.render_text(school), (
        "the school's own total is printed, not the sum of the listed classes"
    )
    alone = load_school_text(tmp_path, text.replace("  pupils_total: 812\n", ""))
    assert (
        "Число обучающихся: — (общее число не указано, добавьте organization.pupils_total; "
        "в перечисленных классах — 54, у 1 из 3 классов число учеников не указано)"
    ) in questionnaire.render_text(alone)


def test_pupils_unknown_without_classes(tmp_path: Path, tatarstan: Path) -> None:
    text = tatarstan.read_text(encoding="utf-8")
    path = tmp_path / "school.yaml"
    path.write_text(text[: text.index("classes:")], encoding="utf-8")
    answers = questionnaire.answers(load_school(path))
    assert (answers["classes"], answers["pupils"]) == (None, None)
    assert "Число обучающихся: —" in questionnaire.render_text(load_school(path))
