"""The one YAML reader of the program.

It composes the YAML into nodes (never constructs Python objects through
YAML's own typing), refuses what a school file never needs (anchors and
aliases, duplicate keys, explicit tags, deep nesting, huge files, control
characters) and returns plain data — every scalar a ``str`` or ``None`` —
with the position of every key and value.  Pydantic does all typing later,
so ``inn: 0274062111`` stays ``"0274062111"`` and ``no`` stays ``"no"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sferum_cli.errors import LoadError, Location

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 6  # root mapping → section → list → item → mapping (cases) → value
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_STANDARD_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:timestamp",
    }
)

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Positions:
    """1-based (line, column) of keys and values, by data path."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: PathKey) -> Location:
        """Where the value at ``path`` is, or the nearest known ancestor."""
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            pos = self.values.get(prefix) or self.keys.get(prefix)
            if pos:
                return Location(self.file, *pos)
        return Location(self.file, 1, 1)

    def of_key(self, path: PathKey) -> Location:
        pos = self.keys.get(path)
        if pos:
            return Location(self.file, *pos)
        return self.of_value(path)


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    positions: Positions


def _error(file: str, mark: Any, code: str, message: str) -> LoadError:
    line = int(mark.line) + 1 if mark is not None else 0
    column = int(mark.column) + 1 if mark is not None else 0
    return LoadError(location=Location(file, line, column), code=code, message=message)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) or a clear error that says how to fix it."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("cp1251")
            hint = " Похоже, он сохранён в кодировке Windows-1251."
        except UnicodeDecodeError:
            pass
        raise LoadError(
            location=Location(file, line, column),
            code="file.encoding",
            message=(
                "файл не в кодировке UTF-8." + hint + " Откройте его в Блокноте, "
                "выберите «Файл → Сохранить как» и укажите кодировку UTF-8."
            ),
        ) from None


def read_text(path: Path, display: str | None = None) -> str:
    file = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise LoadError(
            location=Location(file), code="file.not_found", message="файл не найден."
        ) from None
    except IsADirectoryError:
        raise LoadError(
            location=Location(file), code="file.is_directory", message="это папка, а не файл."
        ) from None
    except OSError as exc:
        raise LoadError(
            location=Location(file),
            code="file.unreadable",
            message=f"не удалось прочитать файл ({exc.strerror or exc.__class__.__name__}).",
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            location=Location(file),
            code="file.too_large",
            message="файл больше 1 МиБ — это не похоже на файл школы.",
        )
    return decode(raw, file)


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.events import AliasEvent

    class NoAliasComposer(Composer):
        """Refuses anchors and aliases before any node is built (alias bombs)."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise MarkedYAMLError(problem="anchor_or_alias", problem_mark=event.start_mark)
            return super().compose_node(parent, index)

    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = NoAliasComposer
    return yaml


_PROBLEMS_RU = {
    "found character '\\t' that cannot start any token": (
        "символ табуляции: используйте пробелы для отступов"
    ),
    "mapping values are not allowed here": (
        "двоеточие не на своём месте (возможно, значение с «: » надо взять в кавычки)"
    ),
    "could not find expected ':'": "не найдено двоеточие после ключа",
    "found undefined alias": "ссылки (*) не поддерживаются",
}


def _translate_problem(problem: str | None) -> str:
    if not problem:
        return "ошибка синтаксиса YAML"
    for english, russian in _PROBLEMS_RU.items():
        if english in problem:
            return russian
    return f"ошибка синтаксиса YAML ({problem})"


def parse(text: str, file: str) -> Document:
    """Parse YAML text into plain data plus positions."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    yaml = _yaml()
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "anchor_or_alias":
            raise _error(
                file,
                mark,
                "yaml.alias",
                "якоря и ссылки (&, *) в файле школы не поддерживаются: "
                "запишите значения полностью.",
            ) from None
        raise _error(file, mark, "yaml.syntax", _translate_problem(exc.problem)) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. reader errors)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        raise _error(file, mark, "yaml.syntax", "ошибка синтаксиса YAML") from None

    if root is None:
        raise LoadError(location=Location(file, 1, 1), code="yaml.empty", message="файл пуст.")
    if not isinstance(root, MappingNode):
        raise _error(
            file,
            root.start_mark,
            "yaml.root_not_mapping",
            "файл школы должен быть набором «ключ: значение» (начинаться с «version: 1»).",
        )

    positions = Positions(file=file)

    def pos(node: Any) -> tuple[int, int]:
        return int(node.start_mark.line) + 1, int(node.start_mark.column) + 1

    def check_tag(node: Any) -> None:
        tag = str(getattr(node.tag, "value", node.tag) or "")
        if tag and tag not in _STANDARD_TAGS:
            raise _error(file, node.start_mark, "yaml.tag", f"теги YAML ({tag}) не поддерживаются.")

    def walk(node: Any, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _error(
                file,
                node.start_mark,
                "yaml.too_deep",
                "слишком глубокая вложенность: в файле школы так не бывает.",
            )
        check_tag(node)
        positions.values[path] = pos(node)
        if isinstance(node, ScalarNode):
            value: str = node.value
            if node.style is None and value in _NULLS:
                return None
            bad = _CONTROL.search(value)
            if bad:
                raise _error(
                    file,
                    node.start_mark,
                    "yaml.control_character",
                    f"недопустимый управляющий символ U+{ord(bad.group()):04X} в значении.",
                )
            return value
        if isinstance(node, SequenceNode):
            return [walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.value in _NULLS:
                    raise _error(
                        file, key_node.start_mark, "yaml.bad_key", "ключ должен быть словом."
                    )
                key = key_node.value
                if key in result:
                    first = positions.keys[(*path, key)]
                    raise _error(
                        file,
                        key_node.start_mark,
                        "yaml.duplicate_key",
                        f"ключ «{key}» повторяется (впервые в строке {first[0]}).",
                    )
                positions.keys[(*path, key)] = pos(key_node)
                result[key] = walk(value_node, (*path, key), depth + 1)
            return result
        raise _error(file, node.start_mark, "yaml.syntax", "неожиданный элемент YAML.")

    data = walk(root, (), 1)
    return Document(data=data, positions=positions)


_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def quote(value: str) -> str:
    """``value`` as a YAML double-quoted scalar that reads back unchanged."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _BREAKS.items():
        text = text.replace(char, escape)
    return text


def load(path: Path, display: str | None = None) -> Document:
    file = display or str(path)
    return parse(read_text(path, file), file)
