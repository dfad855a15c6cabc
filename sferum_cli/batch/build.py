"""`sferum-cli build`: every school file → OUTDIR/<slug>/ with all its documents.

Schools are built in worker processes, a bounded number at a time, and each
result is streamed to disk, so memory does not grow with the number of
schools.  A school whose inputs (the school file, the files it names, the
templates, the tool version) have not changed since the last build is not
rebuilt.  ``manifest.json`` lists every file with its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sferum_cli import __version__, yamlio
from sferum_cli.batch.entry import (
    Entry,
    Final,
    OutputFile,
    Problem,
    SchoolErrors,
    final_line,
    from_journal,
    journal_line,
    manifest_text,
)
from sferum_cli.batch.leftovers import SCRATCH_PREFIX, remove_stale_temporaries
from sferum_cli.batch.schedule import results
from sferum_cli.batch.school import (
    Task,
    templates_fingerprint,
    write_state,
)
from sferum_cli.batch.slugs import assign
from sferum_cli.errors import SferumError, UserFileError
from sferum_cli.files import (
    ensure_folder,
    owner_tag,
)

MANIFEST = "manifest.json"


PdfProgress = Callable[[int, int, SchoolErrors | None], None]
"""``on_pdf(done, total, school)``: how many documents are converted to PDF;
``school`` (its source, slug and errors) once all of a school's are done."""


@dataclass(frozen=True)
class BuildOptions:
    outdir: Path
    jobs: int = 1
    force: bool = False
    pdf: bool = False
    files_root: Path | None = None


@dataclass
class Summary:
    total: int = 0
    built: int = 0
    unchanged: int = 0
    failed: int = 0
    internal_errors: int = 0
    files: int = 0
    failures: list[SchoolErrors] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def common_fingerprint() -> str:
    """What every school is built from besides its own files: the tool version,
    the templates and ``SOURCE_DATE_EPOCH``."""
    return f"{__version__}|{templates_fingerprint()}|{os.environ.get('SOURCE_DATE_EPOCH', '')}"


def build(
    paths: Sequence[Path],
    options: BuildOptions,
    *,
    on_result: Callable[[int, int, Entry], None] | None = None,
    on_pdf: PdfProgress | None = None,
) -> Summary:
    """Build every school in ``paths`` into ``options.outdir``; write the manifest."""
    outdir = options.outdir
    ensure_folder(outdir)
    remove_stale_temporaries(outdir)
    slugs = assign(paths)
    common = common_fingerprint()
    root = str(options.files_root) if options.files_root is not None else ""
    stdin = yamlio.read_stdin() if any(yamlio.is_stdin(p) for p in paths) else None
    tasks = (
        Task(
            source=str(path),
            slug=slug,
            outdir=str(outdir),
            force=options.force,
            pdf=options.pdf,
            common=common,
            files_root=root,
            stdin=stdin if yamlio.is_stdin(path) else None,
        )
        for path, slug in zip(paths, slugs, strict=True)
    )
    summary = Summary(total=len(paths))
    try:
        scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{owner_tag()}-", dir=outdir)
    except OSError as exc:
        raise _output_error(outdir, exc) from None
    finished = False  # nothing half-written can be left: the scratch folder goes
    try:
        journal = Path(scratch) / "entries.jsonl"
        with journal.open("w", encoding="utf-8", newline="\n") as sink:
            for index, entry in enumerate(results(tasks, options.jobs), start=1):
                _count(summary, entry)
                pending = options.pdf and entry.status == "built"  # its PDFs are to come
                sink.write(journal_line(entry) if pending else final_line(entry))
                if on_result is not None:
                    on_result(index, summary.total, entry)
        pdf_errors = _convert_pdfs(journal, options.jobs, summary, on_pdf) if options.pdf else {}
        _write_manifest(journal, outdir, options, summary, pdf_errors)
        finished = True
    except OSError as exc:
        finished = True  # the output folder's error; the workers have finished
        raise _output_error(outdir, exc) from None
    except SferumError:
        finished = True
        raise
    finally:
        _end_scratch(Path(scratch), finished)
    return summary


def _end_scratch(scratch: Path, finished: bool) -> None:
    """Remove the scratch folder; after an interruption or a crash (a worker
    killed mid-write may have left a temporary) keep it, emptied, so that the
    next build looks for what is left (see :mod:`sferum_cli.batch.leftovers`)."""
    if finished:
        shutil.rmtree(scratch, ignore_errors=True)
        return
    try:
        with os.scandir(scratch) as entries:
            inside = [Path(entry.path) for entry in entries]
    except OSError:
        return
    for path in inside:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _output_error(outdir: Path, exc: OSError) -> UserFileError:
    from sferum_cli.errors import os_reason

    return UserFileError(
        path=outdir, reason=f"не удалось записать результаты сборки: {os_reason(exc)}"
    )


def _count(summary: Summary, entry: Entry) -> None:
    status = entry.status
    if status == "built":
        summary.built += 1
    elif status == "unchanged":
        summary.unchanged += 1
    else:
        summary.failed += 1
        if status == "internal_error":
            summary.internal_errors += 1
        summary.failures.append(SchoolErrors(entry.source, entry.slug, entry.errors))


def _entries(journal: Path) -> Iterator[Entry | Final]:
    with journal.open(encoding="utf-8", newline="\n") as lines:
        for line in lines:
            yield from_journal(line)


def _convert_pdfs(
    journal: Path, jobs: int, summary: Summary, on_pdf: PdfProgress | None
) -> dict[str, list[Problem]]:
    """PDFs for every DOCX built now, each next to its DOCX, by ``jobs``
    LibreOffice processes at once (each converts a run of files: a process
    start costs about a second).  A document that fails fails its school
    alone; returns the errors by school slug."""
    from sferum_cli.documents.pdf import convert_each

    outdir = journal.parent.parent
    schools: list[tuple[str, str]] = []  # (source, slug) of each built school
    owners: list[int] = []  # the school of each document
    docx: list[Path] = []
    for entry in _entries(journal):
        if isinstance(entry, Entry) and entry.status == "built":
            for item in entry.files:
                if item.path.endswith(".docx"):
                    docx.append(outdir / item.path)
                    owners.append(len(schools))
            schools.append((entry.source, entry.slug))
    left = [0] * len(schools)
    for owner in owners:
        left[owner] += 1
    errors: dict[str, list[Problem]] = {}
    done = 0

    def finished(index: int, error: SferumError | None) -> None:
        nonlocal done
        done += 1
        owner = owners[index]
        source, slug = schools[owner]
        if error is not None:
            docx[index].with_suffix(".pdf").unlink(missing_ok=True)  # not an older build's
            errors.setdefault(slug, []).append(Problem(type(error).__name__, error.describe()))
        left[owner] -= 1
        if on_pdf is not None:
            school = None
            if not left[owner]:
                school = SchoolErrors(source, slug, tuple(errors.get(slug, ())))
            on_pdf(done, len(docx), school)

    if docx:
        if on_pdf is not None:
            on_pdf(0, len(docx), None)
        targets = [path.with_suffix(".pdf") for path in docx]
        convert_each(docx, targets, jobs=jobs, workdir=journal.parent, finished=finished)
    for source, slug in schools:
        if slug in errors:
            summary.built -= 1
            summary.failed += 1
            summary.failures.append(SchoolErrors(source, slug, tuple(errors[slug])))
    return errors


def _with_pdfs(entry: Entry, outdir: Path) -> Entry:
    files = list(entry.files)
    have = {item.path for item in files}
    for item in entry.files:
        if item.path.endswith(".docx"):
            pdf_path = item.path[: -len(".docx")] + ".pdf"
            if pdf_path in have:
                continue
            try:
                data = (outdir / pdf_path).read_bytes()
            except FileNotFoundError:  # its conversion failed
                continue
            files.append(OutputFile(pdf_path, len(data), _sha256(data)))
    files.sort(key=lambda item: item.path)
    return replace(entry, files=tuple(files), manifest=None)


def _write_manifest(
    journal: Path,
    outdir: Path,
    options: BuildOptions,
    summary: Summary,
    pdf_errors: dict[str, list[Problem]],
) -> None:
    """Stream the manifest from the journal: one school in memory at a time."""
    body = Path(journal.parent) / MANIFEST
    valid = True
    with body.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n  "tool": "sferum-cli",\n')
        out.write(f'  "version": {json.dumps(__version__)},\n')
        out.write('  "schools": [')
        first = True
        for item in _entries(journal):
            final = item if isinstance(item, Final) else _final(item, outdir, options, pdf_errors)
            valid = valid and final.succeeded
            summary.files += final.files
            text = final.manifest.replace("\n", "\n    ")
            out.write(("\n    " if first else ",\n    ") + text)
            first = False
        out.write("\n  ],\n" if not first else "],\n")
        out.write(f'  "valid": {json.dumps(valid)}\n}}\n')
    os.replace(body, outdir / MANIFEST)


def _final(
    entry: Entry, outdir: Path, options: BuildOptions, pdf_errors: dict[str, list[Problem]]
) -> Final:
    """A school built now, once its PDFs are there (its state is written then)."""
    if options.pdf and entry.status == "built":
        entry = _with_pdfs(entry, outdir)
        if entry.slug in pdf_errors:  # not kept as done: the next build retries
            errors = (*entry.errors, *pdf_errors[entry.slug])
            entry = replace(entry, status="failed", errors=errors, manifest=None)
        else:
            entry = write_state(outdir / entry.slug, entry)
    return Final(manifest_text(entry), len(entry.files), entry.succeeded)
