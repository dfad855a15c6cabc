"""The template data of the DOCX documents: the one view, checked for XML.

The variables are those of :mod:`sferum_cli.view`, plus ``own_letterhead``
(true when the letter goes onto the school's own blank).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import UserFileError

if TYPE_CHECKING:
    from sferum_cli.model import School

# Characters XML 1.0 cannot carry: a value with one of them would break the
# document (python-docx refuses them, docxtpl drops them silently).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def check_text(school: School) -> None:
    """Refuse values that XML cannot carry, naming the field (not the value)."""
    for path, text in _strings(school.model_dump(mode="json"), ""):
        found = _XML_ILLEGAL.search(text)
        if found:
            raise UserFileError(
                path=path,
                reason=f"недопустимый управляющий символ U+{ord(found.group()):04X}: "
                "уберите его из файла школы",
            )


def build(school: School, *, own_letterhead: bool = False) -> dict[str, Any]:
    """Template data for every document of ``school``."""
    from sferum_cli import view

    check_text(school)
    return {**view.build(school), "own_letterhead": own_letterhead}
