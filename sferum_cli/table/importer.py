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

This module decides each row (:func:`plan`), creates new schools' files
and writes (:func:`write`); the rest is in :mod:`.reading` (rows, header,
cell values), :mod:`.checking` (validation at the cells), :mod:`.updating`
(the files already there) and :mod:`.outcomes` (what is decided).
"""

from __future__ import annotations

from pathlib import Path

from sferum_cli.errors import Location, UserFileError
from sferum_cli.table import columns, reading
from sferum_cli.table.outcomes import Outcome, Plan, problem

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv", ".xls")


def _file_name(values: dict[str, str], taken: set[str]) -> str:
    from sferum_cli.batch.slugs import slugify

    inn = values["organization.inn"]
    short = values.get("organization.short_name", "")
    base = slugify(short) if any(ch.isalnum() for ch in short) else slugify(inn)
    for name in (f"{base}.yaml", f"{base}-{inn}.yaml", f"{slugify(inn)}.yaml"):
        if name.lower() not in taken:
            return name
    return f"{base}-{inn}-{len(taken)}.yaml"


def plan(table: Path, folder: Path, *, display: str | None = None) -> Plan:
    """Read ``table`` and decide what each row does to ``folder``; nothing is written."""
    from sferum_cli import privacy
    from sferum_cli.table.updating import find_existing, update_row

    file = display or str(table)
    if table.suffix.lower() not in TABLE_SUFFIXES and table.exists():
        raise UserFileError(
            path=file, reason="это не таблица: нужен файл .xlsx или .csv (образец: --template)"
        )
    if folder.exists() and not folder.is_dir():
        raise UserFileError(path=folder, reason="это файл, а нужна папка для файлов школ")
    rows = reading.rows(table, file)
    header = reading.find_header(file, rows)
    result = Plan(table=file, folder=str(folder), header=header)
    result.notes.extend(reading.header_notes(file, header))
    existing = find_existing(folder, file, result.notes)
    taken = set(existing.names)
    seen: dict[str, int] = {}
    inn_index = header.index_of("organization.inn")
    assert inn_index is not None  # the header was found by it
    first_data_row = True
    for number, cells in rows:
        if reading.blank(cells):
            continue
        if first_data_row and reading.is_hints_row(cells, header):
            first_data_row = False
            continue
        first_data_row = False
        values = reading.values(cells, header)
        privacy.remember_names(
            values.get(k) for k in ("director.full_name", "administrator.full_name")
        )
        inn = values["organization.inn"]
        where = Location(file, number, inn_index + 1)
        if not inn:
            message = "не указан ИНН: по нему школа находится среди файлов"
            wrong = problem("error", "organization.inn", "required", message, where)
            result.rows.append(Outcome(number, "error", problems=[wrong]))
            continue
        if inn in seen:
            message = f"школа с этим ИНН уже есть в строке {seen[inn]}"
            wrong = problem("error", "organization.inn", "row.duplicate", message, where)
            result.rows.append(Outcome(number, "error", problems=[wrong]))
            continue
        seen[inn] = number
        paths = existing.by_inn.get(inn, [])
        if len(paths) > 1:
            names = ", ".join(str(p) for p in paths)
            message = f"этот ИНН указан в нескольких файлах ({names}): оставьте один"
            wrong = problem("error", "organization.inn", "file.duplicate_inn", message, where)
            result.rows.append(Outcome(number, "error", problems=[wrong]))
            continue
        if paths:
            outcome = update_row(result, number, values, paths[0], existing)
        else:
            outcome = _create(result, number, values, folder, taken)
        result.rows.append(outcome)
    return result


def _create(
    result: Plan, number: int, values: dict[str, str], folder: Path, taken: set[str]
) -> Outcome:
    """Row ``number`` as a new school's file, written as ``init`` writes one;
    its text goes into ``result.texts`` and its name into ``taken``."""
    from sferum_cli import scaffold
    from sferum_cli.table.checking import check_row

    given = {"version": "1", **{k: v for k, v in values.items() if v}}
    problems, missing = check_row(
        scaffold.nest(given), result.table, number, result.header, set(values)
    )
    name = _file_name(values, taken)
    target = str(folder / name)
    if any(p.severity == "error" for p in problems):
        return Outcome(number, "error", target, problems=problems)
    taken.add(name.lower())
    filled = [column.key for column in columns.COLUMNS if values.get(column.key)]
    result.texts[target] = scaffold.render(given, {})
    return Outcome(number, "created", target, filled, missing, problems)


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
