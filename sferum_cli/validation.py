"""Load a school file into the model, collecting every problem with its place.

:func:`check` never raises for bad input and never prints: it returns a
:class:`Result` for the reporters.  :func:`load_school` is what every
document command uses: it returns a valid :class:`~sferum_cli.model.School`
or raises :class:`~sferum_cli.errors.InvalidSchoolError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sferum_cli.errors import InvalidSchoolError, LoadError, Location
from sferum_cli.yamlio import Document, PathKey, Positions

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from sferum_cli.files import SchoolPaths
    from sferum_cli.model import School

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    path: PathKey
    code: str
    message: str
    location: Location

    @property
    def dotted(self) -> str:
        return dotted(self.path)

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "предупреждение: "
        where = f"{self.dotted}: " if self.path else ""
        return f"{self.location}: {where}{prefix}{self.message}"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dotted(path: PathKey) -> str:
    """``classes[0].name``; a key that is not a plain name is quoted:
    ``administrator["o.ivanova@example.ru"]`` (its dots are not path separators)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(str(part)):
            text += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Result:
    path: str
    school: School | None = None
    problems: list[Problem] = field(default_factory=list)
    positions: Positions | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def warnings_as_errors(self) -> Result:
        """``--strict``: every warning counts as an error, in every report format."""
        self.problems = [
            Problem("error", p.path, p.code, p.message, p.location) for p in self.problems
        ]
        if self.errors:
            self.school = None
        return self

    def without_school(self) -> Result:
        """The report part only: a region's 40,000 results stay small in memory."""
        self.school = None
        self.positions = None
        return self


# Pydantic's own error types → (stable code, Russian message).
_PYDANTIC_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("required", "обязательное поле не заполнено"),
    "string_type": ("type.string", "здесь нужен текст"),
    "string_too_short": ("required", "обязательное поле не заполнено"),
    "string_too_long": ("too_long", "слишком длинное значение"),
    "int_parsing": ("type.integer", "здесь нужно целое число"),
    "int_type": ("type.integer", "здесь нужно целое число"),
    "greater_than_equal": ("range", "число слишком маленькое"),
    "less_than_equal": ("range", "число слишком большое"),
    "list_type": ("type.list", "здесь нужен список (строки, начинающиеся с «- »)"),
    "model_type": ("type.mapping", "здесь нужен набор «ключ: значение»"),
    "model_attributes_type": ("type.mapping", "здесь нужен набор «ключ: значение»"),
    "date_type": ("date.format", "дата записывается как ГГГГ-ММ-ДД"),
    "literal_error": ("choice", "недопустимое значение"),
    "bool_parsing": ("type.boolean", "здесь нужно true или false"),
    "bool_type": ("type.boolean", "здесь нужно true или false"),
}


def _model_fields(model: type[BaseModel], path: PathKey) -> list[str]:
    """Names of the fields of the (sub)model at ``path``, for «did you mean»."""
    from typing import get_args

    from pydantic import BaseModel

    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        annotation = info.annotation
        candidates = [annotation, *get_args(annotation)]
        for arg in list(candidates):
            candidates.extend(get_args(arg))
        current = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if current is None:
            return []
    return list(current.model_fields) if current is not None else []


def _raw(data: Any, path: PathKey) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _from_validation_error(
    exc: ValidationError, document: Document, model: type[BaseModel]
) -> Iterator[Problem]:
    positions = document.positions
    for error in exc.errors(include_input=False, include_url=False):
        loc: PathKey = tuple(error["loc"])
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind == "extra_forbidden":
            key = str(loc[-1])
            known = _model_fields(model, loc[:-1])
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" Возможно, имелось в виду «{close[0]}»." if close else ""
            allowed = ", ".join(known)
            yield Problem(
                "error",
                loc,
                "unknown_key",
                f"неизвестный ключ «{key}».{hint} Допустимые ключи: {allowed}.",
                positions.of_key(loc),
            )
            continue
        if kind in _PYDANTIC_MESSAGES:
            code, message = _PYDANTIC_MESSAGES[kind]
            if kind == "string_type" and _raw(document.data, loc) is None:
                code, message = "required", "обязательное поле не заполнено"
            if kind == "literal_error":
                message = f"недопустимое значение; возможные: {ctx.get('expected', '')}"
            location = (
                positions.of_key(loc)
                if kind == "missing" and loc in positions.keys
                else positions.of_value(loc)
            )
            yield Problem("error", loc, code, message, location)
            continue
        # Our own PydanticCustomError: the type is the stable code.
        yield Problem("error", loc, kind, error["msg"], positions.of_value(loc))


def _without_empty(data: Any) -> Any:
    """An empty value (``key:``) means «not given»: the default applies, or
    the key is reported as missing — at the key's own line."""
    if isinstance(data, dict):
        return {k: _without_empty(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_empty(v) for v in data]
    return data


def validate_document(document: Document, *, today: dt.date | None = None) -> Result:
    """Every problem of the document in one round: the structural errors and,
    wherever the values they need are valid, the checks across fields."""
    from pydantic import ValidationError

    from sferum_cli import privacy
    from sferum_cli.model import School

    privacy.remember_names_in(document.data)
    result = Result(path=document.positions.file, positions=document.positions)
    try:
        school = School.model_validate(_without_empty(document.data))
    except ValidationError as exc:
        result.problems.extend(_from_validation_error(exc, document, School))
        view: _View = PartialView(_without_empty(document.data))
        result.problems.extend(semantic_checks(view, document.positions, today=today))
        return result
    result.problems.extend(semantic_checks(SchoolView(school), document.positions, today=today))
    if result.valid:
        result.school = school
    return result


def check(
    path: Path,
    *,
    display: str | None = None,
    today: dt.date | None = None,
    check_files: bool = False,
    files_root: Path | None = None,
) -> Result:
    """Load and validate one school file; never raises for bad input.

    With ``check_files``, every file the school file names must exist inside
    its folder or ``files_root`` (what ``build``, ``letter`` and ``email``
    will require).
    """
    from sferum_cli import yamlio

    file = display or yamlio.display_name(path)
    try:
        document = yamlio.load(path, file)
    except LoadError as exc:
        return Result(
            path=file,
            problems=[Problem("error", (), exc.code, exc.message, exc.location)],
        )
    result = validate_document(document, today=today)
    if check_files and result.school is not None:
        from sferum_cli.files import SchoolPaths

        paths = SchoolPaths(path, document.positions, files_root)
        for key, problem in paths.problems(result.school):
            result.problems.append(
                Problem("error", key, problem.code, problem.reason, problem.location)
            )
        if not result.valid:
            result.school = None
    return result


def load_school(path: Path, *, display: str | None = None) -> School:
    """The valid school in ``path`` or :class:`InvalidSchoolError`.

    A file that can't be read or parsed raises its :class:`LoadError` as it
    is: one message, not «not found» plus «contains errors (1)».
    """
    from sferum_cli import yamlio

    result = validate_document(yamlio.load(path, display))
    if result.school is None:
        raise InvalidSchoolError(path=result.path, problems=list(result.errors))
    return result.school


def load_school_and_paths(
    path: Path, *, files_root: Path | None = None
) -> tuple[School, SchoolPaths]:
    """The valid school and the resolver for the paths written in it."""
    from sferum_cli import yamlio
    from sferum_cli.files import SchoolPaths

    document = yamlio.load(path)  # a LoadError is said once, as it is
    result = validate_document(document)
    if result.school is None:
        raise InvalidSchoolError(path=result.path, problems=list(result.errors))
    return result.school, SchoolPaths(path, document.positions, files_root)


# --- checks across fields -------------------------------------------------

BAD: Any = type("Invalid", (), {"__repr__": lambda self: "<invalid>"})()
"""A value that did not validate: it is reported already, checks skip it."""


class _View:
    """Values of a school by path, for the checks across fields."""

    def get(self, path: PathKey) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def length(self, name: str) -> int:  # pragma: no cover - abstract
        raise NotImplementedError


class SchoolView(_View):
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
def _field_adapter(model: Any, name: str) -> Any:
    from typing import Annotated

    from pydantic import ConfigDict, TypeAdapter

    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))


class PartialView(_View):
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
                    return _field_adapter(model, part).validate_python(value)
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


def _person_gender(view: _View, path: PathKey, positions: Positions) -> Iterator[Problem]:
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


def semantic_checks(
    view: _View, positions: Positions, *, today: dt.date | None = None
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

    yield from _duplicates(
        (
            (("classes", i, "name"), view.get(("classes", i, "name")))
            for i in range(view.length("classes"))
        ),
        "class.duplicate",
        "класс {value} уже указан в строке {line}",
        positions,
    )
    yield from _duplicates(
        (
            (("teachers", i, "full_name"), view.get(("teachers", i, "full_name")))
            for i in range(view.length("teachers"))
        ),
        "teacher.duplicate",
        "этот учитель уже указан в строке {line}",
        positions,
    )

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
    if view.get(("organization", "website")) is None:
        yield Problem(
            "warning",
            ("organization", "website"),
            "organization.no_website",
            "не указан сайт школы: его обычно пишут на бланке письма",
            positions.of_key(("organization",)),
        )
    if view.get(("appointment", "letter_number")) is None:
        yield Problem(
            "warning",
            ("appointment", "letter_number"),
            "appointment.no_letter_number",
            "не указан исходящий номер письма: на бланке останется пустое место",
            positions.of_key(("appointment",)),
        )
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


def _duplicates(
    items: Iterable[tuple[PathKey, Any]],
    code: str,
    template: str,
    positions: Positions,
) -> Iterator[Problem]:
    first_seen: dict[str, PathKey] = {}
    for path, value in items:
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
