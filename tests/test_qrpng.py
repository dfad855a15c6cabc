"""The fast QR PNG writer gives segno's bytes for every link (differential test)."""

from __future__ import annotations

import io

import segno
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli.onboarding import qrmatrix, qrpng
from sferum_cli.onboarding.handouts import qr_png


def segno_png(data: str, *, scale: int = 10, border: int = 4, error: str = "m") -> bytes:
    buffer = io.BytesIO()
    segno.make(data, error=error, micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


links = st.builds(
    lambda token: f"https://sferum.ru/?invite={token}",
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=300),
)


@settings(max_examples=150)
@given(link=links | st.text(min_size=1, max_size=200))
@example(link="https://sferum.ru/?invite=example-1a")
@example(link="https://sferum.ru/?p=parents_students")
@example(link="Ссылка-приглашение «5А» & <класс>")
def test_same_bytes_as_segno(link: str) -> None:
    assert qr_png(link) == segno_png(link)


@settings(max_examples=40)
@given(
    data=st.text(min_size=1, max_size=80),
    scale=st.integers(min_value=1, max_value=12),
    border=st.integers(min_value=0, max_value=6),
    error=st.sampled_from(["l", "m", "q", "h"]),
)
def test_same_bytes_for_any_scale_and_border(
    data: str, scale: int, border: int, error: str
) -> None:
    # widths that are not a multiple of 8 exercise the row padding
    matrix = segno.make(data, error=error, micro=False).matrix
    assert qrpng.png(matrix, scale=scale, border=border) == segno_png(
        data, scale=scale, border=border, error=error
    )


@settings(max_examples=300)
@given(
    data=st.text(min_size=1, max_size=700) | links,
    error=st.sampled_from(["l", "m", "q", "h"]),
)
@example(data="https://sferum.ru/?invite=" + "x" * 140, error="m")  # version 7+: version info
@example(data="https://sferum.ru/?invite=s1-5", error="m")
@example(data="0123456789", error="h")  # numeric mode
@example(data="HELLO WORLD", error="q")  # alphanumeric mode
@example(data="Ссылка «5А»", error="l")  # kanji-free non-ASCII bytes
def test_fast_mask_choice_gives_segnos_matrix(data: str, error: str) -> None:
    expected = segno.make(data, error=error, micro=False)
    assert qrmatrix.matrix(data, error=error) == tuple(expected.matrix)
