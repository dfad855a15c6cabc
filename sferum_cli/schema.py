"""JSON Schema (2020-12) of the school file, generated from the model."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "urn:sferum-cli:school-file:1"


def _scalar_types(node: Any) -> None:
    """Our loader keeps every scalar a string; a YAML editor types
    ``inn: 4345000000`` as a number. Accept both where the model wants text,
    and digits where it wants a number, so the editor and ``validate`` agree."""
    if isinstance(node, dict):
        if "enum" in node or "const" in node:
            pass
        elif node.get("type") == "string" and "format" not in node:
            node["type"] = ["string", "integer", "number"]
        elif node.get("type") == "string" and node.get("format") == "date":
            node.pop("format")
            node["type"] = "string"
            node["pattern"] = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$"
        elif node.get("type") == "integer":
            node["type"] = ["integer", "string"]
        for value in node.values():
            _scalar_types(value)
    elif isinstance(node, list):
        for value in node:
            _scalar_types(value)


def school_schema() -> dict[str, Any]:
    from sferum_cli.model import School

    schema = School.model_json_schema(mode="validation")
    _scalar_types(schema)
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
    return "\n".join(lines).rstrip() + "\n"
