from __future__ import annotations

import json
from pathlib import Path

import pytest

from sferum_cli.schema import school_schema, school_schema_json

SHIPPED = Path(__file__).resolve().parent.parent / "docs" / "school.schema.json"


def test_shipped_schema_matches_the_model() -> None:
    fix = "uv run sferum-cli schema -o docs/school.schema.json"
    assert SHIPPED.read_text(encoding="utf-8") == school_schema_json(), f"stale: run `{fix}`"


def test_schema_is_2020_12_and_closed() -> None:
    schema = school_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "version",
        "organization",
        "director",
        "administrator",
        "appointment",
    }
    org = schema["$defs"]["Organization"]
    assert org["properties"]["inn"]["description"] == "ИНН организации, 10 цифр"


def test_schema_command_prints_the_same(invoke) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == school_schema()


@pytest.mark.parametrize("name", ["kirov-school-32", "tatarstan-rural-school"])
def test_examples_pass_a_standard_json_schema_validator(name: str) -> None:
    """An editor or check-jsonschema with a normal YAML loader agrees with us."""
    import jsonschema
    import yaml

    data = yaml.safe_load(
        (SHIPPED.parent.parent / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
    )
    data = json.loads(json.dumps(data, default=str))  # dates → strings, as editors see them
    jsonschema.Draft202012Validator(school_schema()).validate(data)


def test_schema_rejects_unknown_keys() -> None:
    import jsonschema

    errors = list(
        jsonschema.Draft202012Validator(school_schema()).iter_errors(
            {"version": 1, "organisation": {}}
        )
    )
    assert any("organisation" in e.message for e in errors)


def test_shipped_reference_matches_the_model() -> None:
    from sferum_cli.schema import school_reference_markdown

    shipped = SHIPPED.parent / "school-file.md"
    fix = "uv run sferum-cli schema --format markdown -o docs/school-file.md"
    assert shipped.read_text(encoding="utf-8") == school_reference_markdown(), f"run `{fix}`"


def test_reference_lists_every_key_of_the_contract() -> None:
    from sferum_cli.schema import school_reference_markdown

    text = school_reference_markdown()
    for key in (
        "organization.inn", "organization.kpp", "organization.ogrn", "organization.region",
        "director.gender", "administrator.phone", "appointment.order_number",
        "appointment.letter_date", "platform.messenger", "classes[].invite_link",
        "teachers[].status",
    ):  # fmt: skip
        assert f"| `{key}` |" in text
