"""Reproducible zips from members compressed ahead: the bytes of
:func:`sferum_cli.documents.reproducible.write_zip`, assembled without zipfile.

A member's compressed data doesn't depend on the date stamped on it, only
its headers do.  So a template's unchanged members (styles, theme, settings:
most of a DOCX) are compressed once per template and every document, whatever
its date, only writes headers around them.  The layout is exactly what
:mod:`zipfile` writes for :func:`~sferum_cli.documents.reproducible.write_zip`
(deflate level 6, no data descriptors, MS-DOS attributes ``0o600``, UTF-8 flag
for non-ASCII names); a differential test holds the two to the same bytes.
Archives that would need ZIP64 (a member or the whole over 4 GiB) are not
made here: documents are far smaller, and :data:`LIMIT` refuses them.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

LIMIT = 0x7FFFFFFF  # zipfile switches to ZIP64 far above any document
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # zipfile's DEFAULT_VERSION: deflate
_DEFLATED = 8
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o600 << 16  # what zipfile gives a member with none
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Member:
    """One member, compressed: its encoded name, flags, CRC-32 and sizes."""

    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes


def deflate(name: str, content: bytes) -> Member:
    """``content`` compressed as zipfile compresses a member (raw deflate, level 6)."""
    try:
        encoded, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        encoded, flags = name.encode("utf-8"), _UTF8_NAME
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    if len(content) > LIMIT or len(data) > LIMIT:
        raise ValueError(f"{name}: too large for a document")
    return Member(encoded, flags, zlib.crc32(content), len(content), data)


def _dos_stamp(when: dt.datetime) -> tuple[int, int]:
    stamp = max(when.astimezone(dt.UTC), _ZIP_EPOCH)
    date = (stamp.year - 1980) << 9 | stamp.month << 5 | stamp.day
    time = stamp.hour << 11 | stamp.minute << 5 | stamp.second // 2
    return time, date


def assemble(members: Sequence[Member], *, when: dt.datetime) -> bytes:
    """The zip of ``members`` in this order, every one stamped with ``when``."""
    time, date = _dos_stamp(when)
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        sizes = (member.crc, len(member.data), member.size, len(member.name))
        local = _LOCAL.pack(
            b"PK\003\004", _VERSION, 0, member.flags, _DEFLATED, time, date, *sizes, 0
        )
        body += (local, member.name, member.data)
        central += (
            _CENTRAL.pack(
                b"PK\001\002",
                _VERSION,
                0,
                _VERSION,
                0,
                member.flags,
                _DEFLATED,
                time,
                date,
                *sizes,
                0,
                0,
                0,
                0,
                _ATTRIBUTES,
                offset,
            ),
            member.name,
        )
        offset += len(local) + len(member.name) + len(member.data)
    directory = b"".join(central)
    if offset + len(directory) > LIMIT or len(members) > 0xFFFF:
        raise ValueError("too large for a document")
    end = _END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(body) + directory + end
