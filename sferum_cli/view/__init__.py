"""The school as template data: the one view that every output reads.

The DOCX documents (:mod:`sferum_cli.documents`), the e-mail body, the
questionnaire's answers, the checklists' steps and the class handouts all take
their values from :func:`build`; what they keep of their own is a selection.
Templates never see model objects.  The variables, as a template writer uses
them (``{{ admin.name.accusative }}``)::

    org        full_name full_name_cases.<case> short_name type type_title inn kpp
               ogrn region municipality locality place address phone email website
               pupils_total staff_total (numbers or none)
               education_levels (school only: primary basic secondary)
               additional_programs
    director   full_name name.<case> position position_cases.<case>
               position_in_sentence initials initials_cases.<case> surname_initials
               surname_initials_cases.<case> gender female
    admin      as director, plus phone email
    order      number number_sign date date_words      (the appointment order)
    acquaintance  verb people[]: who signs «С приказом ознакомлен…» (administrator,
               then teachers of ``teachers:`` — the documents put the school's roster
               there when it names one — then class teachers); each with full_name
               initials (also as three runs, initials_given initials_head
               initials_tail: split after the initials and after the surname's
               hyphen) position gender female; verb is
               «ознакомлены»/«ознакомлена»/«ознакомлен»
    letter     number number_sign date date_words      (outgoing letter; number may be "")
    approval   council_number council_date approval_number approval_date
               approval_date_words                     (for the Положение)
               by_appointment_order: the appointment order approves the Положение
    platform   messenger messenger_name messenger_in
    terms      wording that depends on organisation type (see :mod:`.terms`); for a
               school, programmes_gen names its levels of education
    sferum     email subject questionnaire instructions parents site blog calendar
               teacher_role                           (see :mod:`.platform`)
    classes[]  name grade primary teacher pupils invite_link ("" or none when absent)
    counts     classes pupils_listed classes_without_pupils teachers_listed
    progress   <step>: the date of each ``progress:`` step as ДД.ММ.ГГГГ, or ""
    signer     full_name position phone_label phone   (who signs the e-mail)

``<case>`` is one of nominative genitive dative accusative instrumental
prepositional.  Building the view is cheap: grammar dictionaries load only
when a template asks for a declined form.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sferum_cli.model import School

# Importing this package is cheap (the CLI imports view.platform for --help):
# the parts that build the view are imported when it is built.
__all__ = ["build", "counts", "organization"]


def _dated(number: str | None, date: dt.date) -> dict[str, str]:
    from sferum_cli import grammar

    return {
        "number": number or "",
        "number_sign": grammar.number_sign(number) if number else "",
        "date": grammar.date_digits(date),
        "date_words": grammar.date_words(date),
    }


def organization(school: School) -> dict[str, Any]:
    from sferum_cli import education, grammar
    from sferum_cli.view import persons
    from sferum_cli.view.terms import TYPE_TITLES

    org = school.organization
    return {
        "full_name": org.full_name,
        "full_name_cases": persons.Forms(
            lambda case: grammar.decline_position(org.full_name, persons.case(case)),
            {"nominative": org.full_name, **persons.overrides(org.full_name_cases)},
        ),
        "short_name": org.short_name,
        "type": org.type,
        "type_title": TYPE_TITLES[org.type],
        "inn": org.inn,
        "kpp": org.kpp,
        "ogrn": org.ogrn,
        "region": org.region,
        "municipality": org.municipality,
        "locality": org.locality or "",
        "place": org.locality or org.municipality,
        "address": org.address,
        "phone": org.phone,
        "email": org.email,
        "website": org.website or "",
        "pupils_total": org.pupils_total,
        "staff_total": org.staff_total,
        "education_levels": list(education.of_school(school).levels)
        if org.type == "school"
        else [],
        "additional_programs": org.additional_programs,
    }


def _approval(school: School) -> dict[str, Any]:
    from sferum_cli import grammar

    appointment = school.appointment
    policy = school.policy
    approval_number = policy.approval_order_number or appointment.order_number
    approval_date = policy.approval_order_date or appointment.order_date
    return {
        "council_number": policy.council_protocol_number or "",
        "council_date": (
            grammar.date_digits(policy.council_protocol_date)
            if policy.council_protocol_date
            else ""
        ),
        "approval_number": approval_number,
        "approval_number_sign": grammar.number_sign(approval_number),
        "approval_date": grammar.date_digits(approval_date),
        "approval_date_words": grammar.date_words(approval_date),
        "by_appointment_order": (approval_number, approval_date)
        == (appointment.order_number, appointment.order_date),
    }


def _classes(school: School) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "grade": c.grade,
            "primary": c.grade <= 4,
            "teacher": c.teacher or "",
            "pupils": c.pupils,
            "invite_link": c.invite_link or "",
        }
        for c in school.classes
    ]


def counts(school: School) -> dict[str, int | None]:
    """What the file lists; never the school's totals (those are org.pupils_total…)."""
    known = [c.pupils for c in school.classes if c.pupils is not None]
    teachers = {t.full_name for t in school.teachers}
    teachers.update(c.teacher for c in school.classes if c.teacher)
    return {
        "classes": len(school.classes),
        "pupils_listed": sum(known) if known else None,
        "classes_without_pupils": len(school.classes) - len(known),
        "teachers_listed": len(teachers),
    }


def _progress(school: School) -> dict[str, str]:
    from sferum_cli import grammar

    return {
        step: grammar.date_digits(done) if isinstance(done, dt.date) else ""
        for step, done in school.progress
    }


_last: tuple[School, dict[str, Any]] | None = None


def build(school: School) -> dict[str, Any]:
    """Template data for every output of ``school``.

    Made once per school object (the model is frozen): ``build`` writes a dozen
    outputs of one school, a handout per class, and each reads this view.  The
    caller gets its own top-level dict; nothing below it is ever changed."""
    global _last
    if _last is None or _last[0] is not school:
        _last = (school, _build(school))
    return dict(_last[1])


def _build(school: School) -> dict[str, Any]:
    from sferum_cli.view import persons
    from sferum_cli.view import terms as terms_of
    from sferum_cli.view.platform import MESSENGER_IN, MESSENGER_NAMES, SFERUM

    appointment = school.appointment
    messenger = school.platform.messenger
    return {
        "org": organization(school),
        "director": persons.person(school.director),
        "admin": persons.administrator(school),
        "order": _dated(appointment.order_number, appointment.order_date),
        "acquaintance": persons.acquaintance(school),
        "letter": _dated(
            appointment.letter_number, appointment.letter_date or appointment.order_date
        ),
        "approval": _approval(school),
        "platform": {
            "messenger": messenger,
            "messenger_name": MESSENGER_NAMES[messenger],
            "messenger_in": MESSENGER_IN[messenger],
        },
        "terms": terms_of.of(school),
        "sferum": dict(SFERUM),
        "classes": _classes(school),
        "counts": counts(school),
        "progress": _progress(school),
        "signer": persons.signer(school),
    }
