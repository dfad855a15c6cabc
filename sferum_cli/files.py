"""Files: finding school files and writing outputs safely (never half-written).
Reading a file the user names is :mod:`sferum_cli.user_files`; paths written
inside a school file are :mod:`sferum_cli.school_paths`."""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sferum_cli.errors import OutputExistsError, UserFileError, os_reason

SCHOOL_SUFFIXES = (".yaml", ".yml")
DEFAULT_SCHOOL_FILE = Path("school.yaml")


def default_school_file() -> Path:
    """``school.yaml``, or ``school.yml`` when only that one is here (as a user
    who named the file the other usual way expects)."""
    other = DEFAULT_SCHOOL_FILE.with_suffix(".yml")
    if not DEFAULT_SCHOOL_FILE.exists() and other.is_file():
        return other
    return DEFAULT_SCHOOL_FILE


def school_file(path: Path | None) -> Path:
    """The school file a command reads: the one given, or the default one."""
    return default_school_file() if path is None else path


# The top-level keys of a school file (a test keeps them equal to the model's).
SCHOOL_KEYS = (
    "version", "organization", "director", "administrator", "appointment", "platform",
    "classes", "teachers", "teachers_roster", "progress", "email", "documents", "policy",
)  # fmt: skip
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)
# The same key, when it is a school key (a key is matched whole: what follows
# it can't be a word character, because only blanks and «:» may follow).
_SCHOOL_KEY = re.compile(rf"^(?:{'|'.join(SCHOOL_KEYS)})\s*:", re.M)


def find_school_files(
    paths: Iterable[str | Path],
    *,
    exclude: Sequence[str] = (),
    skip: Iterable[Path] = (),
    skipped: list[Path] | None = None,
) -> list[Path]:
    """Files, folders (searched recursively for *.yaml/*.yml) and globs.

    In folders and globs: hidden files and folders (``.name``), the folders
    in ``skip`` (``build``'s output folder) and whatever matches an
    ``exclude`` glob (against the name or the path below the folder) are left
    out; so is a YAML file that is plainly something else — it has top-level
    keys and none of them is a school-file key (a CI workflow, a pre-commit
    config) — those are added to ``skipped``.  A file named on its own is
    always checked.  ``-`` (standard input) is kept as it is.  Missing paths
    are kept, so the loader reports them as «файл не найден».  Order is
    stable (sorted within each folder) and duplicates are dropped.
    A file found in a directory or by a glob is taken only when it really lies
    under that directory (or the glob's fixed part): a symbolic link in a
    repository must not make ``build schools/`` read ``~/.ssh/…``.
    """
    pruned = {os.path.realpath(folder) for folder in skip}
    found: dict[Path, None] = {}
    for raw in paths:
        text = str(raw)
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            base = _fixed_part(text)
            matches = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
            if not matches:
                found.setdefault(Path(text), None)
            for match in matches:
                if not _inside(match, base):
                    continue
                if match.is_dir():
                    found.update(dict.fromkeys(_walk(match, exclude, pruned, skipped)))
                elif not _excluded(match, match.parent, exclude) and _school_like(match, skipped):
                    found.setdefault(match, None)
            continue
        candidate = Path(text)
        if text != "-" and candidate.is_dir():
            found.update(dict.fromkeys(_walk(candidate, exclude, pruned, skipped)))
        else:
            found.setdefault(candidate, None)
    return list(found)


def _fixed_part(pattern: str) -> Path:
    """The folder a glob searches: its leading parts without wildcards."""
    fixed = []
    for part in Path(pattern).parent.parts:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _excluded(path: Path, base: Path, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(
        fnmatch.fnmatchcase(candidate, pattern.rstrip("/"))
        for pattern in patterns
        for candidate in (path.name, relative, path.as_posix())
    )


def _school_like(path: Path, skipped: list[Path] | None) -> bool:
    """False for a YAML file with top-level keys none of which is a school key."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            head = os.read(fd, 64 * 1024).decode("utf-8", "replace")
        finally:
            os.close(fd)
    except OSError:
        return True  # the loader will say what is wrong with it
    # A school key usually comes first: one search, stopped at it.
    if _SCHOOL_KEY.search(head) or not _TOP_LEVEL_KEY.search(head):
        return True
    if skipped is not None:
        skipped.append(path)
    return False


def _walk(
    directory: Path, exclude: Sequence[str], pruned: set[str], skipped: list[Path] | None
) -> Iterator[Path]:
    """School files under ``directory``: a folder's own files (sorted) before
    its subfolders' (sorted, depth first).  Symbolic links to folders are not
    followed, so only a file that is itself a link can lead outside: only
    that one is resolved (one ``os.scandir`` per folder, no ``stat`` or
    ``realpath`` per file)."""
    real = os.path.realpath(directory)
    if real in pruned:
        return
    yield from _walk_folder(directory, real, directory, exclude, pruned, skipped)


def _walk_folder(
    here: Path,
    real: str,
    directory: Path,
    exclude: Sequence[str],
    pruned: set[str],
    skipped: list[Path] | None,
) -> Iterator[Path]:
    files: list[os.DirEntry[str]] = []
    folders: list[str] = []
    try:
        with os.scandir(here) as entries:
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if not name.startswith(".") and not entry.is_symlink():
                        folders.append(name)
                elif name.lower().endswith(SCHOOL_SUFFIXES) and not name.startswith("."):
                    files.append(entry)
    except OSError:  # unreadable folder: skipped, as os.walk does
        return
    files.sort(key=lambda entry: entry.name)
    for entry in files:
        path = here / entry.name
        if (
            (not entry.is_symlink() or _inside(path, directory))
            and not _excluded(path, directory, exclude)
            and _school_like(path, skipped)
        ):
            yield path
    for name in sorted(folders):
        inner = os.path.join(real, name)
        if inner in pruned or _excluded(here / name, directory, exclude):
            continue
        yield from _walk_folder(here / name, inner, directory, exclude, pruned, skipped)


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


def ensure_folder(folder: Path) -> None:
    """Create the output folder ``folder`` or say in Russian why it can't be."""
    if folder.exists() and not folder.is_dir():
        raise UserFileError(path=folder, reason="это файл, а нужна папка для результатов")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserFileError(
            path=folder, reason=f"не удалось создать папку ({os_reason(exc)})"
        ) from None


def owner_tag() -> str:
    """Who made a temporary file: this computer and process, «3fa1b2c4-12345».

    Temporaries carry it in their names, so a later run can tell one left by
    a killed process (:func:`stale_temporary`) from one a live run still
    writes, also when two runs share an output folder."""
    return f"{_host_tag()}-{os.getpid()}"


@functools.cache
def _host_tag() -> str:
    """The computer's name, hashed.  ``os.uname`` gives the name
    ``socket.gethostname`` does (both the kernel's node name) without
    importing ``socket``, which a re-run with nothing to build would import
    for this alone."""
    import hashlib

    if hasattr(os, "uname"):
        name = os.uname().nodename
    else:  # Windows
        import socket

        name = socket.gethostname()
    return hashlib.sha256(name.encode()).hexdigest()[:8]


TEMP_FILE = re.compile(r"\.(?P<name>.+?)\.(?:(?P<owner>[0-9a-f]{8}-\d+)\.)?[a-z0-9_]{8}\.tmp")
LEGACY_STALE_AFTER = 3600.0  # seconds: a temporary without an owner, from an older version
OTHER_HOST_STALE_AFTER = 24 * 3600.0  # seconds: one made on another computer


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie nobody reaps is gone too
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def stale_owner(owner: str | None, age: float) -> bool:
    """Was a temporary of ``owner`` (None: an old unnamed one) abandoned?"""
    if owner is None:
        return age > LEGACY_STALE_AFTER
    host, _, pid = owner.partition("-")
    if host != owner_tag().partition("-")[0]:
        return age > OTHER_HOST_STALE_AFTER
    return int(pid) != os.getpid() and _process_gone(int(pid))


def atomic_write(path: Path, data: bytes, *, force: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The file gets the mode any other tool would give it (``0o666`` less the
    umask), not ``mkstemp``'s private ``0o600``."""
    if path.is_dir():
        raise UserFileError(path=path, reason="это папка, а нужно имя файла")
    if not force and path.exists():
        raise OutputExistsError(path=path)
    directory = path.parent if str(path.parent) else Path(".")
    blocker = next((p for p in (directory, *directory.parents) if p.is_file()), None)
    if blocker is not None:
        raise UserFileError(path=path, reason=f"в пути есть файл {blocker}, а нужна папка")
    replace_through_temporary(path, data, 0o666 & ~_current_umask(), make_folder=True)


def replace_through_temporary(
    path: Path, data: bytes, mode: int, *, make_folder: bool = False
) -> None:
    """Write ``data`` into a temporary of this process beside ``path`` (with
    ``mode``), then rename it over ``path``; nothing half-written is left.

    :func:`atomic_write` checks the folder first and has it made here."""
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{owner_tag()}.", suffix=".tmp"
        )
    except OSError as exc:
        raise UserFileError(
            path=path, reason=f"не удалось создать файл ({os_reason(exc)})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
        os.replace(tmp, path)
    except IsADirectoryError:
        Path(tmp).unlink(missing_ok=True)
        raise UserFileError(path=path, reason="это папка, а нужно имя файла") from None
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserFileError(
            path=path, reason=f"не удалось записать файл ({os_reason(exc)})"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, force: bool = True) -> None:
    atomic_write(path, text.encode("utf-8"), force=force)
