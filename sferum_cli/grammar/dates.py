"""Dates, numbers and quotes in the typography of Russian official documents."""

from __future__ import annotations

import datetime
import re

# Genitive month names («21 августа»). babel's long format is avoided: it
# puts U+202F (narrow no-break space) before «г.».
MONTHS_GENITIVE: tuple[str, ...] = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

NBSP = "\u00a0"


def date_words(d: datetime.date) -> str:
    """«21 августа 2023 г.» (day without a leading zero, normal space before «г.»)."""
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def date_digits(d: datetime.date) -> str:
    """«21.08.2023»."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


_NUMBER_PREFIX = re.compile(r"^(?:№|N[or]?\.?)\s*", re.IGNORECASE)


def number_sign(number: str) -> str:
    """«№ 194» with a no-break space; a leading «№» in ``number`` is not doubled."""
    value = _NUMBER_PREFIX.sub("", number.strip(), count=1).strip()
    return f"№{NBSP}{value}"


_OPENING_CONTEXT = frozenset(" \t\n\u00a0([{«„-—–/")


def _nest_quotes(text: str) -> str:
    """Turn the quotes inside ``text`` into German-style „…“ quotes."""
    out: list[str] = []
    straight_open = False
    for i, ch in enumerate(text):
        if ch in "«“":
            out.append("„")
        elif ch in "»”":
            out.append("“")
        elif ch == '"':
            prev = text[i - 1] if i else " "
            if not straight_open and (prev in _OPENING_CONTEXT or i == 0):
                out.append("„")
                straight_open = True
            elif straight_open:
                out.append("“")
                straight_open = False
            else:
                # A stray closing quote without an opening one.
                out.append("“")
        else:
            out.append(ch)
    return "".join(out)


def _already_quoted(text: str) -> bool:
    """True for «…» as one pair (not «Школа» и «Сферум»)."""
    if len(text) < 2 or text[0] != "«" or text[-1] != "»":
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def quoted(text: str) -> str:
    """«text»; quotes inside become „…“; text already in «…» is left as is."""
    stripped = text.strip()
    if _already_quoted(stripped):
        return stripped
    return f"«{_nest_quotes(stripped)}»"
