"""The director's order (приказ) appointing the administrator of ИКОП «Сферум»."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.documents.base import Kind

if TYPE_CHECKING:
    from sferum_cli.model import School

KIND = Kind(
    name="order",
    template="order.docx",
    title="Приказ о назначении администратора ИКОП «Сферум»",
    default_output="prikaz.docx",
)


def render(school: School, *, template: Path | None = None) -> bytes:
    """The order as DOCX bytes (same school ⇒ same bytes)."""
    from sferum_cli.documents import base

    return base.render(school, KIND, date=school.appointment.order_date, template=template)
