"""``validate`` reports, byte for byte, in every format (streamed or not).

The golden files were written by the report code before it streamed: the
streamed report must not differ by a byte.  SFERUM_UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "validate"
ROOT = Path(__file__).resolve().parent.parent

CASES: dict[str, tuple[str, ...]] = {
    "many": (
        "examples/kirov-school-32.yaml",
        "examples/tatarstan-rural-school.yaml",
        *(
            f"tests/schools/invalid/{name}.yaml"
            for name in (
                "admin-landline",
                "control-char",
                "date-future",
                "duplicate-key",
                "email-bad",
                "empty",
                "root-list",
                "syntax",
                "unknown-key",
            )
        ),
        "tests/schools/valid/minimal.yaml",
        "tests/schools/warnings/kpp-of-another-region.yaml",
        "no-such-school.yaml",
    ),
    "one-valid": ("examples/kirov-school-32.yaml",),
    "one-invalid": ("tests/schools/invalid/admin-landline.yaml",),
}
VARIANTS: dict[str, tuple[str, ...]] = {
    "text": ("-f", "text"),
    "text-quiet": ("-f", "text", "-q"),
    "text-strict": ("-f", "text", "--strict"),
    "json": ("-f", "json"),
    "json-strict": ("-f", "json", "--strict"),
    "json-no-pii": ("-f", "json", "--no-pii"),
    "github": ("-f", "github"),
    "gitlab": ("-f", "gitlab"),
    "junit": ("-f", "junit"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("case", list(CASES))
def test_report_is_byte_identical(
    invoke, monkeypatch: pytest.MonkeyPatch, case: str, variant: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("validate", *VARIANTS[variant], *CASES[case])
    assert result.exit_code in (0, 1)
    golden = GOLDEN / f"{case}.{variant}.txt"
    if os.environ.get("SFERUM_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == golden.read_bytes()
