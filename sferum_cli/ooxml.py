"""Reading an Office Open XML package (XLSX, DOCX) as hostile input, within limits.

A package is a ZIP of XML parts.  Each part is streamed out of the archive
with its limits checked while it is read — the declared and the actual
uncompressed size, the compression ratio — and parsed by lxml with
entities, DTD loading and the network off, keeping only the elements the
caller asks for.  A part that declares a DTD (``<!DOCTYPE``) is refused
outright: Word and Excel never write one, and entities are what
billion-laughs and XXE files are made of.  Every refusal is a
:class:`PackageError` whose text (Russian, no content of the file) says why.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

MAX_MEMBERS = 10_000
MAX_PART_BYTES = 16 * 1024 * 1024
#: Real parts compress 5–20 times; a bomb compresses ≈ 1000 times.
MAX_RATIO = 100
#: Below this size the ratio is not checked (small repetitive parts are harmless).
RATIO_FREE_BYTES = 1024 * 1024
#: Elements inside one wanted element (a real row of 16,384 cells has ≈ 50,000).
MAX_ITEM_ELEMENTS = 60_000
_CHUNK = 64 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")

#: What zipfile and zlib raise on a damaged or unsupported archive.
ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
)


class PackageError(Exception):
    """The package is unusable; the text says why."""


def open_package(raw: bytes) -> zipfile.ZipFile:
    if raw.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise PackageError(f"в архиве больше {MAX_MEMBERS} частей — так Word и Excel не сохраняют")
    return zipfile.ZipFile(io.BytesIO(raw))


def member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def elements(
    archive: zipfile.ZipFile, name: str, root_tag: str, *tags: str
) -> Iterator[etree._Element]:
    """Elements of one part named ``tags`` (local names) as they end, streamed
    within the limits; the part's root element must be ``root_tag``.

    Whatever has been handled is cut from the tree after every chunk, so
    memory stays bounded by the open elements plus one chunk — also for a
    part stuffed with elements nobody asked for.
    """
    from lxml import etree

    info = archive.getinfo(name)
    _check_sizes(name, info.file_size, info.compress_size)
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=[f"{{*}}{tag}" for tag in (root_tag, *tags)],
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    wanted = frozenset(tags)
    total = 0
    tail = b""
    root: etree._Element | None = None
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if chunk:
                total += len(chunk)
                _check_sizes(name, total, info.compress_size)
                if any(marker in tail + chunk for marker in _DTD_MARKERS):
                    raise _dtd(name)
                if not tail:
                    _check_root(name, chunk, root_tag)
                tail = chunk[-16:]
            try:
                parser.feed(chunk) if chunk else parser.close()
                events = list(parser.read_events())
            except etree.XMLSyntaxError as exc:
                line = exc.position[0] if exc.position else 0
                where = f" в строке {line}" if line else ""
                raise PackageError(f"часть {name} повреждена (неправильный XML{where})") from None
            for event, element in events:
                if root is None:
                    root = element
                    doc = element.getroottree().docinfo
                    if doc.internalDTD is not None or doc.doctype:
                        raise _dtd(name)
                if event == "end" and local(str(element.tag)) in wanted:
                    yield element
            if not chunk:
                return
            _prune(name, root, wanted)


_ROOT = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>)?\s*<(?:[\w.-]{1,50}:)?([\w.-]{1,50})"
)


def _check_root(name: str, start: bytes, root_tag: str) -> None:
    """The part starts with its root element ``root_tag`` (UTF-8, as Word and Excel write)."""
    match = _ROOT.match(start)
    if match is None or match.group(1).decode() != root_tag:
        raise PackageError(f"часть {name} не похожа на часть документа Word или Excel")


def _prune(name: str, root: etree._Element | None, wanted: frozenset[str]) -> None:
    """Cut every finished element; only the path of open elements stays, and an
    open wanted element (a row, a string) whole, within a limit."""
    node = root
    while node is not None and len(node) and local(str(node.tag)) not in wanted:
        del node[:-1]
        node = node[-1]
    if node is not None and node is not root and local(str(node.tag)) in wanted:
        inside = sum(1 for _ in itertools.islice(node.iter(), MAX_ITEM_ELEMENTS + 1))
        if inside > MAX_ITEM_ELEMENTS:
            raise PackageError(
                f"часть {name}: слишком сложный элемент — так Word и Excel не сохраняют"
            )


def _dtd(name: str) -> PackageError:
    return PackageError(
        f"часть {name} содержит объявление DTD (<!DOCTYPE>/<!ENTITY>) — так Word и Excel "
        "не сохраняют, такие файлы используют для атак; откройте файл в Word или Excel "
        "и сохраните его заново"
    )


def compressed_too_far(size: int, compressed: int) -> bool:
    """A zip member that unpacks more than MAX_RATIO times its size: a «zip-бомба»."""
    return size > RATIO_FREE_BYTES and size > MAX_RATIO * max(compressed, 1)


def _check_sizes(name: str, size: int, compressed: int) -> None:
    if size > MAX_PART_BYTES:
        raise PackageError(
            f"часть {name} больше {MAX_PART_BYTES // (1024 * 1024)} МиБ в распакованном виде"
        )
    if compressed_too_far(size, compressed):
        raise PackageError(
            f"часть {name} сжата более чем в {MAX_RATIO} раз (похоже на «zip-бомбу»)"
        )


def local(name: str) -> str:
    return name.rpartition("}")[2]


def attribute(element: etree._Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if local(str(key)) == name:
            return str(value)
    return None


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target part name) of ``part``'s relationships."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if member(archive, rels) is None:
        return found
    for element in elements(archive, rels, "Relationships", "Relationship"):
        target = element.get("Target") or ""
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(folder, target))
        found[element.get("Id") or ""] = (element.get("Type") or "", name)
    return found
