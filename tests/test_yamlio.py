from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli import yamlio, yamlwrite
from sferum_cli.errors import LoadError


def test_plain_scalars_stay_strings() -> None:
    doc = yamlio.parse(
        "inn: 0274062111\nphone: 89121234567\nflag: no\ntime: 12:30\n"
        "num: 1e3\nempty:\nnull_word: null\n",
        "t.yaml",
    )
    assert doc.data == {
        "inn": "0274062111",
        "phone": "89121234567",
        "flag": "no",
        "time": "12:30",
        "num": "1e3",
        "empty": None,
        "null_word": None,
    }


def test_quoted_null_word_is_a_string() -> None:
    assert yamlio.parse('a: "null"\n', "t.yaml").data == {"a": "null"}


def test_positions_are_one_based() -> None:
    doc = yamlio.parse("a:\n  b: x\n  c:\n    - y\n", "t.yaml")
    assert doc.positions.values[("a", "b")] == (2, 6)
    assert doc.positions.keys[("a", "c")] == (3, 3)
    assert doc.positions.values[("a", "c", 0)] == (4, 7)
    assert str(doc.positions.of_value(("a", "missing"))) == "t.yaml:2:3"


def test_billion_laughs_is_refused_quickly() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, prev in zip("bcdefghi", "abcdefgh", strict=True):
        bomb += f"{i}: &{i} [{','.join(['*' + prev] * 9)}]\n"
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        yamlio.parse(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 1
    assert info.value.code == "yaml.alias"
    assert str(info.value.location) == "bomb.yaml:1:4"


def test_cp1251_file_gets_a_fix_it_message(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes("version: 1\nschool: Школа\n".encode("cp1251"))
    with pytest.raises(LoadError) as info:
        yamlio.load(path)
    assert info.value.code == "file.encoding"
    assert info.value.location.line == 2 and info.value.location.column == 9
    assert "Windows-1251" in info.value.message and "UTF-8" in info.value.message


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(b"\xef\xbb\xbfversion: 1\n")
    assert yamlio.load(path).data == {"version": "1"}


def test_big_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (yamlio.MAX_FILE_BYTES + 10) + b"\n")
    with pytest.raises(LoadError) as info:
        yamlio.load(path)
    assert info.value.code == "file.too_large"
    assert info.value.message == "файл больше 1 МиБ — это не похоже на файл школы."
    # the same words when the school comes from standard input (build -, validate -)
    with pytest.raises(LoadError) as piped:
        yamlio.text_of(path.read_bytes(), "-")
    assert (piped.value.code, piped.value.message) == ("file.too_large", info.value.message)


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("a: 1\na: 2\n", "yaml.duplicate_key", "t.yaml:2:1"),
        ("a:\n\t- b\n", "yaml.tab", "t.yaml:2:1"),
        ("a:\n  b: 1\n  \tc: 2\n", "yaml.tab", "t.yaml:3:3"),
        ("- a\n", "yaml.root_not_mapping", "t.yaml:1:1"),
        ("a: !!binary aGVsbG8=\n", "yaml.tag", "t.yaml:1:4"),
        ('a: "x\\x07"\n', "yaml.control_character", "t.yaml:1:6"),  # at the escape
        ("? [a, b]\n: c\n", "yaml.bad_key", "t.yaml:1:3"),
        ("a: 1\n---\nb: 2\n", "yaml.many_documents", "t.yaml:2:1"),
        ("b: 1\na: x\x01y\n", "yaml.control_character", "t.yaml:2:5"),
        ("a: [1, 2\n", "yaml.syntax", "t.yaml:2:1"),
        ("a: &x 1\n", "yaml.alias", "t.yaml:1:4"),
    ],
)
def test_refusals_are_located(text: str, code: str, where: str) -> None:
    with pytest.raises(LoadError) as info:
        yamlio.parse(text, "t.yaml")
    assert info.value.code == code
    assert str(info.value.location) == where


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        yamlio.load(tmp_path / "nope.yaml")
    assert info.value.code == "file.not_found"


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from("\ufeff\x85\u2028\u2029\t\n"),
    max_size=60,
)


@given(value=_TEXT)
def test_any_quoted_text_round_trips(value: str) -> None:
    # The way `init` writes values (a JSON string is a YAML double-quoted scalar).
    doc = yamlio.parse(f"key: {yamlwrite.quote(value)}\n", "t.yaml")
    assert doc.data == {"key": value}


# --- every reported position is where the problem is ------------------------------

_KIROV = Path(__file__).resolve().parent.parent / "examples" / "kirov-school-32.yaml"
#: Characters YAML refuses in a file (C0 and C1 controls, DEL, U+FFFE/FFFF).
_UNPRINTABLE = st.sampled_from(
    [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85))]
    + [chr(c) for c in range(0x86, 0xA0)]
    + ["\ufffe", "\uffff"]
)


def _editor_lines(text: str) -> list[str]:
    """Lines as an editor shows them (\\n, \\r\\n and \\r end a line)."""
    return re.split(r"\r\n|\r|\n", text)


def _char_at(text: str, line: int, column: int) -> str:
    return _editor_lines(text)[line - 1][column - 1]


def test_control_character_after_cyrillic_is_reported_where_it_is(tmp_path: Path) -> None:
    """The issue's reproducer: \\x07 appended to line 30 was reported at 50:15."""
    lines = _KIROV.read_text(encoding="utf-8").split("\n")
    lines[29] += "\x07"
    path = tmp_path / "school.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        yamlio.load(path)
    assert info.value.code == "yaml.control_character"
    assert (info.value.location.line, info.value.location.column) == (30, len(lines[29]))
    assert "U+0007" in info.value.message


@example(index=0, char="\x00", crlf=False, bom=True)
@example(index=10**6, char="\x85\x07"[1], crlf=True, bom=False)
@given(
    index=st.integers(min_value=0, max_value=10**6),
    char=_UNPRINTABLE,
    crlf=st.booleans(),
    bom=st.booleans(),
)
@settings(max_examples=60)
def test_bad_character_is_reported_exactly_where_it_was_put(
    tmp_path_factory: pytest.TempPathFactory, index: int, char: str, crlf: bool, bom: bool
) -> None:
    text = _KIROV.read_text(encoding="utf-8")  # Cyrillic everywhere: 2 bytes a letter
    if crlf:
        text = text.replace("\n", "\r\n")
    index %= len(text) + 1
    if crlf and text[index - 1 : index + 1] == "\r\n":
        index -= 1  # not between \r and \n: that would make two line breaks
    text = text[:index] + char + text[index:]
    path = tmp_path_factory.mktemp("pos") / "school.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    with pytest.raises(LoadError) as info:
        yamlio.load(path)
    where = info.value.location
    assert info.value.code == "yaml.control_character"
    assert _char_at(text, where.line, where.column) == char
    assert (where.line, where.column) == (
        len(_editor_lines(text[:index])),
        len(_editor_lines(text[:index])[-1]) + 1,
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('a: "ok \\a"\n', "t.yaml:1:8"),  # the escape itself, not the value's start
        ('a: "Привет \\x07"\n', "t.yaml:1:12"),
        ('a: "\\\\a \\u0000"\n', "t.yaml:1:9"),  # \\\\a is a backslash and an «a»
        ('a:\n  - x\n  - "\\e"\n', "t.yaml:3:6"),
    ],
)
def test_escaped_control_character_is_located_at_its_escape(text: str, where: str) -> None:
    with pytest.raises(LoadError) as info:
        yamlio.parse(text, "t.yaml")
    assert info.value.code == "yaml.control_character"
    assert str(info.value.location) == where


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_yaml_only_line_breaks_do_not_shift_positions(separator: str) -> None:
    """libyaml ends a line at NEL/LS/PS; an editor shows them inside the line,
    so the positions are those of the same file with a plain letter there."""

    def located(text: str) -> str:
        with pytest.raises(LoadError) as info:
            yamlio.parse(text, "t.yaml")
        return str(info.value.location)

    broken = 'a: "x{}y"\nb: [1, 2\nc: 3\n'
    assert located(broken.format(separator)) == located(broken.format("z"))
    doc = yamlio.parse(f'a: "x{separator}y"\nb: Привет\n', "t.yaml")
    assert doc.positions.values[("b",)] == (2, 4)


@given(
    prefix=st.text(st.sampled_from("абв xyz😀\u2028\x85"), max_size=20),
    crlf=st.booleans(),
)
def test_syntax_error_positions_count_characters(prefix: str, crlf: bool) -> None:
    """A syntax error after any letters (Cyrillic, astral, NEL/LS) on its line."""
    newline = "\r\n" if crlf else "\n"
    text = f'a: "{prefix}"{newline}b: x{newline}c: ]{newline}'
    with pytest.raises(LoadError) as info:
        yamlio.parse(text, "t.yaml")
    assert (info.value.location.line, info.value.location.column) == (3, 4)
    assert _char_at(text, 3, 4) == "]"
