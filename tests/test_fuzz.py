"""The fuzzing job: hostile and random input never crashes the program.

Each property holds for any input: a school file of arbitrary bytes, an
arbitrary YAML document, arbitrary Unicode in any value of a valid school,
a damaged letterhead, template or roster.  The outcome is a result or a
clear error (exit 0 or 1) — never exit 3, never a traceback, never a DOCX
whose parts don't parse.

The suite runs a small budget (a few seconds).  The large local budget::

    SFERUM_FUZZ_EXAMPLES=20000 uv run pytest -m fuzz -p no:cacheprovider

Hypothesis keeps what it finds in .hypothesis/; a case found once is fixed
and kept below as an explicit @example.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hostile_files as hostile
import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from sferum_cli import documents, validation, yamlio, yamlwrite
from sferum_cli.documents.kinds import KINDS
from sferum_cli.errors import SferumError
from sferum_cli.onboarding import roster

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
_LARGE = int(os.environ.get("SFERUM_FUZZ_EXAMPLES", "0"))


def budget(small: int) -> Callable[[Any], Any]:
    """``small`` examples in the suite; SFERUM_FUZZ_EXAMPLES of them when asked."""
    return settings(
        max_examples=_LARGE or small,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# --- mutations ---------------------------------------------------------------

_TOKENS = [
    b":",
    b": ",
    b"- ",
    b"\n",
    b"\r\n",
    b"\r",
    b"  ",
    b"\t",
    b'"',
    b"'",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"&a ",
    b"*a",
    b"!!str ",
    b"---\n",
    b"...\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"\\",
    b"\\x07",
    b"\xd0",
    "Ё".encode(),
    b"\x00",
    b"\x07",
    b"\xef\xbb\xbf",
    "\u2028".encode(),
    "\x85".encode(),
    b"null",
    b"~",
    b"0",
    b"9" * 40,
    b"-1",
    b"1e400",
    b"2024-02-30",
    b"{{ x }}",
    b"{% for %}",
    b"../",
    b"/etc/passwd",
    b"CON",
    b"<w:t>",
    b"&amp;",
]

Edits = list[tuple[int, int, bytes]]
_EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1 << 20),
        st.integers(min_value=0, max_value=16),
        st.one_of(st.sampled_from(_TOKENS), st.binary(max_size=8)),
    ),
    min_size=1,
    max_size=8,
)


def mutate(data: bytes, edits: Edits) -> bytes:
    """``data`` with each (position, bytes cut, bytes put) edit applied in turn."""
    for position, cut, put in edits:
        position %= len(data) + 1
        data = data[:position] + put + data[position + cut :]
    return data


def _ok_or_clear_error(result: Any) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1), output[-2000:]
    assert "Traceback" not in output and "Внутренняя ошибка" not in output


# --- school files ------------------------------------------------------------


@budget(40)
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"a: \x85\x07")
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_school_file(invoke, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(raw)
    _ok_or_clear_error(invoke("validate", str(path)))


_KIROV_BYTES = KIROV.read_bytes()


@budget(40)
@given(edits=_EDITS)
def test_mutated_school_file(invoke, tmp_path: Path, edits: Edits) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(mutate(_KIROV_BYTES, edits))
    _ok_or_clear_error(invoke("validate", str(path), "--format", "json"))


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates().map(str),
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)


def _school_shaped() -> st.SearchStrategy[dict[str, Any]]:
    """Mappings with the school file's own sections, so validation goes deep."""
    sections = sorted(yamlio.load(KIROV).data)
    return st.dictionaries(st.sampled_from(sections), _DOCUMENTS, max_size=len(sections)).map(
        lambda rest: {"version": "1", **rest}
    )


@budget(20)
@given(document=st.one_of(_DOCUMENTS, _school_shaped()), flow=st.booleans())
def test_arbitrary_yaml_document(invoke, tmp_path: Path, document: Any, flow: bool) -> None:
    path = tmp_path / "school.yaml"
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    _ok_or_clear_error(invoke("validate", str(path)))


# --- Unicode values in a valid school ----------------------------------------


def _string_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _string_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _string_paths(value, (*path, i))]
    return [path] if isinstance(data, str) and path[0] != "version" else []


_KIROV_DATA = yamlio.load(KIROV).data
_KIROV_PATHS = _string_paths(_KIROV_DATA)


def _replaced(data: Any, path: tuple[Any, ...], value: str) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: _replaced(v, tuple(rest), value) if k == head else v for k, v in data.items()}
    return [_replaced(v, tuple(rest), value) if i == head else v for i, v in enumerate(data)]


_VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(st.sampled_from("Аа Яя Ёё-–—«»\"'&<>{}%#:./\\\u00a0\u2028\t\n"), max_size=30),
    st.sampled_from(
        [
            "{{ 7 * 7 }}",
            "{% raw %}",
            "<w:p>",
            "]]>",
            "../../etc/passwd",
            "CON",
            "Иванов И. И.",
            "социальная педагог",
            "x" * 1000,
        ]
    ),
)


@budget(20)
@example(path=("organization", "full_name"), value="\x85")  # the test's own writer lost it
@example(path=("organization", "full_name"), value="000Я 000Б")  # 'ms-f' is not a grammeme
@given(path=st.sampled_from(_KIROV_PATHS), value=_VALUES)
def test_unicode_value_in_a_valid_school(
    tmp_path_factory: pytest.TempPathFactory, path: tuple[Any, ...], value: str
) -> None:
    assume(yamlwrite.unwritable(value) is None)
    folder = tmp_path_factory.mktemp("school")
    school_file = folder / "school.yaml"
    data = _replaced(_KIROV_DATA, path, value)
    school_file.write_text(_flow(data), "utf-8")
    assert yamlio.load(school_file).data == data  # the file says what the test meant
    result = validation.check(school_file)
    if not result.valid:
        return
    assert result.school is not None
    event("valid: every document rendered")
    # whatever validate accepts, every document renders
    for kind in KINDS:
        _parts_parse(documents.render(kind.name, result.school))


def _flow(value: Any) -> str:
    """YAML in flow style, scalars written by the project's quoting (PyYAML's
    emitter folds a NEL in a double-quoted scalar into a space)."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(map(_flow, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yamlwrite.quote(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return yamlwrite.quote(value)


def _parts_parse(docx: bytes) -> None:
    """Every XML part of the DOCX parses (Word refuses a file where one doesn't)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False))


# --- hostile DOCX and XLSX, built here ---------------------------------------


def damaged(archive: bytes, parts: dict[str, bytes], part: str, edits: Edits, whole: bool) -> bytes:
    """``archive`` with its own bytes edited (``whole``), or with ``part`` edited inside it."""
    if whole:
        return mutate(archive, edits)
    return hostile.with_parts(archive, {part: mutate(parts[part], edits)})


_BLANK = hostile.docx_blank()
_BLANK_PARTS = hostile.parts(_BLANK)
_XML_PARTS = sorted(name for name in _BLANK_PARTS if name.endswith((".xml", ".rels")))


@budget(20)
# a damaged deflate stream: zlib.error escaped the DOCX reader (exit 3)
@example(part="[Content_Types].xml", edits=[(49, 0, b":")] * 5 + [(49, 6, b":")], whole=True)
@given(part=st.sampled_from(_XML_PARTS), edits=_EDITS, whole=st.booleans())
def test_damaged_letterhead(
    tmp_path_factory: pytest.TempPathFactory, part: str, edits: Edits, whole: bool
) -> None:
    """A blank with one XML part edited, or the archive's bytes edited."""
    blank = tmp_path_factory.mktemp("blank") / "blank.docx"
    blank.write_bytes(damaged(_BLANK, _BLANK_PARTS, part, edits, whole))
    school = validation.load_school(KIROV)
    try:
        result = documents.render("letter", school, letterhead=blank)
    except SferumError:
        return
    _parts_parse(result)


_WORKBOOK = hostile.workbook()
_WORKBOOK_PARTS = hostile.parts(_WORKBOOK)


@budget(100)
@example(part=hostile.SHEET, edits=[(0, 0, b"<!DOCTYPE x [<!ENTITY a 'b'>]>")], whole=False)
@given(part=st.sampled_from(sorted(_WORKBOOK_PARTS)), edits=_EDITS, whole=st.booleans())
def test_damaged_xlsx_roster(
    tmp_path_factory: pytest.TempPathFactory, part: str, edits: Edits, whole: bool
) -> None:
    path = tmp_path_factory.mktemp("roster") / "roster.xlsx"
    path.write_bytes(damaged(_WORKBOOK, _WORKBOOK_PARTS, part, edits, whole))
    try:
        result = roster.read(path)
    except SferumError as exc:
        assert str(exc).startswith(str(path))
        return
    for entry in result.entries:
        assert entry.teacher.full_name


@budget(60)
@given(edits=_EDITS, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
def test_damaged_csv_roster(
    tmp_path_factory: pytest.TempPathFactory, edits: Edits, encoding: str
) -> None:
    text = "Список учителей\nФИО;Должность;Классы;Статус;Телефон\n" + "".join(
        f"Учителева{i} Мария Ивановна;учитель;{i}А;подтверждён;+7 912 000-00-0{i}\n"
        for i in range(5)
    )
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    path.write_bytes(mutate(text.encode(encoding), edits))
    try:
        roster.read(path)
    except SferumError as exc:
        assert str(exc).startswith(str(path))
