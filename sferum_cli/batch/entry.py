"""One school's result in a batch build, and the one place it meets JSON.

An :class:`Entry` is what ``build`` knows of a school: its source and
folder, how it went, the files written and the problems found.  It is
written three ways, all from here: in ``manifest.json``
(:func:`manifest_text`), in the state kept next
to the school's outputs (:func:`state_text`, :func:`parse_state`) and in the
build's journal of results (:func:`journal_line`, :func:`final_line`,
:func:`from_journal`).  An unchanged school's manifest text is read from its
state and written into the journal and the manifest as it is, never decoded
and encoded again: that is most of what a re-run with nothing changed does.
Plain dataclasses: they cross to and from worker processes by pickle, and
an unchanged school's entry is read back on every re-run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sferum_cli.yamlio import PathKey

Status = Literal["built", "unchanged", "failed", "internal_error"]
Named = tuple[tuple[PathKey, str], ...]
"""The paths a school file names, with their keys (they are part of its fingerprint)."""


# Problem and OutputFile are made by the dozen for every school of a re-run
# (read from its state and from the journal): slotted, not frozen, which would
# make each one about five times slower to construct.  Treat them as values.


@dataclass(slots=True)
class Problem:
    """An error or a warning of one school.  ``line`` and ``column`` are 0
    when it is not at a place in the school file; ``path`` is the dotted key
    it concerns, "" when none."""

    code: str
    message: str
    line: int = 0
    column: int = 0
    path: str = ""


@dataclass(slots=True)
class OutputFile:
    """A file written for a school: its path in the output folder
    (``<slug>/<name>``), its size and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One school of a build.  The manifest shows the first six fields; the
    last three are kept in its state only."""

    source: str
    slug: str
    status: Status = "failed"
    valid: bool = False
    files: tuple[OutputFile, ...] = ()
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    fingerprint: str | None = None  # what it was built from (see school.fingerprint)
    named: Named = ()
    manifest: str | None = None  # its text in the manifest once known (reused as it is)

    @property
    def succeeded(self) -> bool:
        return self.status in {"built", "unchanged"}


@dataclass(frozen=True, slots=True)
class SchoolErrors:
    """A school and its errors: a failure in the build's summary, a school
    whose documents are all converted in the PDF progress."""

    source: str
    slug: str
    errors: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class State:
    """What a school's last build kept next to its outputs."""

    fingerprint: str | None
    named: Named | None  # None: not kept (the school is rebuilt)
    stamps: Mapping[str, tuple[int, int]]  # path → size, modification time (ns)
    entry: Entry
    manifest: str | None


# --- to JSON ----------------------------------------------------------------


def _public_json(entry: Entry) -> dict[str, object]:
    return {
        "source": entry.source,
        "slug": entry.slug,
        "valid": entry.valid,
        # A file's and a problem's fields are named as their JSON keys.
        "files": [asdict(item) for item in entry.files],
        "errors": [asdict(problem) for problem in entry.errors],
        "warnings": [asdict(problem) for problem in entry.warnings],
    }


def _named_json(named: Named) -> list[list[object]]:
    return [[list(key), value] for key, value in named]


def manifest_text(entry: Entry) -> str:
    """The entry as the manifest writes it: its own text if it has one (an
    unchanged school's is reused rather than encoded again, the slow part of
    a re-run)."""
    if entry.manifest is not None:
        return entry.manifest
    return json.dumps(_public_json(entry), ensure_ascii=False, indent=2, sort_keys=True)


STATE_FORMAT = "sferum-build state 2"
"""The first line of a state; a state without it (another version's) is not read."""


def state_text(entry: Entry, stamps: Mapping[str, tuple[int, int]]) -> str:
    """The state of a school just built, in three parts, one a line: the
    format, then ``entry`` and the size and modification time of each of its
    files as one JSON array, then the entry's manifest text as it is.  A
    re-run reads it back without decoding the manifest text
    (:func:`parse_state`); the length of that text is in the array."""
    manifest = manifest_text(entry)
    header = [
        entry.fingerprint,
        _named_json(entry.named),
        entry.source,
        entry.slug,
        entry.valid,
        [[item.path, item.size, item.sha256, *stamps[item.path]] for item in entry.files],
        [_problem_fields(problem) for problem in entry.errors],
        [_problem_fields(problem) for problem in entry.warnings],
        len(manifest),
    ]
    return f"{STATE_FORMAT}\n{json.dumps(header, ensure_ascii=False)}\n{manifest}"


def journal_line(entry: Entry) -> str:
    """The entry on one line of the build's journal: everything it holds, its
    fields in order (the journal lives as long as the build that writes it).
    For an entry that is still to change (its PDFs); :func:`final_line` for
    one that only has to be written into the manifest."""
    data = [
        entry.source,
        entry.slug,
        entry.status,
        entry.valid,
        [[item.path, item.size, item.sha256] for item in entry.files],
        [_problem_fields(problem) for problem in entry.errors],
        [_problem_fields(problem) for problem in entry.warnings],
        entry.fingerprint,
        _named_json(entry.named),
        entry.manifest,
    ]
    return json.dumps(data, ensure_ascii=False) + "\n"


@dataclass(frozen=True, slots=True)
class Final:
    """An entry as the manifest still needs it: its text there, the number of
    its files, and whether the school succeeded."""

    manifest: str
    files: int
    succeeded: bool


_LINE_BREAK = "\x1f"  # stands for a line break of the text on a journal line


def final_line(entry: Entry) -> str:
    """A :class:`Final` journal line: the entry's manifest text with its line
    breaks replaced (JSON text never holds the control character that
    replaces them), not encoded again as JSON — for an unchanged school the
    text is the one its state kept."""
    text = manifest_text(entry)
    if _LINE_BREAK in text:  # not JSON text after all: encoded
        return journal_line(entry)
    ok = "1" if entry.succeeded else "0"
    flat = text.replace("\n", _LINE_BREAK)
    return f"M{len(entry.files)} {ok} {flat}\n"


def _problem_fields(problem: Problem) -> list[object]:
    return [problem.code, problem.message, problem.line, problem.column, problem.path]


# --- from JSON --------------------------------------------------------------


def _named(data: Any) -> Named:
    return tuple((tuple(key), value) for key, value in data)


def from_journal(line: str) -> Entry | Final:
    """What :func:`journal_line` or :func:`final_line` wrote."""
    if line.startswith("M"):
        files, ok, text = line[1:].rstrip("\n").split(" ", 2)
        return Final(text.replace(_LINE_BREAK, "\n"), int(files), ok == "1")
    source, slug, status, valid, files, errors, warnings, fingerprint, named, manifest = json.loads(
        line
    )
    return Entry(
        source,
        slug,
        status,
        valid,
        tuple(OutputFile(*item) for item in files),
        tuple(Problem(*problem) for problem in errors),
        tuple(Problem(*problem) for problem in warnings),
        fingerprint,
        _named(named),
        manifest,
    )


def parse_state(data: bytes) -> State | None:
    """The state in ``data`` (see :func:`state_text`); None when it is not
    one (damaged, cut short, or written by another version): the school is
    then rebuilt."""
    try:
        form, header, manifest = data.decode("utf-8").split("\n", 2)
        if form != STATE_FORMAT:
            return None
        fingerprint, named, source, slug, valid, files, errors, warnings, length = json.loads(
            header
        )
        if len(manifest) != length:
            return None
        entry = Entry(
            source,
            slug,
            "built",
            valid,
            tuple(OutputFile(path, size, sha256) for path, size, sha256, _, _ in files),
            tuple(Problem(*problem) for problem in errors),
            tuple(Problem(*problem) for problem in warnings),
            fingerprint,
            _named(named),
            manifest,
        )
        stamps = {path: (size, mtime) for path, _, _, size, mtime in files}
        return State(fingerprint, entry.named, stamps, entry, manifest)
    except (ValueError, TypeError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
