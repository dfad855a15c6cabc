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
