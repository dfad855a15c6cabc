"""Byte-reproducible DOCX files: fixed dates, fixed zip timestamps and order.

A DOCX is a zip archive.  Two renders of the same school must give the same
bytes, so that a document can be checked into version control, compared and
signed.  Three things usually differ between runs and are fixed here:

* the dates in ``docProps/core.xml`` (created/modified);
* the timestamps of the zip members;
* the order and the metadata (permissions, "made by" system) of the members.

The date used is ``SOURCE_DATE_EPOCH`` when it is set (the reproducible-builds
convention), otherwise the date the caller passes (the document's own date),
otherwise :data:`DEFAULT_DATE`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable

from sferum_cli.errors import UsageError

DEFAULT_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
CORE_PART = "docProps/core.xml"


def document_time(default: dt.date | dt.datetime | None = None) -> dt.datetime:
    """The timestamp to write: SOURCE_DATE_EPOCH, else ``default``, else 2000-01-01."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                message="SOURCE_DATE_EPOCH должна быть целым числом секунд с 01.01.1970"
            ) from None
    if isinstance(default, dt.datetime):
        return default if default.tzinfo else default.replace(tzinfo=dt.UTC)
    if isinstance(default, dt.date):
        return dt.datetime(default.year, default.month, default.day, tzinfo=dt.UTC)
    return DEFAULT_DATE


def _escape(text: str) -> str:
    """XML character data, as ``xml.sax.saxutils.escape`` writes it: that module
    imports urllib.request and ssl (≈ 10 ms) for commands that send nothing."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def core_xml(*, title: str, creator: str, when: dt.datetime) -> bytes:
    """``docProps/core.xml`` with fixed dates and the given title and author."""
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(title)}</dc:title>"
        f"<dc:creator>{_escape(creator)}</dc:creator>"
        "<cp:lastModifiedBy>sferum-cli</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        "<dc:language>ru-RU</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _zip_info(name: str, when: dt.datetime) -> zipfile.ZipInfo:
    stamp = max(when.astimezone(dt.UTC), _ZIP_EPOCH)
    # The zip format stores even seconds only.
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second - stamp.second % 2)  # fmt: skip
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


def write_zip(members: Iterable[tuple[str, bytes]], *, when: dt.datetime) -> bytes:
    """A zip with the members in the given order, all stamped with ``when``."""
    return append_zip(b"", members, when=when)


def append_zip(base: bytes, members: Iterable[tuple[str, bytes]], *, when: dt.datetime) -> bytes:
    """``base`` (a zip made by :func:`write_zip`, or empty) with ``members`` added
    after its own, all stamped with ``when``.  Lets a renderer compress a
    template's unchanged members once and reuse them for every document."""
    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a" if base else "w") as archive:
        for name, data in members:
            archive.writestr(_zip_info(name, when), data, compresslevel=6)
    return buffer.getvalue()


def normalize(docx: bytes, *, title: str, creator: str, when: dt.datetime) -> bytes:
    """Rewrite any DOCX (e.g. saved by python-docx) reproducibly."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    core = core_xml(title=title, creator=creator, when=when)
    return write_zip(
        ((name, core if name == CORE_PART else data) for name, data in members), when=when
    )
