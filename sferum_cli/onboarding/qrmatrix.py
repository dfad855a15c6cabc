"""The matrix of a QR code, module for module what ``segno.make`` gives.

segno spends most of a QR code's time choosing the data mask: it applies
each of the eight masks cell by cell through a Python function and scores
every result cell by cell.  Here each row is one integer: a mask is one XOR
per row, runs and the 1:1:3:1:1 pattern are found by the C string functions
over the rows and columns as ``"0"``/``"1"`` strings, 2×2 blocks and the dark
share are counted with bit operations.  The scores are segno's, quirks
included (the same search for the finder-like pattern, the first best mask
wins a tie), so the chosen mask and the matrix are the same; a differential
test holds this to segno over many links.  Everything else (segments,
version, error correction, placement, format and version information) is
segno's own code.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

_N3 = "1011101"
_TO_BITS = bytes.maketrans(b"01", b"\0\1")
_TO_TEXT = bytes.maketrans(b"\0\1", b"01")

# segno's eight QR Code (not Micro) mask conditions, (row, column) → masked.
_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


def matrix(content: str, error: str = "m") -> tuple[bytearray, ...]:
    """The module matrix (1 = dark) of ``content`` as a QR Code (never Micro)."""
    encoder, _ = _segno()

    level = encoder.normalize_errorlevel(error)
    segments = encoder.prepare_data(content, None, None)
    version = encoder.find_version(segments, level, eci=False, micro=False)
    level = encoder.boost_error_level(version, level, segments, False)
    unmasked = _unmasked(segments, level, version)
    if any(max(row) > 1 for row in unmasked):  # not a plain 0/1 matrix: segno decides
        code: Any = encoder.encode(content, error=error, micro=False)
        return tuple(code.matrix)
    size = len(unmasked)
    rows = [int(row.translate(_TO_TEXT), 2) for row in unmasked]
    regions = _mask_rows(size)
    best_score, best = -1, rows
    best_mask = 0
    for number, mask_rows in enumerate(regions):
        masked = [row ^ mask for row, mask in zip(rows, mask_rows, strict=True)]
        score = _score(masked, size)
        if best_score < 0 or score < best_score:
            best_score, best, best_mask = score, masked, number
    width = f"0{size}b"
    result = tuple(bytearray(format(row, width).encode().translate(_TO_BITS)) for row in best)
    encoder.add_format_info(result, version, level, best_mask)
    encoder.add_version_info(result, version)
    return result


def _segno() -> tuple[Any, Any]:
    """segno's encoder and constants (untyped: used as ``Any``)."""
    from segno import consts, encoder

    return encoder, consts


def _unmasked(segments: Any, error: int, version: int) -> tuple[bytearray, ...]:
    """segno's ``_encode`` up to (not including) the choice of the mask."""
    encoder, consts = _segno()

    buff = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buff, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buff, capacity, None, len(buff))
    encoder.write_padding_bits(buff, version, len(buff))
    encoder.write_pad_codewords(buff, version, capacity, len(buff))
    final = encoder.make_final_message(version, error, buff)
    template, order = _layout(encoder.calc_matrix_size(version))
    cells = tuple(bytearray(row) for row in template)
    for (i, j), bit in zip(order, final, strict=False):
        cells[i][j] = bit
    return cells


@functools.cache
def _layout(size: int) -> tuple[tuple[bytes, ...], tuple[tuple[int, int], ...]]:
    """The matrix with the function patterns, and the cells that segno's
    ``add_codewords`` fills with the message, in its order (ISO/IEC 18004
    7.7.3: two-module columns, upwards and downwards from the right)."""
    encoder, _ = _segno()

    cells = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(cells, size, size)
    encoder.add_alignment_patterns(cells, size, size)
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for j in (right, right - 1):
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (size - 1 - vertical) if upwards else vertical
                if cells[i][j] == 0x2:
                    order.append((i, j))
    return tuple(bytes(row) for row in cells), tuple(order)


@functools.cache
def _mask_rows(size: int) -> tuple[tuple[int, ...], ...]:
    """For each mask, per row: the bits it flips (only in the encoding region)."""
    encoder, _ = _segno()

    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 0x1
    masks = []
    for condition in _MASKS:
        masks.append(
            tuple(
                int(
                    "".join(
                        "1" if function[i][j] > 1 and condition(i, j) else "0" for j in range(size)
                    ),
                    2,
                )
                for i in range(size)
            )
        )
    return tuple(masks)


def _n3(line: str, size: int) -> int:
    """segno's count of the 1:1:3:1:1 pattern in one row or column (×40)."""
    count = 0
    index = line.find(_N3)
    while index != -1:
        offset = index + 7
        if (
            index in (0, size - 7)
            or "1" not in line[max(index - 4, 0) : min(index, size)]
            or "1" not in line[max(offset, 0) : min(offset + 4, size)]
        ):
            count += 40
        else:
            offset = index + 4
        index = line.find(_N3, offset)
    return count


def _score(rows: Sequence[int], size: int) -> int:
    """segno's penalty score (N1 + N2 + N3 + N4) of a masked matrix.

    Bit ``size - 1 - j`` of a row is its module ``j``.  N1 (runs of five or
    more alike, 3 + one per module past five) is counted on the "same as the
    neighbour" bits: a run of k alike modules is k - 1 such bits in a row,
    and k - 4 windows of four of them; k - 2 points are those windows plus
    two per run.  Rows compare neighbouring bits, columns neighbouring rows.
    N3 (the 1:1:3:1:1 pattern) is found the same way; only the lines that
    have it are searched as text, with segno's own rules."""
    full = (1 << size) - 1
    score = 0
    inner = (1 << (size - 1)) - 1  # every column but the first (j ≥ 1)
    for row in rows:
        same = ~(row ^ (row >> 1)) & inner
        windows = same & (same >> 1) & (same >> 2) & (same >> 3)
        score += windows.bit_count() + 2 * (windows & ~(windows >> 1)).bit_count()
    alike = [~(above ^ below) & full for above, below in itertools.pairwise(rows)]
    previous = 0
    for top in range(len(alike) - 3):
        windows = alike[top] & alike[top + 1] & alike[top + 2] & alike[top + 3]
        score += windows.bit_count() + 2 * (windows & ~previous).bit_count()
        previous = windows
    width = f"0{size}b"
    for row in rows:
        if _has_n3(row, size):
            score += _n3(format(row, width), size)
    inverse = [~row & full for row in rows]
    found = 0
    for top in range(size - 6):
        r, i = rows[top : top + 7], inverse[top : top + 7]
        found |= r[0] & i[1] & r[2] & r[3] & r[4] & i[5] & r[6]
    if found:
        columns = list(zip(*(format(row, width) for row in rows), strict=True))
        for column in range(size):
            if found >> (size - 1 - column) & 1:
                score += _n3("".join(columns[column]), size)
    blocks = 0
    for above, row in itertools.pairwise(rows):
        same = ~(row ^ above)
        blocks += (~(row ^ (row >> 1)) & same & (same >> 1) & inner).bit_count()
    score += 3 * blocks
    dark = sum(row.bit_count() for row in rows)
    percent = float(dark) / (size**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)


def _has_n3(row: int, size: int) -> bool:
    """Does the row hold 1011101 anywhere (the pattern reads the same both ways)?"""
    inverse = ~row
    match = (
        row & (inverse >> 1) & (row >> 2) & (row >> 3) & (row >> 4) & (inverse >> 5) & (row >> 6)
    )
    return bool(match & ((1 << (size - 6)) - 1))
