"""Levels of general education a school teaches, as the Положение names them.

The school file may say them (``organization.education_levels``); otherwise
they follow from the grades of ``classes`` (1–4 primary, 5–9 basic, 10–11
secondary), otherwise from the name («НОШ»/«ООШ»/«СОШ», «начальная»/
«основная»/«средняя … школа»), otherwise all three are assumed.  The last two
are guesses: ``validate`` warns about them.  Cheap to import (no model).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sferum_cli.model import School

Level = Literal["primary", "basic", "secondary"]
Source = Literal["explicit", "classes", "name", "assumed"]

LEVELS: tuple[Level, ...] = ("primary", "basic", "secondary")
NOMINATIVE: dict[Level, str] = {
    "primary": "начальное общее",
    "basic": "основное общее",
    "secondary": "среднее общее",
}
GENITIVE: dict[Level, str] = {
    "primary": "начального общего",
    "basic": "основного общего",
    "secondary": "среднего общего",
}
ADDITIONAL_GEN = "дополнительных общеобразовательных программ"

# The highest level a school's name promises; the lower ones come with it.
_ABBREVIATIONS: dict[str, Level] = {"НОШ": "primary", "ООШ": "basic", "СОШ": "secondary"}
_WORDS: dict[str, Level] = {"начальн": "primary", "основн": "basic", "средн": "secondary"}
_ABBREVIATION = re.compile(r"(?<![А-ЯЁа-яё])(НОШ|ООШ|СОШ)(?![А-ЯЁа-яё])")
_WORD = re.compile(
    r"(?<![А-ЯЁа-яё])(начальн|основн|средн)(?:ая|яя)\s+"
    r"(?:общеобразовательная\s+)?школ[аы]?(?![А-ЯЁа-яё])",
    re.I,
)


@dataclass(frozen=True)
class Levels:
    """The levels (in their natural order) and where they come from."""

    levels: tuple[Level, ...]
    source: Source
    # For a guess from the name: the field and the words it was read from.
    name_field: str | None = None
    name_evidence: str | None = None


def ordered(levels: Iterable[Level]) -> tuple[Level, ...]:
    wanted = set(levels)
    return tuple(level for level in LEVELS if level in wanted)


def from_grades(grades: Iterable[int]) -> tuple[Level, ...]:
    found: set[Level] = set()
    for grade in grades:
        found.add("primary" if grade <= 4 else "basic" if grade <= 9 else "secondary")
    return ordered(found)


def from_name(names: Sequence[tuple[str, str]]) -> tuple[tuple[Level, ...], str, str] | None:
    """(levels, field, evidence) from the first of ``(field, text)`` that names a level."""
    for field, text in names:
        highest: Level | None = None
        evidence = ""
        for match in _ABBREVIATION.finditer(text):
            level = _ABBREVIATIONS[match.group(1)]
            if highest is None or LEVELS.index(level) > LEVELS.index(highest):
                highest, evidence = level, match.group(0)
        for match in _WORD.finditer(text):
            level = _WORDS[match.group(1).lower()]
            if highest is None or LEVELS.index(level) > LEVELS.index(highest):
                highest, evidence = level, match.group(0)
        if highest is not None:
            return LEVELS[: LEVELS.index(highest) + 1], field, " ".join(evidence.split())
    return None


def resolve(
    explicit: Sequence[Level] | None,
    grades: Sequence[int],
    names: Sequence[tuple[str, str]],
) -> Levels:
    """The levels of a school: explicit, else from its classes, else from its name."""
    if explicit:
        return Levels(ordered(explicit), "explicit")
    if grades:
        return Levels(from_grades(grades), "classes")
    guessed = from_name(names)
    if guessed is not None:
        levels, field, evidence = guessed
        return Levels(levels, "name", field, evidence)
    return Levels(LEVELS, "assumed")


def of_school(school: School) -> Levels:
    org = school.organization
    return resolve(
        org.education_levels,
        [school_class.grade for school_class in school.classes],
        [("short_name", org.short_name), ("full_name", org.full_name)],
    )


def join(words: Sequence[str]) -> str:
    """«а», «а и б», «а, б и в»."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " и " + words[-1]


def programmes_gen(levels: Sequence[Level], *, additional: bool) -> str:
    """«основных общеобразовательных программ начального общего и основного общего
    образования[, а также дополнительных общеобразовательных программ]»."""
    text = (
        "основных общеобразовательных программ "
        f"{join([GENITIVE[level] for level in ordered(levels)])} образования"
    )
    return text + (f", а также {ADDITIONAL_GEN}" if additional else "")


def nominative_list(levels: Sequence[Level]) -> str:
    return join([NOMINATIVE[level] for level in ordered(levels)])
