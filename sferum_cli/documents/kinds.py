"""Every kind of document, declared once: the library, ``build`` and the CLI loop over it.

Adding a kind is one entry here plus its template in ``templates/`` (made by
``docs/make_docx_templates.py``): the command, the file in ``build`` and the
library function follow from the entry.  This module is imported when the CLI
starts, so it stays cheap: no docx, lxml, Jinja or Pydantic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import datetime as dt

    from sferum_cli.model import School


class Kind(NamedTuple):
    """One kind of document."""

    name: str
    """The command (``sferum-cli order``) and the kind's id in the library."""
    template: str
    """The bundled template, a file name in ``templates/``."""
    title: str
    """The title written into the DOCX properties."""
    default_output: str
    """The file name: the command's default ``--output`` and the name in ``build``."""
    help: str
    """The command's help (Russian); its first line is the summary in ``--help``."""
    date: Callable[[School], dt.date]
    """The document's own date (its DOCX timestamps unless ``SOURCE_DATE_EPOCH``)."""
    letterhead: bool = False
    """Set on the school's blank when there is one: ``--letterhead``,
    ``documents.letterhead`` of the school file, ``--files-root``."""


KINDS: tuple[Kind, ...] = (
    Kind(
        name="order",
        template="order.docx",
        title="Приказ о назначении администратора ИКОП «Сферум»",
        default_output="prikaz.docx",
        help="Приказ о назначении администратора ИКОП «Сферум» (DOCX, по ГОСТ Р 7.0.97-2025).",
        date=lambda school: school.appointment.order_date,
    ),
    Kind(
        name="letter",
        template="letter.docx",
        title="Письмо о назначении администратора ИКОП «Сферум»",
        default_output="pismo.docx",
        help="Письмо в Сферум о назначении администратора: ФИО и мобильный телефон (DOCX).\n\n"
        "Распечатайте, подпишите у руководителя, поставьте печать и приложите скан\n"
        "к письму на info@sferum.ru. Письмо помещается на одну страницу.",
        date=lambda school: school.appointment.letter_date or school.appointment.order_date,
        letterhead=True,
    ),
    Kind(
        name="policy",
        template="policy.docx",
        title="Положение об использовании ИКОП «Сферум»",
        default_output="polozhenie.docx",
        help="Положение об использовании ИКОП «Сферум» в организации (DOCX).",
        date=lambda school: school.policy.approval_order_date or school.appointment.order_date,
    ),
)


def get(name: str) -> Kind:
    """The kind called ``name``; :class:`KeyError` names the known ones otherwise."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(f"no document kind {name!r}; known: {', '.join(k.name for k in KINDS)}")
