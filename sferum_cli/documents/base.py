"""Rendering any kind of document (:mod:`.kinds`): its template, its data, its blank."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sferum_cli.documents.docx_render import Package
    from sferum_cli.documents.kinds import Kind
    from sferum_cli.model import School


def package(kind: Kind, template: Path | None) -> Package:
    """The bundled template of ``kind`` or the user's ``--template`` file."""
    from sferum_cli.documents import docx_render
    from sferum_cli.resources import template_path

    if template is None:
        return docx_render.load(template_path(kind.template), display=kind.template)
    return docx_render.load(template, display=str(template))


def render(
    school: School, kind: Kind, *, template: Path | None = None, letterhead: Path | None = None
) -> bytes:
    """``kind`` for ``school`` as reproducible DOCX bytes (same school ⇒ same bytes).

    With ``letterhead`` (the school's own blank, ``.docx``; only for kinds that
    take one) the body is put into the blank: its header, logo, footer, page
    setup and any text of its own stay as they are, and the built-in reference
    block is left out because the blank already carries it.
    """
    from sferum_cli.documents import context as data
    from sferum_cli.documents import docx_render, reproducible

    if letterhead is not None and not kind.letterhead:
        raise ValueError(f"{kind.name} is not set on a letterhead")
    when = reproducible.document_time(kind.date(school))
    creator = school.organization.short_name
    if letterhead is None:
        return docx_render.render_docx(
            package(kind, template),
            data.build(school),
            title=kind.title,
            creator=creator,
            when=when,
        )

    from sferum_cli.documents.letterhead import merge

    context = data.build(school, own_letterhead=True)
    body_template = package(kind, template)
    body = docx_render.render_parts(body_template, context).get(body_template.main_part)
    if body is None:
        body = body_template.member(body_template.main_part)
    return merge(body, letterhead, context, title=kind.title, creator=creator, when=when)
