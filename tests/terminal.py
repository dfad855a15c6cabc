"""Running sferum-cli under a real pseudo-terminal and typing at its prompts.

The program gets the terminal as its controlling terminal, as in a shell:
Ctrl-C becomes SIGINT, getpass opens ``/dev/tty``, ``isatty()`` is true.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Key:
    """When ``prompt`` is on the screen, type ``data``.

    ``hidden``: a password prompt; type only once the program has switched
    echo off (getpass flushes what was typed before it did).
    """

    prompt: str
    data: bytes
    hidden: bool = False


def _controlling_terminal() -> None:
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _echo_off(fd: int, deadline: float) -> bool:
    """Wait until the program switches terminal echo off; False if it never does.

    Waiting also proves the input is really hidden.
    """
    import termios

    while time.monotonic() < deadline:
        if not termios.tcgetattr(fd)[3] & termios.ECHO:
            time.sleep(0.05)  # tcsetattr(TCSAFLUSH) has returned by now
            return True
        time.sleep(0.01)
    return False


def run_in_terminal(
    args: list[str],
    keys: Sequence[Key],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, str]:
    """Run ``sferum-cli args`` in a pseudo-terminal, typing ``keys`` in order as
    their prompts appear; (exit code, everything the screen showed)."""
    main, secondary = os.openpty()
    terminal = dict.fromkeys(("stdin", "stdout", "stderr"), secondary)
    process = subprocess.Popen(
        [sys.executable, "-m", "sferum_cli", *args],
        cwd=cwd,
        env=env,
        **terminal,
        preexec_fn=_controlling_terminal,  # Ctrl-C → SIGINT needs a controlling terminal
    )
    os.close(secondary)
    screen = b""
    pending = list(keys)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 4096)
                except OSError:  # the terminal closed: the program has ended
                    break
                if not chunk:
                    break
                screen += chunk
                key = pending[0] if pending else None
                if key is not None and key.prompt in screen.decode("utf-8", "replace"):
                    if key.hidden and not _echo_off(main, deadline):
                        continue
                    time.sleep(0.1)  # the prompt has switched the terminal to reading
                    os.write(main, pending.pop(0).data)
            elif process.poll() is not None:
                break
        return process.wait(timeout=10), screen.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
