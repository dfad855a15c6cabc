"""The schools already in the folder, found by ИНН, and a row's update of one.

A school is found by its ИНН among the files in the folder (in subfolders
too), so renaming a school does not make a second file.  Only the values the
row changes are written (a value written another way, «8 912…» for «+7 912…»,
is no change); an empty cell leaves the file's value and says so; the text is
edited in place by :mod:`.edit` and must read back as the intended data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import Location
from sferum_cli.table.checking import check_row
from sferum_cli.table.outcomes import Outcome, Plan, problem

if TYPE_CHECKING:
    from sferum_cli.validation import Problem
    from sferum_cli.yamlio import Document


@dataclass
class Existing:
    """The school files in the folder: by ИНН, as read, and every name taken."""

    by_inn: dict[str, list[Path]]
    documents: dict[Path, Document]
    texts: dict[Path, str]
    names: set[str]


def find_existing(folder: Path, file: str, notes: list[Problem]) -> Existing:
    """The school files already in ``folder``, by ИНН; one that can't be read is a note."""
    from sferum_cli import files, yamlio
    from sferum_cli.errors import LoadError

    found = Existing({}, {}, {}, set())
    if not folder.exists():
        return found
    found.names = {entry.name.lower() for entry in folder.iterdir()}  # never overwritten
    for path in files.find_school_files([folder]):
        try:
            text = yamlio.read_text(path)
            document = yamlio.parse(text, str(path))
        except LoadError as exc:
            notes.append(
                problem(
                    "warning",
                    "",
                    "file.unreadable",
                    f"файл {exc.location} не читается ({exc.message.rstrip('.')}): "
                    "школа из него не будет найдена по ИНН",
                    Location(file),
                )
            )
            continue
        organization = document.data.get("organization")
        inn = organization.get("inn") if isinstance(organization, dict) else None
        if isinstance(inn, str) and inn.strip():
            found.by_inn.setdefault(inn.strip(), []).append(path)
            found.documents[path] = document
            found.texts[path] = text
    return found


def _same(key: str, old: object, new: str) -> bool:
    """The file already says ``new`` (perhaps written another way: «8 912…» and «+7 912…»)."""
    if isinstance(old, str) and old.strip() == new:
        return True
    if not isinstance(old, str):
        return False
    from pydantic import ValidationError

    from sferum_cli.model import School
    from sferum_cli.semantic import field_adapter

    section, name = key.split(".")
    model: Any = School.model_fields[section].annotation
    try:
        adapter = field_adapter(model, name)
        return bool(adapter.validate_python(old) == adapter.validate_python(new))
    except ValidationError:
        return False


def update_row(
    result: Plan, number: int, values: dict[str, str], path: Path, existing: Existing
) -> Outcome:
    """Row ``number`` applied to the school file at ``path``; its new text goes
    into ``result.texts`` (nothing is written here)."""
    from sferum_cli.table import edit

    file, header = result.table, result.header
    document = existing.documents[path]
    data = document.data
    changes: dict[tuple[str, str], str] = {}
    kept: list[Problem] = []
    for index, key in header.keys.items():
        section, name = key.split(".")
        old = data.get(section, {}).get(name) if isinstance(data.get(section), dict) else None
        new = values[key]
        if not new:
            if old not in (None, ""):
                kept.append(
                    problem(
                        "warning",
                        key,
                        "cell.empty_kept",
                        "ячейка пуста: значение в файле оставлено как есть "
                        "(удалить его можно только в самом файле)",
                        Location(file, number, index + 1),
                    )
                )
            continue
        if not _same(key, old, new):
            changes[(section, name)] = new
    merged = edit.expected(data, changes)
    filled = set(header.keys.values())
    problems, _ = check_row(merged, file, number, header, filled)
    if changes:  # what the file had wrong before, outside the table's columns, is not the row's
        before, _ = check_row(data, file, number, header, filled)
        old_problems = {(p.path, p.code) for p in before}
        problems = [
            p
            for p in problems
            if (p.path, p.code) not in old_problems or ".".join(map(str, p.path[:2])) in filled
        ]
    else:
        problems = [p for p in problems if ".".join(map(str, p.path[:2])) in filled]
    problems.extend(kept)
    target = str(path)
    if any(p.severity == "error" for p in problems):
        return Outcome(number, "error", target, problems=problems)
    if not changes:
        return Outcome(number, "unchanged", target, problems=problems)
    order = key_order()
    try:
        text = edit.update(existing.texts[path], changes, order)
    except edit.EditRefused as exc:
        message = f"файл {path} не обновлён: {exc}"
        refused = problem("error", "", "file.not_editable", message, Location(file, number))
        return Outcome(number, "error", target, problems=[*problems, refused])
    _check_edit(text, target, merged)
    result.texts[target] = text
    changed = [".".join(k) for k in order if k in changes]
    return Outcome(number, "updated", target, changed, problems=problems)


def key_order() -> list[tuple[str, str]]:
    """(section, key) of the school file in the model's order (sections included)."""
    from sferum_cli import scaffold

    paths = (leaf.path for leaf in scaffold.leaves() if len(leaf.path) > 1)
    return list(dict.fromkeys((path[0], path[1]) for path in paths))


def _check_edit(text: str, file: str, intended: dict[str, Any]) -> None:
    """The edited text must read back as exactly the intended data: otherwise
    it is a bug here, and the file is not written."""
    from sferum_cli import yamlio

    if yamlio.parse(text, file).data != intended:
        raise RuntimeError("table import: an edited school file does not read back as intended")
