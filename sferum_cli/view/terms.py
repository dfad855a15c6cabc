"""Wording that depends on the organisation's type.

Keys are stable: user templates may use them (``{{ terms.learners_gen }}``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sferum_cli.model import School

# The questionnaire's «Тип организации».
TYPE_TITLES = {
    "school": "общеобразовательная организация (школа)",
    "kindergarten": "дошкольная образовательная организация (детский сад)",
    "college": "профессиональная образовательная организация (колледж, техникум)",
    "additional_education": "организация дополнительного образования",
}

_STAFF = {
    "staff": "педагогические работники",
    "staff_gen": "педагогических работников",
    "staff_dat": "педагогическим работникам",
}


def _learners(plural: str, genitive: str, dative: str, instrumental: str) -> dict[str, str]:
    return {
        "learners": plural,
        "learners_gen": genitive,
        "learners_dat": dative,
        "learners_ins": instrumental,
    }


def _teacher(nominative: str, genitive: str, instrumental: str) -> dict[str, str]:
    return {"teacher": nominative, "teacher_gen": genitive, "teacher_ins": instrumental}


_PUPILS = _learners("обучающиеся", "обучающихся", "обучающимся", "обучающимися")

TERMS: dict[str, dict[str, str]] = {
    "school": {
        "kind": "общеобразовательная организация",
        **_PUPILS,
        **_STAFF,
        **_teacher("учитель", "учителя", "учителем"),
        "groups": "классы",
        "groups_gen": "классов",
        "programmes_gen": "основных общеобразовательных программ начального общего, "
        "основного общего и среднего общего образования",
    },
    "kindergarten": {
        "kind": "дошкольная образовательная организация",
        **_learners("воспитанники", "воспитанников", "воспитанникам", "воспитанниками"),
        **_STAFF,
        **_teacher("воспитатель", "воспитателя", "воспитателем"),
        "groups": "группы",
        "groups_gen": "групп",
        "programmes_gen": "образовательной программы дошкольного образования",
    },
    "college": {
        "kind": "профессиональная образовательная организация",
        **_learners(
            "обучающиеся (студенты)",
            "обучающихся (студентов)",
            "обучающимся (студентам)",
            "обучающимися (студентами)",
        ),
        **_STAFF,
        **_teacher("преподаватель", "преподавателя", "преподавателем"),
        "groups": "учебные группы",
        "groups_gen": "учебных групп",
        "programmes_gen": "образовательных программ среднего профессионального образования",
    },
    "additional_education": {
        "kind": "организация дополнительного образования",
        **_PUPILS,
        **_STAFF,
        **_teacher(
            "педагог дополнительного образования",
            "педагога дополнительного образования",
            "педагогом дополнительного образования",
        ),
        "groups": "объединения (группы)",
        "groups_gen": "объединений (групп)",
        "programmes_gen": "дополнительных общеобразовательных программ",
    },
}


def of(school: School) -> dict[str, str]:
    """The wording of the organisation's type; a school's programmes follow its levels."""
    from sferum_cli import education

    org = school.organization
    terms = dict(TERMS[org.type])
    if org.type == "school":
        levels = education.of_school(school).levels
        terms["programmes_gen"] = education.programmes_gen(
            levels, additional=org.additional_programs
        )
    elif org.additional_programs and org.type != "additional_education":
        terms["programmes_gen"] += f", а также {education.ADDITIONAL_GEN}"
    return terms
