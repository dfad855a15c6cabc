"""The one resolver for paths written in a school file (letterhead, roster,
scan, attachments): ``~``, Windows separators, relative to the school file,
and only inside the folders a run allows."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.errors import Location, SchoolPathError

if TYPE_CHECKING:
    from sferum_cli.model import School
    from sferum_cli.yamlio import PathKey, Positions

FILES_ROOT_ENV = "SFERUM_FILES_ROOT"


def named_files(school: School) -> list[tuple[PathKey, str]]:
    """Every path the school file names, with its key, in a fixed order."""
    named: list[tuple[PathKey, str | None]] = [
        (("documents", "letterhead"), school.documents.letterhead),
        (("teachers_roster",), school.teachers_roster),
        (("email", "signed_scan"), school.email.signed_scan),
    ]
    named.extend(
        (("email", "attachments", index), value)
        for index, value in enumerate(school.email.attachments)
    )
    return [(key, value) for key, value in named if value is not None]


@dataclass(frozen=True)
class SchoolPaths:
    """Where the paths written in one school file point, and whether they may.

    A path in a school file (``documents.letterhead``, ``email.signed_scan``,
    ``email.attachments``, ``teachers_roster``) is read like this: ``~`` is
    the home folder, ``\\`` separates folders as ``/`` does (files written
    on Windows), and a relative path starts at the school file's folder.
    The file it names — after following every symbolic link — must lie in
    that folder or in ``root`` (``--files-root``/``SFERUM_FILES_ROOT``), and
    must exist: otherwise :class:`SchoolPathError` names the key's place.
    Paths given on the command line are the user's own and never come here.
    """

    school_file: Path
    positions: Positions | None = None
    root: Path | None = None

    @property
    def allowed(self) -> tuple[Path, ...]:
        folders = [Path(os.path.realpath(self.school_file.parent or Path(".")))]
        if self.root is not None:
            folders.append(Path(os.path.realpath(self.root.expanduser())))
        return tuple(folders)

    def expand(self, value: str) -> Path:
        """The path as written, made absolute (no checks): for messages and hashing."""
        path = Path(os.path.expanduser(value.replace("\\", "/")))
        return path if path.is_absolute() else self.school_file.parent / path

    def resolve(self, key: PathKey, value: str) -> Path:
        """The checked path of ``value``, written at ``key`` of the school file."""
        path = self.expand(value)
        real = Path(os.path.realpath(path))
        if not any(real.is_relative_to(folder) for folder in self.allowed):
            raise self._error(
                key,
                "file.outside_root",
                f"«{value}» указывает за пределы папки файла школы ({self.allowed[0]}). "
                "Положите файл рядом с файлом школы или в её подпапку, или разрешите папку "
                f"явно: --files-root ПАПКА (или переменная {FILES_ROOT_ENV})",
            )
        if not real.exists():
            raise self._error(key, "file.not_found", f"файл «{value}» не найден ({path})")
        if real.is_dir():
            raise self._error(key, "file.is_directory", f"«{value}» — это папка, а не файл")
        return path

    def optional(self, key: PathKey, value: str | None) -> Path | None:
        return None if value is None else self.resolve(key, value)

    def problems(self, school: School) -> list[tuple[PathKey, SchoolPathError]]:
        """What :meth:`resolve` would refuse among all the paths of ``school``."""
        found = []
        for key, value in named_files(school):
            try:
                self.resolve(key, value)
            except SchoolPathError as exc:
                found.append((key, exc))
        return found

    def _error(self, key: PathKey, code: str, message: str) -> SchoolPathError:
        from sferum_cli.validation import dotted

        shown = "<stdin>" if str(self.school_file) == "-" else str(self.school_file)
        location = self.positions.of_key(key) if self.positions is not None else Location(shown)
        return SchoolPathError(location=location, code=code, key=dotted(key), reason=message)
