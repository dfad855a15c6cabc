"""JSON Schema (2020-12) of the school file, generated from the model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

SCHEMA_ID = "urn:sferum-cli:school-file:1"

# What the schema sees is not what the loader sees.  Our loader keeps every
# scalar as text; an editor or check-jsonschema reads YAML 1.2 and types
# ``inn: 4345000000`` as a number and ``short_name: true`` as a boolean.  So
# every rule below accepts each form in which the loader would read a valid
# text, and refuses what it can express that the loader refuses.  What the
# schema cannot express is listed here, printed in ``docs/school-file.md`` and
# tested (tests/test_schema_agreement.py).

# Loader error codes whose rule the schema cannot express.
NOT_IN_SCHEMA: dict[str, str] = {
    "inn.checksum": "контрольная цифра ИНН",
    "ogrn.checksum": "контрольная цифра ОГРН",
    "phone.format": "телефон: разбор номера",
    "phone.invalid": "телефон: существует ли такой номер",
    "phone.not_mobile": "телефон: мобильный или городской",
    "email.invalid": "адрес почты сверх вида «имя@домен.зона»",
    "region.unknown": "субъект РФ: сверка с перечнем",
    "date.invalid": "дни, которых нет в календаре (30.02.2025)",
    "date.future": "даты в будущем",
    "date.letter_before_order": "письмо раньше приказа",
    "gender.required": "пол по отчеству",
    "class.duplicate": "повторяющиеся классы",
    "teacher.duplicate": "повторяющиеся учителя",
    "too_long": "длина текста (программа считает её после сжатия пробелов)",
}
# What YAML itself hides from a schema validator.
NOT_IN_SCHEMA_YAML = (
    "числа без кавычек, которые YAML читает иначе, чем написано (0x1F, 1_000, 010, +5, 5.0)",
    "число цифр ИНН, КПП и ОГРН, записанных без кавычек (YAML отбрасывает ведущие нули)",
    "якоря и ссылки YAML (&, *) и управляющие символы в тексте",
)

_SPACE = r"\s*"
_SEP = r"[\s-]*"  # ИНН, КПП, ОГРН: the loader drops spaces and hyphens anywhere


def _ci(word: str) -> str:
    """``https`` → ``[Hh][Tt][Tt][Pp][Ss]`` (URL schemes are case-insensitive)."""
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


def _separated(tokens: list[str]) -> str:
    return _SEP + _SEP.join(tokens) + _SEP


def _digits_rule(count: int, *, first: str = "[0-9]", minimum: int = 1) -> dict[str, Any]:
    """A number of exactly ``count`` digits: text (not all zeros) or a YAML integer
    (which has already lost its leading zeros)."""
    pattern = f"^(?![\\s0-]*$){_separated([first] + ['[0-9]'] * (count - 1))}$"
    return {
        "anyOf": [
            {"type": "string", "pattern": pattern},
            {"type": "integer", "minimum": minimum, "maximum": 10**count - 1},
        ]
    }


def inn_rule() -> dict[str, Any]:
    return _digits_rule(10)


def ogrn_rule() -> dict[str, Any]:
    return _digits_rule(13, first="[1-9]", minimum=10**12)


def kpp_rule() -> dict[str, Any]:
    tokens = ["[0-9]"] * 4 + ["[0-9A-Za-z]"] * 2 + ["[0-9]"] * 3
    return {
        "anyOf": [
            {"type": "string", "pattern": f"^{_separated(tokens)}$"},
            {"type": "integer", "minimum": 0, "maximum": 10**9 - 1},
        ]
    }


def class_name_rule() -> dict[str, Any]:
    """Grade 1–11 and an optional Cyrillic letter; the loader ignores spaces,
    hyphens and «» anywhere («5-А», «5 «А»», and so ``-5`` too)."""
    sep = "[ «»-]*"
    grade = f"(?:0{sep}[1-9]|1{sep}[01]|[1-9])"
    pattern = f"^{_SPACE}{sep}{grade}{sep}(?:[А-ЯЁа-яё]{sep})?{_SPACE}$"
    return {
        "anyOf": [
            {"type": "string", "pattern": pattern},
            {"type": "integer", "minimum": 1, "maximum": 11},
            {"type": "integer", "minimum": -11, "maximum": -1},
        ]
    }


def full_name_rule() -> dict[str, Any]:
    from sferum_cli.people import FULL_NAME

    body = FULL_NAME.pattern.removeprefix("^").removesuffix("$").replace(" ", r"\s+")
    return {"type": "string", "pattern": f"^{_SPACE}{body}{_SPACE}$"}


def date_rule() -> dict[str, Any]:
    month = "(?:0[1-9]|1[0-2])"
    day = "(?:0[1-9]|[12][0-9]|3[01])"
    iso = f"(?!0000)[0-9]{{4}}-{month}-{day}"
    russian = "0?(?:[1-9]|[12][0-9]|3[01])\\.(?:0?[1-9]|1[0-2])\\.(?!0000)[0-9]{4}"
    return {"type": "string", "pattern": f"^{_SPACE}(?:{iso}|{russian}){_SPACE}$"}


def email_rule() -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{_SPACE}[^\\s@]+@[^\\s@]+\\.[^\\s@]+{_SPACE}$"}


def phone_rule() -> dict[str, Any]:
    return {"type": ["string", "number"], "pattern": "\\S"}


def https_link_rule() -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{_SPACE}{_ci('https')}://[^\\s/?#]\\S*{_SPACE}$"}


def website_rule() -> dict[str, Any]:
    """``https://…``, ``http://…`` or a bare host (the loader adds ``https://``)."""
    scheme = f"{_ci('http')}[Ss]?://"
    pattern = f"^{_SPACE}(?:{scheme}|(?!.*://))[^\\s/?#]\\S*{_SPACE}$"
    return {"anyOf": [{"type": "string", "pattern": pattern}, {"type": ["number", "boolean"]}]}


def version_rule() -> dict[str, Any]:
    return {"anyOf": [{"const": 1}, {"type": "string", "pattern": f"^{_SPACE}1{_SPACE}$"}]}


def _range_parts(low: int, high: int) -> list[tuple[str, str]]:
    """[low, high] as ranges whose bounds have equal length and differ digit by
    digit in one contiguous span each (the to-regex-range construction)."""
    stops = {high}
    nines = 1
    while True:
        text = str(low)
        stop = int(text[:-nines] + "9" * nines) if len(text) > nines else 10**nines - 1
        if not low <= stop < high:
            break
        stops.add(stop)
        nines += 1
    zeros = 1
    while True:
        stop = (high + 1) - (high + 1) % 10**zeros - 1
        if not low < stop <= high:
            break
        stops.add(stop)
        zeros += 1
    parts, start = [], low
    for stop in sorted(stops):
        parts.append((str(start), str(stop)))
        start = stop + 1
    return parts


def integer_text_pattern(low: int, high: int | None) -> str:
    """What Pydantic reads as an integer in [low, high] (low >= 0) from text:
    spaces around, a sign, leading zeros, ``_`` between digits, a ``.0`` tail."""
    if high is None:
        number = "[0-9](?:_?[0-9])*" if low == 0 else None
        if number is None:
            width = len(str(low))
            bounded = integer_text_pattern(low, 10**width - 1)
            longer = f"[1-9](?:_?[0-9]){{{width},}}"
            return bounded.replace("(?:", f"(?:{longer}|", 1)
    else:
        alternatives = []
        for start, stop in _range_parts(low, high):
            tokens = [a if a == b else f"[{a}-{b}]" for a, b in zip(start, stop, strict=True)]
            alternatives.append("_?".join(tokens))
        number = "|".join(alternatives)
    zero = "|-(?:0_?)*0" if low == 0 else ""
    return f"^{_SPACE}(?:\\+?(?:0_?)*(?:{number}){zero})(?:\\.0+)?{_SPACE}$"


def _integer(node: Any) -> dict[str, Any]:
    low = int(node.get("minimum", node.get("exclusiveMinimum", -1) + 1))
    high = node.get("maximum")
    if "exclusiveMaximum" in node:
        high = int(node["exclusiveMaximum"]) - 1
    low = max(low, 0)
    meta = {k: v for k, v in node.items() if k in ("title", "description", "default")}
    number = {"type": "integer", "minimum": low}
    if high is not None:
        number["maximum"] = high
    text = {"type": "string", "pattern": integer_text_pattern(low, high)}
    return {**meta, "anyOf": [number, text]}


_BOOLEAN_WORDS = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")


def _boolean(node: Any) -> dict[str, Any]:
    """What Pydantic reads as yes/no from text (any case; YAML 1.2 leaves
    ``yes``/``no`` as text), a YAML boolean, or 0/1."""
    rest = {k: v for k, v in node.items() if k != "type"}
    words = "|".join(_ci(word) for word in _BOOLEAN_WORDS)
    text = {"type": "string", "pattern": f"^(?:{words})$"}
    return {**rest, "anyOf": [{"type": "boolean"}, text, {"enum": [0, 1]}]}


def _text(node: Any) -> dict[str, Any]:
    rest = {k: v for k, v in node.items() if k != "type"}
    return {**rest, "anyOf": [{"type": "string"}, {"type": ["number", "boolean"]}]}


def _mappings(node: Any, *, inner_first: bool = False) -> Iterator[dict[str, Any]]:
    """Every mapping in a JSON schema (lists looked through): each before the
    mappings inside it, or after them with ``inner_first``.  The caller may
    change the mapping it was given."""
    if isinstance(node, list):
        for value in node:
            yield from _mappings(value, inner_first=inner_first)
    elif isinstance(node, dict):
        if not inner_first:
            yield node
        for value in node.values():
            yield from _mappings(value, inner_first=inner_first)
        if inner_first:
            yield node


def _lengths(schema: dict[str, Any]) -> None:
    """Length limits: the loader collapses runs of spaces before it counts, so the
    raw text may be longer (no ``maxLength``); «not empty» means «not only spaces»."""
    for node in _mappings(schema):
        node.pop("maxLength", None)
        if node.pop("minLength", 0) >= 1:
            for alternative in [node, *node.get("anyOf", [])]:
                kind = alternative.get("type")
                is_text = kind == "string" or (isinstance(kind, list) and "string" in kind)
                if is_text and "pattern" not in alternative:
                    alternative["pattern"] = "\\S"


def _flatten(schema: dict[str, Any]) -> None:
    """``anyOf: [anyOf: [a, b], null]`` → ``anyOf: [a, b, null]`` (easier to read)."""
    for node in _mappings(schema, inner_first=True):
        if "anyOf" in node:
            flat: list[Any] = []
            for alternative in node["anyOf"]:
                if isinstance(alternative, dict) and set(alternative) == {"anyOf"}:
                    flat.extend(alternative["anyOf"])
                else:
                    flat.append(alternative)
            node["anyOf"] = flat


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    """An empty value (``key:``) of an optional key means «use the default»."""
    if node.get("type") == "null" or any(
        alt.get("type") == "null" for alt in node.get("anyOf", [])
    ):
        return node
    meta = {k: v for k, v in node.items() if k in ("title", "description", "default")}
    rest = {k: v for k, v in node.items() if k not in meta}
    alternatives = rest["anyOf"] if set(rest) == {"anyOf"} else [rest]
    return {**meta, "anyOf": [*alternatives, {"type": "null"}]}


def _empty_means_default(model: dict[str, Any]) -> None:
    required = set(model.get("required", []))
    for name, node in model.get("properties", {}).items():
        if name not in required:
            model["properties"][name] = _nullable(node)


def school_schema() -> dict[str, Any]:
    from pydantic.json_schema import GenerateJsonSchema

    from sferum_cli.model import School

    class LoaderView(GenerateJsonSchema):
        """Plain text and integer types as the loader reads them (see the note above);
        the special types (ИНН, dates, links…) bring their own rule."""

        def str_schema(self, schema: Any) -> dict[str, Any]:
            return _text(super().str_schema(schema))

        def int_schema(self, schema: Any) -> dict[str, Any]:
            return _integer(super().int_schema(schema))

        def bool_schema(self, schema: Any) -> dict[str, Any]:
            return _boolean(super().bool_schema(schema))

    schema = School.model_json_schema(mode="validation", schema_generator=LoaderView)
    _lengths(schema)
    _empty_means_default(schema)
    for definition in schema.get("$defs", {}).values():
        _empty_means_default(definition)
    _flatten(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def school_schema_json() -> str:
    return json.dumps(school_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _type_name(info: Any) -> str:
    import types
    import typing

    from sferum_cli.scaffold import is_list

    annotation = info.annotation
    if is_list(annotation):
        return "список"
    first = annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        first = next(a for a in typing.get_args(annotation) if a is not type(None))
    origin = typing.get_origin(first)
    if origin is typing.Literal:
        return ", ".join(f"`{value}`" for value in typing.get_args(first))
    names = {"str": "текст", "int": "целое число", "date": "дата"}
    return names.get(getattr(first, "__name__", ""), "текст")


def school_reference_markdown() -> str:
    """The school file reference (docs/school-file.md), generated from the model."""
    from pydantic import BaseModel

    from sferum_cli.model import School
    from sferum_cli.scaffold import is_list, submodel

    lines = [
        "# Файл школы: справочник ключей (формат версии 1)",
        "",
        "Этот файл создан командой `sferum-cli schema --format markdown` из модели "
        "программы; не правьте его вручную.",
        "",
        "Все значения читаются как текст; даты — `ГГГГ-ММ-ДД` или `ДД.ММ.ГГГГ`. "
        "Пустое значение (`ключ:`) означает «не указано». JSON Schema того же формата: "
        "`docs/school.schema.json`.",
        "",
    ]

    def section(model: type[BaseModel], prefix: str) -> None:
        rows: list[tuple[str, Any]] = []
        nested: list[tuple[str, type[BaseModel], str]] = []
        for name, info in model.model_fields.items():
            key = f"{prefix}{name}"
            sub = submodel(info.annotation)
            if sub is not None and not is_list(info.annotation):
                nested.append((key, sub, info.description or ""))
            rows.append((key, info))
            if sub is not None and is_list(info.annotation):
                nested.append((f"{key}[]", sub, f"{info.description or ''}: элемент списка"))
        lines.extend(["| ключ | обязательный | тип | описание |", "|---|---|---|---|"])
        for key, info in rows:
            required = "да" if info.is_required() else "нет"
            sub = submodel(info.annotation)
            kind = (
                "раздел" if sub is not None and not is_list(info.annotation) else (_type_name(info))
            )
            description = (info.description or "").replace("|", "\\|")
            lines.append(f"| `{key}` | {required} | {kind} | {description} |")
        lines.append("")
        for key, sub, description in nested:
            lines.extend([f"## `{key}` — {description}", ""])
            section(sub, f"{key}.")

    section(School, "")
    lines.extend(
        [
            "## Что JSON Schema не проверяет",
            "",
            "Схема в редакторе принимает всё, что принимает `sferum-cli validate`, и "
            "отвергает всё, что может выразить. Только `validate` проверяет:",
            "",
            *(f"- {reason} (`{code}`);" for code, reason in NOT_IN_SCHEMA.items()),
            *(f"- {reason};" for reason in NOT_IN_SCHEMA_YAML),
        ]
    )
    return "\n".join(lines).rstrip().removesuffix(";") + ".\n"
