"""Hostile inputs built by the tests (nothing large is committed), and a way to
run the CLI in a child process measuring its wall time and peak memory."""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# What every hostile case must stay within (issue 10): CPU seconds of the
# child and its peak RSS; a hang is caught by run_cli's kill_after.
MAX_SECONDS = 2.0
MAX_PEAK_MB = 300


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall clock of the command: noisy on a loaded machine
    cpu_seconds: float  # CPU time of the command: what the limit is checked on
    peak_mb: float

    def within_limits(self) -> bool:
        return self.cpu_seconds < MAX_SECONDS and self.peak_mb < MAX_PEAK_MB


# The child imports what every command loads anyway, then starts its clocks:
# the limits are about handling the hostile input, not the interpreter's
# start-up (seconds on a loaded machine).  At exit it reports its CPU and wall
# time and its own high-water RSS (VmHWM): wait4's ru_maxrss would also count
# the memory of the test process it was forked from.
_CHILD = """
import atexit, os, runpy, sys, time
import jinja2.sandbox, lxml.etree, pydantic
import sferum_cli.cli, sferum_cli.documents.docx_render, sferum_cli.model, sferum_cli.validation

cpu, wall = time.process_time(), time.monotonic()

def _report():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["SFERUM_TEST_PEAK_FILE"], "w") as out:
        out.write(f"{peak} {time.process_time() - cpu} {time.monotonic() - wall}")

atexit.register(_report)
sys.argv = ["sferum-cli", *sys.argv[1:]]
runpy.run_module("sferum_cli", run_name="__main__")
"""


def run_cli(
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    kill_after: float = 30.0,
) -> Measured:
    """The CLI with ``args`` in a child process: the command's CPU and wall time
    and the child's peak RSS.  A child still running after ``kill_after``
    seconds is killed (exit -9; its figures are then infinite)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        full_env = {
            **os.environ,
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "SFERUM_TEST_PEAK_FILE": str(peak_file),
            **(env or {}),
        }
        out_path, err_path = Path(scratch) / "out", Path(scratch) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, *args], cwd=cwd, env=full_env, stdout=out, stderr=err
            )
            timer = threading.Timer(kill_after, process.kill)
            timer.start()
            try:
                process.wait()
            finally:
                timer.cancel()
        peak_kib, cpu, wall = (
            map(float, peak_file.read_text().split()) if peak_file.exists() else [math.inf] * 3
        )
        return Measured(
            returncode=process.returncode,
            stdout=out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=err_path.read_text(encoding="utf-8", errors="replace"),
            seconds=wall,
            cpu_seconds=cpu,
            peak_mb=peak_kib / 1024,
        )


def school_file(folder: Path, extra: str = "", *, name: str = "school.yaml") -> Path:
    """The Kirov example with ``extra`` YAML appended (its keys at known lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLES / "kirov-school-32.yaml").read_text(encoding="utf-8")
    path = folder / name
    path.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- DOCX ---------------------------------------------------------------------


def docx_with_text(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _members(path: Path) -> list[tuple[str, bytes]]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zeros_deflate(mib: int) -> bytes:
    """Raw deflate of ``mib`` MiB of zeros, made instantly: a full flush makes
    each 1 MiB block independent, so one block repeated is a valid stream."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = block.compress(bytes(1 << 20)) + block.flush(zlib.Z_FULL_FLUSH)
    return one * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def _zeros_crc(mib: int) -> int:
    crc, chunk = 0, bytes(1 << 20)
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return crc


def write_zip(path: Path, members: Sequence[tuple[str, bytes, int, int]]) -> Path:
    """A zip from (name, raw deflate data, declared size, crc) written by hand,
    so a member can declare any size."""
    local = bytearray()
    central = bytearray()
    for name, data, size, crc in members:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        local += encoded + data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(bytes(local) + bytes(central) + end)
    return path


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)


def zip_bomb_docx(path: Path, *, unpacked_mib: int, declared_mib: int | None = None) -> Path:
    """A real DOCX plus ``word/media/image1.png`` unpacking to ``unpacked_mib``
    MiB of zeros; ``declared_mib`` (default: the truth) is what it claims."""
    source = docx_with_text(path.with_suffix(".src.docx"), "Бланк")
    members = [_deflated(name, data) for name, data in _members(source)]
    source.unlink()
    declared = (declared_mib if declared_mib is not None else unpacked_mib) << 20
    # The CRC of a gigabyte takes seconds to compute; nothing reads that far.
    crc = _zeros_crc(unpacked_mib) if declared_mib is None and unpacked_mib <= 100 else 0
    members.append(("word/media/image1.png", _zeros_deflate(unpacked_mib), declared, crc))
    return write_zip(path, members)


def docx_with_dtd(path: Path) -> Path:
    """A DOCX whose main part declares an entity and uses it in the text."""
    source = docx_with_text(path.with_suffix(".src.docx"), "Бланк XXE")
    members = []
    for name, data in _members(source):
        if name == "word/document.xml":
            head, _, rest = data.partition(b"?>")
            data = (
                head
                + b'?><!DOCTYPE w:document [<!ENTITY xxe "injected">]>'
                + rest.replace(b"XXE", b"&xxe;")
            )
        members.append(_deflated(name, data))
    source.unlink()
    return write_zip(path, members)
