"""The Положение on using ИКОП «Сферум», adopted by the organisation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.documents.base import Kind

if TYPE_CHECKING:
    from sferum_cli.model import School

KIND = Kind(
    name="policy",
    template="policy.docx",
    title="Положение об использовании ИКОП «Сферум»",
    default_output="polozhenie.docx",
)


def render(school: School, *, template: Path | None = None) -> bytes:
    """The Положение as DOCX bytes (same school ⇒ same bytes)."""
    from sferum_cli.documents import base

    date = school.policy.approval_order_date or school.appointment.order_date
    return base.render(school, KIND, date=date, template=template)
