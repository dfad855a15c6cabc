"""Reading a file the user names (a school file, the teachers' list, a blank, an
attachment): a regular file within its size limit, or a :class:`UserFileError`
with a Russian reason — never a device, a pipe or a folder, never more bytes
than the limit."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sferum_cli.errors import UserFileError, os_reason


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} МиБ"


class SizeLimit(NamedTuple):
    """The most bytes a file the user names may have, and what is said of a bigger one.

    Each reader (the school file, the teachers' list, a scan, a DOCX blank…)
    gives its cap and its words as one value, so they are written together and
    every check — before and after the bytes are read — says the same.
    """

    most: int
    too_large: str | None = None
    """The reason given for a bigger file; «файл больше N МиБ» by default."""

    @property
    def message(self) -> str:
        return self.too_large or f"файл больше {_mib(self.most)}"


def read_user_file(path: Path, limit: SizeLimit, *, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit.most`` bytes, or :class:`UserFileError`.

    Devices (``/dev/zero``), pipes, sockets and folders are refused before a
    byte is read, whether named directly or through a symbolic link; the
    file is opened without blocking (a FIFO has no writer to wait for) and
    checked again on the open descriptor, so it can't be swapped in between.
    """
    shown = display or str(path)

    def fail(code: str, reason: str) -> UserFileError:
        return UserFileError(path=shown, reason=reason, code=code)

    try:
        _check_regular(os.stat(path), limit, fail)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise fail("file.not_found", "файл не найден") from None
    except IsADirectoryError:
        raise fail("file.is_directory", "это папка, а не файл") from None
    except OSError as exc:
        raise fail("file.unreadable", _unreadable(exc)) from None
    try:
        _check_regular(os.fstat(fd), limit, fail)
        chunks: list[bytes] = []
        total = 0
        while total <= limit.most:
            chunk = os.read(fd, min(1 << 20, limit.most + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise fail("file.unreadable", _unreadable(exc)) from None
    finally:
        os.close(fd)
    if total > limit.most:  # it grew after the check
        raise fail("file.too_large", limit.message)
    return b"".join(chunks)


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "файл недоступен: нет прав на чтение"
    if exc.errno == errno.ELOOP:
        return "файл недоступен: символические ссылки указывают друг на друга по кругу"
    return f"файл недоступен ({os_reason(exc)})"


def _check_regular(
    info: os.stat_result, limit: SizeLimit, fail: Callable[[str, str], UserFileError]
) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise fail("file.is_directory", "это папка, а не файл")
    if not stat.S_ISREG(info.st_mode):
        raise fail(
            "file.not_regular",
            "это не обычный файл (устройство, канал или сокет): укажите файл с диска",
        )
    if info.st_size > limit.most:
        raise fail("file.too_large", limit.message)
