"""One school of a batch build: its task, its entry, whether it changed.

A school's entry (what the manifest lists for it) is kept next to its
outputs in ``OUT/<slug>/.sferum-build.json`` with the fingerprint of
everything it was built from: the school file's text, the files it names
(where they resolve to and their bytes), the templates, the tool version,
``SOURCE_DATE_EPOCH`` and ``--pdf``; and the size and modification time of
every file written.  :func:`unchanged_entry` decides from these alone —
before the school file is parsed or validated — that a school needs no
work; anything else goes to :func:`build_one`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sferum_cli import yamlio
from sferum_cli.errors import LoadError, SferumError
from sferum_cli.files import atomic_write, atomic_write_text, read_user_file

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
            digest.update(_sha256(read_user_file(path, limit=MAX_REFERENCED_BYTES)).encode())
        except SferumError:  # reported by whatever reads it for real
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _new_entry(task: Task) -> dict[str, Any]:
    return {
        "source": task.display,
        "slug": task.slug,
        "status": "failed",
        "valid": False,
        "files": [],
        "errors": [],
        "warnings": [],
    }


def _problem(problem: Any) -> dict[str, Any]:
    return {
        "path": problem.dotted,
        "line": problem.location.line,
        "column": problem.location.column,
        "code": problem.code,
        "message": problem.message,
    }


def _error(code: str, message: str, line: int = 0, column: int = 0) -> dict[str, Any]:
    return {"path": "", "line": line, "column": column, "code": code, "message": message}


# --- the state kept next to a school's outputs ------------------------------


def read_state(folder: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(read_user_file(folder / STATE_FILE, limit=MAX_REFERENCED_BYTES))
    except (SferumError, ValueError):  # missing, not a regular file, damaged: rebuild
        return None
    return state if isinstance(state, dict) else None


def write_state(folder: Path, entry: dict[str, Any]) -> None:
    """Keep ``entry`` (with its fingerprint, its named files and its text in
    the manifest) and the size and modification time of each of its files,
    as written now."""
    outdir = str(folder.parent)
    stamps = {}
    for item in entry["files"]:
        info = os.stat(os.path.join(outdir, item["path"]))
        stamps[item["path"]] = [info.st_size, info.st_mtime_ns]
    entry["manifest"] = manifest_text(entry)  # the manifest writes it as it is
    state = {
        "fingerprint": entry.get("fingerprint"),
        "named": entry.get("named", []),
        "stamps": stamps,
        "entry": public(entry),
        "manifest": entry["manifest"],
    }
    atomic_write_text(folder / STATE_FILE, json.dumps(state, ensure_ascii=False, sort_keys=True))


def public(entry: dict[str, Any]) -> dict[str, Any]:
    """What the manifest shows of an entry."""
    return {k: v for k, v in entry.items() if k not in _PRIVATE}


_PRIVATE = frozenset({"fingerprint", "status", "named", "manifest"})


def manifest_text(entry: dict[str, Any]) -> str:
    """The entry as the manifest writes it (kept in the state: an unchanged
    school's is reused rather than encoded again, the slow part of a re-run)."""
    return json.dumps(public(entry), ensure_ascii=False, indent=2, sort_keys=True)


def _intact(outdir: str, state: dict[str, Any]) -> bool:
    """Every file of the last build is there as it was written (size, mtime)."""
    stamps = state.get("stamps")
    if not isinstance(stamps, dict):
        return False
    entry = state.get("entry", {})
    if {item["path"] for item in entry.get("files", [])} != stamps.keys():
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


def _kept(task: Task, state: dict[str, Any]) -> dict[str, Any]:
    kept = dict(state["entry"])
    kept["status"] = "unchanged"
    if kept.get("source") == task.display and isinstance(state.get("manifest"), str):
        kept["manifest"] = state["manifest"]
    kept["source"] = task.display
    return kept


def unchanged_entry(task: Task) -> dict[str, Any] | None:
    """The school's entry from its last build if nothing it is built from has
    changed and its files are intact; None when it must be (re)built.  Reads
    the school file's text and the files it named last time, never parses."""
    from sferum_cli.school_paths import SchoolPaths

    if task.force or task.stdin is not None:
        return None
    state = read_state(task.folder)
    if state is None or not isinstance(state.get("named"), list):
        return None
    source = Path(task.source)
    try:
        text = yamlio.read_text(source, task.display)
        referenced = []
        if state["named"]:
            paths = SchoolPaths(source, None, _root(task))
            referenced = [paths.resolve(tuple(key), value) for key, value in state["named"]]
    except (SferumError, TypeError, ValueError):  # the worker says what is wrong
        return None
    print_key = fingerprint(text.encode("utf-8"), referenced, task.context)
    if state.get("fingerprint") != print_key or not _intact(task.outdir, state):
        return None
    return _kept(task, state)


# --- building ---------------------------------------------------------------


def build_many(tasks: Sequence[Task]) -> list[dict[str, Any]]:
    """Several schools in one call: what a worker process is sent at a time."""
    return [build_one(task) for task in tasks]


def build_one(task: Task) -> dict[str, Any]:
    """Build one school; never raises (errors become part of the entry)."""
    entry = _new_entry(task)
    try:
        return _build_one(task, entry)
    except LoadError as exc:  # the file itself: located like validate's messages
        entry["errors"].append(
            _error(exc.code, exc.message, exc.location.line, exc.location.column)
        )
    except SferumError as exc:
        entry["errors"].append(_error(type(exc).__name__, exc.describe()))
    except Exception as exc:  # a bug: reported per school, the others go on
        entry["status"] = "internal_error"
        entry["errors"].append(
            _error(
                "internal",
                f"внутренняя ошибка sferum-cli ({type(exc).__name__}); сообщите о ней "
                "разработчикам",
            )
        )
    return entry


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


def _build_one(task: Task, entry: dict[str, Any]) -> dict[str, Any]:
    from sferum_cli import validation
    from sferum_cli.batch.outputs import referenced_files, school_outputs
    from sferum_cli.school_paths import SchoolPaths, named_files

    source, file = Path(task.source), task.display
    # LoadError → caught by build_one
    raw = yamlio.read_text(source) if task.stdin is None else yamlio.text_of(task.stdin, file)
    document = yamlio.parse(raw, file)
    result = validation.validate_document(document)
    entry["errors"] = [_problem(p) for p in result.errors]
    entry["warnings"] = [_problem(p) for p in result.warnings]
    if result.school is None:
        return entry
    entry["valid"] = True
    school = result.school
    paths = SchoolPaths(source, document.positions, _root(task))
    referenced = referenced_files(school, paths)
    print_key = fingerprint(raw.encode("utf-8"), referenced, task.context)
    folder = task.folder
    previous = read_state(folder)
    if (
        not task.force
        and previous is not None
        and previous.get("fingerprint") == print_key
        and _intact(task.outdir, previous)
    ):
        return _kept(task, previous)

    outputs = school_outputs(school, paths)
    files = []
    written: dict[Path, int] = {}  # folder → the mode its first file got
    for name in sorted(outputs):
        data = outputs[name]
        _write(folder / name, data, written)
        files.append({"path": f"{task.slug}/{name}", "size": len(data), "sha256": _sha256(data)})
    if previous is not None:
        wanted = {item["path"] for item in files}
        for item in previous.get("entry", {}).get("files", []):
            if item["path"] not in wanted and item["path"].startswith(f"{task.slug}/"):
                (Path(task.outdir) / item["path"]).unlink(missing_ok=True)
    entry["files"] = files
    entry["status"] = "built"
    entry["fingerprint"] = print_key
    entry["named"] = [[list(key), value] for key, value in named_files(school)]
    if not task.pdf:  # with --pdf the state is written once the PDFs exist
        write_state(folder, entry)
    return entry
