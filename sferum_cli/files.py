"""Finding school files and writing outputs safely (never half-written)."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sferum_cli.errors import OutputExistsError, UserFileError

SCHOOL_SUFFIXES = (".yaml", ".yml")


def find_school_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files, directories (searched recursively for *.yaml/*.yml) and globs.

    Missing paths are kept, so the loader reports them as «файл не найден».
    Order is stable (sorted within each directory) and duplicates are dropped.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        text = str(raw)
        candidates: list[Path]
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            candidates = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
            if not candidates:
                candidates = [Path(text)]
        else:
            candidates = [Path(text)]
        for candidate in candidates:
            if candidate.is_dir():
                for file in _walk(candidate):
                    found.setdefault(file, None)
            else:
                found.setdefault(candidate, None)
    return list(found)


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(SCHOOL_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def _current_umask() -> int:
    """The process umask. Linux reports it in /proc without changing it; elsewhere
    it can only be read by setting it (and putting it back at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes, *, force: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The file gets the mode any other tool would give it (``0o666`` less the
    umask), not ``mkstemp``'s private ``0o600``."""
    if not force and path.exists():
        raise OutputExistsError(path=path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserFileError(
            path=path, reason=f"не удалось создать файл ({exc.strerror or exc})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o666 & ~_current_umask())
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserFileError(
            path=path, reason=f"не удалось записать файл ({exc.strerror or exc})"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, force: bool = True) -> None:
    atomic_write(path, text.encode("utf-8"), force=force)
