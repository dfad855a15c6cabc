"""What commands print besides their result: progress, summaries, colour.

``-q/--quiet`` keeps only the result, errors and warnings; ``-v/--verbose``
adds details.  Colour follows ``--color auto|always|never``, then the
``NO_COLOR`` and ``FORCE_COLOR`` conventions (https://no-color.org,
https://force-color.org), then whether the stream is a terminal.  Without
colour nothing prints an escape sequence at all — no bold or dim either.
Cheap to import: rich is imported only by :func:`console`.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

from sferum_cli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass
class _Settings:
    quiet: bool = False
    verbose: bool = False
    color: ColorMode | None = None


settings = _Settings()

QUIET_HELP = "Тише: только результат, ошибки и предупреждения (без хода работы и итогов)."
VERBOSE_HELP = "Подробнее: ход работы по каждому файлу."
COLOR_HELP = (
    "Цвет и выделение в выводе: auto — только в терминале (по умолчанию; учитывает "
    "NO_COLOR и FORCE_COLOR), always — всегда, never — никогда."
)


def reset(*, color: ColorMode | None = None) -> None:
    """Start of every run: the root callback forgets the previous command's flags."""
    settings.quiet = False
    settings.verbose = False
    settings.color = color


def set_verbosity(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise UsageError(message="-q/--quiet и -v/--verbose нельзя указывать вместе")
    settings.quiet = quiet
    settings.verbose = verbose


def info(text: str) -> None:
    """A summary or a «written …» line: on stdout unless --quiet."""
    if not settings.quiet:
        sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()


def detail(text: str) -> None:
    """A detail for --verbose only."""
    if settings.verbose:
        sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()


def _env_set(name: str) -> bool:
    return bool(os.environ.get(name, ""))


def color_mode() -> ColorMode:
    if settings.color is not None and settings.color is not ColorMode.auto:
        return settings.color
    if _env_set("NO_COLOR"):
        return ColorMode.never
    force = os.environ.get("FORCE_COLOR", "")
    if force and force not in {"0", "false"}:
        return ColorMode.always
    return ColorMode.auto


def use_color(stream: IO[Any]) -> bool:
    mode = color_mode()
    if mode is ColorMode.auto:
        isatty = getattr(stream, "isatty", None)
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    return mode is ColorMode.always


def paint(text: str, style: str, stream: IO[Any]) -> str:
    """``text`` in the SGR ``style`` (``"1"`` bold, ``"31"`` red…) when colour is on."""
    return f"\x1b[{style}m{text}\x1b[0m" if use_color(stream) else text


_REPORT_LINE = re.compile(r"^(\S+?:\d+(?::\d+)?|\S+?)(: )(.*)$")


def paint_report_line(line: str, stream: IO[Any]) -> str:
    """A line of ``validate``'s text report: the place in bold, warnings yellow,
    errors red, the verdict green or red."""
    if not use_color(stream):
        return line
    if line.startswith("Проверено файлов:") or line.endswith(("в порядке.", "в порядке")):
        bad = "с ошибками: 0" not in line and line.startswith("Проверено")
        return paint(line, "31" if bad else "32", stream)
    match = _REPORT_LINE.match(line)
    if match is None:
        return line
    place, sep, rest = match.groups()
    if "предупреждение: " in rest:
        head, _, tail = rest.partition("предупреждение: ")
        rest = head + paint("предупреждение:", "33", stream) + " " + tail
    else:
        rest = paint(rest, "31", stream)
    return paint(place, "1", stream) + sep + rest


class ReportLines:
    """``validate``'s text report written line by line as it comes, each line
    painted (:func:`paint_report_line`); with ``drop_last`` (``--quiet``) the
    last line — the summary — is left out.  The lines are those of
    ``str.splitlines()`` of the whole report, so the output is the same as
    painting the finished report at once."""

    def __init__(self, stream: IO[Any], *, drop_last: bool = False) -> None:
        self.stream = stream
        self.drop_last = drop_last
        self.pending = ""  # the last, maybe unfinished, line («\r» may be followed by «\n»)
        self.held: str | None = None  # with drop_last: the last finished line

    def write(self, text: str) -> None:
        parts = (self.pending + text).splitlines(keepends=True)
        self.pending = parts.pop() if parts else ""
        for part in parts:
            self._line(part.splitlines()[0])

    def _line(self, line: str) -> None:
        if self.drop_last:
            previous, self.held = self.held, line
            if previous is None:
                return
            line = previous
        self.stream.write(paint_report_line(line, self.stream) + "\n")

    def close(self) -> None:
        for line in self.pending.splitlines():
            self._line(line)
        self.pending, self.held = "", None
        self.stream.flush()


def console(stream: IO[Any] | None = None) -> Console:
    """A rich console that prints styles exactly when colour is wanted."""
    from rich.console import Console

    stream = stream or sys.stdout
    if use_color(stream):
        return Console(file=stream, force_terminal=True, no_color=False)
    # color_system=None: rich renders no escape sequence at all, not even bold.
    return Console(file=stream, color_system=None, force_terminal=False, no_color=True)
