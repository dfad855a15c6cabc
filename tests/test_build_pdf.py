"""`build --pdf`: several LibreOffice processes, per-school failures, progress,
and no LibreOffice left behind when the build is killed (real soffice)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sferum_cli.batch.build import BuildOptions, build
from sferum_cli.batch.entry import Entry, Problem, SchoolErrors

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "sferum_cli"]


def synthetic_schools(folder: Path, count: int) -> list[Path]:
    schools = folder / "schools"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), str(schools), str(count)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted(schools.glob("*.yaml"))


def manifest(outdir: Path) -> dict[str, Any]:
    return json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def soffice_pids(marker: Path) -> set[int]:
    """Running soffice.bin/oosplash processes whose profile lies under ``marker``."""
    found = set()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z" and b"-env:UserInstallation=" in argv and str(marker).encode() in argv:
            found.add(int(proc.name))
    return found


@pytest.mark.libreoffice
def test_two_processes_give_the_bytes_of_one(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 3)
    one, two = tmp_path / "one", tmp_path / "two"
    build(schools, BuildOptions(outdir=one, jobs=1, pdf=True))
    progress: list[tuple[int, int, SchoolErrors | None]] = []
    summary = build(
        schools,
        BuildOptions(outdir=two, jobs=2, pdf=True),
        on_pdf=lambda done, total, school: progress.append((done, total, school)),
    )
    assert (summary.built, summary.failed) == (3, 0)
    assert manifest(one) == manifest(two)  # every file, PDFs included, by SHA-256
    files = [item["path"] for school in manifest(two)["schools"] for item in school["files"]]
    docx = [path for path in files if path.endswith(".docx")]
    assert {path[: -len(".docx")] + ".pdf" for path in docx} <= set(files)
    for path in files:
        if path.endswith(".pdf"):
            assert (two / path).read_bytes() == (one / path).read_bytes()
            assert (two / path).read_bytes().startswith(b"%PDF")
    # Progress counts documents one by one, and names each school once, when its
    # last document is done.
    total = len(docx)
    assert [(done, t) for done, t, _ in progress] == [(i, total) for i in range(total + 1)]
    named = [school.slug for _, _, school in progress if school is not None]
    assert sorted(named) == ["school-00001", "school-00002", "school-00003"]
    for done, _, school in progress:
        if school is not None:
            assert school.errors == ()
            own = [p for p in docx if p.startswith(school.slug + "/")]
            assert done >= len(own)
    assert build(schools, BuildOptions(outdir=two, jobs=2, pdf=True)).unchanged == 3


@pytest.mark.libreoffice
def test_a_broken_document_fails_only_its_school(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 3)
    out = tmp_path / "out"

    def damage(index: int, total: int, entry: Entry) -> None:
        if entry.slug == "school-00002":  # as if the disk had lost half of it
            order = out / "school-00002" / "prikaz.docx"
            order.write_bytes(order.read_bytes()[:20000])

    lines: list[SchoolErrors] = []
    summary = build(
        schools,
        BuildOptions(outdir=out, jobs=2, pdf=True),
        on_result=damage,
        on_pdf=lambda done, total, school: lines.append(school) if school else None,
    )
    assert (summary.built, summary.failed, summary.internal_errors) == (2, 1, 0)
    message = "LibreOffice: не удалось преобразовать prikaz.docx в PDF: файл не открывается"
    assert summary.failures == [
        SchoolErrors(
            source=str(schools[1]),
            slug="school-00002",
            errors=(Problem(code="ExternalToolError", message=message, line=0, column=0, path=""),),
        )
    ]
    assert [school.errors != () for school in sorted(lines, key=lambda s: s.slug)] == [
        False,
        True,
        False,
    ]
    data = manifest(out)
    assert data["valid"] is False
    good, bad, other = data["schools"]
    assert bad["errors"][0]["message"] == message
    for school in (good, other):
        assert school["errors"] == []
        assert sum(item["path"].endswith(".pdf") for item in school["files"]) == sum(
            item["path"].endswith(".docx") for item in school["files"]
        )
    paths = {item["path"] for item in bad["files"]}
    assert "school-00002/prikaz.pdf" not in paths and "school-00002/pismo.pdf" in paths
    assert not (out / "school-00002" / "prikaz.pdf").exists()
    # The failed school is built again next time; the others are kept.
    again = build(schools, BuildOptions(outdir=out, jobs=2, pdf=True))
    assert (again.built, again.unchanged, again.failed) == (1, 2, 0)
    assert (out / "school-00002" / "prikaz.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_cli_prints_a_line_per_school_with_documents_converted(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 2)
    out = tmp_path / "out"
    result = subprocess.run(
        [*CLI, "build", *map(str, schools), "-o", str(out), "-j", "2", "--pdf"],
        env={**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    total = sum(
        item["path"].endswith(".docx")
        for school in manifest(out)["schools"]
        for item in school["files"]
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("[PDF ")]
    assert lines[0] == f"[PDF 0/{total}] преобразование документов в PDF"
    assert len(lines) == 3 and lines[-1].startswith(f"[PDF {total}/{total}] PDF готовы: ")
    assert {line.rpartition(" → ")[2] for line in lines[1:]} == {"school-00001", "school-00002"}


@pytest.mark.libreoffice
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc (Linux)")
def test_killing_the_build_leaves_no_libreoffice_behind(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 8)
    out = tmp_path / "out"
    build_process = subprocess.Popen(
        [*CLI, "build", *map(str, schools), "-o", str(out), "-j", "2", "--pdf"],
        env={**{k: v for k, v in os.environ.items() if k != "CI"}, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    running: set[int] = set()
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end and len(running) < 4:  # two launchers, two soffice.bin
            time.sleep(0.1)
            running = soffice_pids(out)
        assert len(running) >= 4, running
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
        end = time.monotonic() + 10
        while time.monotonic() < end and soffice_pids(out):
            time.sleep(0.1)
        assert soffice_pids(out) == set()
    finally:
        for pid in soffice_pids(out) | running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        build_process.kill()
        build_process.wait()
    # Their profiles were in the build's scratch folder: the next build removes it.
    assert list(out.glob(".sferum-build-*"))
    rerun = subprocess.run(
        [*CLI, "build", *map(str, schools[:1]), "-o", str(out), "-j", "1"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0
    assert list(out.glob(".sferum-build-*")) == []
