"""The LibreOffice program and its processes.

The program is found as ``SFERUM_SOFFICE`` (a path), ``soffice`` or
``libreoffice`` on PATH, or in the usual install folders of macOS and
Windows.  Each process is started headless with a private profile (so that
processes neither touch nor wait for each other or the user's running
LibreOffice) to convert a list of files to PDF, and is stopped with
everything it started; on POSIX it dies with the caller even when the caller
is killed (see ``_GUARD``).  What to convert, and in which process, is
:mod:`sferum_cli.documents.pdf`'s business.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from sferum_cli.errors import ExternalToolError

TOOL = "LibreOffice"
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


# POSIX: LibreOffice runs under this script, in a process group of its own.
# ``soffice`` is a launcher (oosplash) that starts soffice.bin as its child and
# does not take it along when it is killed, so PR_SET_PDEATHSIG on the
# launcher (as the build's workers use) would leave soffice.bin running.
# Instead a background reader waits on a pipe whose other end only the caller
# holds: when the caller ends — normally, or killed with SIGKILL — the pipe
# closes and the reader kills the whole group.
_GUARD = (
    "exec 3<&0 </dev/null\n"
    '"$@" 3<&- &\n'
    "child=$!\n"
    "{ read -r _ <&3; kill -KILL 0; } &\n"
    "guard=$!\n"
    "exec 3<&-\n"
    'wait "$child"\n'
    "code=$?\n"
    'kill "$guard" 2>/dev/null\n'
    'exit "$code"\n'
)


def start_conversion(
    soffice: str, profile: Path, output: Path, files: Sequence[Path]
) -> subprocess.Popen[bytes]:
    """A LibreOffice process with its profile in ``profile`` that converts
    ``files`` to PDF, in order, into ``output`` (made if missing)."""
    output.mkdir(exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        "--convert-to",
        "pdf",
        "--outdir",
        str(output),
        *(str(path) for path in files),
    ]
    if os.name == "posix":
        return subprocess.Popen(
            ["/bin/sh", "-c", _GUARD, "sh", *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    return subprocess.Popen(  # pragma: no cover - Windows
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` (if it still runs) with everything it started, and wait for it."""
    if process.poll() is None:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    process.wait()
    if process.stdin is not None:
        process.stdin.close()
