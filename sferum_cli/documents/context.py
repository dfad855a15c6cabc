"""The school as plain template data (dicts and strings) for the DOCX templates.

Templates never see model objects.  The variables, as a template writer
uses them (``{{ admin.name.accusative }}``)::

    org        full_name full_name_cases.<case> short_name type inn kpp ogrn region municipality
               locality place address phone email website
               education_levels (school only: primary basic secondary)
               additional_programs
    director   full_name name.<case> position position_cases.<case>
               initials initials_cases.<case> surname_initials
               surname_initials_cases.<case> gender female
    admin      as director, plus phone email
    order      number number_sign date date_words      (the appointment order)
    acquaintance  verb people[]: who signs «С приказом ознакомлен…» (administrator,
               then teachers of ``teachers:``); each with full_name initials
               position gender female; verb is «ознакомлены»/«ознакомлена»/«ознакомлен»
    letter     number number_sign date date_words      (outgoing letter; number may be "")
    approval   council_number council_date approval_number approval_date
               approval_date_words                     (for the Положение)
               by_appointment_order: the appointment order approves the Положение
    platform   messenger messenger_name messenger_in
    terms      wording that depends on organisation type (see _TERMS); for a
               school, programmes_gen names its levels of education
    sferum     email subject questionnaire instructions parents site teacher_role
    own_letterhead   true when the letter goes onto the school's own blank

``<case>`` is one of nominative genitive dative accusative instrumental
prepositional.  Case forms are computed on first use (so a document that only
needs the nominative never loads the declension dictionaries) and the
``cases``/``position_cases`` overrides of the school file always win.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import UserFileError

if TYPE_CHECKING:
    import datetime as dt

    from sferum_cli.grammar import Case, Gender
    from sferum_cli.model import Administrator, Cases, Director, School

SFERUM = {
    "email": "info@sferum.ru",
    "subject": "СФЕРУМ:Регистрация организации",
    "questionnaire": "https://vk.cc/cnEOTn",
    "instructions": "https://sferum.ru/?p=instructions",
    "parents": "https://sferum.ru/?p=parents_students",
    "site": "https://sferum.ru",
    "blog": "https://prof-sferum.ru/blog",
    "calendar": "https://prof-sferum.ru/calendar",
    # The platform's role for every pedagogue, whatever the organisation calls them.
    "teacher_role": "учитель",
}

MESSENGER_IN = {"max": "в мессенджере MAX", "vk": "в VK Мессенджере"}

# Wording that differs by organisation type.  Keys are stable: user
# templates may use them.
_TERMS: dict[str, dict[str, str]] = {
    "school": {
        "kind": "общеобразовательная организация",
        "learners": "обучающиеся",
        "learners_gen": "обучающихся",
        "learners_dat": "обучающимся",
        "learners_ins": "обучающимися",
        "staff": "педагогические работники",
        "staff_gen": "педагогических работников",
        "staff_dat": "педагогическим работникам",
        "teacher": "учитель",
        "teacher_gen": "учителя",
        "teacher_ins": "учителем",
        "groups": "классы",
        "groups_gen": "классов",
        "programmes_gen": "основных общеобразовательных программ начального общего, "
        "основного общего и среднего общего образования",
    },
    "kindergarten": {
        "kind": "дошкольная образовательная организация",
        "learners": "воспитанники",
        "learners_gen": "воспитанников",
        "learners_dat": "воспитанникам",
        "learners_ins": "воспитанниками",
        "staff": "педагогические работники",
        "staff_gen": "педагогических работников",
        "staff_dat": "педагогическим работникам",
        "teacher": "воспитатель",
        "teacher_gen": "воспитателя",
        "teacher_ins": "воспитателем",
        "groups": "группы",
        "groups_gen": "групп",
        "programmes_gen": "образовательной программы дошкольного образования",
    },
    "college": {
        "kind": "профессиональная образовательная организация",
        "learners": "обучающиеся (студенты)",
        "learners_gen": "обучающихся (студентов)",
        "learners_dat": "обучающимся (студентам)",
        "learners_ins": "обучающимися (студентами)",
        "staff": "педагогические работники",
        "staff_gen": "педагогических работников",
        "staff_dat": "педагогическим работникам",
        "teacher": "преподаватель",
        "teacher_gen": "преподавателя",
        "teacher_ins": "преподавателем",
        "groups": "учебные группы",
        "groups_gen": "учебных групп",
        "programmes_gen": "образовательных программ среднего профессионального образования",
    },
    "additional_education": {
        "kind": "организация дополнительного образования",
        "learners": "обучающиеся",
        "learners_gen": "обучающихся",
        "learners_dat": "обучающимся",
        "learners_ins": "обучающимися",
        "staff": "педагогические работники",
        "staff_gen": "педагогических работников",
        "staff_dat": "педагогическим работникам",
        "teacher": "педагог дополнительного образования",
        "teacher_gen": "педагога дополнительного образования",
        "teacher_ins": "педагогом дополнительного образования",
        "groups": "объединения (группы)",
        "groups_gen": "объединений (групп)",
        "programmes_gen": "дополнительных общеобразовательных программ",
    },
}

_OBLIQUE: tuple[str, ...] = ("genitive", "dative", "accusative", "instrumental", "prepositional")
CASE_NAMES: tuple[str, ...] = ("nominative", *_OBLIQUE)

# Characters XML 1.0 cannot carry: a value with one of them would break the
# document (python-docx refuses them, docxtpl drops them silently).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Forms(dict[str, str]):
    """Case forms of a phrase; the oblique ones are computed on first use.

    A plain ``dict`` for the templates (``forms.dative`` or
    ``forms["dative"]``); a key that is not a case stays missing, so
    ``StrictUndefined`` reports it.
    """

    def __init__(self, compute: Callable[[str], str], known: Mapping[str, str]) -> None:
        super().__init__(known)
        self._compute = compute

    def __missing__(self, key: str) -> str:
        if key not in CASE_NAMES:
            raise KeyError(key)
        value = self._compute(key)
        self[key] = value
        return value


def _overrides(cases: Cases | None) -> dict[str, str]:
    if cases is None:
        return {}
    return {case: value for case in _OBLIQUE if (value := getattr(cases, case)) is not None}


def _gender(full_name: str, gender: Gender | None) -> Gender:
    from sferum_cli.grammar import GrammarError, gender_from_patronymic, split_full_name

    if gender is not None:
        return gender
    try:
        detected = gender_from_patronymic(split_full_name(full_name)[2])
    except GrammarError:
        detected = None
    # validation refuses a school file where the gender can't be known; a
    # School built in code without it falls back to the masculine forms.
    return detected or "male"


def _surname_of(full_form: str) -> str | None:
    from sferum_cli.grammar import GrammarError, split_full_name

    try:
        return split_full_name(full_form)[0]
    except GrammarError:
        return None


def person(person: Director | Administrator) -> dict[str, Any]:
    from sferum_cli import grammar

    full_name = person.full_name
    gender = _gender(full_name, person.gender)
    name_overrides = _overrides(person.cases)
    position_overrides = _overrides(person.position_cases)

    def name(case: str) -> str:
        return grammar.decline_name(full_name, _case(case), gender)

    def position(case: str) -> str:
        return grammar.decline_position(person.position, _case(case))

    initials = grammar.initials_surname(full_name, "nominative", gender)
    first_initials = initials.split(" ", 1)[0]

    def surname(case: str) -> str:
        override = name_overrides.get(case)
        from_override = _surname_of(override) if override else None
        if from_override:
            return from_override
        return grammar.decline_name(full_name, _case(case), gender).split(" ", 1)[0]

    nominative_surname = full_name.split(" ", 1)[0]
    return {
        "full_name": full_name,
        "name": Forms(name, {"nominative": full_name, **name_overrides}),
        "position": person.position,
        "position_cases": Forms(position, {"nominative": person.position, **position_overrides}),
        "initials": initials,
        "initials_cases": Forms(
            lambda case: f"{first_initials} {surname(case)}", {"nominative": initials}
        ),
        "surname_initials": f"{nominative_surname} {first_initials}",
        "surname_initials_cases": Forms(
            lambda case: f"{surname(case)} {first_initials}",
            {"nominative": f"{nominative_surname} {first_initials}"},
        ),
        "gender": gender,
        "female": gender == "female",
    }


def _same_person(full_name: str) -> str:
    return " ".join(full_name.split()).casefold().replace("ё", "е")


def _teacher_gender(full_name: str) -> Gender | None:
    from sferum_cli.grammar import GrammarError, gender_from_patronymic, split_full_name

    try:
        return gender_from_patronymic(split_full_name(full_name)[2])
    except GrammarError:
        return None


def acquaintance(school: School) -> dict[str, Any]:
    """Who signs that they have read the order: everyone it binds who is in the file.

    The administrator first, then the teachers of ``teachers:`` and the class
    teachers of ``classes:`` in file order, each once (a class teacher without
    a position is shown as the class teacher of their classes); the director
    signs the order itself and is not listed.
    """
    from sferum_cli import grammar

    admin = school.administrator
    admin_gender = _gender(admin.full_name, admin.gender)
    people: list[dict[str, Any]] = [
        {
            "full_name": admin.full_name,
            "initials": grammar.initials_surname(admin.full_name, "nominative", admin_gender),
            "position": admin.position,
            "gender": admin_gender,
            "female": admin_gender == "female",
        }
    ]
    teachers: dict[str, tuple[str, str]] = {}  # key → (full name, position)
    for teacher in school.teachers:
        teachers.setdefault(
            _same_person(teacher.full_name), (teacher.full_name, teacher.position or "")
        )
    guided: dict[str, list[str]] = {}
    for school_class in school.classes:
        if school_class.teacher:
            key = _same_person(school_class.teacher)
            teachers.setdefault(key, (school_class.teacher, ""))
            guided.setdefault(key, []).append(school_class.name)
    skip = {_same_person(admin.full_name), _same_person(school.director.full_name)}
    for key, (full_name, position) in teachers.items():
        if key in skip:
            continue
        if not position and key in guided:
            names = guided[key]
            position = f"классный руководитель {', '.join(names)} "
            position += "класса" if len(names) == 1 else "классов"
        gender = _teacher_gender(full_name)
        people.append(
            {
                "full_name": full_name,
                # The nominative needs no gender: the surname is printed as written.
                "initials": grammar.initials_surname(full_name, "nominative", gender or "male"),
                "position": position,
                "gender": gender,
                "female": gender == "female",
            }
        )
    if len(people) > 1:
        verb = "ознакомлены"
    else:
        verb = "ознакомлена" if people[0]["female"] else "ознакомлен"
    return {"verb": verb, "people": people}


def _case(name: str) -> Case:
    if name not in CASE_NAMES:
        raise KeyError(name)
    return name  # type: ignore[return-value]


def _dated(number: str | None, date: dt.date) -> dict[str, str]:
    from sferum_cli import grammar

    return {
        "number": number or "",
        "number_sign": grammar.number_sign(number) if number else "",
        "date": grammar.date_digits(date),
        "date_words": grammar.date_words(date),
    }


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def check_text(school: School) -> None:
    """Refuse values that XML cannot carry, naming the field (not the value)."""
    for path, text in _strings(school.model_dump(mode="json"), ""):
        found = _XML_ILLEGAL.search(text)
        if found:
            raise UserFileError(
                path=path,
                reason=f"недопустимый управляющий символ U+{ord(found.group()):04X}: "
                "уберите его из файла школы",
            )


def _terms(school: School) -> dict[str, str]:
    """The wording of the organisation's type; a school's programmes follow its levels."""
    from sferum_cli import education

    org = school.organization
    terms = dict(_TERMS[org.type])
    if org.type == "school":
        levels = education.of_school(school).levels
        terms["programmes_gen"] = education.programmes_gen(
            levels, additional=org.additional_programs
        )
    elif org.additional_programs and org.type != "additional_education":
        terms["programmes_gen"] += f", а также {education.ADDITIONAL_GEN}"
    return terms


def build(school: School, *, own_letterhead: bool = False) -> dict[str, Any]:
    """Template data for every document of ``school``."""
    from sferum_cli import education, grammar

    check_text(school)
    org = school.organization
    appointment = school.appointment
    policy = school.policy
    admin = person(school.administrator)
    admin.update(phone=school.administrator.phone, email=school.administrator.email)
    letter_date = appointment.letter_date or appointment.order_date
    approval_number = policy.approval_order_number or appointment.order_number
    approval_date = policy.approval_order_date or appointment.order_date
    by_appointment_order = (approval_number, approval_date) == (
        appointment.order_number,
        appointment.order_date,
    )
    return {
        "org": {
            "full_name": org.full_name,
            "full_name_cases": Forms(
                lambda case: grammar.decline_position(org.full_name, _case(case)),
                {"nominative": org.full_name, **_overrides(org.full_name_cases)},
            ),
            "short_name": org.short_name,
            "type": org.type,
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
            "education_levels": list(education.of_school(school).levels)
            if org.type == "school"
            else [],
            "additional_programs": org.additional_programs,
        },
        "director": person(school.director),
        "admin": admin,
        "order": _dated(appointment.order_number, appointment.order_date),
        "acquaintance": acquaintance(school),
        "letter": _dated(appointment.letter_number, letter_date),
        "approval": {
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
            "by_appointment_order": by_appointment_order,
        },
        "platform": {
            "messenger": school.platform.messenger,
            "messenger_name": school.messenger_name,
            "messenger_in": MESSENGER_IN[school.platform.messenger],
        },
        "terms": _terms(school),
        "sferum": dict(SFERUM),
        "own_letterhead": own_letterhead,
    }
