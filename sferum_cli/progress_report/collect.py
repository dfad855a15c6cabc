"""Read many school files as ``validate`` does and make the region's report.

A file with errors is never dropped: it becomes a school «with errors» in
its municipality (when that much of the file could be read), with the count
of its errors and the place of the first one.  A school's teachers come from
its ``teachers_roster`` when it names one, as in ``checklist admin``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.errors import Location, SferumError, UsageError
from sferum_cli.progress_report.status import FileError, RegionReport, SchoolStatus

if TYPE_CHECKING:
    from sferum_cli.validation import Problem, Result

DEFAULT_STALLED_AFTER = 14


def default_as_of() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) for a reproducible report."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        from sferum_cli.documents.reproducible import document_time

        return document_time().date()
    return dt.date.today()


def parse_date(text: str) -> dt.date:
    """``--as-of``: «2025-09-01» or «01.09.2025», as dates in a school file."""
    from pydantic import TypeAdapter, ValidationError

    from sferum_cli.model_values import Date

    try:
        return TypeAdapter(Date).validate_python(text)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"]
        raise UsageError(message=f"--as-of «{text}»: {reason}") from None


def collect(
    targets: Sequence[Path],
    *,
    as_of: dt.date,
    stalled_after: int = DEFAULT_STALLED_AFTER,
    files_root: Path | None = None,
    show_pii: bool = False,
) -> RegionReport:
    from sferum_cli.progress_report.status import build_report

    statuses = (
        read_school(path, as_of=as_of, files_root=files_root, show_pii=show_pii) for path in targets
    )
    return build_report(statuses, as_of=as_of, stalled_after=stalled_after, show_pii=show_pii)


def read_school(
    path: Path, *, as_of: dt.date, files_root: Path | None = None, show_pii: bool = False
) -> SchoolStatus:
    """One school's status; a file that does not validate is a status «with errors»."""
    from sferum_cli import validation
    from sferum_cli.progress_report.status import of_school

    result = validation.check(path, check_files=True, files_root=files_root)
    school = result.school
    if school is None:
        return _broken(path, result)
    roster = None
    if school.teachers_roster is not None and result.positions is not None:
        from sferum_cli.onboarding import roster as rosters
        from sferum_cli.school_paths import SchoolPaths

        key = ("teachers_roster",)
        try:
            resolved = SchoolPaths(path, result.positions, files_root).resolve(
                key, school.teachers_roster
            )
            roster = rosters.read(resolved)
        except SferumError as exc:
            where = result.positions.of_value(key)
            code = getattr(exc, "code", "file.unusable")
            error = _file_error(1, where, code)
            org = school.organization
            return SchoolStatus(result.path, org.short_name, org.region, org.municipality, error)
    return of_school(school, path=result.path, as_of=as_of, roster=roster, show_pii=show_pii)


def _file_error(count: int, where: Location, code: str) -> FileError:
    return FileError(count, str(where), where.line or None, where.column or None, code)


def _broken(path: Path, result: Result) -> SchoolStatus:
    errors: list[Problem] = result.errors
    first = errors[0]
    name, region, municipality = _what_is_readable(path)
    return SchoolStatus(
        result.path,
        name,
        region,
        municipality,
        _file_error(len(errors), first.location, first.code),
    )


def _what_is_readable(path: Path) -> tuple[str | None, str | None, str | None]:
    """The name, region and municipality of a file with errors, where they validate."""
    from sferum_cli import semantic, yamlio
    from sferum_cli.errors import LoadError

    if str(path) == "-":  # standard input was read once already
        return None, None, None
    try:
        document = yamlio.load(path)
    except LoadError:
        return None, None, None
    if not isinstance(document.data, dict):
        return None, None, None
    view = semantic.PartialView(document.data)
    values = [view.get(("organization", key)) for key in ("short_name", "region", "municipality")]
    name, region, municipality = (None if v is semantic.BAD else str(v) for v in values)
    return name, region, municipality
