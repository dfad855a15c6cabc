"""What ``import`` decides: each row's outcome, the whole plan, their problems.

The other table modules fill these in (:mod:`.reading` the notes about the
table, :mod:`.updating` and :mod:`.importer` the rows' outcomes) and
:mod:`.reporting` prints them; nothing here reads or writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sferum_cli.errors import Location
from sferum_cli.table import columns

if TYPE_CHECKING:
    from sferum_cli.validation import Problem

Status = Literal["created", "updated", "unchanged", "error"]


@dataclass
class Outcome:
    """What became of one row."""

    row: int
    status: Status
    file: str | None = None
    changed: list[str] = field(default_factory=list)  # keys, in column order
    missing: list[str] = field(default_factory=list)  # required keys still empty (new file)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Plan:
    """Everything ``import`` found, before (or without, under --dry-run) writing."""

    table: str
    folder: str
    header: columns.Header
    notes: list[Problem] = field(default_factory=list)  # about the table itself
    rows: list[Outcome] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file → new text

    @property
    def failed(self) -> bool:
        return any(outcome.status == "error" for outcome in self.rows)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.rows if outcome.status == status)


def problem(
    severity: Literal["error", "warning"],
    key: str,
    code: str,
    message: str,
    location: Location,
) -> Problem:
    """A problem of the table at ``location`` about the school-file ``key``
    (dotted, ``""`` for none), in the same terms ``validate`` reports."""
    from sferum_cli.validation import Problem

    path = tuple(key.split(".")) if key else ()
    return Problem(severity, path, code, message, location)
