"""The QR PNG of a class handout: segno alone against the fast path, same bytes.

    uv run python benchmarks/bench_qr.py [LINKS] [ROUNDS]

For LINKS invite links (default 300) it times, in this process and by CPU
time (``time.process_time``), rounds alternating (default 5, median shown):

* segno: ``segno.make(...).save(kind="png")`` — matrix and PNG by segno;
* segno matrix + ``qrpng.png`` — the PNG writer alone made fast;
* ``handouts.qr_png`` — the mask chosen by ``qrmatrix`` and ``qrpng.png``;

and checks that all three give the same bytes for every link.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable

import segno

from sferum_cli.onboarding import qrpng
from sferum_cli.onboarding.handouts import qr_png


def by_segno(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def segno_matrix(link: str) -> bytes:
    return qrpng.png(segno.make(link, error="m", micro=False).matrix, scale=10, border=4)


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 300
    rounds = int(argv[1]) if len(argv) > 1 else 5
    links = [f"https://sferum.ru/?invite=s{i}-{i % 11}-{i * 7919 % 100003}" for i in range(count)]
    ways: dict[str, Callable[[str], bytes]] = {
        "segno": by_segno,
        "segno matrix + qrpng": segno_matrix,
        "qrmatrix + qrpng": qr_png,
    }
    for link in links:
        assert len({way(link) for way in ways.values()}) == 1, link
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, way in ways.items():
            start = time.process_time()
            for link in links:
                way(link)
            times[name].append((time.process_time() - start) * 1000 / count)
    print(f"{count} links, same bytes from all; CPU ms per QR PNG, median of {rounds} rounds")
    base = statistics.median(times["segno"])
    for name in ways:
        median = statistics.median(times[name])
        print(f"{name:<22} {median:6.2f} ms  ({median / base:.2f} of segno)")


if __name__ == "__main__":
    main(sys.argv[1:])
