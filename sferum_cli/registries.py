"""Reading ``registries.toml``: the document kinds and checklist roles as data.

Each ``[[section]]`` entry becomes one NamedTuple (:class:`.documents.kinds.Kind`,
:class:`.onboarding.roles.Role`) whose field annotations are the file's schema:
an unknown or missing field, a value of the wrong type or outside its
``Literal`` and a repeated name are refused with :class:`RegistryError`, which
names the entry and the field.  This module is imported when the CLI starts:
it needs only the standard library (``tomllib``), and the file is read once.
"""

from __future__ import annotations

import tomllib
import types
import typing
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

PATH = Path(__file__).with_name("registries.toml")
SECTIONS = ("kind", "role")

Entry = TypeVar("Entry", bound=NamedTuple)


class RegistryError(ValueError):
    """``registries.toml`` is wrong: a bug of the package, caught by its tests."""


def read(text: str) -> dict[str, Any]:
    """The parsed file: its top level must be the known ``[[section]]`` lists."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{PATH.name}: {exc}") from None
    unknown = sorted(set(document) - set(SECTIONS))
    if unknown:
        raise RegistryError(
            f"{PATH.name}: unknown section {', '.join(unknown)}; known: {', '.join(SECTIONS)}"
        )
    return document


@cache
def packaged() -> dict[str, Any]:
    """The file shipped in the package, read once per process."""
    return read(PATH.read_text(encoding="utf-8"))


def entries(
    cls: type[Entry], section: str, document: Mapping[str, Any] | None = None
) -> tuple[Entry, ...]:
    """The ``[[section]]`` entries of ``document`` (the packaged file by default) as ``cls``."""
    tables = (packaged() if document is None else document).get(section)
    if not isinstance(tables, list) or not tables:
        raise RegistryError(f"{PATH.name}: no [[{section}]] entries")
    hints = typing.get_type_hints(cls)
    required = [name for name in cls._fields if name not in cls._field_defaults]
    made: list[Entry] = []
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise RegistryError(f"{PATH.name}: {section} #{number} is not a table: {table!r}")
        where = f"{PATH.name}: [[{section}]] #{number} ({table.get('name', 'no name')})"
        unknown = sorted(set(table) - set(cls._fields))
        if unknown:
            raise RegistryError(
                f"{where}: unknown field {', '.join(unknown)}; known: {', '.join(cls._fields)}"
            )
        missing = [name for name in required if name not in table]
        if missing:
            raise RegistryError(f"{where}: missing field {', '.join(missing)}")
        values = {
            name: _value(value, hints[name], f"{where}: {name}") for name, value in table.items()
        }
        defaults = cls._field_defaults
        made.append(cls._make(values[f] if f in values else defaults[f] for f in cls._fields))
    names = [entry[0] for entry in made]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise RegistryError(f"{PATH.name}: [[{section}]] name repeated: {', '.join(repeated)}")
    return tuple(made)


def _value(value: object, hint: Any, where: str) -> object:
    """``value`` read from TOML as ``hint``: text, a flag, a ``Literal``, a non-empty
    ``tuple[X, ...]`` (a TOML list) or a ``Mapping[str, X]`` (a TOML table).
    ``X | None`` is read as ``X``: an absent field is the default."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (arg for arg in args if arg is not type(None))
        return _value(value, inner, where)
    if origin is Literal:
        if value not in args:
            raise RegistryError(f"{where}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or not value:
            raise RegistryError(f"{where}: expected a non-empty list, got {value!r}")
        return tuple(_value(item, args[0], f"{where}[{i}]") for i, item in enumerate(value))
    if origin is Mapping:
        if not isinstance(value, dict) or not value:
            raise RegistryError(f"{where}: expected a non-empty table, got {value!r}")
        return types.MappingProxyType(
            {key: _value(item, args[1], f"{where}.{key}") for key, item in value.items()}
        )
    if hint is bool and isinstance(value, bool):
        return value
    if hint is str and isinstance(value, str) and value.strip():
        return value
    expected = {bool: "true or false", str: "non-empty text"}.get(hint)
    if expected is None:
        raise TypeError(f"{where}: no TOML reading for {hint!r}")
    raise RegistryError(f"{where}: expected {expected}, got {value!r}")
