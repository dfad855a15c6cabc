"""A re-run with nothing changed is decided before parsing, and anything that
changes what a school is built from still rebuilds it (sferum_cli.batch)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest
from test_batch_build import copy_examples

from sferum_cli import yamlio
from sferum_cli.batch import build as batch_build
from sferum_cli.batch import schedule, school
from sferum_cli.batch.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "tests" / "data" / "rosters" / "mixed.csv"


@pytest.fixture
def schools(tmp_path: Path) -> list[Path]:
    """Two example schools; the first names a teachers' roster next to it."""
    paths = copy_examples(tmp_path / "schools")
    shutil.copyfile(ROSTER, paths[0].parent / "roster.csv")
    with paths[0].open("a", encoding="utf-8") as out:
        out.write("teachers_roster: roster.csv\n")
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


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s, out, mp: s[0].write_bytes(s[0].read_bytes() + b"\n"), id="school"),
        pytest.param(lambda s, out, mp: _change_roster(s), id="named-file"),
        pytest.param(lambda s, out, mp: _edit_output(out), id="changed-output"),
        pytest.param(lambda s, out, mp: _remove_output(out), id="deleted-output"),
        pytest.param(
            lambda s, out, mp: (out / "kirov-school-32" / school.STATE_FILE).write_text("{"),
            id="damaged-state",
        ),
    ],
)
def test_a_change_to_one_school_rebuilds_that_school(
    schools: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    first = {
        item["path"]: item["sha256"]
        for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["schools"]
        for item in entry["files"]
    }
    change(schools, out, monkeypatch)  # type: ignore[operator]
    assert _counts(build(schools, BuildOptions(outdir=out))) == (1, 1, 0)
    roster_changed = "Учителеву" in (schools[0].parent / "roster.csv").read_text(encoding="utf-8")
    for path, digest in first.items():  # every file is back as the build made it
        now = school._sha256((out / path).read_bytes())
        listing_teachers = path.startswith("kirov-school-32/checklist-") or path.endswith(
            "/prikaz.docx"
        )
        if roster_changed and listing_teachers:
            continue  # the roster's teachers are listed there (the order's acquaintance list)
        assert now == digest, path


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
