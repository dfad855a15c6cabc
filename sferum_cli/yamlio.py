"""The one YAML reader of the program.

It reads libyaml's event stream (PyYAML's C parser: ≈ 30 times faster than a
pure-Python parser, which matters for a region's thousands of files) and
builds plain data from it itself — never constructing objects through
YAML's own typing. It refuses what a school file never needs (anchors and
aliases, duplicate keys, explicit tags, deep nesting, huge files, control
characters) and returns plain data — every scalar a ``str`` or ``None`` —
with the position of every key and value.  Pydantic does all typing later,
so ``inn: 0274062111`` stays ``"0274062111"`` and ``no`` stays ``"no"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sferum_cli.errors import LoadError, Location
from sferum_cli.yamlsyntax import TAB_MESSAGE, indent_tab, translate_problem

MAX_FILE_BYTES = 1024 * 1024
TOO_LARGE = "файл больше 1 МиБ — это не похоже на файл школы"
MAX_DEPTH = 6  # root mapping → section → list → item → mapping (cases) → value
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: Control characters the loader refuses in a value (what an escape can make).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: What YAML forbids in a file as written (its c-printable set, plus lone surrogates).
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
#: Line breaks libyaml counts but an editor does not (NEL, LS, PS).
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPED_CONTROLS = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b"}
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


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]`` as an editor shows it: lines end
    at \\n, \\r\\n or \\r; a column is a character (a letter of any alphabet is one)."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


class _Marks:
    """libyaml's marks → editor positions.

    libyaml counts characters, but it also ends lines at NEL, LS and PS,
    which editors show inside a line; only then are positions recounted.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.recount = _YAML_ONLY_BREAKS.search(text) is not None

    def __call__(self, mark: Any) -> tuple[int, int]:
        if self.recount:
            return position(self.text, int(mark.index))
        return int(mark.line) + 1, int(mark.column) + 1


def _check_printable(text: str, file: str) -> None:
    """Refuse what YAML can't read, at the character's own line and column.

    libyaml would refuse it too, but reports a byte offset of its UTF-8 copy
    (a Cyrillic letter is two bytes), so the position would be wrong.
    """
    bad = _UNPRINTABLE.search(text)
    if bad is not None:
        raise LoadError(
            location=Location(file, *position(text, bad.start())),
            code="yaml.control_character",
            message=f"недопустимый управляющий символ U+{ord(bad.group()):04X}: удалите его.",
        )


def _escaped_control(text: str, file: str, event: Any, pos: _Marks, char: str) -> LoadError:
    """The error for a forbidden character in a value, at the escape (``\\a``,
    ``\\x07``, ``\\u0000``…) that made it: raw ones never get this far."""
    where = pos(event.start_mark)
    for match in _ESCAPE.finditer(text, event.start_mark.index, event.end_mark.index):
        code = match.group(1) or match.group(2) or match.group(3)
        if code:
            made = chr(int(code, 16)) if int(code, 16) < 0x110000 else ""
        else:
            made = _ESCAPED_CONTROLS.get(match.group(4), "")
        if made == char:
            where = position(text, match.start())
            break
    return LoadError(
        location=Location(file, *where),
        code="yaml.control_character",
        message=f"недопустимый управляющий символ U+{ord(char):04X} в значении.",
    )


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


STDIN = "-"
STDIN_NAME = "<stdin>"


def is_stdin(path: Path | str) -> bool:
    """``-`` names standard input, as in every other command-line tool."""
    return str(path) == STDIN


def display_name(path: Path | str) -> str:
    return STDIN_NAME if is_stdin(path) else str(path)


def _sibling_hint(path: Path) -> str:
    """«school.yaml» is missing but «school.yml» is there: say so."""
    other = {".yaml": ".yml", ".yml": ".yaml"}.get(path.suffix.lower())
    if other is None:
        return ""
    sibling = path.with_suffix(other)
    return f" Рядом есть {sibling} — укажите его." if sibling.is_file() else ""


def read_text(path: Path, display: str | None = None) -> str:
    file = display or display_name(path)
    if is_stdin(path):
        return text_of(read_stdin(), file)
    return decode(read_bytes(path, file), file)


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """The bytes of a school file (not standard input), size checked; a
    :class:`LoadError` says why they can't be read."""
    from sferum_cli.errors import UserFileError
    from sferum_cli.user_files import SizeLimit, read_user_file

    file = display or display_name(path)
    try:
        return read_user_file(path, SizeLimit(MAX_FILE_BYTES, TOO_LARGE), display=file)
    except UserFileError as exc:
        hint = _sibling_hint(path) if exc.code == "file.not_found" else ""
        raise LoadError(
            location=Location(file), code=exc.code, message=exc.reason + "." + hint
        ) from None


def read_stdin() -> bytes:
    """Standard input, read once (``build -`` hands it to its worker)."""
    import sys

    return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)


def text_of(raw: bytes, file: str) -> str:
    """The text of a school file's bytes: size and encoding checked."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            location=Location(file),
            code="file.too_large",
            message=f"{TOO_LARGE}.",
        )
    return decode(raw, file)


def _events(text: str) -> Iterator[Any]:
    """YAML events from libyaml (PyYAML's C parser) where available."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return iter(yaml.parse(text, Loader=loader))


class _Container:
    """A mapping or sequence being built, with what its next event means."""

    __slots__ = ("is_mapping", "key", "path", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: PathKey) -> None:
        self.value = value
        self.path = path
        self.is_mapping = isinstance(value, dict)
        self.key: str | None = None  # mapping: the key whose value comes next


def parse(text: str, file: str) -> Document:
    """Parse YAML text into plain data plus positions, refusing what a school
    file never needs. One pass over libyaml's events; no recursion."""
    import yaml
    from yaml import events as ev

    text = text.removeprefix("\ufeff")
    _check_printable(text, file)
    positions = Positions(file=file)
    pos = _Marks(text)

    def fail(mark: Any, code: str, message: str) -> LoadError:
        where = Location(file, *pos(mark)) if mark is not None else Location(file)
        return LoadError(location=where, code=code, message=message)

    stack: list[_Container] = []
    root: dict[str, Any] | None = None
    documents = 0

    def check_node(event: Any) -> None:
        if getattr(event, "anchor", None):
            raise fail(
                event.start_mark,
                "yaml.alias",
                "якоря и ссылки (&, *) в файле школы не поддерживаются: "
                "запишите значения полностью.",
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS:
            raise fail(event.start_mark, "yaml.tag", f"теги YAML ({tag}) не поддерживаются.")

    def attach(value: Any, event: Any) -> PathKey | None:
        """Put ``value`` into the current container; return its path."""
        parent = stack[-1]
        if parent.is_mapping:
            if parent.key is None:  # this node is a key
                if not isinstance(value, str) or value in _NULLS:
                    raise fail(event.start_mark, "yaml.bad_key", "ключ должен быть словом.")
                assert isinstance(parent.value, dict)
                if value in parent.value:
                    first = positions.keys[(*parent.path, value)]
                    raise fail(
                        event.start_mark,
                        "yaml.duplicate_key",
                        f"ключ «{value}» повторяется (впервые в строке {first[0]}).",
                    )
                parent.key = value
                positions.keys[(*parent.path, value)] = pos(event.start_mark)
                return None
            path = (*parent.path, parent.key)
            assert isinstance(parent.value, dict)
            parent.value[parent.key] = value
            parent.key = None
        else:
            assert isinstance(parent.value, list)
            path = (*parent.path, len(parent.value))
            parent.value.append(value)
        positions.values[path] = pos(event.start_mark)
        return path

    try:
        for event in _events(text):
            if isinstance(event, ev.AliasEvent):
                check_node(event)
                raise fail(event.start_mark, "yaml.alias", "ссылки (*) не поддерживаются.")
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        event.start_mark,
                        "yaml.many_documents",
                        "в файле несколько документов (---): оставьте одну школу в файле.",
                    )
            elif isinstance(event, ev.ScalarEvent):
                check_node(event)
                if not stack:
                    raise fail(
                        event.start_mark,
                        "yaml.root_not_mapping",
                        "файл школы должен быть набором «ключ: значение» "
                        "(начинаться с «version: 1»).",
                    )
                scalar: str | None = event.value
                if not event.style and not event.tag and scalar in _NULLS:
                    scalar = None
                elif scalar is not None:
                    bad = CONTROL.search(scalar)
                    if bad:
                        # raw ones were refused above: this one comes from an escape
                        raise _escaped_control(text, file, event, pos, bad.group())
                attach(scalar, event)
            elif isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
                check_node(event)
                container: dict[str, Any] | list[Any] = (
                    {} if isinstance(event, ev.MappingStartEvent) else []
                )
                if not stack:
                    if not isinstance(container, dict):
                        raise fail(
                            event.start_mark,
                            "yaml.root_not_mapping",
                            "файл школы должен быть набором «ключ: значение» "
                            "(начинаться с «version: 1»).",
                        )
                    root = container
                    positions.values[()] = pos(event.start_mark)
                    stack.append(_Container(container, ()))
                    continue
                if stack[-1].is_mapping and stack[-1].key is None:
                    raise fail(event.start_mark, "yaml.bad_key", "ключ должен быть словом.")
                path = attach(container, event)
                assert path is not None
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        event.start_mark,
                        "yaml.too_deep",
                        "слишком глубокая вложенность: в файле школы так не бывает.",
                    )
                stack.append(_Container(container, path))
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            tab = indent_tab(text, int(mark.line) + 1)
            if tab is not None:
                raise LoadError(
                    location=Location(file, *tab), code="yaml.tab", message=TAB_MESSAGE + "."
                ) from None
        raise fail(mark, "yaml.syntax", translate_problem(exc.problem)) from None
    except yaml.YAMLError:  # unmarked: _check_printable left nothing for the reader
        raise LoadError(
            location=Location(file), code="yaml.syntax", message=translate_problem(None)
        ) from None

    if root is None:
        raise LoadError(location=Location(file, 1, 1), code="yaml.empty", message="файл пуст.")
    return Document(data=root, positions=positions)


def load(path: Path, display: str | None = None) -> Document:
    file = display or display_name(path)
    return parse(read_text(path, file), file)
