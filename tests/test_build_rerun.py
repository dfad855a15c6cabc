"""A re-run with nothing changed is decided before parsing, and anything that
changes what a school is built from still rebuilds it (sferum_cli.batch)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from test_batch_build import copy_examples
from test_documents_letterhead import make_blank
from test_files_school_paths import PDF

from sferum_cli import yamlio
from sferum_cli.batch import build as batch_build
from sferum_cli.batch import schedule, school
from sferum_cli.batch.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "tests" / "data" / "rosters" / "mixed.csv"


@pytest.fixture
def schools(tmp_path: Path) -> list[Path]:
    """Two example schools; the first names a teachers' roster next to it, the
    second a letterhead and an attachment to its e-mail in a folder of its own."""
    paths = copy_examples(tmp_path / "schools")
    shutil.copyfile(ROSTER, paths[0].parent / "roster.csv")
    with paths[0].open("a", encoding="utf-8") as out:
        out.write("teachers_roster: roster.csv\n")
    files = paths[1].parent / "files"
    files.mkdir()
    make_blank(files / "blank.docx")
    (files / "scan.pdf").write_bytes(PDF)
    with paths[1].open("a", encoding="utf-8") as out:
        out.write("documents:\n  letterhead: files/blank.docx\n")
        out.write("email:\n  attachments:\n    - files/scan.pdf\n")
    return paths


def _counts(summary: batch_build.Summary) -> tuple[int, int, int]:
    return summary.built, summary.unchanged, summary.failed


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged school was parsed")

    monkeypatch.setattr(yamlio, "parse", refuse)


@pytest.mark.parametrize("jobs", [1, 2])
def test_unchanged_schools_are_decided_without_parsing_or_workers(
    schools: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    out = tmp_path / "out"
    assert _counts(build(schools, BuildOptions(outdir=out, jobs=jobs))) == (2, 0, 0)
    first = (out / "manifest.json").read_bytes()
    _no_parsing(monkeypatch)

    def no_pool(jobs: int) -> None:
        raise AssertionError("a worker pool was started with nothing to build")

    monkeypatch.setattr(schedule, "_pool", no_pool)
    again = build(schools, BuildOptions(outdir=out, jobs=jobs))
    assert _counts(again) == (0, 2, 0)
    assert (out / "manifest.json").read_bytes() == first


def test_same_manifest_from_another_name_of_the_same_file(
    schools: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copyfile(ROOT / "examples" / schools[1].name, schools[1])  # names no file
    build(schools, BuildOptions(outdir=out))
    monkeypatch.chdir(schools[0].parent)
    relative = [Path(path.name) for path in schools]
    again = build(relative, BuildOptions(outdir=out))
    # the roster's path is written as it resolves now (relative): that one is rebuilt
    assert _counts(again) == (1, 1, 0)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["source"] for entry in manifest["schools"]] == [p.name for p in schools]


def _change_roster(schools: list[Path]) -> None:
    roster = schools[0].parent / "roster.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace("Учителева", "Учителеву"))


def _edit_output(out: Path) -> None:
    target = out / "kirov-school-32" / "checklist-admin.md"
    data = bytearray(target.read_bytes())
    data[-2:] = b"!\n"  # same size, other bytes
    stat = target.stat()
    target.write_bytes(bytes(data))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _remove_output(out: Path) -> None:
    (out / "kirov-school-32" / "handouts" / "handout-1А.docx").unlink()


def _change_letterhead(schools: list[Path]) -> None:
    make_blank(schools[1].parent / "files" / "blank.docx", body_text="Другой бланк")


def _change_attachment(schools: list[Path]) -> None:
    (schools[1].parent / "files" / "scan.pdf").write_bytes(PDF + b"% one more line\n")


def _cut_state(out: Path) -> None:
    state = out / "kirov-school-32" / school.STATE_FILE
    state.write_bytes(state.read_bytes()[:-40])  # the rest still reads as a state


def test_the_rerun_fixture_names_every_kind_of_file(schools: list[Path], tmp_path: Path) -> None:
    """The files the rebuild tests change are the ones the schools name."""
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    letter = zipfile.ZipFile(out / "tatarstan-rural-school" / "pismo.docx")
    headers = [name for name in letter.namelist() if name.startswith("word/header")]
    assert any("ШАПКА ШКОЛЫ" in letter.read(name).decode("utf-8") for name in headers)
    draft = (out / "tatarstan-rural-school" / "pismo-zayavka.eml").read_bytes()
    assert b'filename="scan.pdf"' in draft
    checklist = (out / "kirov-school-32" / "checklist-teachers.md").read_text(encoding="utf-8")
    assert "Учителева" in checklist


_TATARSTAN = "tatarstan-rural-school/"


@pytest.mark.parametrize(
    ("change", "differs"),
    [
        pytest.param(lambda s, out: s[0].write_bytes(s[0].read_bytes() + b"\n"), (), id="school"),
        pytest.param(
            lambda s, out: _change_roster(s),
            # the roster's teachers are listed there (the order's acquaintance list)
            ("kirov-school-32/checklist-", "kirov-school-32/prikaz.docx"),
            id="named-file",
        ),
        pytest.param(
            lambda s, out: _change_letterhead(s), (f"{_TATARSTAN}pismo.docx",), id="letterhead"
        ),
        pytest.param(
            lambda s, out: _change_attachment(s),
            (f"{_TATARSTAN}pismo-zayavka.",),
            id="attachment",
        ),
        pytest.param(lambda s, out: _edit_output(out), (), id="changed-output"),
        pytest.param(lambda s, out: _remove_output(out), (), id="deleted-output"),
        pytest.param(
            lambda s, out: (out / "kirov-school-32" / school.STATE_FILE).write_text("{"),
            (),
            id="damaged-state",
        ),
        pytest.param(lambda s, out: _cut_state(out), (), id="state-cut-short"),
    ],
)
def test_a_change_to_one_school_rebuilds_that_school(
    schools: list[Path], tmp_path: Path, change: object, differs: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    first = {
        item["path"]: item["sha256"]
        for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["schools"]
        for item in entry["files"]
    }
    change(schools, out)  # type: ignore[operator]
    assert _counts(build(schools, BuildOptions(outdir=out))) == (1, 1, 0)
    changed = {
        path
        for path, digest in first.items()
        if school._sha256((out / path).read_bytes()) != digest
    }
    # every file is back as the build made it, but for what the change is in
    assert {path for path in changed if not path.startswith(differs)} == set()
    assert bool(changed) == bool(differs)


def test_a_touched_school_file_with_the_same_bytes_is_unchanged(
    schools: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    for path in [*schools, schools[0].parent / "roster.csv"]:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert _counts(build(schools, BuildOptions(outdir=out))) == (0, 2, 0)


def test_a_state_written_by_another_version_rebuilds(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    state = out / "kirov-school-32" / school.STATE_FILE
    kept = state.read_bytes()
    for other in (b"sferum-build state 1\n" + kept, b'{"entry": {}}'):
        state.write_bytes(other)
        assert _counts(build(schools, BuildOptions(outdir=out))) == (1, 1, 0)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda mp: mp.setenv("SOURCE_DATE_EPOCH", "1700000000"), id="epoch"),
        pytest.param(lambda mp: mp.setattr(batch_build, "__version__", "99.0"), id="version"),
        pytest.param(
            lambda mp: mp.setattr(batch_build, "templates_fingerprint", lambda: "other"),
            id="templates",
        ),
    ],
)
def test_a_change_for_every_school_rebuilds_them_all(
    schools: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    out = tmp_path / "out"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(schools, BuildOptions(outdir=out))
    change(monkeypatch)  # type: ignore[operator]
    assert _counts(build(schools, BuildOptions(outdir=out, jobs=2))) == (2, 0, 0)
    assert _counts(build(schools, BuildOptions(outdir=out, jobs=2))) == (0, 2, 0)


def test_the_pdf_option_is_part_of_what_is_unchanged(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    task = school.Task(
        source=str(schools[1]),
        slug=schools[1].stem,
        outdir=str(out),
        force=False,
        pdf=False,
        common=batch_build.common_fingerprint(),
        files_root="",
    )
    assert (out / task.slug).is_dir()
    assert school.unchanged_entry(task) is not None
    assert school.unchanged_entry(dataclasses.replace(task, pdf=True)) is None
    assert school.unchanged_entry(dataclasses.replace(task, force=True)) is None


def test_a_named_file_that_is_gone_is_reported_not_kept(
    schools: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    (schools[0].parent / "roster.csv").unlink()
    again = build(schools, BuildOptions(outdir=out))
    assert _counts(again) == (0, 1, 1)
    assert again.failures[0].errors[0].code == "file.not_found"
    assert "roster.csv" in again.failures[0].errors[0].message


def test_many_schools_in_batches_keep_the_input_order(tmp_path: Path) -> None:
    source = ROOT / "examples" / "kirov-school-32.yaml"
    folder = tmp_path / "many"
    folder.mkdir()
    paths = []
    for index in range(schedule.BATCH * 2 + 3):
        paths.append(folder / f"school-{index:02d}.yaml")
        shutil.copyfile(source, paths[-1])
    out = tmp_path / "out"
    summary = build(paths[::2], BuildOptions(outdir=out, jobs=2))  # half built before
    assert summary.built == len(paths[::2])
    order: list[str] = []
    summary = build(
        paths,
        BuildOptions(outdir=out, jobs=2),
        on_result=lambda index, total, entry: order.append(entry.slug),
    )
    assert (summary.built, summary.unchanged) == (len(paths[1::2]), len(paths[::2]))
    assert order == [path.stem for path in paths]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["slug"] for entry in manifest["schools"]] == order


def test_every_written_file_gets_the_mode_of_the_umask(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous = os.umask(0o027)
    try:
        build(schools, BuildOptions(outdir=out))
    finally:
        os.umask(previous)
    written = [p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"]
    assert len(written) > 20
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(0o640)}
