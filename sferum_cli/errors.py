"""One error vocabulary for the whole program.

Every error the user can cause is a subclass of :class:`SferumError` with
keyword-only fields; the message is formatted by the class (in Russian), never
by the code that raises it.  The CLI has exactly one handler for them
(:class:`sferum_cli.cli.app.BoundaryGroup`), which prints the message to
stderr and exits with :attr:`SferumError.exit_code`.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, dataclass_transform

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


_OS_REASONS = {
    errno.ENOENT: "нет такого файла или папки",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "операция не разрешена",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "часть пути — файл, а не папка",
    errno.EEXIST: "уже существует",
    errno.ENOSPC: "на диске нет места",
    errno.EDQUOT: "превышена дисковая квота",
    errno.EFBIG: "файл больше разрешённого размера (ограничение на размер файлов или диск "
    "переполнен)",
    errno.EROFS: "диск доступен только для чтения",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
    errno.EINVAL: "недопустимое имя файла",
    errno.ENOTEMPTY: "папка не пуста",
    errno.EBUSY: "файл занят другой программой",
    errno.EMFILE: "открыто слишком много файлов",
    errno.ELOOP: "слишком много символических ссылок",
    errno.EXDEV: "нельзя переместить файл на другой диск",
    errno.ECONNREFUSED: "сервер отказал в соединении",
    errno.ECONNRESET: "сервер разорвал соединение",
    errno.ETIMEDOUT: "сервер не ответил вовремя",
    errno.EHOSTUNREACH: "сервер недоступен",
    errno.ENETUNREACH: "сеть недоступна",
}


def os_reason(exc: OSError) -> str:
    """The Russian reason of an operating-system error (never libc's English)."""
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return f"ошибка ввода-вывода, код {exc.errno}" if exc.errno else "ошибка ввода-вывода"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column are 1-based, 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass_transform(kw_only_default=True, eq_default=False, field_specifiers=(field,))
class SferumError(Exception):
    """Base of every expected error.

    A subclass declares its fields as annotations (it becomes a keyword-only
    dataclass, without ``__eq__`` and with the plain exception ``repr``, so a
    traceback shows no school data) and either ``message_format``, a
    :meth:`str.format` text over those fields, or its own :meth:`describe`.
    """

    exit_code: ClassVar[int] = EXIT_INVALID
    message_format: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(kw_only=True, eq=False, repr=False)(cls)

    def describe(self) -> str:
        return self.message_format.format_map(vars(self))

    def __str__(self) -> str:
        return self.describe()


class LoadError(SferumError):
    """The file can't be read or parsed as a school file at all."""

    message_format = "{location}: {message}"
    location: Location
    code: str
    message: str


class SchoolPathError(LoadError):
    """A path written in the school file points outside the allowed folders or nowhere."""

    message: str = field(init=False)
    key: str
    reason: str

    def __post_init__(self) -> None:
        self.message = f"{self.key}: {self.reason}"


class InvalidSchoolError(SferumError):
    """The file parsed but has validation errors (a list of problems)."""

    path: str
    problems: list[object]

    def describe(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(
            f"Файл {self.path} содержит ошибки ({len(self.problems)}); "
            f"исправьте их и запустите команду снова."
        )
        return "\n".join(lines)


class UserFileError(SferumError):
    """A file named by the user (attachment, template, roster, output) is unusable."""

    message_format = "{path}: {reason}"
    path: Path | str
    reason: str
    code: str = "file.unusable"

    def __post_init__(self) -> None:
        self.path = str(self.path)


class OutputExistsError(SferumError):
    message_format = "{path}: файл уже существует. Чтобы перезаписать его, добавьте --force."
    path: Path | str

    def __post_init__(self) -> None:
        self.path = str(self.path)


class TemplateError(SferumError):
    """A template failed: the template name, line and the reason."""

    template: str
    line: int | None
    reason: str

    def describe(self) -> str:
        where = f"{self.template}:{self.line}" if self.line else self.template
        return f"Ошибка в шаблоне {where}: {self.reason}"


class ExternalToolError(SferumError):
    """A helper program (LibreOffice, SMTP server) is missing or failed."""

    message_format = "{tool}: {reason}"
    tool: str
    reason: str


class UsageError(SferumError):
    """Arguments that don't fit together (exit code 2, like click's usage errors)."""

    exit_code = EXIT_USAGE
    message_format = "{message}"
    message: str


class InvalidArgumentError(SferumError):
    """A value typed on the command line that the command can't process (exit code 1).

    Unlike :class:`UsageError` the options fit together; the text itself is
    wrong (a name given as initials, a text too long to decline).
    """

    message_format = "{argument}: {reason}"
    argument: str
    reason: str


class InterruptedByUser(SferumError):
    """Ctrl-C or Ctrl-D: nothing was written (exit code 130)."""

    exit_code = EXIT_INTERRUPTED
    message_format = "Прервано."


class CheckFailedError(SferumError):
    """A gate failed (`validate`, `build`, `checklist --check`): exit code 1.

    The report was already printed; ``message`` adds a closing line, or
    nothing when the report says it all.
    """

    message_format = "{message}"
    message: str = ""


class MailError(SferumError):
    """Sending failed: the SMTP server, the connection or TLS.

    The message never contains the word «отправлено»: users (and tests) read
    that word as success.
    """

    message_format = "Не удалось отправить письмо через {server}: {reason}"
    server: str
    reason: str


class SendCancelled(SferumError):
    """The user answered «нет» to the sending summary."""

    message_format = "Отправка отменена: письмо осталось неотправленным черновиком."


class SendCopyError(SferumError):
    """Accepted by the server, but the copy could not be saved."""

    message_format = (
        "Сервер принял письмо для {recipient}, повторно его отправлять не нужно, "
        "но копию сохранить не удалось: {reason}"
    )
    recipient: str
    reason: str
