"""Checks across fields of a school file, and the values they read.

A check that compares two values (the letter is not dated before the order,
classes are not listed twice, the totals are not smaller than the lists) runs
on a school that validated as a whole (:class:`SchoolView`) and on a file with
structural errors too (:class:`PartialView`): there each value is validated on
its own, and one that failed is :data:`BAD` and skipped — it is reported
already.  :mod:`sferum_cli.validation` puts these problems next to the
structural ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sferum_cli.validation import Problem
from sferum_cli.yamlio import PathKey, Positions

if TYPE_CHECKING:
    from sferum_cli.model import School

BAD: Any = type("Invalid", (), {"__repr__": lambda self: "<invalid>"})()
"""A value that did not validate: it is reported already, checks skip it."""


class View:
    """Values of a school by path, for the checks across fields."""

    def get(self, path: PathKey) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def length(self, name: str) -> int:  # pragma: no cover - abstract
        raise NotImplementedError


class SchoolView(View):
    """A school that validated as a whole."""

    def __init__(self, school: School) -> None:
        self.school = school

    def get(self, path: PathKey) -> Any:
        value: Any = self.school
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        return value

    def length(self, name: str) -> int:
        return len(getattr(self.school, name))


def _item_model(annotation: Any) -> Any:
    """The model inside ``annotation`` (``X``, ``X | None``, ``list[X]``), if any."""
    from typing import get_args

    from pydantic import BaseModel

    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


@lru_cache(maxsize=256)
def field_adapter(model: Any, name: str) -> Any:
    from typing import Annotated

    from pydantic import ConfigDict, TypeAdapter

    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))


class PartialView(View):
    """A school file with structural errors: each value is validated on its
    own, so a wrong ИНН does not hide a letter dated before the order."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, path: PathKey) -> Any:
        from pydantic import ValidationError

        from sferum_cli.model import School

        model: Any = School
        raw: Any = self.data
        for index, part in enumerate(path):
            if isinstance(part, int):
                if not isinstance(raw, list) or part >= len(raw):
                    return BAD
                raw = raw[part]
                continue
            if model is None or not isinstance(raw, dict) or part not in model.model_fields:
                return BAD
            info = model.model_fields[part]
            value = raw.get(part)
            if index == len(path) - 1:
                if value is None:
                    return (
                        BAD if info.is_required() else info.get_default(call_default_factory=True)
                    )
                try:
                    return field_adapter(model, part).validate_python(value)
                except ValidationError:
                    return BAD
            if value is None:
                if info.is_required():
                    return BAD
                value = {}
            model, raw = _item_model(info.annotation), value
        return BAD

    def length(self, name: str) -> int:
        value = self.data.get(name)
        return len(value) if isinstance(value, list) else 0


def _person_gender(view: View, path: PathKey, positions: Positions) -> Iterator[Problem]:
    from sferum_cli.grammar import gender_from_patronymic, split_full_name

    full_name, gender = view.get((*path, "full_name")), view.get((*path, "gender"))
    if gender or full_name is BAD:
        return
    _, _, patronymic = split_full_name(full_name)
    if gender_from_patronymic(patronymic) is None:
        yield Problem(
            "error",
            (*path, "gender"),
            "gender.required",
            "по ФИО не удалось определить пол (нужен для склонения): "
            "добавьте «gender: male» или «gender: female»",
            positions.of_value((*path, "full_name")),
        )


DATE_PATHS: tuple[PathKey, ...] = (
    ("appointment", "order_date"),
    ("appointment", "letter_date"),
    ("policy", "council_protocol_date"),
    ("policy", "approval_order_date"),
)


# Values a school can do without, but a document then has a gap: a warning at
# the section, since the key itself is missing.
_WORTH_FILLING: tuple[tuple[tuple[str, str], str, str], ...] = (
    (
        ("organization", "website"),
        "organization.no_website",
        "не указан сайт школы: его обычно пишут на бланке письма",
    ),
    (
        ("appointment", "letter_number"),
        "appointment.no_letter_number",
        "не указан исходящий номер письма: на бланке останется пустое место",
    ),
)


def semantic_checks(
    view: View, positions: Positions, *, today: dt.date | None = None
) -> Iterator[Problem]:
    """Checks across fields. A value that failed its own validation is
    :data:`BAD` and skipped, so these run on a file with structural errors too."""
    from sferum_cli.model import Progress

    today = today or dt.date.today()
    yield from _person_gender(view, ("director",), positions)
    yield from _person_gender(view, ("administrator",), positions)

    progress = tuple(("progress", name) for name in Progress.model_fields)
    for path in (*DATE_PATHS, *progress):
        value = view.get(path)
        if isinstance(value, dt.date) and value > today:
            yield Problem(
                "error",
                path,
                "date.future",
                f"дата {value:%d.%m.%Y} ещё не наступила",
                positions.of_value(path),
            )
    letter_date = view.get(("appointment", "letter_date"))
    order_date = view.get(("appointment", "order_date"))
    dated = isinstance(letter_date, dt.date) and isinstance(order_date, dt.date)
    if dated and letter_date < order_date:
        yield Problem(
            "error",
            ("appointment", "letter_date"),
            "date.letter_before_order",
            "письмо не может быть датировано раньше приказа о назначении администратора",
            positions.of_value(("appointment", "letter_date")),
        )

    for section, key, code, template in UNIQUE_ITEMS:
        yield from _duplicates(view, section, key, code, template, positions)

    inn, kpp = view.get(("organization", "inn")), view.get(("organization", "kpp"))
    if BAD not in (inn, kpp) and inn[:4] != kpp[:4]:
        yield Problem(
            "warning",
            ("organization", "kpp"),
            "kpp.inn_mismatch",
            "первые четыре цифры КПП и ИНН различаются: проверьте, "
            "это КПП самой организации, а не филиала",
            positions.of_value(("organization", "kpp")),
        )
    director = view.get(("director", "full_name"))
    if director is not BAD and director == view.get(("administrator", "full_name")):
        yield Problem(
            "warning",
            ("administrator", "full_name"),
            "administrator.is_director",
            "администратором назначен сам директор: обычно назначают другого работника, "
            "чтобы директор подписывал приказ, а не исполнял его",
            positions.of_value(("administrator", "full_name")),
        )
    for path, code, message in _WORTH_FILLING:
        if view.get(path) is None:
            yield Problem("warning", path, code, message, positions.of_key(path[:1]))
    if isinstance(view, SchoolView):  # checks that need the whole school
        from sferum_cli import crosschecks

        yield from crosschecks.all_checks(view.school, positions)
        yield from _totals(view.school, positions)
        yield from _education_levels(view.school, positions)
        yield from _approval_order(view.school, positions)
    for i in range(view.length("classes")):
        name = view.get(("classes", i, "name"))
        if name is not BAD and view.get(("classes", i, "invite_link")) is None:
            yield Problem(
                "warning",
                ("classes", i, "invite_link"),
                "class.no_invite_link",
                f"у класса {name} пока нет ссылки-приглашения",
                positions.of_value(("classes", i)),
            )


def _totals(school: School, positions: Positions) -> Iterator[Problem]:
    """The school's own totals can't be smaller than what the file itself lists."""
    from sferum_cli.mail.questionnaire import listed_teachers, pupils_total

    org = school.organization
    listed_pupils, _ = pupils_total(school)
    if org.pupils_total is not None and listed_pupils and org.pupils_total < listed_pupils:
        path: PathKey = ("organization", "pupils_total")
        yield Problem(
            "warning",
            path,
            "organization.pupils_total_too_small",
            f"всего обучающихся указано {org.pupils_total}, а в перечисленных классах "
            f"их {listed_pupils}: проверьте число",
            positions.of_value(path),
        )
    teachers = listed_teachers(school)
    if org.staff_total is not None and org.staff_total < teachers:
        path = ("organization", "staff_total")
        yield Problem(
            "warning",
            path,
            "organization.staff_total_too_small",
            f"всего педагогических работников указано {org.staff_total}, а в файле школы "
            f"перечислено учителей: {teachers}; проверьте число",
            positions.of_value(path),
        )


def _approval_order(school: School, positions: Positions) -> Iterator[Problem]:
    """A date of the approving order without its number borrows the appointment's number."""
    policy, appointment = school.policy, school.appointment
    if (
        policy.approval_order_date is not None
        and policy.approval_order_number is None
        and policy.approval_order_date != appointment.order_date
    ):
        path: PathKey = ("policy", "approval_order_number")
        yield Problem(
            "warning",
            path,
            "policy.approval_order_without_number",
            "указана дата приказа об утверждении Положения, но не его номер: в Положении "
            f"будет номер приказа о назначении ({appointment.order_number}) с другой датой. "
            "Укажите policy.approval_order_number или уберите approval_order_date",
            positions.of_value(("policy", "approval_order_date")),
        )


def _levels_hint(levels: Iterable[str]) -> str:
    return f"укажите их явно в разделе organization: «education_levels: [{', '.join(levels)}]»"


def _education_levels(school: School, positions: Positions) -> Iterator[Problem]:
    """Warn when the Положение's levels of education are a guess."""
    from sferum_cli import education

    org = school.organization
    path: PathKey = ("organization", "education_levels")
    if org.type != "school":
        if org.education_levels is not None:
            yield Problem(
                "warning",
                path,
                "education_levels.not_school",
                "уровни общего образования учитываются только для школ (type: school): "
                "в Положении этой организации они не упоминаются",
                positions.of_value(path),
            )
        return
    found = education.of_school(school)
    levels = education.nominative_list(found.levels)
    if found.source == "name":
        yield Problem(
            "warning",
            path,
            "education_levels.from_name",
            f"уровни образования для Положения определены по наименованию "
            f"(«{found.name_evidence}»): {levels}; проверьте и {_levels_hint(found.levels)}",
            positions.of_value(("organization", found.name_field or "full_name")),
        )
    elif found.source == "assumed":
        yield Problem(
            "warning",
            path,
            "education_levels.assumed",
            "уровни образования не удалось определить ни по классам, ни по наименованию: "
            f"в Положении указаны все три ({levels}); если это не так, "
            f"{_levels_hint(found.levels)}",
            positions.of_key(("organization",)),
        )
    elif found.source == "classes":
        named = education.from_name([("short_name", org.short_name), ("full_name", org.full_name)])
        if named is not None and named[0] != found.levels:
            by_name, _, evidence = named
            yield Problem(
                "warning",
                path,
                "education_levels.classes_differ_from_name",
                f"по классам в файле уровни образования — {levels}, а по наименованию "
                f"(«{evidence}») — {education.nominative_list(by_name)}; в Положение попадут "
                f"уровни по классам. Если классы перечислены не все, {_levels_hint(by_name)}",
                positions.of_key(("classes",)),
            )


# Lists whose items must differ by one field: (list, field, code, message).
UNIQUE_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("classes", "name", "class.duplicate", "класс {value} уже указан в строке {line}"),
    ("teachers", "full_name", "teacher.duplicate", "этот учитель уже указан в строке {line}"),
)


def _duplicates(
    view: View, section: str, key: str, code: str, template: str, positions: Positions
) -> Iterator[Problem]:
    first_seen: dict[str, PathKey] = {}
    for index in range(view.length(section)):
        path: PathKey = (section, index, key)
        value = view.get(path)
        if value is BAD:
            continue
        if value in first_seen:
            line = positions.of_value(first_seen[value]).line
            yield Problem(
                "error",
                path,
                code,
                template.format(value=value, line=line),
                positions.of_value(path),
            )
        else:
            first_seen[value] = path
