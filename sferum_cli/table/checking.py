"""A row checked by the same validation as ``validate``, its problems at their cells.

The row's values are put where they would stand in a school file and that
data is validated as a file would be; each problem is then moved to the cell
of its key.  What the table has no column for is the school's to fill in: a
required key missing there is not the row's error, only listed as missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import Location
from sferum_cli.table import columns

if TYPE_CHECKING:
    from sferum_cli.validation import Problem


def check_row(
    data: dict[str, Any], file: str, row: int, header: columns.Header, filled: set[str]
) -> tuple[list[Problem], list[str]]:
    """The row's problems (at their cells) and the required keys left empty."""
    from sferum_cli.validation import validate_document
    from sferum_cli.yamlio import Document, Positions

    positions = Positions(file=file)
    positions.values[()] = (row, 0)
    for index, key in header.keys.items():
        section, name = key.split(".")
        positions.values[(section, name)] = (row, index + 1)
        positions.keys[(section, name)] = (row, index + 1)
    result = validate_document(Document(data=data, positions=positions))
    in_table = {key: index for index, key in header.keys.items()}
    problems: list[Problem] = []
    for problem in result.problems:
        key = ".".join(str(p) for p in problem.path[:2])
        if problem.code == "required":
            # a whole section missing is each of its required keys missing
            keys = [key] if len(problem.path) > 1 else _required_in(key)
            problems.extend(
                replace(problem, path=tuple(k.split(".")), location=Location(file, row, i + 1))
                for k in keys
                if k in filled and (i := in_table.get(k)) is not None
            )
            continue  # the rest is not the table's to fill: the school completes the file
        if key in in_table and not problem.location.column:  # e.g. «no website»: at its cell
            at = Location(file, row, in_table[key] + 1)
            problem = replace(problem, location=at)
        if key in in_table or (key in columns.BY_KEY and problem.severity == "error"):
            problems.append(problem)
    from sferum_cli import scaffold

    missing = scaffold.missing_required({k: v for k, v in _flat(data)})
    return problems, missing


def _required_in(section: str) -> list[str]:
    from sferum_cli import scaffold

    return [leaf.dotted for leaf in scaffold.leaves() if leaf.required and leaf.path[0] == section]


def _flat(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for section, part in data.items():
        if isinstance(part, dict):
            for name, value in part.items():
                if isinstance(value, str):
                    yield f"{section}.{name}", value
        elif isinstance(part, str):
            yield section, part
