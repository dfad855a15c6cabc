"""Folder names for schools: ASCII, safe on Windows, unique, never outside OUTDIR."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

# Russian → Latin, after the passport (ICAO Doc 9303) table used in Russian passports.
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
        "ю": "iu", "я": "ia",
    }
)  # fmt: skip
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$")
MAX_LENGTH = 60


def slugify(text: str) -> str:
    """«Школа № 32» → ``shkola-32``; never empty, never a reserved Windows name."""
    ascii_text = text.lower().translate(_TRANSLIT)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_LENGTH].strip("-")
    if not slug:
        slug = "school"
    if _WINDOWS_RESERVED.match(slug):
        slug = f"{slug}-school"
    return slug


def assign(paths: Sequence[Path]) -> list[str]:
    """One slug per school file, in order; files with the same stem are told apart
    by a short hash of their path, so a slug doesn't depend on the other inputs'
    order."""
    bases = [slugify(p.stem) for p in paths]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    result = []
    for path, base in zip(paths, bases, strict=True):
        if counts[base] > 1:
            digest = hashlib.sha256(path.as_posix().encode("utf-8")).hexdigest()[:8]
            base = f"{base[: MAX_LENGTH - 9]}-{digest}"
        result.append(base)
    return result
