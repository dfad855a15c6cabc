"""Change values in a school file's text in place; every other byte stays.

Re-importing a table must not reformat a file someone edits by hand: its
comments (also those above ``---``), key order, quoting, folded lines and
the sections a table never carries stay as they were.  ruamel.yaml's round
trip was tried first and does not keep them: loading and dumping the
bundled examples unchanged (0.19.1) drops the comments above ``---`` and
``---`` itself and re-flows every value written over several lines, and an
``init`` file loses its four header lines.  So the change is made on the
text itself, at the spans libyaml (the parser :mod:`sferum_cli.yamlio`
uses) reports for each value, and the result is read back and compared
with the intended data before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sferum_cli.yamlwrite import quote


class EditRefused(Exception):
    """The file is written in a way a table can't update (Russian reason)."""


@dataclass
class _Entry:
    key_start: int
    key_end: int
    value_start: int = 0
    value_end: int = 0
    scalar: bool = True
    empty: bool = False  # ``key:`` with nothing after it
    content_end: int = 0  # where the value's last character ends, nested ones included


@dataclass
class _Section:
    entry: _Entry
    block: bool = False  # a block mapping (``key:`` and lines below)
    children: dict[str, _Entry] = field(default_factory=dict)


@dataclass
class _Frame:
    mapping: bool
    flow: bool
    expect_key: bool


def _trimmed(text: str, end: int) -> int:
    """``end`` moved back over whitespace: where the value's last character ends."""
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _spans(text: str) -> dict[str, _Section]:
    """Top-level keys → their span and, for block mappings, their children's spans."""
    import yaml
    from yaml import events as ev

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    sections: dict[str, _Section] = {}
    stack: list[_Frame] = []
    section: _Section | None = None
    child: _Entry | None = None

    def extend(end: int) -> None:
        end = _trimmed(text, end)
        if child is not None:
            child.content_end = max(child.content_end, end)
        if section is not None:
            section.entry.content_end = max(section.entry.content_end, end)

    for event in yaml.parse(text, Loader=loader):
        start, end = event.start_mark.index, event.end_mark.index
        depth = len(stack)
        if isinstance(event, ev.ScalarEvent):
            if depth == 1 and stack[-1].expect_key:
                section, child = _Section(_Entry(start, end)), None
                sections[event.value] = section
                stack[-1].expect_key = False
            elif depth == 1 and section is not None:
                _value(section.entry, event, text)
                stack[-1].expect_key = True
            elif depth == 2 and section is not None and section.block and stack[-1].expect_key:
                child = _Entry(start, end)
                section.children[event.value] = child
                stack[-1].expect_key = False
            elif depth == 2 and section is not None and section.block and child is not None:
                _value(child, event, text)
                extend(end)
                stack[-1].expect_key = True
            else:
                extend(end)
        elif isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
            mapping = isinstance(event, ev.MappingStartEvent)
            if depth == 1 and section is not None:
                section.entry.scalar = False
                section.entry.value_start = start
                section.block = mapping and not event.flow_style
            elif depth == 2 and section is not None and section.block and child is not None:
                child.scalar = False
                child.value_start = start
            stack.append(_Frame(mapping, bool(event.flow_style), mapping))
        elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
            frame = stack.pop()
            if frame.flow:
                extend(end)
            if stack and stack[-1].mapping:
                stack[-1].expect_key = True
    return sections


def _value(entry: _Entry, event: Any, text: str) -> None:
    entry.value_start = event.start_mark.index
    entry.value_end = event.end_mark.index
    entry.empty = event.value == "" and not event.style
    entry.content_end = entry.key_end if entry.empty else _trimmed(text, entry.value_end)


def _line_end(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _comment_block_start(text: str, index: int) -> int:
    """The start of the comment lines right above the line at ``index`` (same indent)."""
    start = _line_start(text, index)
    indent = index - start
    while start > 0:
        above = _line_start(text, start - 1)
        line = text[above : start - 1]
        if line.strip().startswith("#") and len(line) - len(line.lstrip(" ")) == indent:
            start = above
        else:
            break
    return start


def update(
    text: str,
    changes: Mapping[tuple[str, str], str],
    order: Sequence[tuple[str, str]],
) -> str:
    """``text`` with the value at each ``(section, key)`` set to the given text.

    Existing values are replaced where they stand (a value written over
    several lines becomes one double-quoted line); a missing key is inserted
    after its nearest predecessor in ``order`` (the model's key order), a
    missing section after the section before it.  Raises :class:`EditRefused`
    for a section written in flow style (``{…}``) or a key that holds a list.
    """
    sections = _spans(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    section_order = list(dict.fromkeys(section for section, _ in order))
    by_section: dict[str, list[tuple[str, str]]] = {}
    for (section, key), value in changes.items():
        by_section.setdefault(section, []).append((key, value))
    for section, items in by_section.items():
        keys_order = [key for s, key in order if s == section]
        items.sort(key=lambda item: keys_order.index(item[0]))
        found = sections.get(section)
        if found is None:
            edits.append(_new_section(text, sections, section_order, section, items))
            continue
        if not found.entry.scalar and not found.block:
            raise EditRefused(
                f"раздел {section} записан в одну строку ({{…}}): "
                "перепишите его блоком «ключ: значение» по строкам"
            )
        if found.entry.scalar:  # ``platform:`` with nothing (or ~) under it
            body = "".join(f"\n  {key}: {quote(value)}" for key, value in items)
            edits.append(_fill_section(text, found.entry, body))
            continue
        for key, value in items:
            entry = found.children.get(key)
            if entry is not None and not entry.scalar:
                raise EditRefused(
                    f"{section}.{key}: в файле здесь не одно значение, а список или набор — "
                    "исправьте файл вручную"
                )
            if entry is not None:
                edits.append(_set_scalar(text, entry, quote(value)))
        missing = [(key, value) for key, value in items if key not in found.children]
        edits.extend(_insert_keys(text, found, keys_order, missing))
    result = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result = result[:start] + replacement + result[end:]
    return result


def _set_scalar(text: str, entry: _Entry, token: str) -> tuple[int, int, str]:
    """A key's value replaced by ``token``; an empty one filled right after the
    colon, so a comment after it stays after it."""
    if entry.empty:
        colon = text.index(":", entry.key_end) + 1
        return colon, colon, " " + token
    span = text[entry.value_start : entry.value_end]
    trailing = span[len(span.rstrip(" \t\r\n")) :]  # a block scalar's line break
    return entry.value_start, entry.value_end, _wrapped(text, entry, token) + trailing


def _wrapped(text: str, entry: _Entry, token: str) -> str:
    """A long value continued on the next lines, as ``init`` writes it (the line
    width yamllint checks), unless a comment follows it on its line."""
    from sferum_cli.scaffold import fit_line

    start = _line_start(text, entry.key_start)
    lead = text[start : entry.value_start]
    after = text[entry.value_end : _line_end(text, entry.value_end)]
    if "\n" in text[entry.value_start : entry.value_end] or not after.strip():
        indent = " " * (entry.key_start - start + 2)
        return "\n".join(fit_line(lead, token, indent))[len(lead) :]
    return token


def _fill_section(text: str, entry: _Entry, body: str) -> tuple[int, int, str]:
    """A section with nothing (or ``~``) under it gets ``body``'s lines."""
    colon = text.index(":", entry.key_end) + 1
    if entry.empty:
        return colon, colon, body
    span = text[entry.value_start : entry.value_end]
    return colon, entry.value_end, body + span[len(span.rstrip(" \t\r\n")) :]


def _insert_keys(
    text: str, section: _Section, keys_order: list[str], missing: list[tuple[str, str]]
) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    first = min(section.children.values(), key=lambda e: e.key_start, default=None)
    if first is None:  # an empty block mapping can't be written; kept for safety
        raise EditRefused("пустой раздел в файле: заполните его вручную")
    indent = " " * (first.key_start - _line_start(text, first.key_start))
    groups: dict[int, list[str]] = {}
    from sferum_cli.scaffold import fit_line

    for key, value in missing:
        line = "\n".join(fit_line(f"{indent}{key}: ", quote(value), indent + "  "))
        before = [k for k in keys_order[: keys_order.index(key)] if k in section.children]
        if before:
            anchor = section.children[before[-1]]
            at = _line_end(text, anchor.content_end)
            groups.setdefault(at, []).append("\n" + line)
        else:
            at = _comment_block_start(text, first.key_start)
            groups.setdefault(at, []).append(line + "\n")
    for at, lines in groups.items():
        edits.append((at, at, "".join(lines)))
    return edits


def _new_section(
    text: str,
    sections: dict[str, _Section],
    section_order: list[str],
    section: str,
    items: list[tuple[str, str]],
) -> tuple[int, int, str]:
    body = f"{section}:" + "".join(f"\n  {key}: {quote(value)}" for key, value in items)
    position = section_order.index(section) if section in section_order else len(section_order)
    before = [s for s in section_order[:position] if s in sections]
    if before:
        at = _line_end(text, sections[before[-1]].entry.content_end)
        return at, at, "\n\n" + body
    after = [s for s in section_order[position + 1 :] if s in sections]
    if after:
        at = _comment_block_start(text, sections[after[0]].entry.key_start)
        return at, at, body + "\n\n"
    tail = "" if text.endswith("\n") else "\n"
    return len(text), len(text), tail + "\n" + body + "\n"


def expected(data: dict[str, Any], changes: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """``data`` (a loaded school file) as it must read after :func:`update`."""
    result = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for (section, key), value in changes.items():
        if not isinstance(result.get(section), dict):
            result[section] = {}
        result[section][key] = value
    return result
