"""One school of a batch build: its task, its entry, whether it changed.

A school's entry (what the manifest lists for it) is kept next to its
outputs in ``OUT/<slug>/.sferum-build.json`` with the fingerprint of
everything it was built from: the school file's bytes, the files it names
(where they resolve to and their bytes), the templates, the tool version,
``SOURCE_DATE_EPOCH`` and ``--pdf``; and the size and modification time of
every file written (the format: :func:`~sferum_cli.batch.entry.state_text`;
the name is the one earlier versions gave it, whose states are simply not
read).  :func:`unchanged_entry` decides from these alone — before the
school file is parsed or validated — that a school needs no work; anything
else goes to :func:`build_one`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli import yamlio
from sferum_cli.batch.entry import (
    Entry,
    Named,
    OutputFile,
    Problem,
    State,
    Status,
    parse_state,
    state_text,
)
from sferum_cli.errors import LoadError, SferumError
from sferum_cli.files import atomic_write, atomic_write_text
from sferum_cli.user_files import SizeLimit, read_user_file

if TYPE_CHECKING:
    from sferum_cli import validation

STATE_FILE = ".sferum-build.json"
MAX_REFERENCED_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs to build one school (plain values: it is pickled)."""

    source: str
    slug: str
    outdir: str
    force: bool
    pdf: bool
    common: str  # tool version, templates, SOURCE_DATE_EPOCH (see build.common_fingerprint)
    files_root: str  # "" when none
    stdin: bytes | None = None  # the school file when it is standard input

    @property
    def display(self) -> str:
        return yamlio.display_name(self.source)

    @property
    def folder(self) -> Path:
        return Path(self.outdir) / self.slug

    @property
    def context(self) -> str:
        return f"{self.common}|pdf={self.pdf}"


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


def fingerprint(source: bytes, referenced: Sequence[Path], context: str) -> str:
    digest = hashlib.sha256(context.encode())
    digest.update(_sha256(source).encode())
    for path in referenced:
        digest.update(str(path).encode())
        try:
            digest.update(_sha256(read_user_file(path, SizeLimit(MAX_REFERENCED_BYTES))).encode())
        except SferumError:  # reported by whatever reads it for real
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _problem(problem: validation.Problem) -> Problem:
    return Problem(
        code=problem.code,
        message=problem.message,
        line=problem.location.line,
        column=problem.location.column,
        path=problem.dotted,
    )


# --- the state kept next to a school's outputs ------------------------------


def read_state(folder: Path) -> State | None:
    try:
        text = read_user_file(folder / STATE_FILE, SizeLimit(MAX_REFERENCED_BYTES))
    except SferumError:  # missing, not a regular file: rebuild
        return None
    return parse_state(text)


def write_state(folder: Path, entry: Entry) -> Entry:
    """Keep ``entry`` (with its fingerprint, its named files and its text in
    the manifest) and the size and modification time of each of its files,
    as written now; returns it with its manifest text."""
    from sferum_cli.batch.entry import manifest_text

    outdir = str(folder.parent)
    stamps = {}
    for item in entry.files:
        info = os.stat(os.path.join(outdir, item.path))
        stamps[item.path] = (info.st_size, info.st_mtime_ns)
    entry = replace(entry, manifest=manifest_text(entry))  # the manifest writes it as it is
    atomic_write_text(folder / STATE_FILE, state_text(entry, stamps))
    return entry


def _intact(outdir: str, state: State) -> bool:
    """Every file of the last build is there as it was written (size, mtime)."""
    stamps = state.stamps
    if {item.path for item in state.entry.files} != stamps.keys():
        return False
    folder = outdir + os.sep
    for path, (size, mtime) in stamps.items():
        try:
            info = os.stat(folder + path)
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime:
            return False
    return True


def _root(task: Task) -> Path | None:
    return Path(task.files_root) if task.files_root else None


def _kept(task: Task, state: State) -> Entry:
    same = state.entry.source == task.display  # otherwise its manifest text is not
    return replace(
        state.entry,
        source=task.display,
        status="unchanged",
        manifest=state.manifest if same else None,
    )


def unchanged_entry(task: Task) -> Entry | None:
    """The school's entry from its last build if nothing it is built from has
    changed and its files are intact; None when it must be (re)built.  Reads
    the school file's bytes and the files it named last time, never parses."""
    if task.force or task.stdin is not None:
        return None
    state = read_state(task.folder)
    if state is None or state.named is None:
        return None
    try:
        raw = yamlio.read_bytes(Path(task.source), task.display)
        referenced = _referenced(task, state.named) if state.named else []
    except (SferumError, TypeError, ValueError):  # the worker says what is wrong
        return None
    print_key = fingerprint(raw, referenced, task.context)
    if state.fingerprint != print_key or not _intact(task.outdir, state):
        return None
    return _kept(task, state)


def _referenced(task: Task, named: Named) -> list[Path]:
    from sferum_cli.school_paths import SchoolPaths

    paths = SchoolPaths(Path(task.source), None, _root(task))
    return [paths.resolve(key, value) for key, value in named]


# --- building ---------------------------------------------------------------


def build_many(tasks: Sequence[Task]) -> list[Entry]:
    """Several schools in one call: what a worker process is sent at a time."""
    return [build_one(task) for task in tasks]


@dataclass(slots=True)
class _Draft:
    """The entry as far as the build of a school got: what an error is added to."""

    entry: Entry


def build_one(task: Task) -> Entry:
    """Build one school; never raises (errors become part of the entry)."""
    draft = _Draft(Entry(source=task.display, slug=task.slug))
    status: Status = "failed"
    try:
        return _build_one(task, draft)
    except LoadError as exc:  # the file itself: located like validate's messages
        error = Problem(exc.code, exc.message, exc.location.line, exc.location.column)
    except SferumError as exc:
        error = Problem(type(exc).__name__, exc.describe())
    except Exception as exc:  # a bug: reported per school, the others go on
        status = "internal_error"
        message = (
            f"внутренняя ошибка sferum-cli ({type(exc).__name__}); сообщите о ней разработчикам"
        )
        error = Problem("internal", message)
    entry = draft.entry
    return replace(entry, status=status, errors=(*entry.errors, error))


def _write(path: Path, data: bytes, written: dict[Path, int]) -> None:
    """:func:`~sferum_cli.files.atomic_write` for the first file of a folder
    (it checks and makes the folder, and says why it can't); the next ones
    the same way (a temporary of this process, then a rename, the same mode)
    without checking the folder again: a school writes a dozen files."""
    from sferum_cli.files import replace_through_temporary

    mode = written.get(path.parent)
    if mode is None:
        atomic_write(path, data)
        written[path.parent] = os.stat(path).st_mode & 0o777
        return
    replace_through_temporary(path, data, mode)


def _build_one(task: Task, draft: _Draft) -> Entry:
    from sferum_cli import validation
    from sferum_cli.batch.leftovers import HANDOUTS, remove_stale_in
    from sferum_cli.batch.outputs import referenced_files, school_outputs
    from sferum_cli.school_paths import SchoolPaths, named_files

    source, file = Path(task.source), task.display
    # LoadError → caught by build_one
    raw = yamlio.read_bytes(source, file) if task.stdin is None else task.stdin
    document = yamlio.parse(yamlio.text_of(raw, file), file)
    result = validation.validate_document(document)
    draft.entry = replace(
        draft.entry,
        errors=tuple(_problem(p) for p in result.errors),
        warnings=tuple(_problem(p) for p in result.warnings),
    )
    if result.school is None:
        return draft.entry
    draft.entry = replace(draft.entry, valid=True)
    school = result.school
    paths = SchoolPaths(source, document.positions, _root(task))
    referenced = referenced_files(school, paths)
    print_key = fingerprint(raw, referenced, task.context)
    folder = task.folder
    previous = read_state(folder)
    if (
        not task.force
        and previous is not None
        and previous.fingerprint == print_key
        and _intact(task.outdir, previous)
    ):
        return _kept(task, previous)

    outputs = school_outputs(school, paths)
    for place in (folder, folder / HANDOUTS):  # what an interrupted build left here
        remove_stale_in(place)
    files = []
    written: dict[Path, int] = {}  # folder → the mode its first file got
    for name in sorted(outputs):
        data = outputs[name]
        _write(folder / name, data, written)
        files.append(OutputFile(f"{task.slug}/{name}", len(data), _sha256(data)))
    if previous is not None:
        wanted = {item.path for item in files}
        for item in previous.entry.files:
            if item.path not in wanted and item.path.startswith(f"{task.slug}/"):
                (Path(task.outdir) / item.path).unlink(missing_ok=True)
    draft.entry = replace(
        draft.entry,
        status="built",
        files=tuple(files),
        fingerprint=print_key,
        named=tuple(named_files(school)),
    )
    if not task.pdf:  # with --pdf the state is written once the PDFs exist
        return write_state(folder, draft.entry)
    return draft.entry
