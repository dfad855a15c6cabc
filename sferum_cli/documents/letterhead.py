"""Put a rendered letter body onto the school's own blank (бланк письма).

Everything of the blank is kept: header and footer (with the logo),
styles, page setup, its images and any text already in its body.  The
letter's paragraphs and tables are inserted after the blank's own body
content (empty trailing paragraphs of the blank are dropped) and before its
section properties.  Tags in the blank (``{{ letter.date }}`` in the header,
say) are rendered like those of any template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sferum_cli.errors import UserFileError

# lxml has no type stubs in this project: elements are typed loosely.
_Element = Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT = ("drawing", "pict", "object", "sdt", "fldSimple", "hyperlink")
_TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _is_empty_paragraph(element: _Element) -> bool:
    if element.tag != _w("p"):
        return False
    if element.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        return False
    if any(t.text for t in element.iter(_w("t"))):
        return False
    return not any(element.find(f".//{_w(name)}") is not None for name in _CONTENT)


def _body(root: _Element, display: str) -> _Element:
    body = root.find(_w("body"))
    if body is None:
        raise UserFileError(path=display, reason="в бланке нет текста документа Word")
    return body


def merge(
    letter_xml: bytes,
    blank: Path,
    context: Mapping[str, Any],
    *,
    title: str,
    creator: str,
    when: dt.datetime,
) -> bytes:
    """The blank with the letter's body inserted, as reproducible DOCX bytes."""
    from lxml import etree

    from sferum_cli.documents import docx_render, reproducible

    package = docx_render.load(blank, display=str(blank))
    rendered = docx_render.render_parts(package, context)
    main_xml = rendered.get(package.main_part, package.member(package.main_part))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        blank_root = etree.fromstring(main_xml, parser)
    except etree.XMLSyntaxError:
        raise UserFileError(
            path=str(blank), reason="бланк повреждён: не удалось прочитать"
        ) from None
    letter_root = etree.fromstring(letter_xml, parser)

    blank_body = _body(blank_root, str(blank))
    children = list(blank_body)
    section = children[-1] if children and children[-1].tag == _w("sectPr") else None
    content = children[:-1] if section is not None else children
    while content and _is_empty_paragraph(content[-1]):
        blank_body.remove(content.pop())

    insert_at = len(content)
    for element in _body(letter_root, "letter"):
        if element.tag == _w("sectPr"):
            continue
        blank_body.insert(insert_at, element)
        insert_at += 1

    rendered[package.main_part] = etree.tostring(
        blank_root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    content_types = package.member("[Content_Types].xml")
    if _TEMPLATE_TYPE in content_types:
        # A blank saved as a Word template (.dotx) becomes a document.
        rendered["[Content_Types].xml"] = content_types.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
    rendered[reproducible.CORE_PART] = reproducible.core_xml(
        title=title, creator=creator, when=when
    )
    members = [(name, rendered.get(name, data)) for name, data in package.members]
    if reproducible.CORE_PART not in dict(package.members):
        # Without core.xml in the blank there is no relationship to a new one.
        members = [(n, d) for n, d in members if n != reproducible.CORE_PART]
    return reproducible.write_zip(members, when=when)
