"""A QR code matrix as a black-and-white PNG, byte for byte what segno writes.

segno computes the matrix; its PNG writer then spends most of a handout's
time packing pixels one by one through generic iterators.  For the only
image we make (two colours, whole-module scale, a quiet zone) each row is
one big integer: the same scanlines, the same "Up" filter for repeated
rows, the same zlib level, hence the same bytes.  A differential test holds
this to segno's own output.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

_MAGIC = b"\x89PNG\r\n\x1a\n"
COMPRESS_LEVEL = 9  # segno's default


def _chunk(name: bytes, data: bytes) -> bytes:
    head = name + data
    return struct.pack(">I", len(data)) + head + struct.pack(">I", zlib.crc32(head))


def png(matrix: Sequence[Sequence[int]], *, scale: int, border: int) -> bytes:
    """PNG of a square module ``matrix`` (1 = dark), greyscale, 1 bit per pixel.

    As segno's greyscale PNG: black is palette index 0, so a dark module is a
    0 bit and the quiet zone a 1 bit; rows are padded with 0 bits to a byte.
    """
    size = len(matrix)
    width = (size + 2 * border) * scale
    row_bytes = (width + 7) // 8
    pad = "0" * (row_bytes * 8 - width)
    edge = "1" * (border * scale)
    dark, light = "0" * scale, "1" * scale

    def scanline(bits: str) -> bytes:
        return b"\0" + int(bits + pad, 2).to_bytes(row_bytes, "big")

    blank = scanline("1" * width) * (border * scale)
    same_as_above = (b"\2" + bytes(row_bytes)) * (scale - 1)
    idat = bytearray(blank)
    for row in matrix:
        bits = "".join(dark if module else light for module in row)
        idat += scanline(edge + bits + edge)
        idat += same_as_above
    idat += blank
    header = struct.pack(">2I5B", width, width, 1, 0, 0, 0, 0)
    return b"".join(
        (
            _MAGIC,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(bytes(idat), COMPRESS_LEVEL)),
            _chunk(b"IEND", b""),
        )
    )
