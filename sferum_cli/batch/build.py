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
import re
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sferum_cli import __version__, yamlio
from sferum_cli.batch.slugs import assign
from sferum_cli.errors import LoadError, SferumError, UserFileError
from sferum_cli.files import (
    atomic_write,
    atomic_write_text,
    ensure_folder,
    owner_tag,
    read_user_file,
)

STATE_FILE = ".sferum-build.json"
MANIFEST = "manifest.json"
MAX_REFERENCED_BYTES = 30 * 1024 * 1024
SCRATCH_PREFIX = ".sferum-build-"
# «.sferum-build-<owner>-<random>»; without an owner: made by an older version.
_SCRATCH = re.compile(r"\.sferum-build-(?:(?P<owner>[0-9a-f]{8}-\d+)-)?[a-z0-9_]{8}")


PdfProgress = Callable[[int, int, dict[str, Any] | None], None]
"""``on_pdf(done, total, school)``: how many documents are converted to PDF;
``school`` (its source, slug and errors) once all of a school's are done."""

# (source, slug, outdir, force, pdf, common fingerprint, files root, standard input or None)
Task = tuple[str, str, str, bool, bool, str, str, bytes | None]


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
    failures: list[dict[str, Any]] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def templates_fingerprint() -> str:
    from sferum_cli.resources import templates_root

    digest = hashlib.sha256()
    root = templates_root()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(source: bytes, referenced: Sequence[Path], common: str) -> str:
    digest = hashlib.sha256(common.encode())
    digest.update(_sha256(source).encode())
    for path in referenced:
        digest.update(str(path).encode())
        try:
            digest.update(_sha256(read_user_file(path, limit=MAX_REFERENCED_BYTES)).encode())
        except SferumError:  # reported by whatever reads it for real
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _problem(problem: Any) -> dict[str, Any]:
    return {
        "path": problem.dotted,
        "line": problem.location.line,
        "column": problem.location.column,
        "code": problem.code,
        "message": problem.message,
    }


def _read_state(folder: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(read_user_file(folder / STATE_FILE, limit=MAX_REFERENCED_BYTES))
    except (SferumError, ValueError):  # missing, not a regular file, damaged: rebuild
        return None
    return state if isinstance(state, dict) else None


def _files_intact(outdir: Path, entry: dict[str, Any]) -> bool:
    for item in entry.get("files", []):
        path = outdir / item["path"]
        try:
            if path.stat().st_size != item["size"]:
                return False
        except OSError:
            return False
    return True


def build_one(task: Task) -> dict[str, Any]:
    """Build one school; never raises (errors become part of the entry)."""
    source_text, slug, outdir_text, force, pdf, common, root_text, stdin = task
    source, outdir = Path(source_text), Path(outdir_text)
    entry: dict[str, Any] = {
        "source": yamlio.display_name(source_text),
        "slug": slug,
        "status": "failed",
        "valid": False,
        "files": [],
        "errors": [],
        "warnings": [],
    }
    try:
        root = Path(root_text) if root_text else None
        return _build_one(source, slug, outdir, force, pdf, common, root, stdin, entry)
    except LoadError as exc:  # the file itself: located like validate's messages
        entry["errors"].append(
            {
                "path": "",
                "line": exc.location.line,
                "column": exc.location.column,
                "code": exc.code,
                "message": exc.message,
            }
        )
    except SferumError as exc:
        entry["errors"].append(
            {
                "path": "",
                "line": 0,
                "column": 0,
                "code": type(exc).__name__,
                "message": exc.describe(),
            }
        )
    except Exception as exc:  # a bug: reported per school, the others go on
        entry["status"] = "internal_error"
        entry["errors"].append(
            {
                "path": "",
                "line": 0,
                "column": 0,
                "code": "internal",
                "message": f"внутренняя ошибка sferum-cli ({type(exc).__name__}); сообщите о ней "
                "разработчикам",
            }
        )
    return entry


def _build_one(
    source: Path,
    slug: str,
    outdir: Path,
    force: bool,
    pdf: bool,
    common: str,
    files_root: Path | None,
    stdin: bytes | None,
    entry: dict[str, Any],
) -> dict[str, Any]:
    from sferum_cli import validation
    from sferum_cli.batch.outputs import referenced_files, school_outputs
    from sferum_cli.files import SchoolPaths

    file = entry["source"]
    # LoadError → caught by build_one
    raw = yamlio.read_text(source) if stdin is None else yamlio.text_of(stdin, file)
    document = yamlio.parse(raw, file)
    result = validation.validate_document(document)
    entry["errors"] = [_problem(p) for p in result.errors]
    entry["warnings"] = [_problem(p) for p in result.warnings]
    if result.school is None:
        return entry
    entry["valid"] = True
    school = result.school
    paths = SchoolPaths(source, document.positions, files_root)
    folder = outdir / slug
    print_key = fingerprint(
        raw.encode("utf-8"), referenced_files(school, paths), f"{common}|pdf={pdf}"
    )
    previous = _read_state(folder)
    if (
        not force
        and previous is not None
        and previous.get("fingerprint") == print_key
        and _files_intact(outdir, previous.get("entry", {}))
    ):
        kept = previous["entry"]
        kept["status"] = "unchanged"
        kept["source"] = entry["source"]
        return dict(kept)

    outputs = school_outputs(school, paths)
    files = []
    for name in sorted(outputs):
        data = outputs[name]
        atomic_write(folder / name, data)
        files.append({"path": f"{slug}/{name}", "size": len(data), "sha256": _sha256(data)})
    if previous is not None:
        wanted = {item["path"] for item in files}
        for item in previous.get("entry", {}).get("files", []):
            if item["path"] not in wanted and item["path"].startswith(f"{slug}/"):
                (outdir / item["path"]).unlink(missing_ok=True)
    entry["files"] = files
    entry["status"] = "built"
    entry["fingerprint"] = print_key
    if not pdf:  # with --pdf the state is written once the PDFs exist
        write_state(folder, entry)
    return entry


def write_state(folder: Path, entry: dict[str, Any]) -> None:
    state = {"fingerprint": entry.get("fingerprint"), "entry": _public(entry)}
    atomic_write_text(folder / STATE_FILE, json.dumps(state, ensure_ascii=False, sort_keys=True))


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in {"fingerprint", "status"}}


def _results(tasks: Iterator[Task], jobs: int) -> Iterator[dict[str, Any]]:
    """Results in input order, at most ``jobs * 4`` schools in flight."""
    if jobs <= 1:
        for task in tasks:
            yield build_one(task)
        return
    # The first school is built here: it imports and compiles everything the
    # others need (model, templates, grammar), and the workers inherit it.
    first = next(tasks, None)
    if first is None:
        return
    yield build_one(first)
    window: deque[Future[dict[str, Any]]] = deque()
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_worker_start,
        initargs=(os.getpid(),),
    ) as pool:
        for task in tasks:
            window.append(pool.submit(build_one, task))
            if len(window) >= jobs * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _worker_start(parent: int) -> None:
    """A worker ends when the build that started it is gone, even after SIGKILL
    (otherwise it waits for work forever: it holds the queue's pipe open itself).

    Linux: the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG).
    Everywhere: a thread checks every half second that the parent is still
    there (a dead parent's children are adopted by another process)."""
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _context() -> Any:
    """Fork where it is safe (Linux): workers start with everything loaded."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def build(
    paths: Sequence[Path],
    options: BuildOptions,
    *,
    on_result: Callable[[int, int, dict[str, Any]], None] | None = None,
    on_pdf: PdfProgress | None = None,
) -> Summary:
    """Build every school in ``paths`` into ``options.outdir``; write the manifest."""
    outdir = options.outdir
    ensure_folder(outdir)
    remove_stale_temporaries(outdir)
    slugs = assign(paths)
    common = f"{__version__}|{templates_fingerprint()}|{os.environ.get('SOURCE_DATE_EPOCH', '')}"
    root = str(options.files_root) if options.files_root is not None else ""
    stdin = yamlio.read_stdin() if any(yamlio.is_stdin(p) for p in paths) else None
    tasks = (
        (
            str(path),
            slug,
            str(outdir),
            options.force,
            options.pdf,
            common,
            root,
            stdin if yamlio.is_stdin(path) else None,
        )
        for path, slug in zip(paths, slugs, strict=True)
    )
    summary = Summary(total=len(paths))
    try:
        scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{owner_tag()}-", dir=outdir)
    except OSError as exc:
        raise _output_error(outdir, exc) from None
    try:
        journal = Path(scratch) / "entries.jsonl"
        with journal.open("w", encoding="utf-8") as sink:
            for index, entry in enumerate(_results(tasks, options.jobs), start=1):
                _count(summary, entry)
                sink.write(json.dumps(entry, ensure_ascii=False) + "\n")
                if on_result is not None:
                    on_result(index, summary.total, entry)
        pdf_errors = _convert_pdfs(journal, options.jobs, summary, on_pdf) if options.pdf else {}
        _write_manifest(journal, outdir, options, summary, pdf_errors)
    except OSError as exc:
        raise _output_error(outdir, exc) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return summary


def _output_error(outdir: Path, exc: OSError) -> UserFileError:
    from sferum_cli.errors import os_reason

    return UserFileError(
        path=outdir, reason=f"не удалось записать результаты сборки: {os_reason(exc)}"
    )


def remove_stale_temporaries(outdir: Path) -> list[Path]:
    """Remove what a killed build left in ``outdir``: its scratch folders and
    half-written ``.<file>.<owner>.<random>.tmp`` files — only these names, and
    only those whose process is gone (another build may be running right now
    on the same folder).  Temporaries without an owner (older versions) are
    removed after an hour, and only in folders a build made.  Returns what was
    removed."""
    from sferum_cli.files import TEMP_FILE, stale_owner

    removed: list[Path] = []
    now = time.time()

    def age(path: Path) -> float:
        try:
            return now - path.lstat().st_mtime
        except OSError:
            return 0.0

    def built_here(folder: Path) -> bool:
        school = folder.parent if folder.name == "handouts" else folder
        return folder == outdir or (school / STATE_FILE).is_file()

    for root, dirs, names in os.walk(outdir):
        here = Path(root)
        depth = len(here.relative_to(outdir).parts)
        for name in list(dirs):
            match = _SCRATCH.fullmatch(name)
            if match:
                dirs.remove(name)
                if depth == 0 and stale_owner(match.group("owner"), age(here / name)):
                    shutil.rmtree(here / name, ignore_errors=True)
                    removed.append(here / name)
        if depth >= 2:  # OUT/<school>/handouts at most
            dirs.clear()
        for name in names:
            match = TEMP_FILE.fullmatch(name)
            if not match or (match.group("owner") is None and not built_here(here)):
                continue
            if stale_owner(match.group("owner"), age(here / name)):
                (here / name).unlink(missing_ok=True)
                removed.append(here / name)
    return removed


def _count(summary: Summary, entry: dict[str, Any]) -> None:
    status = entry["status"]
    if status == "built":
        summary.built += 1
    elif status == "unchanged":
        summary.unchanged += 1
    else:
        summary.failed += 1
        if status == "internal_error":
            summary.internal_errors += 1
        summary.failures.append({"source": entry["source"], "errors": entry["errors"]})


def _entries(journal: Path) -> Iterator[dict[str, Any]]:
    with journal.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _convert_pdfs(
    journal: Path, jobs: int, summary: Summary, on_pdf: PdfProgress | None
) -> dict[str, list[dict[str, Any]]]:
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
        if entry["status"] == "built":
            for item in entry["files"]:
                if item["path"].endswith(".docx"):
                    docx.append(outdir / item["path"])
                    owners.append(len(schools))
            schools.append((entry["source"], entry["slug"]))
    left = [0] * len(schools)
    for owner in owners:
        left[owner] += 1
    errors: dict[str, list[dict[str, Any]]] = {}
    done = 0

    def finished(index: int, error: SferumError | None) -> None:
        nonlocal done
        done += 1
        owner = owners[index]
        source, slug = schools[owner]
        if error is not None:
            docx[index].with_suffix(".pdf").unlink(missing_ok=True)  # not an older build's
            errors.setdefault(slug, []).append(
                {
                    "path": "",
                    "line": 0,
                    "column": 0,
                    "code": type(error).__name__,
                    "message": error.describe(),
                }
            )
        left[owner] -= 1
        if on_pdf is not None:
            school = None
            if not left[owner]:
                school = {"source": source, "slug": slug, "errors": errors.get(slug, [])}
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
            summary.failures.append({"source": source, "errors": errors[slug]})
    return errors


def _with_pdfs(entry: dict[str, Any], outdir: Path) -> dict[str, Any]:
    files = list(entry["files"])
    have = {item["path"] for item in files}
    for item in entry["files"]:
        if item["path"].endswith(".docx"):
            pdf_path = item["path"][: -len(".docx")] + ".pdf"
            if pdf_path in have:
                continue
            try:
                data = (outdir / pdf_path).read_bytes()
            except FileNotFoundError:  # its conversion failed
                continue
            files.append({"path": pdf_path, "size": len(data), "sha256": _sha256(data)})
    entry["files"] = sorted(files, key=lambda item: item["path"])
    return entry


def _write_manifest(
    journal: Path,
    outdir: Path,
    options: BuildOptions,
    summary: Summary,
    pdf_errors: dict[str, list[dict[str, Any]]],
) -> None:
    """Stream the manifest from the journal: one school in memory at a time."""
    body = Path(journal.parent) / MANIFEST
    valid = True
    with body.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n  "tool": "sferum-cli",\n')
        out.write(f'  "version": {json.dumps(__version__)},\n')
        out.write('  "schools": [')
        first = True
        for entry in _entries(journal):
            if options.pdf and entry["status"] == "built":
                entry = _with_pdfs(entry, outdir)
                if entry["slug"] in pdf_errors:  # not kept as done: the next build retries
                    entry["status"] = "failed"
                    entry["errors"] = entry["errors"] + pdf_errors[entry["slug"]]
                else:
                    write_state(outdir / entry["slug"], entry)
            valid = valid and entry["status"] in {"built", "unchanged"}
            summary.files += len(entry["files"])
            public = _public(entry)
            text = json.dumps(public, ensure_ascii=False, indent=2, sort_keys=True)
            out.write(("\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
            first = False
        out.write("\n  ],\n" if not first else "],\n")
        out.write(f'  "valid": {json.dumps(valid)}\n}}\n')
    os.replace(body, outdir / MANIFEST)
