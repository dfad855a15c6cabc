"""Values changed in a school file's text in place: every other byte stays."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sferum_cli import scaffold, yamlio
from sferum_cli.table import columns, edit
from sferum_cli.table.updating import key_order

ROOT = Path(__file__).resolve().parent.parent
ORDER = key_order()
KEYS = [column.path for column in columns.COLUMNS]


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def scaffold_text() -> str:
    values = {
        "version": "1",
        "organization.full_name": "Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 1 имени очень длинного имени» города Кирова",
        "organization.inn": "4345903219",
        "director.full_name": "Лебедева Светлана Юрьевна",
    }
    return scaffold.render(values, {})


SOURCES = {
    "kirov": (ROOT / "examples" / "kirov-school-32.yaml").read_text(encoding="utf-8"),
    "tatarstan": (ROOT / "examples" / "tatarstan-rural-school.yaml").read_text(encoding="utf-8"),
    "init": scaffold_text(),
}


def apply(text: str, changes: dict[tuple[str, str], str]) -> str:
    result = edit.update(text, changes, ORDER)
    intended = edit.expected(yamlio.parse(text, "before").data, changes)
    assert yamlio.parse(result, "after").data == intended
    return result


def changed_by(source: str, changes: dict[tuple[str, str], str]) -> list[str]:
    """The lines that ``changes`` take out of (-) and put into (+) ``SOURCES[source]``."""
    return changed_lines(SOURCES[source], apply(SOURCES[source], changes))


def test_folded_and_multiline_values_become_one_line_and_nothing_else_moves() -> None:
    full_name = {("organization", "full_name"): "МБОУ «Берёзовская ООШ» № 2"}
    assert changed_by("tatarstan", full_name) == [
        "-  full_name: Муниципальное бюджетное общеобразовательное учреждение",
        "-    «Берёзовская основная общеобразовательная школа» Примерного",
        "-    муниципального района",
        '+  full_name: "МБОУ «Берёзовская ООШ» № 2"',
    ]
    kirov = SOURCES["kirov"]
    after = apply(kirov, {("organization", "full_name"): "Школа"})
    assert changed_lines(kirov, after)[-1] == '+  full_name: "Школа"'
    assert after.splitlines()[7:9] == [
        '  full_name: "Школа"',
        "  short_name: МБОУ СОШ с УИОП № 32 г. Кирова",
    ]


def test_an_empty_value_is_filled_before_its_comment() -> None:
    assert changed_by("init", {("organization", "short_name"): "МБОУ СОШ № 1"}) == [
        "-  short_name:  # Сокращённое наименование",
        '+  short_name: "МБОУ СОШ № 1"  # Сокращённое наименование',
    ]


def test_missing_keys_go_after_their_predecessor_in_model_order() -> None:
    before = SOURCES["kirov"]
    after = apply(
        before,
        {("director", "gender"): "female", ("administrator", "gender"): "female"},
    )
    lines = after.splitlines()
    director = lines.index("director:")
    assert lines[director : director + 4] == [
        "director:",
        "  full_name: Лебедева Светлана Юрьевна",
        '  gender: "female"',
        "  position: Директор",
    ]
    assert len(changed_lines(before, after)) == 2


def test_a_missing_section_is_added_after_the_one_before_it() -> None:
    before = SOURCES["kirov"].replace("platform:\n  messenger: vk\n\n", "")
    after = apply(before, {("platform", "messenger"): "max"})
    assert '\n  letter_date: 2023-08-22\n\nplatform:\n  messenger: "max"\n\nclasses:' in after


def test_an_empty_section_gets_its_keys() -> None:
    before = SOURCES["kirov"].replace("platform:\n  messenger: vk\n", "platform:\n")
    after = apply(before, {("platform", "messenger"): "max"})
    assert 'platform:\n  messenger: "max"\n\nclasses:' in after
    before = SOURCES["kirov"].replace("platform:\n  messenger: vk\n", "platform: ~\n")
    after = apply(before, {("platform", "messenger"): "max"})
    assert 'platform:\n  messenger: "max"\n\nclasses:' in after


def test_a_flow_section_is_refused_not_rewritten() -> None:
    before = SOURCES["kirov"].replace("platform:\n  messenger: vk\n", "platform: {messenger: vk}\n")
    with pytest.raises(edit.EditRefused, match="в одну строку"):
        edit.update(before, {("platform", "messenger"): "max"}, ORDER)


VALUES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip() == s and s != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from(sorted(SOURCES)),
    changes=st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=8),
)
@example(source="kirov", changes={("organization", "address"): "a: b # c"})
@example(source="init", changes={("organization", "full_name"): "слово  " * 30 + "конец"})
@example(source="init", changes={("organization", "email"): '"#\\'})
def test_any_values_anywhere_read_back_exactly(
    source: str, changes: dict[tuple[str, str], str]
) -> None:
    """Whatever the values and wherever they go, the file reads back as the
    old data with just those values changed, and a second identical edit is
    a no-op on the text."""
    before = SOURCES[source]
    after = apply(before, changes)
    assert apply(after, changes) == after
    # every line that is not a changed key's own line is still there, in order
    kept = [line for line in before.splitlines() if not any(
        line.lstrip().startswith(f"{key}:") for _, key in changes
    )]  # fmt: skip
    matcher = difflib.SequenceMatcher(a=kept, b=after.splitlines(), autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    folded_lines = 8  # continuation lines of values written over several lines
    assert common >= len(kept) - folded_lines


def test_a_long_value_is_wrapped_as_init_wraps_it() -> None:
    long_name = (
        "Муниципальное автономное общеобразовательное учреждение «Лицей № 21 имени "
        "Героя Советского Союза очень длинного имени» города Кирова"
    )
    for source in ("init", "tatarstan"):
        before = SOURCES[source]
        after = apply(before, {("organization", "full_name"): long_name})
        new_lines = [line[1:] for line in changed_lines(before, after) if line[0] == "+"]
        assert len(new_lines) > 1 and all(len(line) <= 80 for line in new_lines), new_lines
    before = SOURCES["tatarstan"]  # no website: the key is inserted, wrapped too
    after = apply(before, {("organization", "website"): long_name})
    new_lines = [line[1:] for line in changed_lines(before, after) if line[0] == "+"]
    assert new_lines[0].startswith('  website: "') and len(new_lines) > 1
    assert all(len(line) <= 80 for line in new_lines), new_lines
