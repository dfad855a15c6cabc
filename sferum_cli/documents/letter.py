"""The letter to the Сферум team naming the administrator and their mobile phone.

With a letterhead (the school's own blank, ``.docx``) the letter body is put
into the blank: its header, logo, footer, page setup and any text of its own
stay as they are, and the built-in reference block is left out because the
blank already carries it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sferum_cli.documents.base import Kind

if TYPE_CHECKING:
    from sferum_cli.model import School

KIND = Kind(
    name="letter",
    template="letter.docx",
    title="Письмо о назначении администратора ИКОП «Сферум»",
    default_output="pismo.docx",
)


def render(
    school: School, *, letterhead: Path | None = None, template: Path | None = None
) -> bytes:
    """The letter as DOCX bytes; on ``letterhead`` when given."""
    from sferum_cli.documents import base
    from sferum_cli.documents import context as data

    date = school.appointment.letter_date or school.appointment.order_date
    if letterhead is None:
        return base.render(school, KIND, date=date, template=template)

    from sferum_cli.documents import docx_render, reproducible
    from sferum_cli.documents.letterhead import merge

    context = data.build(school, own_letterhead=True)
    letter = base.package(KIND, template)
    body = docx_render.render_parts(letter, context).get(letter.main_part)
    if body is None:
        body = letter.member(letter.main_part)
    return merge(
        body,
        letterhead,
        context,
        title=KIND.title,
        creator=school.organization.short_name,
        when=reproducible.document_time(date),
    )
