"""Answers for the online questionnaire (https://vk.cc/cnEOTn), field by field.

The form's exact fields are not published; these are the ones such forms
ask for.  :func:`answers` is the ``questionnaire`` object of the JSON output
(stable English keys); :func:`render_text` is the copy-friendly text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sferum_cli.mail import QUESTIONNAIRE_URL

if TYPE_CHECKING:
    from sferum_cli.model import School

TEMPLATE = "questionnaire.txt.j2"

ORGANIZATION_TYPES = {
    "school": "общеобразовательная организация (школа)",
    "kindergarten": "дошкольная образовательная организация (детский сад)",
    "college": "профессиональная образовательная организация (колледж, техникум)",
    "additional_education": "организация дополнительного образования",
}


def pupils_total(school: School) -> tuple[int | None, int]:
    """Sum of the classes' pupils and the number of classes without a number."""
    known = [c.pupils for c in school.classes if c.pupils is not None]
    missing = len(school.classes) - len(known)
    return (sum(known) if known else None), missing


def listed_teachers(school: School) -> int:
    """Distinct people named as teachers or class teachers in the school file."""
    names = {t.full_name for t in school.teachers}
    names.update(c.teacher for c in school.classes if c.teacher)
    return len(names)


def answers(school: School) -> dict[str, Any]:
    """The answers as plain data; ``None`` where the school file has no value.

    ``pupils_total``/``staff_total`` are the school's own totals from the file;
    ``pupils``/``teachers`` only count what the file lists (classes, teachers
    and class teachers) and are never shown as totals.
    """
    org = school.organization
    pupils, classes_without_pupils = pupils_total(school)
    return {
        "url": QUESTIONNAIRE_URL,
        "full_name": org.full_name,
        "short_name": org.short_name,
        "inn": org.inn,
        "ogrn": org.ogrn,
        "kpp": org.kpp,
        "region": org.region,
        "municipality": org.municipality,
        "address": org.address,
        "type": ORGANIZATION_TYPES[org.type],
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "director": {
            "full_name": school.director.full_name,
            "position": school.director.position,
        },
        "administrator": {
            "full_name": school.administrator.full_name,
            "position": school.administrator.position,
            "phone": school.administrator.phone,
            "email": school.administrator.email,
        },
        "messenger": school.messenger_name,
        "classes": len(school.classes) or None,
        "pupils_total": org.pupils_total,
        "staff_total": org.staff_total,
        "pupils": pupils,
        "classes_without_pupils": classes_without_pupils,
        "teachers": listed_teachers(school) or None,
    }


def render_text(school: School) -> str:
    from sferum_cli.textrender import render_file

    return render_file(TEMPLATE, {"answers": answers(school)})
