"""The JSON Schema and the loader agree, in both directions, on many mutated files.

Every file the loader accepts must pass the schema (an editor must never mark a
good file red).  Every file the loader refuses must fail the schema too, unless
the reason is one the schema deliberately cannot express: :data:`CANNOT_CHECK`.
The schema side is the real check-jsonschema (it reads YAML 1.2 like editors),
run once over all generated files.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sferum_cli import yamlio, yamlwrite
from sferum_cli.schema import NOT_IN_SCHEMA, NOT_IN_SCHEMA_YAML, school_schema_json
from sferum_cli.validation import validate_document

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = Path(__file__).parent / "schools"

# Loader error codes whose rule the schema cannot express (printed in the docs).
CANNOT_CHECK = NOT_IN_SCHEMA
# Unquoted numbers that YAML 1.2 turns into a different number than the text the
# loader reads (0x1F, 1_000, 010, +5, 5.0): the schema sees only the number.
LOSSY_NUMBERS = NOT_IN_SCHEMA_YAML[0]
# ИНН, КПП, ОГРН written as an unquoted number: YAML drops leading zeros, so the
# schema can't count the digits of a short number (0274062111 is valid).
SHORT_NUMBERS = {"inn.format", "kpp.format", "ogrn.format"}
# YAML features the loader refuses and a YAML 1.2 reader accepts.
CANNOT_CHECK_FILES = {
    "alias.yaml": NOT_IN_SCHEMA_YAML[2],
    "control-char.yaml": NOT_IN_SCHEMA_YAML[2],
    "kpp-format.yaml": NOT_IN_SCHEMA_YAML[1],
}


@dataclass(frozen=True)
class Raw:
    """A YAML token written exactly as given (``true``, ``""``, ``[]``, nothing)."""

    token: str


_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$|^$|\n")


def _emit(node: Any, indent: str = "") -> list[str]:
    lines: list[str] = []
    items = node.items() if isinstance(node, dict) else ((None, v) for v in node)
    for key, value in items:
        lead = f"{indent}{key}:" if key is not None else f"{indent}-"
        if isinstance(value, dict | list) and value:
            lines.append(lead)
            lines.extend(_emit(value, indent + "  "))
        elif isinstance(value, dict | list):
            lines.append(f"{lead} {'{}' if isinstance(value, dict) else '[]'}")
        else:
            lines.append(f"{lead} {_token(value)}".rstrip())
    return lines


def _token(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value.token
    return _quote(value)


_quote = functools.cache(yamlwrite.quote)


def _dump(data: dict[str, Any]) -> str:
    return "\n".join(_emit(data)) + "\n"


@functools.cache
def _lossy(token: str) -> bool:
    """Does YAML 1.2 read this plain token as a number spelled differently?"""
    from check_jsonschema.parsers.yaml import construct_yaml_implementation

    try:
        value = construct_yaml_implementation().load(f"k: {token}")["k"]
    except Exception:
        return False
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and value.is_integer():
        return True
    return json.dumps(value) != token.strip()


# Values tried at each kind of key (written as YAML tokens, as a person might).
EMPTY = ["", '""', '"   "', "~"]
POOL = [
    *("true", "false", "yes", "no", "[]", "{a: b}", "[a, b]"),
    *("0", "1", "2", "-1", "5", "11", "12", "100", "101", "65535", "65536", "1.5", "5.0"),
    *("1_0", "0x1F", "01", "+5", '"+5"', '" 05 "', '"1_0"', '"5.0"', '"-0"', '"1__0"', '"5."'),
    *('"1"', '" 1 "', '"1.0"', '"01"', "abc"),
    *('"5А"', "5А", '"5 «А»"', '"5-а"', '"5A"', '"5Z"', '"12А"', '"0А"', '"05А"', '"011А"'),
    *('"5АБ"', '"5\\tА"', '"٥А"'),
    *("2024-02-01", '"2024-02-30"', '"2024-13-01"', '"1.9.2024"', '"01.09.24"', '"2024-9-1"'),
    *('"0000-01-01"', '"2024-02-01T10:00:00"', '" 01.02.2024 "', '"٠١.٠٢.٢٠٢٤"', "2099-01-01"),
    *("https://sferum.ru/join/abc", "http://sferum.ru", '"https://"', '"https://a b"'),
    *("HTTPS://SFERUM.RU/x", "sferum.ru", "ftp://sferum.ru", '"/path"', '"a://b"'),
    *("a@b.ru", '"a@b"', '"a b@c.ru"', '"@b.ru"', "школа@школа.рф"),
    *("+7 912 000-00-01", "8 (8332) 00-00-01", '"8 800 FLOWERS"', "89120000001"),
    *("4345903219", '"4345903219"', '"43 45-903 219"', '"0000000000"', '"434590321"'),
    *('"500100732259"', '"4345903218"', '"٤٣٤٥٩٠٣٢١٩"', "434501001", '"4345AB001"'),
    *('"4345ab001"', '"43450100"', "1024301234561", '"0024301234561"', '"1024301234562"'),
    *("Иванов Иван Иванович", '"  Иванов   Иван  Иванович "', '"Иванов И. И."', '"Ivanov Ivan"'),
    *('"Иванов иван"', "Мамедов Эльчин Гасан оглы", "Кировская область", '"Кировская обл"'),
    *("male", "female", "max", "vk", "school", "verified", "starttls", "director", '"x" '),
    *("Директор", '"' + "а" * 201 + '"', '"' + "а " * 150 + '"', "a.pdf"),
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = (*prefix, key)
        found.append(path)
        if isinstance(value, dict | list):
            found.extend(_paths(value, path))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _with(data: dict[str, Any], path: tuple[Any, ...], value: Any, *, delete: bool = False):  # type: ignore[no-untyped-def]
    import copy

    clone = copy.deepcopy(data)
    parent = _get(clone, path[:-1])
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return clone


def _renamed(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    import copy

    clone = copy.deepcopy(data)
    parent = _get(clone, path[:-1])
    parent[f"{path[-1]}_x"] = parent.pop(path[-1])
    return clone


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    lossy: bool = False
    plain_integer: bool = False
    known: str = ""  # for files of the corpus: a CANNOT_CHECK_FILES reason


def _structural(name: str, data: dict[str, Any]) -> list[Case]:
    cases = []
    for path in _paths(data):
        value = _get(data, path)
        label = f"{name}:{'.'.join(map(str, path))}"
        cases.append(Case(f"{label} removed", _dump(_with(data, path, None, delete=True))))
        cases.append(Case(f"{label} emptied", _dump(_with(data, path, Raw("")))))
        if isinstance(path[-1], str):
            cases.append(Case(f"{label} renamed", _dump(_renamed(data, path))))
        if isinstance(value, str):
            tokens = ['""', "true", "[]", "{a: b}"]
            if not _PLAIN_UNSAFE.search(value):
                tokens.append(value)  # as a person writes it: unquoted
        elif isinstance(value, dict):
            tokens = ["[]", "x", "[a]"]
        else:
            tokens = ["{}", "x", "{a: b}"]
        for token in tokens:
            cases.append(
                Case(
                    f"{label} = {token!r}",
                    _dump(_with(data, path, Raw(token))),
                    lossy=_lossy(token),
                )
            )
        if isinstance(value, list) and value:
            cases.append(Case(f"{label}[0] = null", _dump(_with(data, (*path, 0), None))))
    return cases


def _rule(schema: dict[str, Any], path: tuple[Any, ...]) -> str:
    """The schema rule of the key at ``path`` (without its title and description)."""
    defs = schema["$defs"]
    node: Any = schema
    for part in path:
        node = node.get("items") if isinstance(part, int) else node["properties"][part]
        while node is not None and (
            "$ref" in node or ("anyOf" in node and "properties" not in node)
        ):
            ref = node.get("$ref") or next(
                (a.get("$ref") for a in node.get("anyOf", []) if "$ref" in a), None
            )
            items = next((a for a in node.get("anyOf", []) if "items" in a), None)
            if ref:
                node = defs[ref.split("/")[-1]]
            elif items:
                node = items
            else:
                break
    keep = {k: v for k, v in node.items() if k not in ("title", "description")}
    return json.dumps(keep, sort_keys=True)


def _kinds(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """One scalar key per distinct schema rule (keys with the same rule behave alike)."""
    schema = json.loads(school_schema_json())
    kinds: dict[str, tuple[Any, ...]] = {}
    for path in _paths(data):
        if isinstance(_get(data, path), str):
            kinds.setdefault(_rule(schema, path), path)
    return kinds


def _non_null(rule: str) -> str:
    """The rule for values other than an empty one (which every kind gets anyway)."""
    node = {k: v for k, v in json.loads(rule).items() if k != "default"}
    if "anyOf" in node:
        node["anyOf"] = [a for a in node["anyOf"] if a != {"type": "null"}]
    return json.dumps(node, sort_keys=True)


def _full_school() -> dict[str, Any]:
    """A small school with every kind of key the model has, each set to a valid value."""
    data = yamlio.load(SCHOOLS / "valid" / "minimal.yaml").data
    extra: dict[tuple[str, ...], Any] = {
        ("organization", "locality"): "г. Киров",
        ("organization", "pupils_total"): "500",
        ("organization", "staff_total"): "40",
        ("director", "position"): "Директор",
        ("platform", "messenger"): "max",
        ("classes",): [
            {
                "name": "5А",
                "teacher": "Шевченко Игорь Петрович",
                "pupils": "28",
                "invite_link": "https://sferum.ru/?invite=example-5a",
            }
        ],
        ("teachers",): [
            {
                "full_name": "Шевченко Игорь Петрович",
                "status": "verified",
                "classes": ["5А"],
            }
        ],
        ("progress", "order_signed"): "2024-09-02",
        ("email", "smtp", "port"): "587",
        ("email", "smtp", "security"): "starttls",
        ("email", "sender"): "school@example.ru",
        ("email", "attachments"): ["scan.pdf"],
        ("organization", "education_levels"): ["primary", "basic"],
        ("organization", "additional_programs"): "true",
        ("director", "gender"): "male",
        ("teachers_roster",): "teachers.csv",
        ("email", "signed_scan"): "scan.pdf",
        ("email", "signed_by"): "director",
    }
    for path, value in extra.items():
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(path[-1], value)
    return data


# Every key of these is removed, emptied, renamed and retyped (the other files of
# the corpus are checked as they are; the full Kirov school gets all of it).
STRUCTURAL_BASES = ("valid/minimal.yaml", "valid/classes-and-teachers.yaml")


def _bases() -> dict[str, Path]:
    files = [*sorted((ROOT / "examples").glob("*.yaml")), *sorted((SCHOOLS / "valid").glob("*"))]
    return {f"{p.parent.name}/{p.name}": p for p in files}


def _cases(tmp_path: Path) -> list[Case]:
    cases = []
    for name, path in _bases().items():
        cases.append(Case(name, path.read_text(encoding="utf-8-sig")))
        if name in STRUCTURAL_BASES:
            cases.extend(_structural(name, yamlio.load(path).data))
    for path in sorted((SCHOOLS / "invalid").glob("*.yaml")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        cases.append(
            Case(f"invalid/{path.name}", text, known=CANNOT_CHECK_FILES.get(path.name, ""))
        )
    full = _full_school()
    cases.append(Case("full", _dump(full)))
    cases.extend(_structural("full", full))
    kinds = _kinds(full)
    without_null = {_non_null(rule): path for rule, path in kinds.items()}
    for path in kinds.values():
        tokens = EMPTY if path not in without_null.values() else EMPTY + POOL
        for token in tokens:
            cases.append(
                Case(
                    f"full:{'.'.join(map(str, path))} = {token!r}",
                    _dump(_with(full, path, Raw(token))),
                    lossy=_lossy(token),
                    plain_integer=bool(re.fullmatch(r"[0-9]+", token)),
                )
            )
    # files `init` writes: blank; from the minimal school (director.position and
    # platform.messenger left empty: the defaults apply); with every value given
    minimal = yamlio.load(SCHOOLS / "valid" / "minimal.yaml").data
    for label, data in (("init blank", None), ("init minimal", minimal), ("init full", full)):
        target = tmp_path / f"{label.replace(' ', '-')}.yaml"
        argv = ["init", "--no-input", str(target)]
        if data is not None:
            data_file = tmp_path / f"{label.replace(' ', '-')}-data.yaml"
            data_file.write_text(_dump(data), encoding="utf-8")
            argv += ["--data-file", str(data_file)]
        done = subprocess.run(
            [sys.executable, "-m", "sferum_cli", *argv], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        text = target.read_text(encoding="utf-8")
        if label == "init minimal":
            assert re.search(r"^  position:  #", text, re.M), "director.position is left empty"
            assert re.search(r"^  messenger:  #", text, re.M), "platform.messenger is left empty"
            assert _loader(text)[0], "init wrote a file the loader refuses"
        cases.append(Case(label, text))
    return cases


def _loader(text: str) -> tuple[bool, set[str]]:
    import datetime as dt

    try:
        document = yamlio.parse(text, "school.yaml")
    except yamlio.LoadError as exc:
        return False, {exc.code}
    result = validate_document(document, today=dt.date(2025, 6, 1))
    return result.valid, {p.code for p in result.errors}


class _SchemaCheck:
    """check-jsonschema in-process: its YAML reader, its validator, its regex engine
    (``regress``, ECMAScript rules); compiled patterns are kept between files."""

    def __init__(self, schema: Path) -> None:
        import functools

        from check_jsonschema.formats import FormatOptions
        from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
        from check_jsonschema.regex_variants import RegexImplementation, RegexVariantName
        from check_jsonschema.schema_loader import SchemaLoader

        regex = RegexImplementation(RegexVariantName.default)
        concrete: Any = regex._concrete
        concrete._compile_pattern = functools.lru_cache(maxsize=None)(concrete._compile_pattern)
        self.validator = SchemaLoader(str(schema)).get_validator(
            schema, {}, FormatOptions(regex_impl=regex), regex, False
        )
        self.load = impl2loader(
            construct_yaml_implementation(), construct_yaml_implementation(pure=True)
        )

    def passes(self, text: str) -> bool:
        import io

        try:
            data = self.load(io.BytesIO(text.encode("utf-8")))
        except Exception:
            return False
        return bool(self.validator.is_valid(data))


def _schema_file(tmp_path: Path) -> Path:
    schema = tmp_path / "school.schema.json"
    schema.write_text(school_schema_json(), encoding="utf-8")
    return schema


def test_the_full_school_has_every_kind_of_key_of_the_model() -> None:
    """A key with a new kind of rule gets its values tried: give it a valid value."""
    from sferum_cli.scaffold import leaves

    full = _full_school()
    schema = json.loads(school_schema_json())
    tried = {_non_null(_rule(schema, path)) for path in _paths(full)}
    missing = [leaf.dotted for leaf in leaves() if _non_null(_rule(schema, leaf.path)) not in tried]
    assert _loader(_dump(full)) == (True, set())
    assert not missing, f"add a valid value to _full_school(): {missing}"


def test_reference_lists_what_the_schema_cannot_check() -> None:
    reference = (ROOT / "docs" / "school-file.md").read_text(encoding="utf-8")
    for code, reason in NOT_IN_SCHEMA.items():
        assert f"{reason} (`{code}`)" in reference
    for reason in NOT_IN_SCHEMA_YAML:
        assert reason in reference


def test_in_process_check_is_the_check_jsonschema_command(tmp_path: Path) -> None:
    """The fast in-process check gives the command's verdict on the whole corpus."""
    schema = _schema_file(tmp_path)
    files = [*_bases().values(), *sorted((SCHOOLS / "invalid").glob("*.yaml"))]
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "json"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    failed = {e["filename"] for e in report["errors"] + report["parse_errors"]}
    check = _SchemaCheck(schema)
    verdicts = {
        str(f): check.passes(f.read_bytes().decode("utf-8-sig", errors="replace")) for f in files
    }
    assert verdicts == {str(f): str(f) not in failed for f in files}
    assert sum(verdicts.values()) >= len(_bases())


@pytest.mark.slow
def test_schema_and_loader_agree(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    check = _SchemaCheck(_schema_file(tmp_path))
    schema_ok = [check.passes(c.text) for c in cases]
    accepted = refused = excused = 0
    disagreements = []
    for case, schema_passes in zip(cases, schema_ok, strict=True):
        loader_ok, codes = _loader(case.text)
        accepted += loader_ok
        refused += not loader_ok
        if loader_ok and not schema_passes:
            disagreements.append(f"{case.name}: the loader accepts, the schema refuses")
        elif not loader_ok and schema_passes:
            short = case.plain_integer and codes <= SHORT_NUMBERS
            if codes <= CANNOT_CHECK.keys() or case.lossy or case.known or short:
                excused += 1
            else:
                disagreements.append(
                    f"{case.name}: the loader refuses ({', '.join(sorted(codes))}), "
                    "the schema accepts"
                )
    assert not disagreements, f"{len(disagreements)} of {len(cases)}:\n" + "\n".join(
        disagreements[:60]
    )
    # the corpus really exercises both directions
    assert accepted > 200 and refused > 1000, (accepted, refused, excused)
