"""Writing outputs: never half-written, and with the mode every other tool gives;
finding school files in folders."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sferum_cli import files


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_written_files_honour_the_umask(tmp_path: Path, umask: int) -> None:
    """A file from the atomic writer has the same mode as one from open(): 0o666 & ~umask."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sferum_cli.cli import main\n"
        "Path('plain.txt').write_text('x')\n"
        "sys.argv = ['sferum-cli', 'init', '--no-input', 'school.yaml']\n"
        "main()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, umask=umask, check=True, capture_output=True
    )
    expected = 0o666 & ~umask
    modes = {
        name: stat.S_IMODE((tmp_path / name).stat().st_mode)
        for name in ("plain.txt", "school.yaml", "school.schema.json")
    }
    assert modes == dict.fromkeys(modes, expected), {k: oct(v) for k, v in modes.items()}
    assert not list(tmp_path.glob(".*.tmp"))


# --- finding school files in folders ----------------------------------------

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


def _reference_find(directory: Path, exclude: list[str], skip: list[Path]) -> tuple[list, list]:
    """The folder walk as it was before it used os.scandir: os.walk, every file
    resolved, every file's head searched for all its top-level keys."""
    pruned = {os.path.realpath(folder) for folder in skip}
    skipped: list[Path] = []

    def excluded(path: Path) -> bool:  # unchanged: the patterns are not what is compared
        return files._excluded(path, directory, exclude)

    def school_like(path: Path) -> bool:
        try:
            with path.open("rb") as handle:
                head = handle.read(64 * 1024).decode("utf-8", "replace")
        except OSError:
            return True
        keys = set(_TOP_KEY.findall(head))
        if keys and not keys & set(files.SCHOOL_KEYS):
            skipped.append(path)
            return False
        return True

    found: list[Path] = []
    if os.path.realpath(directory) in pruned:
        return found, skipped
    for root, dirs, names in os.walk(directory):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and os.path.realpath(here / d) not in pruned
            and not excluded(here / d)
        )
        for name in sorted(names):
            if not name.lower().endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            path = here / name
            inside = Path(os.path.realpath(path)).is_relative_to(os.path.realpath(directory))
            if inside and not excluded(path) and school_like(path):
                found.append(path)
    return found, skipped


_NAMES = st.sampled_from(["a", "b", "Sub", ".hidden", "out", "ёлка", "z"])
_FILES = st.sampled_from(
    ["s.yaml", "T.YML", ".h.yaml", "ci.yml", "notes.txt", "x.yaml", "Школа.yaml", "b.yml"]
)
_TEXTS = st.sampled_from(
    [
        "version: 1\norganization:\n  name: x\n",
        "on: push\njobs:\n  a: 1\n",  # a CI workflow: skipped
        "# only a comment\n",
        "repos:\n  - x\nclasses:\n  - 1\n",  # a school key later on
        "classesX: 1\n",  # not a school key
        "teachers_roster : r.csv\n",
        "key\n: value\n",
        "",
    ]
)


@st.composite
def _trees(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """(kind, relative path, content or link target) in creation order."""
    entries: list[tuple[str, str, str]] = []
    folders = [""]
    for _ in range(draw(st.integers(1, 6))):
        parent = draw(st.sampled_from(folders))
        folder = f"{parent}/{draw(_NAMES)}".lstrip("/")
        if folder not in folders:
            folders.append(folder)
            entries.append(("dir", folder, ""))
    for _ in range(draw(st.integers(0, 12))):
        where = draw(st.sampled_from(folders))
        name = f"{where}/{draw(_FILES)}".lstrip("/")
        kind = draw(st.sampled_from(["file", "file", "file", "link-in", "link-out", "dirlink"]))
        target = draw(_TEXTS) if kind == "file" else draw(st.sampled_from(folders))
        entries.append((kind, name, target))
    return entries


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tree=_trees(),
    exclude=st.lists(st.sampled_from(["b", "Sub/*", "*.yml", "a/x.yaml", "out/"]), max_size=2),
    skip=st.sampled_from([[], ["out"], ["a/out"], ["."]]),
)
def test_folder_walk_finds_what_the_os_walk_version_found(
    tmp_path: Path, tree: list[tuple[str, str, str]], exclude: list[str], skip: list[str]
) -> None:
    base = Path(tempfile.mkdtemp(dir=tmp_path))
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("version: 1\n", encoding="utf-8")
    root = base / "repo"
    root.mkdir()
    for kind, name, extra in tree:
        path = root / name
        if path.exists() or path.is_symlink():
            continue
        if kind == "dir":
            path.mkdir()
        elif kind == "file":
            path.write_text(extra, encoding="utf-8")
        elif kind == "link-in":
            candidates = sorted(p for p in root.rglob("*.y*ml") if p.is_file())
            path.symlink_to(candidates[0] if candidates else root / "missing.yaml")
        elif kind == "link-out":
            path.symlink_to(outside / "secret.yaml")
        else:  # a link to a folder, named like a file or not
            path.symlink_to(root / extra if extra else outside, target_is_directory=True)
    skipped: list[Path] = []
    found = files.find_school_files(
        [root], exclude=exclude, skip=[root / s for s in skip], skipped=skipped
    )
    assert (found, skipped) == _reference_find(root, exclude, [root / s for s in skip])
    assert all(outside not in path.resolve().parents for path in found)


def test_the_owner_of_a_temporary_names_the_computer_as_socket_does() -> None:
    """Temporaries of other processes and earlier versions were named with
    socket.gethostname(): the same computer must still be recognised."""
    import hashlib
    import socket

    host, pid = files.owner_tag().split("-")
    assert host == hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
    assert pid == str(os.getpid())
