"""One error vocabulary: every user-caused error is declared in sferum_cli.errors."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sferum_cli
from sferum_cli.errors import CheckFailedError, SferumError

INVALID = Path(__file__).parent / "schools" / "invalid" / "admin-landline.yaml"


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_error_type_lives_in_the_errors_module() -> None:
    for module in pkgutil.walk_packages(sferum_cli.__path__, "sferum_cli."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    elsewhere = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(SferumError)
        if cls.__module__ != "sferum_cli.errors"
    )
    assert elsewhere == []


def test_a_failed_gate_adds_no_empty_error_line(invoke: Any) -> None:
    result = invoke("validate", str(INVALID))
    assert result.exit_code == 1
    assert "phone" in result.stdout or "телефон" in result.stdout
    assert result.stderr == ""


def test_a_failed_gate_may_close_with_a_message() -> None:
    assert CheckFailedError().describe() == ""
    assert CheckFailedError(message="Чек-лист не закрыт").exit_code == 1
