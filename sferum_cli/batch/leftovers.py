"""What a build that did not finish may leave in its output folder, and its removal.

A build works inside a scratch folder ``OUT/.sferum-build-<owner>-<random>``
(its journal, the manifest being written, LibreOffice profiles) and writes
each file through a temporary ``.<file>.<owner>.<random>.tmp`` beside it.
The scratch folder is removed only when the build ends with nothing
half-written behind it (done, or an error of the input or the output folder,
after its workers have finished); a build that is killed, interrupted or
breaks keeps it — emptied — as the record that it did not finish.  So the
next build looks below the top of ``OUT`` only when a scratch folder is
there (one ``os.scandir``, not a walk of every school's folder); and a school
it builds has its own folder cleared first (:func:`remove_stale_in`), which
also covers temporaries of versions before this record existed.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from sferum_cli.batch.school import STATE_FILE

SCRATCH_PREFIX = ".sferum-build-"
# «.sferum-build-<owner>-<random>»; without an owner: made by an older version.
SCRATCH = re.compile(r"\.sferum-build-(?:(?P<owner>[0-9a-f]{8}-\d+)-)?[a-z0-9_]{8}")
HANDOUTS = "handouts"


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except OSError:
        return 0.0


def remove_stale_temporaries(outdir: Path) -> list[Path]:
    """Remove what a killed build left in ``outdir``: its scratch folders and
    half-written ``.<file>.<owner>.<random>.tmp`` files — only these names, and
    only those whose process is gone (another build may be running right now
    on the same folder).  Temporaries without an owner (older versions) are
    removed after an hour, and only in folders a build made.  Below the top
    of ``outdir`` (``OUT/<school>/`` and ``OUT/<school>/handouts/``) only when
    a scratch folder says a build did not finish.  Returns what was removed."""
    from sferum_cli.files import stale_owner

    removed: list[Path] = []
    now = time.time()
    hidden, folders = _listing(outdir)
    unfinished = False
    for name in folders:
        match = SCRATCH.fullmatch(name)
        if match:
            unfinished = True
            if stale_owner(match.group("owner"), _age(outdir / name, now)):
                shutil.rmtree(outdir / name, ignore_errors=True)
                removed.append(outdir / name)
    removed += _remove_temporaries(outdir, hidden, built=True, now=now)
    if unfinished:  # as far down as a build writes: OUT/<school>/handouts
        for folder in _subfolders(outdir, folders):
            inner = _listing(folder)
            removed += _remove_temporaries(folder, inner[0], built=_built(folder), now=now)
            for deeper in _subfolders(folder, inner[1]):
                removed += remove_stale_in(deeper, now=now)
    return removed


def _listing(folder: Path) -> tuple[list[str], list[str]]:
    """The hidden names of files and the names of folders in ``folder``, sorted
    (links to folders count as folders, as ``os.walk`` has them)."""
    hidden, folders = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    folders.append(entry.name)
                elif entry.name.startswith("."):
                    hidden.append(entry.name)
    except OSError:
        pass
    return sorted(hidden), sorted(folders)


def _subfolders(folder: Path, names: list[str]) -> list[Path]:
    """The folders a walk goes into: not links, not scratch folders."""
    return [
        folder / name
        for name in names
        if not SCRATCH.fullmatch(name) and not (folder / name).is_symlink()
    ]


def _built(folder: Path) -> bool:
    """Made by a build: a school's folder (it has its state) or its handouts."""
    school = folder.parent if folder.name == HANDOUTS else folder
    return (school / STATE_FILE).is_file()


def remove_stale_in(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the stale temporaries in ``folder`` itself (not below it)."""
    hidden = _listing(folder)[0]
    if not hidden:
        return []
    return _remove_temporaries(folder, hidden, built=_built(folder), now=now or time.time())


def _remove_temporaries(folder: Path, names: list[str], *, built: bool, now: float) -> list[Path]:
    """The stale temporaries among the file ``names`` in ``folder``; unowned
    ones only where a build made the folder (``built``)."""
    from sferum_cli.files import TEMP_FILE, stale_owner

    removed = []
    for name in names:
        match = TEMP_FILE.fullmatch(name)
        if not match or (match.group("owner") is None and not built):
            continue
        if stale_owner(match.group("owner"), _age(folder / name, now)):
            (folder / name).unlink(missing_ok=True)
            removed.append(folder / name)
    return removed
