"""Writing a value into a school file so that :mod:`sferum_cli.yamlio` reads it back."""

from __future__ import annotations

import re

from sferum_cli.yamlio import CONTROL

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Written as escapes: what YAML refuses raw in a file but reads from an escape
#: (C1 controls; NEL, LS and PS, which would also break the line; the BOM).
_ESCAPED = re.compile("[\x80-\x9f\u2028\u2029\ufeff]")


def unwritable(value: str) -> str | None:
    """Why ``value`` can't be kept in a school file (Russian), or ``None``.

    The loader refuses control characters in values, and a lone surrogate
    (what Python makes of bytes that aren't UTF-8, e.g. from a terminal in
    another encoding) can't be written as UTF-8 at all.
    """
    bad = _SURROGATE.search(value)
    if bad:
        return (
            f"символ U+{ord(bad.group()):04X} не является текстом в UTF-8 "
            "(проверьте кодировку терминала)"
        )
    bad = CONTROL.search(value)
    if bad:
        return (
            f"недопустимый управляющий символ U+{ord(bad.group()):04X} "
            "(такие символы в файле школы не допускаются)"
        )
    return None


def quote(value: str) -> str:
    """``value`` (one :func:`unwritable` accepts) as a YAML double-quoted scalar
    that reads back unchanged."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return _ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04X}", text)
