"""What the three documents share: picking the template and rendering it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sferum_cli.documents.docx_render import Package
    from sferum_cli.model import School


@dataclass(frozen=True)
class Kind:
    """One kind of document: its bundled template, title and default file name."""

    name: str
    template: str
    title: str
    default_output: str


def package(kind: Kind, template: Path | None) -> Package:
    """The bundled template of ``kind`` or the user's ``--template`` file."""
    from sferum_cli.documents import docx_render
    from sferum_cli.resources import template_path

    if template is None:
        return docx_render.load(template_path(kind.template), display=kind.template)
    return docx_render.load(template, display=str(template))


def render(
    school: School,
    kind: Kind,
    *,
    date: dt.date,
    template: Path | None = None,
    context: Mapping[str, Any] | None = None,
) -> bytes:
    """Render ``kind`` for ``school`` into reproducible DOCX bytes."""
    from sferum_cli.documents import context as data
    from sferum_cli.documents import docx_render, reproducible

    return docx_render.render_docx(
        package(kind, template),
        context if context is not None else data.build(school),
        title=kind.title,
        creator=school.organization.short_name,
        when=reproducible.document_time(date),
    )
