"""Answers for the online questionnaire of Сферум, field by field.

The form's exact fields are not published; these are the ones such forms
ask for.  :func:`answers` is the ``questionnaire`` object of the JSON output
(stable English keys); :func:`render_text` is the copy-friendly text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sferum_cli.model import School

TEMPLATE = "questionnaire.txt.j2"
# Answered as the view has them, in the form's order.
_ORG_KEYS = ("full_name", "short_name", "inn", "ogrn", "kpp", "region", "municipality", "address")


def pupils_total(school: School) -> tuple[int | None, int]:
    """Sum of the classes' pupils and the number of classes without a number."""
    from sferum_cli import view

    counts = view.counts(school)
    return counts["pupils_listed"], counts["classes_without_pupils"] or 0


def listed_teachers(school: School) -> int:
    """Distinct people named as teachers or class teachers in the school file."""
    from sferum_cli import view

    return view.counts(school)["teachers_listed"] or 0


def answers(school: School) -> dict[str, Any]:
    """The answers, selected from the view; ``None`` where the school file has no value.

    ``pupils_total``/``staff_total`` are the school's own totals from the file;
    ``pupils``/``teachers`` only count what the file lists (classes, teachers
    and class teachers) and are never shown as totals.
    """
    from sferum_cli import view

    data = view.build(school)
    org, counts = data["org"], data["counts"]
    director, admin = data["director"], data["admin"]
    return {
        "url": data["sferum"]["questionnaire"],
        **{key: org[key] for key in _ORG_KEYS},
        "type": org["type_title"],
        "phone": org["phone"],
        "email": org["email"],
        "website": org["website"] or None,
        "director": {"full_name": director["full_name"], "position": director["position"]},
        "administrator": {key: admin[key] for key in ("full_name", "position", "phone", "email")},
        "messenger": data["platform"]["messenger_name"],
        "classes": counts["classes"] or None,
        "pupils_total": org["pupils_total"],
        "staff_total": org["staff_total"],
        "pupils": counts["pupils_listed"],
        "classes_without_pupils": counts["classes_without_pupils"],
        "teachers": counts["teachers_listed"] or None,
    }


def render_text(school: School) -> str:
    from sferum_cli.textrender import render_file

    return render_file(TEMPLATE, {"answers": answers(school)})
