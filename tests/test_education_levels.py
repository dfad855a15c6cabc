"""Levels of education and additional programmes: from the school file to the Положение."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from sferum_cli import documents, education
from sferum_cli.validation import Problem, check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCHOOLS = Path(__file__).resolve().parent / "schools"
TODAY = dt.date(2026, 1, 1)
ALL = "начального общего, основного общего и среднего общего образования"
PRIMARY_BASIC = (
    "основных общеобразовательных программ начального общего и основного общего образования"
)


def policy_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _edited(source: Path, tmp_path: Path, edit: Any) -> Path:
    """A copy of ``source`` with its text changed by ``edit``."""
    text = edit(source.read_text(encoding="utf-8"))
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return path


def _without_classes(text: str) -> str:
    return text.split("\nclasses:")[0] + "\n"


def _with_org_keys(*lines: str) -> Any:
    def edit(text: str) -> str:
        return text.replace(
            "  type: school\n", "  type: school\n" + "".join(f"  {k}\n" for k in lines)
        )

    return edit


def _level_warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.code.startswith("education_levels.")]


def _line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


# --- the rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "levels"),
    [
        ([1, 4], ("primary",)),
        ([2, 7], ("primary", "basic")),
        ([5, 9, 10], ("basic", "secondary")),
        ([11, 1], ("primary", "secondary")),
        ([1, 5, 11], ("primary", "basic", "secondary")),
    ],
)
def test_levels_from_grades(grades: list[int], levels: tuple[str, ...]) -> None:
    assert education.from_grades(grades) == levels


@pytest.mark.parametrize(
    ("name", "levels", "evidence"),
    [
        ("МБОУ «Берёзовская ООШ»", ("primary", "basic"), "ООШ"),
        ("МБОУ СОШ с УИОП № 32 г. Кирова", ("primary", "basic", "secondary"), "СОШ"),
        ("МКОУ НОШ № 3", ("primary",), "НОШ"),
        ("МОУ «Основная общеобразовательная школа № 2»", ("primary", "basic"), None),
        ("МОУ «Средняя школа № 7»", ("primary", "basic", "secondary"), "Средняя школа"),
        ("МКОУ «Начальная общеобразовательная школа-интернат»", ("primary",), None),
        ("МБОУ «Гимназия № 1»", None, None),
        ("МБОУ «Лицей № 5»", None, None),
        # Letters of another word are not an abbreviation.
        ("МБОУ «СОШКА»", None, None),
        ("МБОУ «Средний лицей»", None, None),
    ],
)
def test_levels_from_name(name: str, levels: tuple[str, ...] | None, evidence: str | None) -> None:
    found = education.from_name([("short_name", name)])
    if levels is None:
        assert found is None
        return
    assert found is not None and found[0] == levels and found[1] == "short_name"
    if evidence:
        assert found[2] == evidence


def test_explicit_levels_win_over_classes_and_name() -> None:
    found = education.resolve(["secondary", "primary"], [5, 6], [("short_name", "МОУ ООШ")])
    assert found == education.Levels(("primary", "secondary"), "explicit")
    assert education.resolve(None, [5, 6], [("short_name", "МОУ СОШ")]).source == "classes"
    assert education.resolve(None, [], [("short_name", "МОУ «Гимназия»")]) == education.Levels(
        education.LEVELS, "assumed"
    )


@pytest.mark.parametrize(
    ("levels", "additional", "text"),
    [
        (["primary"], False, "основных общеобразовательных программ начального общего образования"),
        (["basic", "primary"], False, PRIMARY_BASIC),
        (["primary", "basic", "secondary"], False, "основных общеобразовательных программ " + ALL),
        (
            ["primary", "basic"],
            True,
            PRIMARY_BASIC + ", а также дополнительных общеобразовательных программ",
        ),
    ],
)
def test_programmes_are_joined_with_commas_and_i(
    levels: list[education.Level], additional: bool, text: str
) -> None:
    assert education.programmes_gen(levels, additional=additional) == text


# --- in the Положение and in validate ------------------------------------------------


def test_basic_school_named_ooš_gets_no_secondary_level(tmp_path: Path) -> None:
    path = _edited(EXAMPLES / "tatarstan-rural-school.yaml", tmp_path, _without_classes)
    result = check(path, today=TODAY)
    assert result.school is not None
    text = policy_text(documents.render("policy", result.school))
    assert f"при реализации {PRIMARY_BASIC}, в том числе" in text
    assert "среднего общего" not in text
    assert "дополнительных общеобразовательных программ" not in text
    # A guess from the name: a warning at the line of the name it was read from.
    (warning,) = _level_warnings(result.problems)
    assert warning.severity == "warning" and warning.code == "education_levels.from_name"
    assert warning.dotted == "organization.education_levels"
    assert "«ООШ»" in warning.message and "education_levels: [primary, basic]" in warning.message
    assert warning.location.file == str(path)
    assert warning.location.line == _line_of(path, "  short_name:")


def test_levels_from_classes_without_a_warning(tmp_path: Path) -> None:
    path = _edited(EXAMPLES / "tatarstan-rural-school.yaml", tmp_path, lambda text: text)
    result = check(path, today=TODAY)
    assert result.school is not None and _level_warnings(result.problems) == []
    text = policy_text(documents.render("policy", result.school))
    assert PRIMARY_BASIC + ", в том числе" in text


def test_classes_that_disagree_with_the_name_are_reported(tmp_path: Path) -> None:
    # A СОШ that lists only its primary classes.
    def edit(text: str) -> str:
        head = _without_classes(text)
        return head + "classes:\n  - name: 1А\n  - name: 3Б\n"

    path = _edited(EXAMPLES / "kirov-school-32.yaml", tmp_path, edit)
    result = check(path, today=TODAY)
    assert result.school is not None
    (warning,) = _level_warnings(result.problems)
    assert warning.code == "education_levels.classes_differ_from_name"
    assert warning.location.line == _line_of(path, "classes:")
    assert "education_levels: [primary, basic, secondary]" in warning.message
    text = policy_text(documents.render("policy", result.school))
    assert "основных общеобразовательных программ начального общего образования," in text


@pytest.mark.parametrize("with_classes", [True, False])
def test_explicit_levels_win_and_raise_no_warning(tmp_path: Path, with_classes: bool) -> None:
    def edit(text: str) -> str:
        text = _with_org_keys("education_levels: [primary]")(text)
        return text if with_classes else _without_classes(text)

    path = _edited(EXAMPLES / "tatarstan-rural-school.yaml", tmp_path, edit)
    result = check(path, today=TODAY)
    assert result.school is not None and _level_warnings(result.problems) == []
    text = policy_text(documents.render("policy", result.school))
    assert "программ начального общего образования, в том числе" in text
    assert "основного общего" not in text


def test_school_without_any_clue_assumes_all_levels_and_says_so() -> None:
    result = check(SCHOOLS / "valid" / "minimal.yaml", today=TODAY)
    assert result.school is not None
    (warning,) = _level_warnings(result.problems)
    assert warning.code == "education_levels.assumed"
    assert warning.location.line == _line_of(SCHOOLS / "valid" / "minimal.yaml", "organization:")
    assert ALL in policy_text(documents.render("policy", result.school))


def test_valid_example_file_with_explicit_levels_and_programmes() -> None:
    result = check(SCHOOLS / "valid" / "education-levels-explicit.yaml", today=TODAY)
    assert result.school is not None and _level_warnings(result.problems) == []
    text = policy_text(documents.render("policy", result.school))
    assert (
        PRIMARY_BASIC + ", а также дополнительных общеобразовательных программ, в том числе"
    ) in text


@pytest.mark.parametrize(
    ("org_type", "wording"),
    [
        ("kindergarten", "образовательной программы дошкольного образования"),
        ("college", "образовательных программ среднего профессионального образования"),
    ],
)
@pytest.mark.parametrize("additional", [False, True])
def test_other_types_keep_their_wording(
    tmp_path: Path, org_type: str, wording: str, additional: bool
) -> None:
    def edit(text: str) -> str:
        text = _with_org_keys(f"additional_programs: {str(additional).lower()}")(text)
        return text.replace("  type: school\n", f"  type: {org_type}\n")

    path = _edited(EXAMPLES / "tatarstan-rural-school.yaml", tmp_path, edit)
    result = check(path, today=TODAY)
    assert result.school is not None and _level_warnings(result.problems) == []
    text = policy_text(documents.render("policy", result.school))
    tail = ", а также дополнительных общеобразовательных программ" if additional else ""
    assert f"при реализации {wording}{tail}, в том числе" in text
    assert "общего образования" not in text


def test_additional_education_organisation_is_not_told_twice(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        text = _with_org_keys("additional_programs: true", "education_levels: [basic]")(text)
        return text.replace("  type: school\n", "  type: additional_education\n")

    path = _edited(EXAMPLES / "tatarstan-rural-school.yaml", tmp_path, edit)
    result = check(path, today=TODAY)
    assert result.school is not None
    text = policy_text(documents.render("policy", result.school))
    assert len(re.findall("дополнительных общеобразовательных программ", text)) == 1
    assert "основного общего" not in text
    (warning,) = _level_warnings(result.problems)
    assert warning.code == "education_levels.not_school"
    assert warning.location.line == _line_of(path, "  education_levels:")


def test_no_primary_level_no_primary_pupils_rule(tmp_path: Path) -> None:
    edit = _with_org_keys("education_levels: [basic, secondary]")
    path = _edited(EXAMPLES / "kirov-school-32.yaml", tmp_path, edit)
    result = check(path, today=TODAY)
    assert result.school is not None
    text = policy_text(documents.render("policy", result.school))
    assert "программ основного общего и среднего общего образования, в том числе" in text
    assert "Для учеников 1–4 классов" not in text
    assert "Для учеников 1–4 классов" in policy_text(
        documents.render("policy", check(EXAMPLES / "kirov-school-32.yaml", today=TODAY).school)  # type: ignore[arg-type]
    )
