"""The table of title forms built ahead gives exactly what pymorphy3 gives.

decline_position reads the common words from sferum_cli/grammar/position_table.json
and loads pymorphy3 only for a word the table lacks; these tests run both paths
(table vs the dictionary alone) and compare every form.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from sferum_cli.grammar import CASES, positions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _generator() -> ModuleType:
    path = ROOT / "docs" / "make_position_table.py"
    spec = importlib.util.spec_from_file_location("make_position_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


def _example_titles() -> list[str]:
    titles: list[str] = []
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        titles.append(" ".join(str(data["organization"]["full_name"]).split()))
        titles.extend(str(p["position"]) for p in _people(data))
    return titles


def _people(data: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(data, dict):
        if "position" in data and isinstance(data["position"], str):
            found.append(data)
        for value in data.values():
            found.extend(_people(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_people(value))
    return found


def _benchmark_titles() -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return [
        *synthetic.POSITIONS,
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»",
    ]


def _test_set_titles() -> list[str]:
    text = (ROOT / "tests" / "data" / "grammar" / "positions.yaml").read_text(encoding="utf-8")
    return [str(item["position"]) for item in yaml.safe_load(text)]


COMMON = [*GENERATOR.TITLES, *GENERATOR.ORGANISATIONS, *_example_titles(), *_benchmark_titles()]


def _assert_same(title: str, lexicon: positions.Lexicon) -> None:
    for case in CASES:
        assert positions.decline_with(title, case, lexicon) == positions.decline_with(
            title, case, positions.dictionary_parses
        ), (title, case)
    assert positions.agreement_by_sense_with(title, lexicon) == (
        positions.agreement_by_sense_with(title, positions.dictionary_parses)
    ), title


def test_committed_table_is_what_the_generator_writes() -> None:
    assert positions.TABLE_PATH.read_text(encoding="utf-8") == GENERATOR.build_table(), (
        "run `uv run python docs/make_position_table.py` and commit the table"
    )


def test_every_table_entry_has_a_form_for_every_grammeme_set() -> None:
    table = json.loads(positions.TABLE_PATH.read_text(encoding="utf-8"))
    assert {"учитель", "директор", "учреждение", "бюджетное", "социальный"} <= set(table)
    for word, entries in table.items():
        for entry in entries:
            assert len(entry["forms"]) == len(positions.GRAMMEME_SETS), word


@pytest.mark.parametrize("title", sorted(set(COMMON)))
def test_common_titles_come_from_the_table_alone(title: str) -> None:
    # table_parses raises KeyError for a word not in the table.
    _assert_same(title, positions.table_parses)


@pytest.mark.parametrize("title", _test_set_titles())
def test_table_first_equals_dictionary_on_the_test_set(title: str) -> None:
    _assert_same(title, positions._parses)


def test_table_gives_the_known_forms() -> None:
    forms = [
        positions.decline_with("Старшая социальная педагог-психолог", case, positions.table_parses)
        for case in CASES
    ]
    assert forms[1] == "Старшего социального педагога-психолога"
    assert forms[3] == "Старшего социального педагога-психолога"
    assert positions.decline_with(
        "муниципальное бюджетное общеобразовательное учреждение «Школа № 1»",
        "instrumental",
        positions.table_parses,
    ) == ("муниципальным бюджетным общеобразовательным учреждением «Школа № 1»")


TABLE_WORDS = sorted(json.loads(positions.TABLE_PATH.read_text(encoding="utf-8")))
_word = st.builds(
    lambda pieces, style: style("-".join(pieces)),
    st.lists(st.sampled_from(TABLE_WORDS), min_size=1, max_size=2),
    st.sampled_from([str.lower, str.capitalize, str.upper]),
)


@given(st.lists(_word, min_size=1, max_size=5).map(" ".join))
@example("социальная педагог")
@example("старшая вожатая")
@example("ШКОЛА-ИНТЕРНАТ")
@example("главный специалист-программист")
def test_titles_of_table_words_decline_as_with_the_dictionary(title: str) -> None:
    _assert_same(title, positions.table_parses)


_NO_DICTIONARY = """
import json, sys
from sferum_cli.cli import main
sys.argv = ["sferum-cli", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("\\nRESULT " + json.dumps({"code": code, "pymorphy3": "pymorphy3" in sys.modules}))
"""


@pytest.mark.parametrize("command", ["order", "policy"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_documents_for_the_examples_do_not_load_pymorphy3(
    command: str, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"{command}.docx"
    args = [command, str(example), "-o", str(out), "--force"]
    run = subprocess.run(
        [sys.executable, "-c", _NO_DICTIONARY, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    result = json.loads(run.stdout.rsplit("RESULT ", 1)[1])
    assert result["code"] in (0, None), run.stderr
    assert out.stat().st_size > 0
    assert result == {"code": result["code"], "pymorphy3": False}


def test_an_unknown_title_still_uses_the_dictionary() -> None:
    title = "звукорежиссёр-акустик"
    with pytest.raises(KeyError):
        positions.decline_with(title, "genitive", positions.table_parses)
    assert positions.decline_position(title, "genitive") == "звукорежиссёра-акустика"
