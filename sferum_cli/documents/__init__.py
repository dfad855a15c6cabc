"""The documents of the registration: the kinds of :mod:`.kinds` (order, letter, Положение…).

Library API (the batch command calls these per school, without re-reading
the school file)::

    render(name, school, template=None, letterhead=None) -> bytes
    pdf.convert_many(paths, outdir=None) -> list[Path]

``render`` returns a complete DOCX whose bytes depend only on the school
(and ``SOURCE_DATE_EPOCH``).  Templates are read and compiled once per
process.  :func:`write_document` is what each document's command calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sferum_cli.errors import OutputExistsError, UsageError

if TYPE_CHECKING:
    from sferum_cli.model import School
    from sferum_cli.onboarding.roster import Roster
    from sferum_cli.school_paths import SchoolPaths


def render(
    name: str,
    school: School,
    *,
    template: Path | None = None,
    letterhead: Path | None = None,
    roster: Roster | None = None,
) -> bytes:
    """The document ``name`` (a kind of :data:`.kinds.KINDS`) for ``school`` as DOCX bytes.

    ``letterhead`` is the school's blank, for the kinds set on one.  ``roster``
    is the school's list of teachers (``teachers_roster``): it replaces
    ``teachers:`` as it does in the teachers' checklist, so that the order is
    acknowledged by the same people the checklist follows.
    """
    from sferum_cli.documents import base, kinds

    if roster is not None:
        school = roster.replacing_teachers(school)
    return base.render(school, kinds.get(name), template=template, letterhead=letterhead)


def letterhead_path(school: School, paths: SchoolPaths) -> Path | None:
    """``documents.letterhead`` of the school file, resolved and confined."""
    return paths.optional(("documents", "letterhead"), school.documents.letterhead)


class Written(NamedTuple):
    docx: Path
    pdf: Path | None


def write_document(
    name: str,
    school_file: Path,
    *,
    output: Path | None = None,
    pdf: bool = False,
    template: Path | None = None,
    letterhead: Path | None = None,
    force: bool = False,
    files_root: Path | None = None,
) -> Written:
    """Load the school, render one document, write it (and its PDF) safely.

    Nothing is written when an output exists without ``force``, when
    LibreOffice is needed but missing, or when the school file is invalid.
    ``template`` and ``letterhead`` come from the command line and are taken
    as given; ``documents.letterhead`` of the school file must lie in its
    folder or in ``files_root``.
    """
    from sferum_cli.documents import kinds, libreoffice
    from sferum_cli.documents import pdf as pdf_tool
    from sferum_cli.files import atomic_write
    from sferum_cli.validation import load_school_and_paths

    kind = kinds.get(name)
    target = output if output is not None else Path(kind.default_output)
    if target.suffix.lower() != ".docx":
        raise UsageError(message=f"{target}: имя выходного файла должно оканчиваться на .docx")
    pdf_target = target.with_suffix(".pdf") if pdf else None
    if not force:
        for path in (target, pdf_target):
            if path is not None and path.exists():
                raise OutputExistsError(path=path)
    if pdf:
        libreoffice.find_soffice()
    school, paths = load_school_and_paths(school_file, files_root=files_root)
    if kind.letterhead and letterhead is None:
        letterhead = letterhead_path(school, paths)
    roster = None
    if kind.reads_teachers:
        from sferum_cli.onboarding.checklists import teachers_roster

        roster = teachers_roster(school, paths)
    data = render(name, school, template=template, letterhead=letterhead, roster=roster)
    atomic_write(target, data, force=force)
    if pdf_target is not None:
        pdf_tool.convert_many([target], force=force)
    return Written(target, pdf_target)


__all__ = ["Written", "letterhead_path", "render", "write_document"]
