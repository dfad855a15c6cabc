"""People of the view: the director, the administrator, who signs what.

Case forms are :class:`Forms`, computed on first use, so an output that only
prints the nominative never loads the declension dictionaries; the
``cases``/``position_cases`` overrides of the school file always win.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sferum_cli.grammar import Case, Gender
    from sferum_cli.model import Administrator, Cases, Director, School

_OBLIQUE: tuple[Case, ...] = ("genitive", "dative", "accusative", "instrumental", "prepositional")
CASE_NAMES: tuple[Case, ...] = ("nominative", *_OBLIQUE)


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


def case(name: str) -> Case:
    for known in CASE_NAMES:
        if known == name:
            return known
    raise KeyError(name)


def overrides(cases: Cases | None) -> dict[str, str]:
    if cases is None:
        return {}
    return {name: value for name in _OBLIQUE if (value := getattr(cases, name)) is not None}


def _gender(full_name: str, gender: Gender | None) -> Gender:
    from sferum_cli.people import gender_of

    # validation refuses a school file where the gender can't be known; a
    # School built in code without it falls back to the masculine forms.
    return gender_of(full_name, gender) or "male"


def _surname_of(full_form: str) -> str | None:
    from sferum_cli.grammar import GrammarError, split_full_name

    try:
        return split_full_name(full_form)[0]
    except GrammarError:
        return None


def lower_first(text: str) -> str:
    """«Заместитель директора» → «заместитель директора»; «ИТ-специалист» stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def person(person: Director | Administrator) -> dict[str, Any]:
    from sferum_cli import grammar

    full_name = person.full_name
    gender = _gender(full_name, person.gender)
    name_overrides = overrides(person.cases)
    position_overrides = overrides(person.position_cases)

    def name(name_case: str) -> str:
        return grammar.decline_name(full_name, case(name_case), gender)

    def position(position_case: str) -> str:
        return grammar.decline_position(person.position, case(position_case))

    initials = grammar.initials_surname(full_name, "nominative", gender)
    first_initials = initials.split(" ", 1)[0]

    def surname(name_case: str) -> str:
        override = name_overrides.get(name_case)
        from_override = _surname_of(override) if override else None
        if from_override:
            return from_override
        return grammar.decline_name(full_name, case(name_case), gender).split(" ", 1)[0]

    nominative_surname = full_name.split(" ", 1)[0]
    return {
        "full_name": full_name,
        "name": Forms(name, {"nominative": full_name, **name_overrides}),
        "position": person.position,
        "position_cases": Forms(position, {"nominative": person.position, **position_overrides}),
        "position_in_sentence": lower_first(person.position),
        "initials": initials,
        # «И.О. Фамилия» in three runs for a narrow column: see _runs.
        **_runs(initials),
        "initials_cases": Forms(
            lambda name_case: f"{first_initials} {surname(name_case)}", {"nominative": initials}
        ),
        "surname_initials": f"{nominative_surname} {first_initials}",
        "surname_initials_cases": Forms(
            lambda name_case: f"{surname(name_case)} {first_initials}",
            {"nominative": f"{nominative_surname} {first_initials}"},
        ),
        "gender": gender,
        "female": gender == "female",
    }


def administrator(school: School) -> dict[str, Any]:
    admin = school.administrator
    return {**person(admin), "phone": admin.phone, "email": admin.email}


def _same_person(full_name: str) -> str:
    return " ".join(full_name.split()).casefold().replace("ё", "е")


def _runs(initials: str) -> dict[str, str]:
    """«А.Ф. Петрова-Водкина» → «А.Ф. », «Петрова-», «Водкина», printed as three runs.

    The typography binds initials to a surname within one run only, so in a
    narrow column (a signature, the acquaintance list) the name breaks where a
    person would break it — after the initials, after a double surname's
    hyphen — and never inside a word; where it fits, it stays on one line.
    """
    given, space, surname = initials.rpartition(" ")
    first, hyphen, rest = surname.partition("-")
    return {
        "initials_given": f"{given}{space}",
        "initials_head": f"{first}{hyphen}",
        "initials_tail": rest,
    }


def _signs(full_name: str, position: str, gender: Gender | None) -> dict[str, Any]:
    from sferum_cli import grammar

    # The nominative needs no gender: the surname is printed as written.
    initials = grammar.initials_surname(full_name, "nominative", gender or "male")
    return {
        "full_name": full_name,
        "initials": initials,
        **_runs(initials),
        "position": position,
        "gender": gender,
        "female": gender == "female",
    }


def acquaintance(school: School) -> dict[str, Any]:
    """Who signs that they have read the order: everyone it binds who is in the file.

    The administrator first, then the teachers of ``teachers:`` (the school's
    roster, when the documents are made with it: :func:`sferum_cli.documents.render`)
    and the class teachers of ``classes:`` in file order, each once (a class teacher without
    a position is shown as the class teacher of their classes); the director
    signs the order itself and is not listed.
    """
    from sferum_cli.people import gender_of

    admin = school.administrator
    people = [_signs(admin.full_name, admin.position, _gender(admin.full_name, admin.gender))]
    teachers: dict[str, tuple[str, str, Gender | None]] = {}  # key → (name, position, gender)
    for teacher in school.teachers:
        teachers.setdefault(
            _same_person(teacher.full_name),
            (teacher.full_name, teacher.position or "", teacher.gender),
        )
    guided: dict[str, list[str]] = {}
    for school_class in school.classes:
        if school_class.teacher:
            key = _same_person(school_class.teacher)
            teachers.setdefault(key, (school_class.teacher, "", None))
            guided.setdefault(key, []).append(school_class.name)
    skip = {_same_person(admin.full_name), _same_person(school.director.full_name)}
    for key, (full_name, position, gender) in teachers.items():
        if key in skip:
            continue
        if not position and key in guided:
            names = guided[key]
            position = f"классный руководитель {', '.join(names)} "
            position += "класса" if len(names) == 1 else "классов"
        people.append(_signs(full_name, position, gender_of(full_name, gender)))
    if len(people) > 1:
        verb = "ознакомлены"
    else:
        verb = "ознакомлена" if people[0]["female"] else "ознакомлен"
    return {"verb": verb, "people": people}


def signer(school: School) -> dict[str, str]:
    """Who signs the e-mail: the administrator who sends it, unless the file says director."""
    if school.email.signed_by == "director":
        return {
            "full_name": school.director.full_name,
            "position": school.director.position,
            "phone_label": "Телефон",
            "phone": school.organization.phone,
        }
    admin = school.administrator
    return {
        "full_name": admin.full_name,
        "position": admin.position[:1].upper() + admin.position[1:],
        "phone_label": "Мобильный телефон",
        "phone": admin.phone,
    }
