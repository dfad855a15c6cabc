"""Reading a DOCX package as hostile input: its members under caps, its XML
parts checked, and which of its parts may hold template tags.

A DOCX is a zip of XML parts.  Whatever comes in (a bundled template, a
school's own letterhead) is read whole into memory under caps: a zip bomb is
refused by its declared sizes and compression ratio before anything is
unpacked, and by the bytes actually produced while unpacking; every XML part
must parse and carry no DTD.  The main document is found through the
package's relationships, and with it the headers, footers, foot- and
endnotes that :mod:`sferum_cli.documents.docx_render` renders.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from sferum_cli.errors import UserFileError

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5_000

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_RENDERED_RELATIONS = ("/header", "/footer", "/footnotes", "/endnotes")


def read_members(path: Path, display: str) -> tuple[tuple[str, bytes], ...]:
    """Every member of the package, unpacked under caps: a zip bomb is refused
    by its declared sizes and compression ratio before anything is unpacked,
    and by the bytes actually produced while unpacking."""
    import io

    from sferum_cli.user_files import SizeLimit, read_user_file

    limit = SizeLimit(
        MAX_PACKAGE_BYTES,
        f"файл больше {MAX_PACKAGE_BYTES // (1024 * 1024)} МиБ — слишком большой "
        "для шаблона или бланка DOCX",
    )
    data = read_user_file(path, limit, display=display)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_declared(infos, display)
            return tuple((info.filename, _unpack(archive, info, display)) for info in infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError):
        raise UserFileError(
            path=display, reason="это не файл DOCX (сохраните документ в формате Word .docx)"
        ) from None
    except (NotImplementedError, RuntimeError):  # a compression method Word never uses, a password
        raise UserFileError(
            path=display,
            reason="архив DOCX зашифрован или сжат неизвестным способом: пересохраните его в Word",
        ) from None


def _bomb(display: str) -> UserFileError:
    return UserFileError(
        path=display,
        reason="архив DOCX распаковывается в слишком большой объём (похоже на «zip-бомбу»); "
        "пересохраните документ в Word",
        code="docx.too_large",
    )


def _check_declared(infos: Sequence[zipfile.ZipInfo], display: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UserFileError(path=display, reason="в архиве DOCX слишком много частей")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _bomb(display)
    from sferum_cli.ooxml import compressed_too_far  # one rule for DOCX and XLSX

    if any(compressed_too_far(info.file_size, info.compress_size) for info in infos):
        raise _bomb(display)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> bytes:
    """One member, read in chunks and never past its declared size."""
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > info.file_size or total > MAX_UNPACKED_BYTES:
                raise _bomb(display)
            chunks.append(chunk)
    return b"".join(chunks)


def xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_parts(members: Sequence[tuple[str, bytes]], display: str) -> None:
    """Every XML part must parse and carry no DTD: Word writes none, and an
    entity a DTD declares would be left dangling in the document we write."""
    from lxml import etree

    parser = xml_parser()
    for name, data in members:
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            raise UserFileError(
                path=display,
                reason=f"часть {name} повреждена (это не XML): пересохраните документ в Word",
                code="docx.broken_part",
            ) from None
        if root.getroottree().docinfo.doctype:
            raise UserFileError(
                path=display,
                reason=f"часть {name} содержит объявление DTD (<!DOCTYPE …>), которого Word не "
                "создаёт; такой файл не принимается — пересохраните документ в Word",
                code="docx.dtd",
            )


def _relations(data: bytes) -> list[tuple[str, str]]:
    """(type, target) of every relationship in a ``.rels`` part."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(data)
    return [
        (rel.get("Type", ""), rel.get("Target", ""))
        for rel in root.iter(f"{_REL_NS}Relationship")
        if rel.get("TargetMode") != "External"
    ]


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = list(PurePosixPath(base_part).parent.parts)
    for piece in PurePosixPath(target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels").lstrip("./")


def package_parts(members: Sequence[tuple[str, bytes]], display: str) -> tuple[str, list[str]]:
    """The main document part and the parts that may hold template tags."""
    index = dict(members)
    try:
        root_rels = _relations(index["_rels/.rels"])
        main = next(
            _resolve("", target) for kind, target in root_rels if kind.endswith(_OFFICE_DOCUMENT)
        )
        if main not in index:
            raise KeyError(main)
        related = _relations(index.get(_rels_name(main), b"<Relationships/>"))
    except (KeyError, StopIteration, SyntaxError):
        raise UserFileError(
            path=display, reason="в файле нет основного документа Word (это точно .docx?)"
        ) from None
    parts = [main]
    for kind, target in related:
        if kind.endswith(_RENDERED_RELATIONS):
            name = _resolve(main, target)
            if name in index and name not in parts:
                parts.append(name)
    return main, parts
