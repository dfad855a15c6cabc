"""One school's result in a batch build, and the one place it meets JSON.

An :class:`Entry` is what ``build`` knows of a school: its source and
folder, how it went, the files written and the problems found.  It is
written three ways, all from here: in ``manifest.json``
(:func:`manifest_text`), in the state kept next
to the school's outputs (:func:`state_text`, :func:`parse_state`) and in the
build's journal of results (:func:`journal_line`, :func:`from_journal`).
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


def state_text(entry: Entry, stamps: Mapping[str, tuple[int, int]]) -> str:
    """The state of a school just built: ``entry`` (with its manifest text)
    and the size and modification time of each of its files."""
    state = {
        "fingerprint": entry.fingerprint,
        "named": _named_json(entry.named),
        "stamps": {path: list(stamp) for path, stamp in stamps.items()},
        "entry": _public_json(entry),
        "manifest": entry.manifest,
    }
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def journal_line(entry: Entry) -> str:
    """The entry on one line of the build's journal: everything it holds, its
    fields in order (the journal lives as long as the build that writes it)."""
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


def _problem_fields(problem: Problem) -> list[object]:
    return [problem.code, problem.message, problem.line, problem.column, problem.path]


# --- from JSON --------------------------------------------------------------


def _problems(items: Any) -> tuple[Problem, ...]:
    return tuple(
        Problem(item["code"], item["message"], item["line"], item["column"], item["path"])
        for item in items
    )


def _entry(data: Any, **private: Any) -> Entry:
    return Entry(
        source=data["source"],
        slug=data["slug"],
        valid=data["valid"],
        files=tuple(
            OutputFile(item["path"], item["size"], item["sha256"]) for item in data["files"]
        ),
        errors=_problems(data["errors"]),
        warnings=_problems(data["warnings"]),
        **private,
    )


def _named(data: Any) -> Named:
    return tuple((tuple(key), value) for key, value in data)


def from_journal(line: str) -> Entry:
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


def parse_state(text: bytes | str) -> State | None:
    """The state in ``text``; None when it is not one (damaged, or written by
    another version in another shape): the school is then rebuilt."""
    try:
        data = json.loads(text)
        named = data.get("named")
        manifest = data.get("manifest")
        return State(
            fingerprint=data.get("fingerprint"),
            named=_named(named) if isinstance(named, list) else None,
            stamps={path: (size, mtime) for path, (size, mtime) in data["stamps"].items()},
            entry=_entry(data["entry"]),
            manifest=manifest if isinstance(manifest, str) else None,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
