"""A region's table → school files: one row, one school.

Each row is checked by the same validation as ``validate`` (the row's
values put where they would stand in the school file), with every problem
at its cell.  A row with an error writes nothing; the others are written.

A school is found by its ИНН among the files already in the folder (in
subfolders too), so renaming a school does not make a second file.  A new
file is named from the short name (transliterated, as ``build`` names its
folders) or, if that name is taken, with the ИНН added.

An empty cell in a column the table has leaves the file's value as it is
and says so (a warning): a table never deletes data.  A key the table has
no column for is never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sferum_cli.errors import Location, UserFileError
from sferum_cli.table import columns

if TYPE_CHECKING:
    from sferum_cli.validation import Problem
    from sferum_cli.yamlio import Document

Status = Literal["created", "updated", "unchanged", "error"]
#: What the table is called where a limit says «это не похоже на …» (accusative).
SCHOOLS_TABLE = "таблицу школ"
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv", ".xls")


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


def cell(location: Location) -> str:
    """«C7» for a problem at a cell, «строка 7» for one about a whole row."""
    if location.column:
        return f"{columns.letter(location.column - 1)}{location.line}"
    return f"строка {location.line}"


def _cell_text(key: str, value: object) -> str:
    """What a cell says, as text: Excel's numbers without «.0», its booleans
    and dates as a person would write them, lost leading zeros restored."""
    from sferum_cli.onboarding.roster_rows import cell_text as plain

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.datetime | dt.date):
        text = value.strftime("%d.%m.%Y")
    else:
        text = plain(value)
    width = {"organization.inn": 10, "organization.kpp": 9, "organization.ogrn": 13}.get(key)
    if width and isinstance(value, int | float) and not isinstance(value, bool):
        text = text.zfill(width)  # a number cell in Excel drops ИНН's leading zero
    return columns.from_word(key, text.strip())


def _problem(
    severity: Literal["error", "warning"],
    key: str,
    code: str,
    message: str,
    location: Location,
) -> Problem:
    from sferum_cli.validation import Problem

    path = tuple(key.split(".")) if key else ()
    return Problem(severity, path, code, message, location)


def _notes() -> dict[str, str]:
    from sferum_cli import scaffold

    index = scaffold.leaf_index()
    return {column.key: index[column.key].help for column in columns.COLUMNS}


def _is_notes_row(cells: Sequence[object], header: columns.Header) -> bool:
    """The template's second row (hints under the headers) is not a school."""
    notes = _notes()
    written = {i: str(c).strip() for i, c in enumerate(cells) if c is not None and str(c).strip()}
    known = {i: t for i, t in written.items() if i in header.keys}
    return bool(known) and all(notes.get(header.keys[i]) == t for i, t in known.items())


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def _header(file: str, rows: Iterator[tuple[int, Sequence[object]]]) -> columns.Header:
    from sferum_cli.onboarding.roster import HEADER_SCAN_ROWS

    scanned = 0
    for number, cells in rows:
        if _blank(cells):
            continue
        scanned += 1
        if columns.score(cells):
            return columns.recognise(number, cells)
        if scanned >= HEADER_SCAN_ROWS:
            break
    raise UserFileError(
        path=file,
        reason="не найдена строка заголовков со столбцом «ИНН» (ожидаются: "
        + ", ".join(column.label for column in columns.COLUMNS)
        + "; образец: sferum-cli import --template -o шаблон.xlsx)",
    )


def _header_notes(file: str, header: columns.Header) -> list[Problem]:
    import difflib

    notes: list[Problem] = []
    labels = [column.label for column in columns.COLUMNS]
    for index in header.unknown:
        title = header.titles[index]
        close = difflib.get_close_matches(title, labels, n=1, cutoff=0.6)
        hint = f" Возможно, имелось в виду «{close[0]}»." if close else ""
        notes.append(
            _problem(
                "warning",
                "",
                "column.unknown",
                f"неизвестный столбец «{title}»: он не импортируется.{hint}",
                Location(file, header.row, index + 1),
            )
        )
    for index, first in header.repeated:
        notes.append(
            _problem(
                "warning",
                header.keys[first],
                "column.repeated",
                f"столбец «{header.titles[index]}» повторяет столбец "
                f"{columns.letter(first)} («{header.titles[first]}»): он не импортируется.",
                Location(file, header.row, index + 1),
            )
        )
    return notes


@dataclass
class _Existing:
    by_inn: dict[str, list[Path]]
    documents: dict[Path, Document]
    texts: dict[Path, str]
    names: set[str]


def _existing(folder: Path, file: str, notes: list[Problem]) -> _Existing:
    """The school files already in ``folder``, by ИНН."""
    from sferum_cli import files, yamlio
    from sferum_cli.errors import LoadError

    found = _Existing({}, {}, {}, set())
    if not folder.exists():
        return found
    found.names = {entry.name.lower() for entry in folder.iterdir()}  # never overwritten
    for path in files.find_school_files([folder]):
        try:
            text = yamlio.read_text(path)
            document = yamlio.parse(text, str(path))
        except LoadError as exc:
            notes.append(
                _problem(
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


def _file_name(values: dict[str, str], taken: set[str]) -> str:
    from sferum_cli.batch.slugs import slugify

    inn = values["organization.inn"]
    short = values.get("organization.short_name", "")
    base = slugify(short) if any(ch.isalnum() for ch in short) else slugify(inn)
    for name in (f"{base}.yaml", f"{base}-{inn}.yaml", f"{slugify(inn)}.yaml"):
        if name.lower() not in taken:
            return name
    return f"{base}-{inn}-{len(taken)}.yaml"


def _validate(
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


def plan(table: Path, folder: Path, *, display: str | None = None) -> Plan:
    """Read ``table`` and decide what each row does to ``folder``; nothing is written."""
    from sferum_cli import privacy, scaffold
    from sferum_cli.onboarding.roster import table_rows

    file = display or str(table)
    if table.suffix.lower() not in TABLE_SUFFIXES and table.exists():
        raise UserFileError(
            path=file, reason="это не таблица: нужен файл .xlsx или .csv (образец: --template)"
        )
    if folder.exists() and not folder.is_dir():
        raise UserFileError(path=folder, reason="это файл, а нужна папка для файлов школ")
    rows = iter(table_rows(table, file, columns.score, what=SCHOOLS_TABLE))
    if table.suffix.lower() not in (".xlsx", ".xlsm"):
        # a row as a spreadsheet shows it: a record with a line break inside a
        # quoted cell is still one row
        rows = ((index, cells) for index, (_, cells) in enumerate(rows, start=1))
    header = _header(file, rows)
    result = Plan(table=file, folder=str(folder), header=header)
    result.notes.extend(_header_notes(file, header))
    existing = _existing(folder, file, result.notes)
    taken = set(existing.names)
    seen: dict[str, int] = {}
    inn_index = header.index_of("organization.inn")
    assert inn_index is not None  # the header was found by it
    first_data_row = True
    for number, cells in rows:
        if _blank(cells):
            continue
        if first_data_row and _is_notes_row(cells, header):
            first_data_row = False
            continue
        first_data_row = False
        values = {
            key: _cell_text(key, cells[index] if index < len(cells) else None)
            for index, key in header.keys.items()
        }
        privacy.remember_names(
            values.get(k) for k in ("director.full_name", "administrator.full_name")
        )
        inn = values["organization.inn"]
        where = Location(file, number, inn_index + 1)
        if not inn:
            message = "не указан ИНН: по нему школа находится среди файлов"
            problem = _problem("error", "organization.inn", "required", message, where)
            result.rows.append(Outcome(number, "error", problems=[problem]))
            continue
        if inn in seen:
            message = f"школа с этим ИНН уже есть в строке {seen[inn]}"
            problem = _problem("error", "organization.inn", "row.duplicate", message, where)
            result.rows.append(Outcome(number, "error", problems=[problem]))
            continue
        seen[inn] = number
        paths = existing.by_inn.get(inn, [])
        if len(paths) > 1:
            names = ", ".join(str(p) for p in paths)
            message = f"этот ИНН указан в нескольких файлах ({names}): оставьте один"
            problem = _problem("error", "organization.inn", "file.duplicate_inn", message, where)
            result.rows.append(Outcome(number, "error", problems=[problem]))
            continue
        if paths:
            outcome = _update(result, number, values, paths[0], existing)
        else:
            given = {"version": "1", **{k: v for k, v in values.items() if v}}
            problems, missing = _validate(scaffold.nest(given), file, number, header, set(values))
            name = _file_name(values, taken)
            target = str(folder / name)
            if any(p.severity == "error" for p in problems):
                outcome = Outcome(number, "error", target, problems=problems)
            else:
                taken.add(name.lower())
                filled = [column.key for column in columns.COLUMNS if values.get(column.key)]
                outcome = Outcome(number, "created", target, filled, missing, problems)
                result.texts[target] = scaffold.render(given, {})
        result.rows.append(outcome)
    return result


def _update(
    result: Plan, number: int, values: dict[str, str], path: Path, existing: _Existing
) -> Outcome:
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
                    _problem(
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
    problems, _ = _validate(merged, file, number, header, filled)
    if changes:  # what the file had wrong before, outside the table's columns, is not the row's
        before, _ = _validate(data, file, number, header, filled)
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
        problem = _problem("error", "", "file.not_editable", message, Location(file, number))
        return Outcome(number, "error", target, problems=[*problems, problem])
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


def write(result: Plan) -> None:
    """Write every planned file (each atomically) and the JSON Schema next to new ones."""
    from sferum_cli import files, scaffold, schema

    created = [o for o in result.rows if o.status == "created"]
    for outcome in result.rows:
        if outcome.status in ("created", "updated") and outcome.file:
            files.atomic_write_text(
                Path(outcome.file), result.texts[outcome.file], force=outcome.status == "updated"
            )
    if created:
        schema_path = Path(result.folder) / scaffold.SCHEMA_FILE_NAME
        if not schema_path.exists():
            files.atomic_write_text(schema_path, schema.school_schema_json())
