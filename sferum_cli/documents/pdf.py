"""DOCX → PDF through LibreOffice (``soffice --headless --convert-to pdf``).

One LibreOffice process converts every file of a call (it takes about a
second per process start), with a private profile in a temporary folder so
that it neither touches nor waits for the user's running LibreOffice.  The
program is found as ``SFERUM_SOFFICE`` (a path), ``soffice`` or
``libreoffice`` on PATH, or in the usual install folders of macOS and Windows.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from sferum_cli.errors import ExternalToolError

TOOL = "LibreOffice"
DEFAULT_TIMEOUT = 300.0
_INSTALL_HINT = (
    "установите LibreOffice (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; "
    "Windows и macOS: libreoffice.org) или запустите команду без --pdf"
)
_KNOWN_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str:
    """The LibreOffice program, or ExternalToolError saying how to install it."""
    configured = os.environ.get("SFERUM_SOFFICE", "").strip()
    if configured:
        found = shutil.which(configured)
        if found:
            return found
        raise ExternalToolError(
            tool=TOOL, reason=f"SFERUM_SOFFICE={configured}: программа не найдена; {_INSTALL_HINT}"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _KNOWN_PLACES:
        if Path(place).is_file():
            return place
    raise ExternalToolError(tool=TOOL, reason=f"программа soffice не найдена: {_INSTALL_HINT}")


Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as documents are converted (0 first)."""


def _run(
    command: list[str],
    timeout: float,
    progress: Callable[[], None] | None = None,
) -> int:
    import time

    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=sys.platform != "win32",
    )
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                code = process.wait(timeout=min(0.25, max(deadline - time.monotonic(), 0.0)))
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    raise
                if progress is not None:
                    progress()
                continue
            if progress is not None:
                progress()
            return code
    except subprocess.TimeoutExpired:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
        process.wait()
        raise ExternalToolError(
            tool=TOOL, reason=f"преобразование в PDF не закончилось за {timeout:.0f} с"
        ) from None


def convert_many(
    paths: Sequence[Path],
    outdir: Path | None = None,
    *,
    force: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run.

    Each PDF is written next to its DOCX (or into ``outdir``) under the same
    stem; the files are converted under private names, so equal stems in
    different folders do not collide.  Returns the PDF paths in order.
    ``progress(done, total)`` is told how many PDFs LibreOffice has written
    so far (it writes them one by one), so a caller can show the phase move.
    """
    from sferum_cli.files import atomic_write

    if not paths:
        return []
    soffice = find_soffice()
    targets = [(outdir or path.parent) / f"{path.stem}.pdf" for path in paths]
    with tempfile.TemporaryDirectory(prefix="sferum-pdf-") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        output = work / "out"
        inputs.mkdir()
        sources = []
        for i, path in enumerate(paths):
            source = inputs / f"{i:05d}.docx"
            shutil.copyfile(path, source)
            sources.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(output),
            *map(str, sources),
        ]
        total = len(sources)
        reported = -1

        def report() -> None:
            nonlocal reported
            if progress is None:
                return
            done = sum(1 for _ in output.glob("*.pdf")) if output.is_dir() else 0
            if done != reported:
                reported = done
                progress(done, total)

        report()
        code = _run(command, timeout, report if progress is not None else None)
        for i, (path, target) in enumerate(zip(paths, targets, strict=True)):
            produced = output / f"{i:05d}.pdf"
            if not produced.is_file():
                raise ExternalToolError(
                    tool=TOOL,
                    reason=f"не удалось преобразовать {path.name} в PDF (код завершения {code})",
                )
            atomic_write(target, produced.read_bytes(), force=force)
    return targets
