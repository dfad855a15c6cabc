from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sferum_cli import yamlio
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


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("a: 1\na: 2\n", "yaml.duplicate_key", "t.yaml:2:1"),
        ("a:\n\t- b\n", "yaml.tab", "t.yaml:2:1"),
        ("a:\n  b: 1\n  \tc: 2\n", "yaml.tab", "t.yaml:3:3"),
        ("- a\n", "yaml.root_not_mapping", "t.yaml:1:1"),
        ("a: !!binary aGVsbG8=\n", "yaml.tag", "t.yaml:1:4"),
        ('a: "x\\x07"\n', "yaml.control_character", "t.yaml:1:4"),
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
    doc = yamlio.parse(f"key: {yamlio.quote(value)}\n", "t.yaml")
    assert doc.data == {"key": value}
