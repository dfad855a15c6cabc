"""Every key of the school file is printed by some output, or says why not.

The keys are found by walking :class:`sferum_cli.model.School`, so a key
added to the model is checked without touching this file.  A text key is
printed when a distinctive value put into it is found in the rendered
outputs (documents as DOCX text, the e-mail with its headers, the
questionnaire, every role's checklist, every class's handout).  A key with a
closed set of values (choices, yes/no, numbers) is printed when changing it
changes some output.  Anything else must be named in :data:`NOT_PRINTED`.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Iterator
from inspect import isclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError, create_model
from test_documents_content import docx_text

from sferum_cli import documents, model
from sferum_cli.documents import kinds
from sferum_cli.mail import compose, questionnaire
from sferum_cli.mail.workflow import gather_attachments
from sferum_cli.onboarding import checklists, handouts, roles
from sferum_cli.onboarding import render as checklist_render
from sferum_cli.school_paths import SchoolPaths
from sferum_cli.validation import load_school

EXAMPLE = Path(__file__).parent.parent / "examples" / "kirov-school-32.yaml"

_CASES = ("genitive", "dative", "accusative", "instrumental", "prepositional")

NOT_PRINTED: dict[str, str] = {
    "version": "format version of the file: decides how it is read",
    "teachers_roster": "a file read for the teachers' list of the checklists; its path is not "
    "printed",
    "teachers[].classes": "used to decide which teacher still has to create class links",
    "documents.letterhead": "the school's blank the letter is laid onto; its path is not printed",
    "email.smtp.host": "contact used only for sending",
    "email.smtp.port": "contact used only for sending",
    "email.smtp.user": "contact used only for sending",
    "email.smtp.security": "contact used only for sending",
    "director.gender": "used to decline the director's name; the bundled documents print it "
    "in the nominative and as initials, which do not change with gender",
    # Case forms the bundled templates do not print; a school's own template
    # (--template) may, and then its override wins over the declension.
    **{
        f"{key}.{case}": f"override for a case the bundled documents do not print ({key})"
        for key in ("organization.full_name_cases", "director.cases", "director.position_cases")
        for case in _CASES
    },
    **{
        f"{key}.{case}": f"override for a case the bundled documents do not print ({key})"
        for key in ("administrator.cases", "administrator.position_cases")
        for case in _CASES
        if case != "accusative"  # the order appoints «назначить … кого?»
    },
}

# Other values a key is shown with (a key with a closed set of values is
# switched on top of them): a teacher's gender shows in «не зарегистрирована».
SHOWN_WITH: dict[str, dict[str, Any]] = {
    "teachers[].gender": {"teachers[].status": "not_registered"},
}


# --- the keys --------------------------------------------------------------


def _walk(annotation: Any, path: str) -> Iterator[tuple[str, Any]]:
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _walk(get_args(annotation)[0], path)
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _walk(arg, path)
    elif (
        origin is list
        and isclass(get_args(annotation)[0])
        and issubclass(get_args(annotation)[0], BaseModel)
    ):
        yield from leaves(get_args(annotation)[0], f"{path}[].")
    elif isclass(annotation) and issubclass(annotation, BaseModel):
        yield from leaves(annotation, f"{path}.")
    else:
        yield path, annotation


def leaves(model_class: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every key of ``model_class`` down to its values, lists of models as ``key[]``."""
    for name, field in model_class.model_fields.items():
        yield from _walk(field.annotation, f"{prefix}{name}")


def _scalar(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


# --- putting a value at a key ----------------------------------------------


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` in the school's data; ``a[].b`` is the first item of ``a``."""
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        if part.endswith("[]"):
            node = node[part[:-2]][0]
        else:
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
    if last.endswith("[]"):
        node[last[:-2]] = value if isinstance(value, list) else [value]
    else:
        node[last] = value


def _inn(seed: int) -> str:
    digits = [int(c) for c in f"{seed:09d}"]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def _ogrn(seed: int) -> str:
    head = f"1{seed:011d}"
    return head + str(int(head) % 11 % 10)


_LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def _name(n: int) -> str:
    return f"Щ{_LETTERS[n // len(_LETTERS)]}{_LETTERS[n % len(_LETTERS)]}ков Пётр Ильич"


# Distinctive values for key number n, tried in this order until the key's
# checks accept one: (kind, value).  What proves the key printed is the value
# as the model keeps it; for a name, its surname without the ending.
_CANDIDATES: tuple[tuple[str, Callable[[int], Any]], ...] = (
    ("text", lambda n: f"Метка{n:03d}"),
    ("name", _name),
    ("value", lambda n: f"+7 9{n:02d} 555-{n:02d}-{n:02d}"),
    ("value", lambda n: f"metka{n:03d}@example.ru"),
    ("value", lambda n: f"https://metka{n:03d}.example.ru"),
    ("value", lambda n: _inn(437_000_000 + n)),
    ("value", lambda n: f"4372{n:02d}001"),
    ("value", lambda n: _ogrn(71_234_500_000 + n)),
    ("value", lambda n: "Чукотский автономный округ"),
    ("value", lambda n: f"{n % 11 + 1}Ю"),
)

_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[part[:-2]][0] if part.endswith("[]") else data[part]
    return data


def _accepted(
    school_class: type[model.School], base: dict[str, Any], path: str, value: Any
) -> bool:
    data = _copy(base)
    _put(data, path, value)
    try:
        school_class.model_validate(data)
    except ValidationError:
        return False
    return True


def _marked(
    school_class: type[model.School],
    base: dict[str, Any],
    keys: list[tuple[str, Any]],
    files: Path,
) -> tuple[dict[str, str], set[str]]:
    """Put a distinctive value into every text and date key of ``base``.

    Returns key → the text that proves it printed, and the keys that got a
    plain text marker (nothing else could print those by chance).
    """
    chosen: dict[str, tuple[str, Any]] = {}
    for number, (path, annotation) in enumerate(keys):
        kind = _scalar(annotation)
        if kind is dt.date:
            chosen[path] = ("date", dt.date(2031, 1, 1) + dt.timedelta(days=number * 3))
            continue
        listed = get_origin(kind) is list and _scalar(get_args(kind)[0]) is str
        if kind is not str and not listed:
            continue
        for name, make in _CANDIDATES:
            value = [make(number)] if listed else make(number)
            if _accepted(school_class, base, path, value):
                chosen[path] = (name, value)
                break
        else:
            raise AssertionError(f"no distinctive value passes the checks of {path}")
    for path, (_, value) in chosen.items():
        _put(base, path, value)
    kept = school_class.model_validate(base).model_dump(mode="json")
    finds: dict[str, str] = {}
    for path, (name, value) in chosen.items():
        if name == "date":
            finds[path] = value.strftime("%d.%m.%Y")
        elif name == "name":
            finds[path] = value.split()[0][:-1]
        else:
            stored = _get(kept, path)
            finds[path] = stored[0] if isinstance(stored, list) else stored
        if name == "text" and "/" not in finds[path]:
            # A text key may be a file's path (an attachment): the file must exist.
            (files / finds[path]).write_bytes(_PDF)
    return finds, {path for path, (name, _) in chosen.items() if name == "text"}


# --- the outputs ------------------------------------------------------------


def _email(school: model.School, files: Path) -> str:
    attached = gather_attachments(school, SchoolPaths(files / "school.yaml"))
    message = compose.build_message(school, attached, timestamp=0)
    return f"{message['From']}\n{message['To']}\n{message['Subject']}\n" + compose.body_text(
        school, attached
    )


def outputs(school: model.School, files: Path) -> Iterator[tuple[str, Callable[[], str]]]:
    """Every output of a school, cheapest first, rendered when called.

    Document kinds and checklist roles come from their registries, so a new
    one is checked too.
    """
    yield "e-mail", lambda: _email(school, files)
    yield "questionnaire", lambda: questionnaire.render_text(school)
    for role in roles.ROLES:
        yield (
            f"checklist {role.name}",
            lambda name=role.name: checklist_render.text(checklists.build(school, name)),
        )
    for kind in kinds.KINDS:
        yield kind.name, lambda name=kind.name: docx_text(documents.render(name, school))
    yield (
        "handouts",
        lambda: "\n".join(docx_text(handouts.render_class(school, c)) for c in school.classes),
    )


# --- the check --------------------------------------------------------------


def _choices(annotation: Any) -> list[Any] | None:
    """Values to switch between for a key with a closed set of values, else None."""
    kind = _scalar(annotation)
    if get_origin(kind) is Literal:
        return list(get_args(kind))
    if kind is bool:
        return [False, True]
    if kind is int:
        return [7, 8]
    if get_origin(kind) is list and get_origin(_scalar(get_args(kind)[0])) is Literal:
        return [[value] for value in get_args(_scalar(get_args(kind)[0]))]
    return None


def _differs(
    school_class: type[model.School],
    base: dict[str, Any],
    path: str,
    values: list[Any],
    files: Path,
) -> bool:
    schools = []
    for value in values:
        data = _copy(base)
        for other, other_value in SHOWN_WITH.get(path, {}).items():
            _put(data, other, other_value)
        _put(data, path, value)
        schools.append(school_class.model_validate(data))
    renders = [dict(outputs(school, files)) for school in schools]
    return any(len({render[name]() for render in renders}) > 1 for name in renders[0])


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(value) for value in data]
    return data


_SPACES = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2007": " "})


def unprinted(school_class: type[model.School], files: Path) -> dict[str, str]:
    """Keys of ``school_class`` that no output prints, with what was looked for."""
    example = load_school(EXAMPLE).model_dump(mode="json")
    # The school's own totals hide the counts of what the file lists.
    example["organization"]["pupils_total"] = None
    example["organization"]["staff_total"] = None
    everything = list(leaves(school_class))
    keys = [(path, kind) for path, kind in everything if path not in NOT_PRINTED]
    marked = _copy(example)
    finds, plain = _marked(school_class, marked, everything, files)
    school = school_class.model_validate(marked)
    # Documents keep numbers together with no-break spaces: read them as spaces.
    printed = "\n".join(render() for _, render in outputs(school, files)).translate(_SPACES)
    missing = {
        path: f"«{find}» not found"
        for path, find in finds.items()
        if path not in NOT_PRINTED and find not in printed
    }
    missing.update(
        (path, f"«{find}» is printed: remove the key from NOT_PRINTED")
        for path, find in finds.items()
        if path in NOT_PRINTED and path in plain and find in printed
    )
    for path, kind in keys:
        if path in finds:
            continue
        values = _choices(kind)
        if values is None:
            missing[path] = f"no way to mark a value of type {kind!r}"
        elif not _differs(school_class, example, path, values, files):
            missing[path] = f"no output changes between {values!r}"
    return missing


def test_every_key_is_printed_or_named_as_not_printed(tmp_path: Path) -> None:
    missing = unprinted(model.School, tmp_path)
    assert not missing, (
        "keys of the school file that no output prints; print them or name them in "
        f"NOT_PRINTED with the reason: {missing}"
    )


def test_not_printed_names_only_real_keys() -> None:
    keys = {path for path, _ in leaves(model.School)}
    assert set(NOT_PRINTED) <= keys, set(NOT_PRINTED) - keys


def test_a_new_key_that_nothing_prints_is_reported(tmp_path: Path) -> None:
    organization = create_model(
        "Organization", __base__=model.Organization, telex=(str | None, None)
    )
    school = create_model("School", __base__=model.School, organization=(organization, ...))
    assert list(unprinted(school, tmp_path)) == ["organization.telex"]
