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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sferum_cli.errors import InvalidSchoolError, LoadError, Location
from sferum_cli.yamlio import Document, PathKey, Positions

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from sferum_cli.model import School
    from sferum_cli.school_paths import SchoolPaths

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    path: PathKey
    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "предупреждение: "
        where = f"{self.dotted}: " if self.path else ""
        return f"{self.location}: {where}{prefix}{self.message}"

    @property
    def dotted(self) -> str:
        return dotted(self.path)


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


# Pydantic's own error types → (stable code, Russian message); ``init`` words
# the errors of a single value with them too (sferum_cli.scaffold).
PYDANTIC_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("required", "обязательное поле не заполнено"),
    "string_type": ("type.string", "здесь нужен текст"),
    "string_too_short": ("required", "обязательное поле не заполнено"),
    "string_too_long": ("too_long", "слишком длинное значение"),
    # A text with a BeforeValidator (spaces collapsed) reports its length this way.
    "too_long": ("too_long", "слишком длинное значение"),
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


def _too_long(value: object, limit: int) -> str:
    """«слишком длинное значение: можно не больше 300 символов, а здесь 312»."""
    message = f"слишком длинное значение: можно не больше {limit} символов"
    if isinstance(value, str):
        message += f", а здесь {len(' '.join(value.split()))}"
    return message


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
        if kind in PYDANTIC_MESSAGES:
            code, message = PYDANTIC_MESSAGES[kind]
            if kind == "string_type" and _raw(document.data, loc) is None:
                code, message = "required", "обязательное поле не заполнено"
            if kind == "literal_error":
                message = f"недопустимое значение; возможные: {ctx.get('expected', '')}"
            if kind in ("string_too_long", "too_long") and ctx.get("field_type") != "List":
                message = _too_long(_raw(document.data, loc), int(ctx.get("max_length", 0)))
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
    from sferum_cli.semantic import PartialView, SchoolView, View, semantic_checks

    privacy.remember_names_in(document.data)
    result = Result(path=document.positions.file, positions=document.positions)
    try:
        school = School.model_validate(_without_empty(document.data))
    except ValidationError as exc:
        result.problems.extend(_from_validation_error(exc, document, School))
        view: View = PartialView(_without_empty(document.data))
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
        from sferum_cli.school_paths import SchoolPaths

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
    from sferum_cli.school_paths import SchoolPaths

    document = yamlio.load(path)  # a LoadError is said once, as it is
    result = validate_document(document)
    if result.school is None:
        raise InvalidSchoolError(path=result.path, problems=list(result.errors))
    return result.school, SchoolPaths(path, document.positions, files_root)
