"""(Re)generate what is written from the school file's model: the JSON Schema
(docs/school.schema.json) and the key reference (docs/school-file.md).

Run from the repository root after changing sferum_cli/model.py::

    uv run python docs/make_school_docs.py          # rewrites both files
    uv run python docs/make_school_docs.py --check  # exit 1 if one is stale

The same texts come from ``sferum-cli schema`` (``--format markdown`` for the
reference); ``tests/test_schema.py`` fails while a committed file is stale.
The comments of ``sferum-cli init`` are read from the model when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sferum_cli.schema import school_reference_markdown, school_schema_json  # noqa: E402

OUTPUTS = {
    ROOT / "docs" / "school.schema.json": school_schema_json,
    ROOT / "docs" / "school-file.md": school_reference_markdown,
}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, make in OUTPUTS.items():
        text = make()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if check else 'written'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
