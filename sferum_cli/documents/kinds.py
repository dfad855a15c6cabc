"""Every kind of document, declared once: the library, ``build`` and the CLI loop over it.

The kinds are data: the ``[[kind]]`` entries of ``sferum_cli/registries.toml``,
read into :class:`Kind` (:mod:`sferum_cli.registries` checks the fields).
Adding a kind is one entry there plus its template in ``templates/`` (made by
``docs/make_docx_templates.py``): the command, the file in ``build`` and the
library function follow from the entry; :func:`problems` checks it against the
templates and the school model.  This module is imported when the CLI starts,
so it stays cheap: no docx, lxml, Jinja or Pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sferum_cli import registries

if TYPE_CHECKING:
    import datetime as dt

    from pydantic.fields import FieldInfo

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
    dated_by: tuple[str, ...]
    """Keys of the school file (``appointment.letter_date``): the first one set
    is the document's own date (its DOCX timestamps unless ``SOURCE_DATE_EPOCH``);
    the last one is a date every valid school file has."""
    letterhead: bool = False
    """Set on the school's blank when there is one: ``--letterhead``,
    ``documents.letterhead`` of the school file, ``--files-root``."""
    reads_teachers: bool = False
    """Lists the school's teachers (the order's «С приказом ознакомлены»): from the
    file ``teachers_roster`` names when there is one, as ``checklist teachers`` does."""

    def date(self, school: School) -> dt.date:
        """The document's own date: the first key of :attr:`dated_by` set in ``school``."""
        for key in self.dated_by:
            value: Any = school
            for part in key.split("."):
                value = getattr(value, part)
            if value is not None:
                return value  # type: ignore[no-any-return]
        raise ValueError(f"{self.name}: none of {', '.join(self.dated_by)} is set")


KINDS: tuple[Kind, ...] = registries.entries(Kind, "kind")


def get(name: str) -> Kind:
    """The kind called ``name``; :class:`KeyError` names the known ones otherwise."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(f"no document kind {name!r}; known: {', '.join(k.name for k in KINDS)}")


def problems(kind: Kind) -> list[str]:
    """What is wrong with ``kind`` beyond the types of its fields (tests run this
    on every entry): its template is not bundled, a key of ``dated_by`` is no
    date of the school file, or the last one may be absent.  Imports the model."""
    from sferum_cli.resources import templates_root

    found: list[str] = []
    if not (templates_root() / kind.template).is_file():
        found.append(
            f"{kind.name}: template {kind.template} is not in templates/ "
            "(docs/make_docx_templates.py makes the bundled ones)"
        )
    for key in kind.dated_by:
        field = _school_field(key)
        if field is None or not _is_date(field.annotation):
            found.append(f"{kind.name}: dated_by names {key}, which is no date of the school file")
    last = _school_field(kind.dated_by[-1])
    if last is not None and not last.is_required():
        found.append(
            f"{kind.name}: dated_by ends with {kind.dated_by[-1]}, which a school file may "
            "leave out; end with a required date such as appointment.order_date"
        )
    return found


def _school_field(key: str) -> FieldInfo | None:
    """The model's field for a dotted key of the school file, if there is one."""
    from pydantic import BaseModel

    from sferum_cli.model import School

    model: type[BaseModel] = School
    *parents, last = key.split(".")
    for part in parents:
        field = model.model_fields.get(part)
        inner = field.annotation if field is not None else None
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        model = inner
    return model.model_fields.get(last)


def _is_date(annotation: object) -> bool:
    """``date``, or ``Annotated[date, …] | None`` as the model declares an optional one."""
    import datetime as dt
    import typing

    if annotation is dt.date:
        return True
    return any(typing.get_args(arg)[:1] == (dt.date,) for arg in typing.get_args(annotation))
