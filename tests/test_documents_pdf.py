"""The documents open in LibreOffice and convert to PDF (real soffice, no mocks)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example as hypothesis_example
from hypothesis import given
from hypothesis import strategies as st
from pdftools import page_count, pdf_text

from sferum_cli import documents
from sferum_cli.documents import libreoffice, pdf
from sferum_cli.documents.kinds import KINDS
from sferum_cli.errors import ExternalToolError
from sferum_cli.validation import load_school

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# The order's acquaintance list (administrator and teachers) may go on to a
# second page; the order itself always ends on the first (see below).
EXPECTED_PAGES = {"order": (1, 2), "letter": (1, 1)}


def rendered_examples() -> dict[str, dict[str, bytes]]:
    """Every document of each example school: stem → kind → DOCX bytes."""
    found = {}
    for example in sorted(EXAMPLES.glob("*.yaml")):
        school = load_school(example)
        found[example.stem] = {kind.name: documents.render(kind.name, school) for kind in KINDS}
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """All documents of both examples, converted by ONE LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    docx_files: dict[tuple[str, str], Path] = {}
    for stem, rendered in rendered_examples().items():
        # Same stems in different folders must not collide.
        subdir = folder / stem
        subdir.mkdir()
        for kind, data in rendered.items():
            path = subdir / f"{kind}.docx"
            path.write_bytes(data)
            docx_files[(stem, kind)] = path
    keys = list(docx_files)
    pdfs = pdf.convert_many([docx_files[k] for k in keys])
    return dict(zip(keys, pdfs, strict=True))


@pytest.mark.libreoffice
def test_every_document_converts_with_the_right_page_count(
    converted: dict[tuple[str, str], Path],
) -> None:
    assert len(converted) == 6
    for (example, kind), path in converted.items():
        assert path == path.parent / f"{kind}.pdf" and path.parent.name == example
        count = page_count(path)
        if kind in EXPECTED_PAGES:
            low, high = EXPECTED_PAGES[kind]
            assert low <= count <= high, (example, kind, count)
            if kind == "order":
                first_page = pdf_text(path).split("\f")[0]
                assert "Контроль за исполнением настоящего приказа" in first_page
                assert "Директор" in first_page
        else:
            assert 3 <= count <= 8, (example, kind, count)


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("example", "phone", "director"),
    [
        ("kirov-school-32", "+7 912 345-67-89", "С.Ю. Лебедева"),
        ("tatarstan-rural-school", "+7 917 000-12-34", "Л.И. Крымский"),
    ],
)
def test_letter_pdf_shows_phone_and_director_initials(
    converted: dict[tuple[str, str], Path], example: str, phone: str, director: str
) -> None:
    text = pdf_text(converted[(example, "letter")])
    assert phone in text
    assert director in text
    assert "М.П." in text
    assert director in pdf_text(converted[(example, "order")])


@pytest.mark.libreoffice
def test_cli_pdf_option_writes_both_files(kirov: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pismo.docx"
    result = invoke("letter", str(kirov), "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Записан файл: {out}",
        f"Записан файл: {out.with_suffix('.pdf')}",
    ]
    assert page_count(out.with_suffix(".pdf")) == 1


def test_missing_soffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SFERUM_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(libreoffice, "_KNOWN_PLACES", ())
    with pytest.raises(ExternalToolError) as info:
        libreoffice.find_soffice()
    assert "libreoffice-writer-nogui" in str(info.value)
    assert pdf.convert_many([]) == []


# --- several LibreOffice processes --------------------------------------------

needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")


def soffice_processes(marker: Path) -> dict[int, str]:
    """Running soffice.bin processes whose profile lies under ``marker``: pid → profile."""
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if not argv[0].endswith(b"soffice.bin") or state == "Z":
            continue
        for arg in argv:
            text = arg.decode(errors="replace")
            if text.startswith("-env:UserInstallation=") and str(marker) in text:
                found[int(proc.name)] = text.split("=", 1)[1]
    return found


@pytest.fixture(scope="module")
def docx_set(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Ten documents of the two examples (each kind, and the handouts)."""
    from sferum_cli.onboarding.handouts import render_class

    folder = tmp_path_factory.mktemp("docx")
    paths = []
    for stem, rendered in rendered_examples().items():
        school = load_school(EXAMPLES / f"{stem}.yaml")
        for school_class in school.classes[:2]:
            rendered[f"handout-{len(rendered)}"] = render_class(school, school_class)
        for kind, data in rendered.items():
            path = folder / f"{stem}-{kind}.docx"
            path.write_bytes(data)
            paths.append(path)
    return paths


@pytest.fixture(scope="module")
def one_process(docx_set: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The PDFs of ``docx_set`` made by ONE LibreOffice process: name → bytes."""
    out = tmp_path_factory.mktemp("jobs1")
    targets = pdf.convert_many(docx_set, out, jobs=1)
    return {path.name: path.read_bytes() for path in targets}


def convert_watched(
    sources: list[Path],
    tmp_path: Path,
    jobs: int,
    watch: Callable[[Path, int, ExternalToolError | None], None],
    *,
    timeout: float = pdf.DEFAULT_TIMEOUT,
) -> tuple[list[Path], list[ExternalToolError | None], Path]:
    """convert_each into ``tmp_path/out`` with LibreOffice's working folder
    ``tmp_path/work``; ``watch(work, index, error)`` as each file is done."""
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    out.mkdir()
    targets = [out / f"{path.stem}.pdf" for path in sources]
    errors = pdf.convert_each(
        sources,
        targets,
        jobs=jobs,
        timeout=timeout,
        workdir=work,
        finished=lambda i, e: watch(work, i, e),
    )
    return targets, errors, work


@needs_proc
@pytest.mark.libreoffice
def test_processes_run_at_once_each_with_its_own_profile(
    docx_set: list[Path], one_process: dict[str, bytes], tmp_path: Path
) -> None:
    seen: list[dict[int, str]] = []
    done: list[int] = []

    def record(work: Path, index: int, error: ExternalToolError | None) -> None:
        assert error is None, error
        done.append(index)
        seen.append(soffice_processes(work))

    at_once = min(3, pdf.usable_cpus())  # never more processes than CPUs
    if at_once < 2:
        pytest.skip("one CPU: one LibreOffice process at a time")
    targets, errors, work = convert_watched(docx_set, tmp_path, 3, record)
    assert errors == [None] * len(docx_set)
    assert sorted(done) == list(range(len(docx_set)))
    # That many LibreOffice processes were alive at one moment, each with its own profile.
    assert max(len(set(alive.values())) for alive in seen) == at_once, seen
    assert len({profile for alive in seen for profile in alive.values()}) == at_once
    # Every PDF is there and byte for byte what one process makes.
    assert {t.name: t.read_bytes() for t in targets} == one_process
    assert list(work.iterdir()) == []  # profiles and copies removed
    assert soffice_processes(work) == {}


@pytest.mark.libreoffice
@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity")
def test_no_more_libreoffice_processes_than_cpus(
    docx_set: list[Path], one_process: dict[str, bytes], tmp_path: Path
) -> None:
    """``build --jobs 8 --pdf`` on one CPU starts one LibreOffice process:
    counted by the profile folders the processes made (one per process)."""
    sources = docx_set[:4]
    profiles: set[str] = set()

    def record(work: Path, index: int, error: ExternalToolError | None) -> None:
        assert error is None, error
        profiles.update(path.name for path in work.glob("*/profile-*"))

    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})  # LibreOffice inherits it
    try:
        assert pdf.usable_cpus() == 1
        targets, errors, _ = convert_watched(sources, tmp_path, 8, record)
    finally:
        os.sched_setaffinity(0, allowed)
    assert errors == [None] * len(sources)
    assert profiles == {"profile-0"}
    assert {t.name: t.read_bytes() for t in targets} == {
        t.name: one_process[t.name] for t in targets
    }


@pytest.mark.libreoffice
def test_pdfs_are_reproducible(docx_set: list[Path], tmp_path: Path) -> None:
    """LibreOffice writes the current time and a random identifier; we don't."""
    import time

    first = pdf.convert_many(docx_set[:1], tmp_path / "a")[0].read_bytes()
    time.sleep(1.1)  # another second on LibreOffice's clock
    second = pdf.convert_many(docx_set[:1], tmp_path / "b")[0]
    assert second.read_bytes() == first
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(second)], capture_output=True, text=True, check=True
    ).stdout
    # The DOCX's own creation time (the order's date), not the time of conversion.
    created = re.search(r"<dcterms:created[^>]*>([^<]+)<", _core_xml(docx_set[0]))
    assert created is not None
    assert re.search(rf"^CreationDate:\s+{re.escape(created.group(1))}$", info, re.M), info
    assert "Контроль за исполнением настоящего приказа" in pdf_text(second)


def _core_xml(docx: Path) -> str:
    import zipfile

    with zipfile.ZipFile(docx) as package:
        return package.read("docProps/core.xml").decode()


def _truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[:20000])
    return target


@pytest.mark.libreoffice
def test_a_broken_document_fails_alone(docx_set: list[Path], tmp_path: Path) -> None:
    broken = _truncated(docx_set[0], tmp_path / "broken.docx")
    sources = [*docx_set[:3], broken, *docx_set[3:6]]
    out = tmp_path / "out"
    out.mkdir()
    targets = [out / f"{i}.pdf" for i in range(len(sources))]
    errors = pdf.convert_each(sources, targets, jobs=2)
    assert [i for i, e in enumerate(errors) if e is not None] == [3]
    assert str(errors[3]) == (
        "LibreOffice: не удалось преобразовать broken.docx в PDF: файл не открывается"
    )
    assert [t.exists() for t in targets] == [True, True, True, False, True, True, True]
    # convert_many writes what it can, then says what it could not.
    with pytest.raises(ExternalToolError, match=r"broken\.docx"):
        pdf.convert_many([broken, docx_set[1]], tmp_path / "many")
    assert (tmp_path / "many" / f"{docx_set[1].stem}.pdf").is_file()


@needs_proc
@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("signal_number", "timeout", "reason"),
    [
        (signal.SIGKILL, pdf.DEFAULT_TIMEOUT, "процесс завершился с кодом"),
        (signal.SIGSTOP, 10.0, "нет результата за 10 с"),  # killed once the time is up
    ],
    ids=["crash", "hang"],
)
def test_a_crashed_or_stuck_process_loses_one_document_and_the_rest_go_on(
    docx_set: list[Path],
    one_process: dict[str, bytes],
    tmp_path: Path,
    signal_number: int,
    timeout: float,
    reason: str,
) -> None:
    hit: list[int] = []

    def strike(work: Path, index: int, error: ExternalToolError | None) -> None:
        if not hit:  # in the middle of its list
            for pid in soffice_processes(work):
                os.kill(pid, signal_number)
                hit.append(pid)

    try:
        targets, errors, work = convert_watched(docx_set, tmp_path, 1, strike, timeout=timeout)
    finally:
        for pid in hit:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert len(hit) == 1
    lost = [i for i, e in enumerate(errors) if e is not None]
    assert len(lost) == 1 and lost[0] > 0, errors
    assert f"в PDF: {reason}" in str(errors[lost[0]])
    assert soffice_processes(work) == {}
    made = {t.name: t.read_bytes() for t in targets if t.exists()}
    assert made == {k: v for k, v in one_process.items() if k != targets[lost[0]].name}


@pytest.mark.libreoffice
def test_progress_counts_documents(docx_set: list[Path], tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    pdf.convert_many(docx_set[:4], tmp_path, jobs=2, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=10_000), max_size=40),
    parts=st.integers(min_value=1, max_value=8),
)
@hypothesis_example(sizes=[5, 0, 0, 0], parts=3)
def test_runs_are_contiguous_and_balanced(sizes: list[int], parts: int) -> None:
    runs = pdf.split(sizes, parts)
    assert [i for run in runs for i in run] == list(range(len(sizes)))
    assert all(runs) and len(runs) <= parts
    total = sum(sizes)
    for run in runs:  # no run is bigger than its share by more than one file
        assert sum(sizes[i] for i in run) <= total / parts + max(sizes)
