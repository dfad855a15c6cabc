"""What the texts claim agrees with the school file.

The e-mail says the questionnaire is filled only when ``progress`` records it;
the e-mail is signed by the person who sends it; the questionnaire never
passes a sum of the listed classes off as the school's total; checklists use
the word form of each person's gender instead of «(а)».
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sferum_cli.mail import compose, questionnaire
from sferum_cli.onboarding import checklists
from sferum_cli.onboarding.roles import ROLES
from sferum_cli.validation import check, load_school


def school_from(tmp_path: Path, base: Path, *edits: tuple[str, str]) -> Path:
    text = base.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def signature(body: str) -> list[str]:
    return body.rstrip().split("С уважением,\n", 1)[1].splitlines()


# --- the registration e-mail ------------------------------------------------


def test_questionnaire_is_claimed_filled_only_with_a_recorded_date(
    tmp_path: Path, kirov: Path
) -> None:
    school = load_school(kirov)
    assert school.progress.questionnaire_filled is None
    assert "анкет" not in compose.body_text(school).split("Приложения:", 1)[1]

    filled = school_from(
        tmp_path,
        kirov,
        (
            "  letter_signed: 2023-08-22\n",
            "  letter_signed: 2023-08-22\n  questionnaire_filled: 2023-08-23\n",
        ),
    )
    body = compose.body_text(load_school(filled))
    assert "Электронная анкета организации (https://vk.cc/cnEOTn) заполнена 23.08.2023." in body


def test_email_is_signed_by_the_administrator_who_sends_it(kirov: Path) -> None:
    school = load_school(kirov)
    body = compose.body_text(school)
    assert signature(body) == [
        "Мельник Ольга Викторовна",
        "Учитель информатики МБОУ СОШ с УИОП № 32 г. Кирова",
        "Мобильный телефон: +7 912 345-67-89",
    ]
    assert "Лебедева" not in "\n".join(signature(body))
    assert compose.sender_address(school) == school.administrator.email


def test_email_signed_by_director_when_the_file_says_so(tmp_path: Path, kirov: Path) -> None:
    path = school_from(
        tmp_path, kirov, ("platform:\n", "email:\n  signed_by: director\n\nplatform:\n")
    )
    body = compose.body_text(load_school(path))
    assert signature(body) == [
        "Лебедева Светлана Юрьевна",
        "Директор МБОУ СОШ с УИОП № 32 г. Кирова",
        "Телефон: +7 (8332) 00-00-32",
    ]


def test_signed_by_takes_only_known_values(tmp_path: Path, kirov: Path) -> None:
    path = school_from(
        tmp_path, kirov, ("platform:\n", "email:\n  signed_by: завуч\n\nplatform:\n")
    )
    result = check(path)
    assert [p.dotted for p in result.errors] == ["email.signed_by"]
    assert result.errors[0].location.line >= 1


# --- the questionnaire ------------------------------------------------------


def test_totals_from_the_school_file_are_printed_as_totals(kirov: Path) -> None:
    text = questionnaire.render_text(load_school(kirov))
    assert "Число обучающихся: 812\n" in text
    assert "Число педагогических работников: 54\n" in text
    answers = questionnaire.answers(load_school(kirov))
    assert (answers["pupils_total"], answers["staff_total"]) == (812, 54)
    assert (answers["pupils"], answers["teachers"]) == (75, 3)


def test_sums_of_listed_people_are_labelled_as_such(tatarstan: Path) -> None:
    text = questionnaire.render_text(load_school(tatarstan))
    pupils = next(line for line in text.splitlines() if line.startswith("Число обучающихся"))
    staff = next(line for line in text.splitlines() if line.startswith("Число педагогических"))
    assert pupils == (
        "Число обучающихся: — (общее число не указано, добавьте organization.pupils_total; "
        "в перечисленных классах — 20)"
    )
    assert staff == (
        "Число педагогических работников: — (общее число не указано, добавьте "
        "organization.staff_total; в файле школы перечислено учителей: 2)"
    )
    assert "не указаны" not in text


def test_class_teachers_count_as_listed_teachers(tmp_path: Path, kirov: Path) -> None:
    text = kirov.read_text(encoding="utf-8")
    path = tmp_path / "school.yaml"
    # drop the `teachers:` list and the totals: only class teachers remain
    text = text[: text.index("teachers:\n")] + text[text.index("policy:\n") :]
    text = text.replace("  pupils_total: 812\n  staff_total: 54\n", "")
    path.write_text(text, encoding="utf-8")
    school = load_school(path)
    assert school.teachers == []
    rendered = questionnaire.render_text(school)
    assert "в файле школы перечислено учителей: 3)" in rendered
    assert "учителя не указаны" not in rendered


@pytest.mark.parametrize(
    ("edit", "code", "line_text"),
    [
        (("pupils_total: 812", "pupils_total: 40"), "organization.pupils_total_too_small", "40"),
        (("staff_total: 54", "staff_total: 2"), "organization.staff_total_too_small", "2"),
    ],
)
def test_totals_smaller_than_the_lists_are_warned_at_their_line(
    tmp_path: Path, kirov: Path, edit: tuple[str, str], code: str, line_text: str
) -> None:
    path = school_from(tmp_path, kirov, edit)
    result = check(path)
    assert result.errors == []
    [warning] = [w for w in result.warnings if w.code == code]
    line = path.read_text(encoding="utf-8").splitlines()[warning.location.line - 1]
    assert line.strip() == edit[1] and line.endswith(line_text)


def test_totals_have_bounds(tmp_path: Path, kirov: Path) -> None:
    path = school_from(tmp_path, kirov, ("staff_total: 54", "staff_total: -3"))
    assert [p.dotted for p in check(path).errors] == ["organization.staff_total"]


# --- checklists: the gender of each person ----------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "rich"])
@pytest.mark.parametrize("role", [role.name for role in ROLES])
def test_no_gender_placeholder_in_checklists(
    invoke: Any, example_school: Path, role: str, fmt: str
) -> None:
    result = invoke("checklist", role, str(example_school), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"\w\((а|ая|ы)\)", result.stdout), result.stdout


def test_teacher_status_follows_gender(tmp_path: Path, kirov: Path) -> None:
    path = school_from(
        tmp_path,
        kirov,
        ("    status: pending\n", "    status: not_registered\n"),
        (
            "  - full_name: Черных Любовь Андреевна\n",
            "  - full_name: Ким Ен\n    gender: female\n"
            "    status: not_registered\n  - full_name: Пак Сон\n"
            "    status: not_registered\n  - full_name: Черных Любовь Андреевна\n",
        ),
    )
    result = checklists.build(load_school(path), "teachers", None)
    titles = {p.name: p.status_title for p in result.people}
    assert titles["Шевченко Игорь Петрович"] == "не зарегистрирован"
    assert titles["Черных Любовь Андреевна"] == "не зарегистрирована"
    assert titles["Ким Ен"] == "не зарегистрирована"
    # a two-part name without `gender`: a wording that needs no gender
    assert titles["Пак Сон"] == "без регистрации"
    assert titles["Кузьмич Анна Сергеевна"] == "роль подтверждена"


def test_json_checklist_keeps_the_status_codes(invoke: Any, kirov: Path) -> None:
    data = json.loads(invoke("checklist", "teachers", str(kirov), "-f", "json").stdout)
    assert [p["status"] for p in data["people"]] == ["verified", "pending", "not_registered"]
