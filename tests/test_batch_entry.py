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
    STATE_FORMAT,
    Entry,
    Final,
    OutputFile,
    Problem,
    final_line,
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


@given(entries)
def test_an_entry_that_is_done_round_trips_through_the_journal_as_its_text(entry: Entry) -> None:
    line = final_line(entry)
    assert line.endswith("\n") and line.count("\n") == 1
    if "\x1f" in manifest_text(entry):  # not JSON text (never in a build): as a whole
        assert from_journal(line) == entry
    else:
        assert from_journal(line) == Final(manifest_text(entry), len(entry.files), entry.succeeded)


@given(entries, st.data())
def test_an_entry_round_trips_through_its_state(entry: Entry, data: st.DataObject) -> None:
    stamp = st.tuples(st.integers(0, 2**40), st.integers(0, 2**63))
    stamps = {item.path: data.draw(stamp) for item in entry.files}
    state = parse_state(state_text(entry, stamps).encode("utf-8"))
    assert state is not None
    assert (state.fingerprint, state.named, state.manifest) == (
        entry.fingerprint,
        entry.named,
        manifest_text(entry),
    )
    assert state.stamps == stamps
    # A state is kept for a school built; its manifest text is kept as it was.
    assert state.entry == dataclasses.replace(entry, status="built", manifest=manifest_text(entry))


def test_a_state_of_another_shape_is_no_state() -> None:
    entry = Entry(
        source="a.yaml",
        slug="a",
        valid=True,
        files=(OutputFile("a/x.md", 3, "0" * 64),),
        fingerprint="f",
        named=((("teachers_roster",), "r.csv"),),
    )
    good = state_text(entry, {"a/x.md": (3, 1)})
    assert parse_state(good.encode()) is not None
    form, header, manifest = good.split("\n", 2)
    fields = json.loads(header)
    assert form == STATE_FORMAT and fields[-1] == len(manifest)

    def with_header(**changes: object) -> str:
        names = ["fingerprint", "named", "source", "slug", "valid", "files", "errors"]
        names += ["warnings", "length"]
        changed = [changes.get(name, value) for name, value in zip(names, fields, strict=True)]
        return "\n".join([form, json.dumps(changed), manifest])

    for damaged in (
        "",
        "{",
        form,
        f"{form}\n{header}",
        f"sferum-build state 1\n{header}\n{manifest}",
        f"{form}\n{{}}\n{manifest}",
        f"{form}\n{json.dumps(fields[:-1])}\n{manifest}",
        good[:-1],  # cut short
        good + " ",
        with_header(files=[["a/x.md", 3, "0" * 64, 3]]),
        with_header(files={"a/x.md": [3, 1]}),
        with_header(named={"teachers_roster": "r.csv"}),
        with_header(errors=[["code"]]),
        json.dumps({"fingerprint": "f", "named": [], "stamps": {}, "entry": {}, "manifest": ""}),
    ):
        assert parse_state(damaged.encode()) is None, damaged
    assert parse_state(good.encode()[:-2] + b"\xff\xfe") is None  # not UTF-8


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
        raw = (out / school["slug"] / STATE_FILE).read_text(encoding="utf-8")
        form, _, kept_text = raw.split("\n", 2)
        assert form == STATE_FORMAT
        assert json.loads(kept_text) == school
        # The manifest holds the kept text as it is, and an entry read back from
        # the state is written again to the same bytes.
        assert "    " + kept_text.replace("\n", "\n    ") in text
        kept = parse_state((out / school["slug"] / STATE_FILE).read_bytes())
        assert kept is not None
        assert set(kept.stamps) == {item["path"] for item in school["files"]}
        assert manifest_text(dataclasses.replace(kept.entry, manifest=None)) == kept_text
    for school in (missing, invalid):
        assert not (out / school["slug"] / STATE_FILE).exists()
