"""`sferum-cli init`: a commented school file, filled from flags, a data file or prompts.

The list of keys and their Russian comments come from the model, so the
scaffold can't drift from what ``validate`` accepts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sferum_cli.errors import UsageError
from sferum_cli.model import FORMAT_VERSION, School
from sferum_cli.yamlwrite import quote, unwritable

SCHEMA_FILE_NAME = "school.schema.json"
_SKIP = {"cases", "position_cases", "full_name_cases"}  # rare overrides: documented only


@dataclass(frozen=True)
class Leaf:
    path: tuple[str, ...]
    info: FieldInfo

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def help(self) -> str:
        return self.info.description or ""


def submodel(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def is_list(annotation: Any) -> bool:
    return any(get_origin(a) is list for a in (annotation, *get_args(annotation)))


def leaves(model: type[BaseModel] = School, prefix: tuple[str, ...] = ()) -> Iterator[Leaf]:
    """Scalar keys of the school file, in file order (lists are not leaves)."""
    for name, info in model.model_fields.items():
        if name in _SKIP or is_list(info.annotation):
            continue
        sub = submodel(info.annotation)
        if sub is not None:
            yield from leaves(sub, (*prefix, name))
        else:
            yield Leaf((*prefix, name), info)


def leaf_index() -> dict[str, Leaf]:
    return {leaf.dotted: leaf for leaf in leaves()}


def check_value(leaf: Leaf, value: str) -> str | None:
    """The Russian error for ``value`` at ``leaf``, or ``None`` if it is fine."""
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    from sferum_cli.validation import PYDANTIC_MESSAGES

    problem = unwritable(value)
    if problem:
        return problem
    annotation: Any = leaf.info.annotation
    if leaf.info.metadata:
        annotation = Annotated[annotation, *leaf.info.metadata]
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        if error["type"] in PYDANTIC_MESSAGES:
            return PYDANTIC_MESSAGES[error["type"]][1]
        return str(error["msg"])
    return None


def nest(values: Mapping[str, str]) -> dict[str, Any]:
    """Dotted keys → the school file's nested data: ``{"a.b": "x"}`` → ``{"a": {"b": "x"}}``."""
    data: dict[str, Any] = {}
    for dotted, value in values.items():
        *parents, name = dotted.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[name] = value
    return data


def check_across(leaf: Leaf, value: str | None, values: Mapping[str, str]) -> str | None:
    """The Russian error of the checks across fields (dates in the future, the
    letter before the order, a gender the name does not tell) that concerns
    ``leaf`` once it is ``value``; ``None`` if there is none."""
    from sferum_cli.semantic import PartialView, semantic_checks
    from sferum_cli.yamlio import Positions

    merged = {k: v for k, v in values.items() if v and k != leaf.dotted}
    if value:
        merged[leaf.dotted] = value
    for problem in semantic_checks(PartialView(nest(merged)), Positions(file="")):
        if problem.severity == "error" and problem.path == leaf.path:
            return problem.message
    return None


def parse_assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageError(message=f"--set ожидает «ключ=значение», получено: {text!r}")
    index = leaf_index()
    if key not in index:
        close = difflib.get_close_matches(key, list(index), n=1)
        hint = f" Возможно, имелось в виду «{close[0]}»." if close else ""
        raise UsageError(message=f"--set: неизвестный ключ «{key}».{hint}")
    return key, value.strip()


def flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            yield from flatten(value, dotted)
        else:
            yield dotted, value


LINE_WIDTH = 80  # yamllint's default line-length


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=max(width, 20), break_long_words=False) or [""]


def _comment(text: str, indent: str) -> list[str]:
    """``# text`` lines at ``indent`` that fit the line width."""
    return [f"{indent}# {line}" for line in _wrap(text, LINE_WIDTH - len(indent) - 2)]


def fit_line(lead: str, token: str, indent: str) -> list[str]:
    """``lead`` + a scalar ``token``; a long double-quoted token continues on the
    next lines.  YAML folds a line break inside quotes into one space; where the
    text has several spaces, the line ends with them and an escaped line break
    (``\\``), which keeps them."""
    import re

    if len(lead) + len(token) <= LINE_WIDTH or not token.startswith('"'):
        return [f"{lead}{token}".rstrip()]
    parts = re.split(r"( +)", token)
    lines: list[str] = []
    current = lead + parts[0]
    if len(current) > LINE_WIDTH:  # the value starts on its own line
        lines.append(lead.rstrip())
        current = indent + parts[0]
    gaps, words = parts[1::2], parts[2::2]
    for i, (gap, word) in enumerate(zip(gaps, words, strict=True)):
        after = gaps[i + 1] if i + 1 < len(gaps) else " "
        room = len(after) + 1 if len(after) > 1 else 0  # for a break after this word
        if len(current) + len(gap) + len(word) + room <= LINE_WIDTH or not word:
            current += gap + word
        else:
            lines.append(current if gap == " " else f"{current}{gap}\\")
            current = indent + word
    lines.append(current)
    return lines


def _dump_list(key: str, items: list[Any], indent: str) -> list[str]:
    if not items:
        return [f"{indent}{key}: []"]
    lines = [f"{indent}{key}:"]
    for item in items:
        if isinstance(item, dict) and item:
            first = True
            for sub_key, sub_value in item.items():
                lead = f"{indent}  - " if first else f"{indent}    "
                lines.extend(
                    fit_line(f"{lead}{_key(sub_key)}: ", _scalar(sub_value), f"{indent}      ")
                )
                first = False
        else:
            lines.extend(fit_line(f"{indent}  - ", _flow(item), f"{indent}    "))
    return lines


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) else quote(key)


def _flow(value: Any) -> str:
    """Any loaded value (str, None, list, mapping) in YAML's flow style."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quote(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return quote(str(value))


def _scalar(value: Any) -> str:
    return "" if value is None else _flow(value)


_LIST_EXAMPLES = {
    "classes": [
        "# Пример:",
        "#   - name: 5А",
        "#     teacher: Фамилия Имя Отчество",
        "#     pupils: 25",
        "#     invite_link: https://…  (ссылка из Сферума)",
    ],
    "teachers": [
        "# Пример:",
        "#   - full_name: Фамилия Имя Отчество",
        "#     position: учитель математики",
        "#     status: not_registered   # pending, verified",
    ],
    "attachments": ["# Пример: [scan-letter.pdf]"],
}


def render(values: dict[str, str], lists: dict[str, list[Any]]) -> str:
    """The commented YAML text of a school file with ``values`` filled in."""
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}",
        "# Файл школы для sferum-cli, формат версии 1.",
        "# Заполните значения после двоеточий; текст после «#» — подсказки.",
        "# Проверка: sferum-cli validate <этот файл>",
        "---",
    ]

    def emit(model: type[BaseModel], prefix: tuple[str, ...], indent: str) -> None:
        for name, info in model.model_fields.items():
            if name in _SKIP:
                continue
            path = (*prefix, name)
            dotted = ".".join(path)
            description = info.description or ""
            sub = submodel(info.annotation)
            if is_list(info.annotation):
                if not prefix:
                    lines.append("")
                lines.extend(_comment(f"{description} (необязательно)", indent))
                for example in _LIST_EXAMPLES.get(name, []):
                    lines.append(f"{indent}{example}")
                lines.extend(_dump_list(name, lists.get(dotted, []), indent))
            elif sub is not None:
                if not prefix:
                    lines.append("")
                lines.extend(_comment(description, indent))
                lines.append(f"{indent}{name}:")
                emit(sub, path, indent + "  ")
            else:
                optional = not info.is_required() and "необязательно" not in description
                mark = " (необязательно)" if optional else ""
                value = values.get(dotted)
                text = str(FORMAT_VERSION) if dotted == "version" else _scalar(value)
                entry = f"{indent}{name}: {text}".rstrip()
                inline = f"{entry}  # {description}{mark}"
                if len(inline) <= LINE_WIDTH:
                    lines.append(inline)
                else:  # the hint above the key, wrapped
                    lines.extend(_comment(f"{description}{mark}", indent))
                    lines.extend(fit_line(f"{indent}{name}: ", text, f"{indent}  "))

    emit(School, (), "")
    return "\n".join(lines) + "\n"


def missing_required(values: dict[str, str]) -> list[str]:
    return [leaf.dotted for leaf in leaves() if leaf.required and not values.get(leaf.dotted)]


def collect(
    *,
    data: dict[str, Any],
    assignments: list[str],
    ask: Callable[[Leaf, str | None, Mapping[str, str]], str | None] | None,
) -> tuple[dict[str, str], dict[str, list[Any]]]:
    """Values from a data file, then ``--set``, then prompts for what is left."""
    index = leaf_index()
    values: dict[str, str] = {"version": "1"}
    lists: dict[str, list[Any]] = {}
    for dotted, value in flatten(data):
        if isinstance(value, list):
            lists[dotted] = value
        elif dotted in index and value is not None:
            values[dotted] = str(value)
        elif dotted not in index:
            close = difflib.get_close_matches(dotted, list(index), n=1)
            hint = f" Возможно, имелось в виду «{close[0]}»." if close else ""
            raise UsageError(message=f"--data-file: неизвестный ключ «{dotted}».{hint}")
    for text in assignments:
        key, value = parse_assignment(text)
        values[key] = value
    for dotted, value in values.items():
        problem = check_value(index[dotted], value) if value else None
        if problem:
            raise UsageError(message=f"{dotted}: {problem}")
    if ask is not None:
        for leaf in leaves():
            if leaf.dotted == "version" or values.get(leaf.dotted):
                continue
            answer = ask(leaf, values.get(leaf.dotted), values)
            if answer:
                values[leaf.dotted] = answer
    return values, lists
