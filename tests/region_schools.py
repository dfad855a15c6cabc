"""A small region for the progress report's tests, built from the Kirov example.

Report date :data:`AS_OF`, stalled after 14 days.  What the report must say
about it is spelt out in :data:`EXPECTED_TOTALS` and the tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kirov-school-32.yaml"
AS_OF = dt.date(2023, 10, 1)
KIROV = "город Киров"
SLOBODSKOY = "Слободской район"

ALL_STAGES = (
    "  order_signed: 2023-08-21\n  letter_sent: 2023-08-23\n  reply_received: 2023-08-30\n"
    "  structure_built: 2023-09-01\n  teachers_verified: 2023-09-10\n"
    "  invite_links_created: 2023-09-12\n  policy_adopted: 2023-09-20\n"
)


def school_text(name: str, municipality: str, progress: str | None, **replace: str) -> str:
    """The Kirov example with another short name, municipality and `progress:`."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, _ = text.partition("progress:\n")
    lines = []
    for line in head.splitlines():
        if line.startswith("  short_name:"):
            line = f"  short_name: {name}"
        elif line.startswith("  municipality:"):
            line = f"  municipality: {municipality}"
        for old, new in replace.items():
            if line.strip().startswith(f"{old}:"):
                line = line.split(":")[0] + f": {new}"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    if progress:
        text += "progress:\n" + progress
    return text


def write_region(folder: Path) -> Path:
    """Seven school files: five valid, one with an error, one that is not YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "a.yaml": school_text(
            "Школа А", KIROV, "  order_signed: 2023-08-21\n  letter_sent: 2023-08-25\n"
        ),
        "b.yaml": school_text("Школа Б", KIROV, ALL_STAGES),
        "c.yaml": school_text("Школа В", SLOBODSKOY, "  order_signed: 2023-09-25\n"),
        "d.yaml": school_text("Школа Г", SLOBODSKOY, None),
        # The letter is dated after the report's date: as of AS_OF it was not sent yet.
        "e.yaml": school_text(
            "Школа Д", KIROV, "  order_signed: 2023-09-01\n  letter_sent: 2023-10-05\n"
        ),
        "f-broken.yaml": school_text("Школа Е", SLOBODSKOY, None, inn='"4345903210"'),
        "g-not-yaml.yaml": "version: 1\norganization:\n\tfull_name: x\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


EXPECTED_TOTALS = {
    "schools": 7,
    "complete": 1,
    "in_progress": 3,
    "not_started": 1,
    "with_errors": 2,
    "stalled": 2,
}
