"""DOCX → PDF through LibreOffice (``soffice --headless --convert-to pdf``).

A call starts ``jobs`` LibreOffice processes (one by default, never more
than the CPUs the program may use; a process start costs about a second, so
each converts a run of files, not one), each with its own private profile in
a temporary folder (:mod:`sferum_cli.documents.libreoffice` finds the
program, starts and stops its processes).  The files are split into
contiguous runs of about equal size, one per process.  A file LibreOffice
cannot open fails alone: the others are converted, and each result is
reported to the caller as it is ready.  The PDFs are made byte-reproducible
(LibreOffice writes the current time and a random file identifier into
each): the creation time is the DOCX's own, the identifier a digest of the
content.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sferum_cli.documents import libreoffice
from sferum_cli.errors import ExternalToolError

DEFAULT_TIMEOUT = 300.0

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as documents are converted (0 first)."""

Finished = Callable[[int, ExternalToolError | None], None]
"""``finished(index, error)``: document ``index`` of the call is done — its PDF
is written (``error`` is None), or it could not be converted (``error`` says why)."""

POLL_SECONDS = 0.1
FILES_PER_START = 1000  # a command line stays far below ARG_MAX


def convert_many(
    paths: Sequence[Path],
    outdir: Path | None = None,
    *,
    force: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Convert DOCX files to PDF with ``jobs`` LibreOffice processes.

    Each PDF is written next to its DOCX (or into ``outdir``) under the same
    stem; the files are converted under private names, so equal stems in
    different folders do not collide.  Returns the PDF paths in order.
    ``progress(done, total)`` is told how many documents are done so far, so a
    caller can show the phase move.  When a file can't be converted, the
    others still are, then the first such error is raised.
    """
    targets = [(outdir or path.parent) / f"{path.stem}.pdf" for path in paths]
    total = len(paths)
    done = 0

    def finished(index: int, error: ExternalToolError | None) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if progress is not None and paths:
        progress(0, total)
    errors = convert_each(
        paths, targets, force=force, timeout=timeout, jobs=jobs, finished=finished
    )
    for error in errors:
        if error is not None:
            raise error
    return targets


def convert_each(
    sources: Sequence[Path],
    targets: Sequence[Path],
    *,
    jobs: int = 1,
    force: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    workdir: Path | None = None,
    finished: Finished | None = None,
) -> list[ExternalToolError | None]:
    """Convert ``sources[i]`` into ``targets[i]`` for every ``i``; a file that
    fails does not stop the others.  Returns one entry per file: None when its
    PDF was written, else the error.  ``jobs`` LibreOffice processes run at
    once (at most :func:`usable_cpus`: more would only queue for the CPUs,
    each with its own start-up and memory), each with its own profile;
    ``timeout`` is how long one of them may go without finishing a file.
    Their working files go to a temporary folder in ``workdir`` (the system's
    by default), removed at the end.  A missing LibreOffice and a target that
    can't be written are raised at once."""
    if len(sources) != len(targets):
        raise ValueError("sources and targets differ in length")
    if not sources:
        return []
    soffice = libreoffice.find_soffice()
    with tempfile.TemporaryDirectory(prefix="sferum-pdf-", dir=workdir) as tmp:
        batch = _Batch(soffice, sources, targets, Path(tmp).resolve(), force, timeout, finished)
        return batch.run(min(jobs, usable_cpus()))


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@dataclass
class _Runner:
    """One LibreOffice process slot: its profile, its output, its files."""

    profile: Path
    output: Path
    queue: list[int]  # documents still to convert, in order
    given: int = 0  # how many of ``queue`` the running process was handed
    process: subprocess.Popen[bytes] | None = None
    last_change: float = field(default_factory=time.monotonic)  # a PDF last appeared
    newest: int = -1  # the document whose PDF appeared last


class _Batch:
    def __init__(
        self,
        soffice: str,
        sources: Sequence[Path],
        targets: Sequence[Path],
        work: Path,
        force: bool,
        timeout: float,
        finished: Finished | None,
    ) -> None:
        self.soffice = soffice
        self.sources = sources
        self.targets = targets
        self.work = work
        self.force = force
        self.timeout = timeout
        self.finished = finished
        self.errors: list[ExternalToolError | None] = [None] * len(sources)
        self.inputs = work / "in"
        self.inputs.mkdir()
        self.sizes: list[int] = []
        self.stamps: list[bytes] = []
        for i, path in enumerate(sources):
            data = path.read_bytes()
            (self.inputs / f"{i:05d}.docx").write_bytes(data)
            self.sizes.append(len(data))
            self.stamps.append(_created(data))

    def run(self, jobs: int) -> list[ExternalToolError | None]:
        runners = [
            _Runner(self.work / f"profile-{k}", self.work / f"out-{k}", chunk)
            for k, chunk in enumerate(split(self.sizes, jobs))
        ]
        try:
            while True:
                busy = False
                for runner in runners:
                    self._step(runner)
                    busy = busy or runner.process is not None or bool(runner.queue)
                if not busy:
                    return self.errors
                time.sleep(POLL_SECONDS)
        finally:
            for runner in runners:
                self._stop(runner)

    def _step(self, runner: _Runner) -> None:
        if runner.process is None:
            if runner.queue:
                self._start(runner)
            return
        code = runner.process.poll()
        self._collect(runner, exited=code is not None)
        if code is None:
            if time.monotonic() - runner.last_change > self.timeout:  # stuck on a file
                self._stop(runner)
                self._collect(runner, exited=True)
                if runner.given:
                    self._fail(runner, f"нет результата за {self.timeout:.0f} с")
            return
        self._stop(runner)
        if code == 0:  # it went through its list: what is left there, it could not open
            while runner.given:
                self._fail(runner, "файл не открывается")
        elif runner.given:  # it ended on the first file left; the rest go to a new process
            self._fail(runner, f"процесс завершился с кодом {code}")

    def _start(self, runner: _Runner) -> None:
        runner.given = min(len(runner.queue), FILES_PER_START)
        files = [self.inputs / f"{i:05d}.docx" for i in runner.queue[: runner.given]]
        runner.process = libreoffice.start_conversion(
            self.soffice, runner.profile, runner.output, files
        )
        runner.last_change = time.monotonic()

    def _stop(self, runner: _Runner) -> None:
        if runner.process is not None:
            libreoffice.stop(runner.process)
            runner.process = None

    def _collect(self, runner: _Runner, *, exited: bool) -> None:
        """Take the PDFs that are complete: LibreOffice converts its files in
        order, so a file is done once the next one's PDF appears (or the
        process has ended and the PDF is whole); a file skipped on the way
        could not be opened."""
        try:
            names = set(os.listdir(runner.output))
        except FileNotFoundError:
            return
        given = runner.queue[: runner.given]
        present = [pos for pos, i in enumerate(given) if f"{i:05d}.pdf" in names]
        if not present:
            return
        last = present[-1]
        if given[last] != runner.newest:
            runner.newest = given[last]
            runner.last_change = time.monotonic()
        complete = last + 1 if exited and _whole(runner.output / f"{given[last]:05d}.pdf") else last
        for _ in range(complete):
            index = runner.queue[0]
            produced = runner.output / f"{index:05d}.pdf"
            if f"{index:05d}.pdf" in names:
                self._write(runner, produced)
            else:
                self._fail(runner, "файл не открывается")

    def _write(self, runner: _Runner, produced: Path) -> None:
        from sferum_cli.files import atomic_write

        index = runner.queue.pop(0)
        runner.given -= 1
        runner.last_change = time.monotonic()
        data = reproducible_pdf(produced.read_bytes(), self.stamps[index])
        atomic_write(self.targets[index], data, force=self.force)
        produced.unlink()
        if self.finished is not None:
            self.finished(index, None)

    def _fail(self, runner: _Runner, reason: str) -> None:
        index = runner.queue.pop(0)
        runner.given = max(runner.given - 1, 0)
        runner.last_change = time.monotonic()
        (runner.output / f"{index:05d}.pdf").unlink(missing_ok=True)
        error = ExternalToolError(
            tool=libreoffice.TOOL,
            reason=f"не удалось преобразовать {self.sources[index].name} в PDF: {reason}",
        )
        self.errors[index] = error
        if self.finished is not None:
            self.finished(index, error)


def split(sizes: Sequence[int], parts: int) -> list[list[int]]:
    """Indexes ``0..len(sizes)-1`` in at most ``parts`` contiguous runs of about
    equal total size (each file goes to the run its middle falls in)."""
    total = sum(sizes) or 1
    runs: list[list[int]] = [[] for _ in range(max(1, min(parts, len(sizes))))]
    before = 0
    for i, size in enumerate(sizes):
        runs[min(len(runs) - 1, int((before + size / 2) * len(runs) / total))].append(i)
        before += size
    return [run for run in runs if run]


def _whole(path: Path) -> bool:
    """The PDF ends with its end-of-file marker (LibreOffice writes it last)."""
    try:
        with path.open("rb") as file:
            file.seek(max(path.stat().st_size - 32, 0))
            return b"%%EOF" in file.read()
    except OSError:
        return False


_CORE_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z<")
_PDF_CREATED = re.compile(rb"/CreationDate\(D:\d{14}")
_PDF_DIGESTS = re.compile(
    rb"(/ID \[ ?<)([0-9A-F]{32})(>\s*<)([0-9A-F]{32})(> ?\])|(/DocChecksum /)([0-9A-F]{32})"
)


def _created(docx: bytes) -> bytes:
    """``YYYYMMDDHHMMSS`` (UTC) the DOCX says it was made; else the fixed time
    reproducible DOCX files get (SOURCE_DATE_EPOCH or 2000-01-01)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            match = _CORE_CREATED.search(package.read("docProps/core.xml")[:65536])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        match = None
    if match:
        return b"".join(match.groups())
    from sferum_cli.documents.reproducible import document_time

    return document_time().strftime("%Y%m%d%H%M%S").encode()


def reproducible_pdf(data: bytes, created: bytes) -> bytes:
    """The PDF with LibreOffice's varying parts fixed, each at its own length
    (so the cross-reference offsets stay true): the creation time set to
    ``created`` (``YYYYMMDDHHMMSS``, UTC), the file identifier and
    LibreOffice's document checksum set to an MD5 of everything else."""
    data = _PDF_CREATED.sub(b"/CreationDate(D:" + created, data, count=1)

    def fill(value: bytes) -> Callable[[re.Match[bytes]], bytes]:
        def replace(match: re.Match[bytes]) -> bytes:
            if match.group(6) is not None:
                return match.group(6) + value
            return match.group(1) + value + match.group(3) + value + match.group(5)

        return replace

    blank = _PDF_DIGESTS.sub(fill(b"0" * 32), data)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    return _PDF_DIGESTS.sub(fill(digest), data)
