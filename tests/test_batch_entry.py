"""A school's entry in a batch build and the JSON it is written as (sferum_cli.batch.entry)."""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_batch_build import INVALID, copy_examples

from sferum_cli.batch.build import BuildOptions, build
from sferum_cli.batch.entry import (
    Entry,
    OutputFile,
    Problem,
    from_journal,
    journal_line,
    manifest_text,
    parse_state,
    state_text,
)
from sferum_cli.batch.school import STATE_FILE

ROOT = Path(__file__).resolve().parent.parent
WARNING = ROOT / "tests" / "schools" / "warnings" / "kpp-of-another-region.yaml"

# The keys a school, a file and a problem have in manifest.json (README: «файлы
# каждой школы с размером и SHA-256 и ошибки»); tools read them, they stay.
SCHOOL_KEYS = {"source", "slug", "valid", "files", "errors", "warnings"}
FILE_KEYS = {"path", "size", "sha256"}
PROBLEM_KEYS = {"path", "line", "column", "code", "message"}
STATE_KEYS = {"fingerprint", "named", "stamps", "entry", "manifest"}

text = st.text(max_size=12)
problems = st.lists(
    st.builds(
        Problem,
        code=text,
        message=text,
        line=st.integers(0, 10**6),
        column=st.integers(0, 10**4),
        path=text,
    ),
    max_size=3,
).map(tuple)
entries = st.builds(
    Entry,
    source=text,
    slug=text,
    status=st.sampled_from(["built", "unchanged", "failed", "internal_error"]),
    valid=st.booleans(),
    files=st.lists(
        st.builds(OutputFile, path=text, size=st.integers(0, 2**40), sha256=text), max_size=3
    ).map(tuple),
    errors=problems,
    warnings=problems,
    fingerprint=st.none() | text,
    named=st.lists(
        st.tuples(st.lists(text | st.integers(0, 99), min_size=1, max_size=3).map(tuple), text),
        max_size=3,
    ).map(tuple),
    manifest=st.none() | text,
)


@given(entries)
def test_an_entry_round_trips_through_the_journal_and_a_worker(entry: Entry) -> None:
    line = journal_line(entry)
    assert line.endswith("\n") and line.count("\n") == 1
    assert from_journal(line) == entry
    assert pickle.loads(pickle.dumps(entry)) == entry  # what a worker process sends back


@given(entries, st.dictionaries(text, st.tuples(st.integers(0), st.integers(0)), max_size=3))
def test_an_entry_round_trips_through_its_state(
    entry: Entry, stamps: dict[str, tuple[int, int]]
) -> None:
    state = parse_state(state_text(entry, stamps).encode("utf-8"))
    assert state is not None
    assert (state.fingerprint, state.named, state.manifest) == (
        entry.fingerprint,
        entry.named,
        entry.manifest,
    )
    assert state.stamps == stamps
    # The manifest shows what the state keeps of it; how it went is not kept.
    assert state.entry == dataclasses.replace(
        entry, status="failed", fingerprint=None, named=(), manifest=None
    )


def test_a_state_of_another_shape_is_no_state() -> None:
    good = json.loads(state_text(Entry(source="a.yaml", slug="a"), {}))
    assert parse_state(json.dumps(good)) is not None
    for damaged in (
        "",
        "{",
        "[]",
        "{}",
        json.dumps({**good, "stamps": {"a/x.md": [1]}}),
        json.dumps({**good, "entry": {**good["entry"], "files": [{"path": "a/x.md"}]}}),
        json.dumps({**good, "entry": {"source": "a.yaml"}}),
    ):
        assert parse_state(damaged) is None, damaged
    # An older state without the named files is read, but never taken as unchanged.
    old = parse_state(json.dumps({k: v for k, v in good.items() if k != "named"}))
    assert old is not None and old.named is None


def test_the_manifest_and_the_states_have_the_documented_keys(tmp_path: Path) -> None:
    schools = copy_examples(tmp_path / "schools")
    shutil.copyfile(WARNING, tmp_path / "schools" / WARNING.name)
    gone = tmp_path / "schools" / "gone.yaml"  # valid, but the roster it names is missing
    gone.write_text(
        schools[0].read_text(encoding="utf-8") + "teachers_roster: roster.csv\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    summary = build(
        [*schools, tmp_path / "schools" / WARNING.name, gone, INVALID], BuildOptions(outdir=out)
    )
    assert (summary.built, summary.failed) == (3, 2)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"tool", "version", "schools", "valid"}
    kirov, tatarstan, warned, missing, invalid = manifest["schools"]
    for school in manifest["schools"]:
        assert set(school) == SCHOOL_KEYS
        assert all(set(item) == FILE_KEYS for item in school["files"])
        assert all(set(p) == PROBLEM_KEYS for p in school["errors"] + school["warnings"])
    assert warned["warnings"] and warned["valid"] is True and not warned["errors"]
    # A file named by a valid school is missing: valid, not built, located.
    assert missing["valid"] is True and missing["files"] == []
    (error,) = missing["errors"]
    assert error["code"] == "file.not_found" and error["line"] > 0 and error["column"] > 0
    assert invalid["valid"] is False and invalid["errors"][0]["code"] == "phone.not_mobile"

    text = (out / "manifest.json").read_text(encoding="utf-8")
    for school in (kirov, tatarstan, warned):
        state = json.loads((out / school["slug"] / STATE_FILE).read_text(encoding="utf-8"))
        assert set(state) == STATE_KEYS
        assert state["entry"] == school
        assert set(state["stamps"]) == {item["path"] for item in school["files"]}
        # The manifest holds the kept text as it is, and an entry read back from
        # the state is written again to the same bytes.
        assert "    " + state["manifest"].replace("\n", "\n    ") in text
        kept = parse_state((out / school["slug"] / STATE_FILE).read_bytes())
        assert kept is not None
        assert manifest_text(kept.entry) == state["manifest"]
    for school in (missing, invalid):
        assert not (out / school["slug"] / STATE_FILE).exists()
