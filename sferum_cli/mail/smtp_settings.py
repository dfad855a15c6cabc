"""SMTP settings: command-line flags, then the environment, then the school file.

The environment variables are ``SFERUM_SMTP_HOST``, ``_PORT``, ``_USER``,
``_SECURITY``, ``_CAFILE`` and ``_TIMEOUT``.  The password is never a
setting: the caller passes it (from ``SFERUM_SMTP_PASSWORD`` or a hidden
prompt) and it is neither stored nor printed.  Unusable settings are a
:class:`~sferum_cli.errors.UsageError`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sferum_cli.errors import UsageError

if TYPE_CHECKING:
    from sferum_cli.model import Smtp

Security = Literal["starttls", "ssl", "none"]
SECURITY_CHOICES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 30.0
ENV_PREFIX = "SFERUM_SMTP_"
PASSWORD_ENV = "SFERUM_SMTP_PASSWORD"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    user: str | None
    timeout: float
    cafile: Path | None

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def _env(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(ENV_PREFIX + name, "").strip()
    return value or None


def _first(*values: str | int | float | Path | None) -> str | None:
    for value in values:
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def resolve_settings(
    *,
    host: str | None = None,
    port: int | None = None,
    user: str | None = None,
    security: str | None = None,
    timeout: float | None = None,
    cafile: Path | None = None,
    school_smtp: Smtp | None = None,
    environ: Mapping[str, str] | None = None,
) -> SmtpSettings:
    """Flags > environment > school file; raises :class:`UsageError` if unusable."""
    env = os.environ if environ is None else environ
    school_host = school_smtp.host if school_smtp else None
    school_port = school_smtp.port if school_smtp else None
    school_user = school_smtp.user if school_smtp else None
    school_security = school_smtp.security if school_smtp else None

    final_host = _first(host, _env(env, "HOST"), school_host)
    if final_host is None:
        raise UsageError(
            message="не указан сервер исходящей почты: добавьте --smtp-host, переменную "
            "SFERUM_SMTP_HOST или ключ email.smtp.host в файле школы"
        )
    final_security = _first(security, _env(env, "SECURITY"), school_security) or "starttls"
    final_security = final_security.lower()
    if final_security not in SECURITY_CHOICES:
        raise UsageError(
            message=f"неизвестная защита соединения «{final_security}»: "
            "возможны starttls, ssl или none"
        )
    sec: Security = final_security
    port_text = _first(port, _env(env, "PORT"), school_port)
    final_port = DEFAULT_PORTS[sec]
    if port_text is not None:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise UsageError(message=f"порт SMTP «{port_text}» должен быть числом от 1 до 65535")
        final_port = int(port_text)
    timeout_text = _first(timeout, _env(env, "TIMEOUT"))
    final_timeout = DEFAULT_TIMEOUT
    if timeout_text is not None:
        try:
            final_timeout = float(timeout_text)
        except ValueError:
            final_timeout = -1.0
        if not 0 < final_timeout <= 600:
            raise UsageError(
                message=f"время ожидания SMTP «{timeout_text}» должно быть числом секунд "
                "от 0 до 600"
            )
    cafile_text = _first(cafile, _env(env, "CAFILE"))
    final_cafile = Path(cafile_text) if cafile_text else None
    if final_cafile is not None and not final_cafile.is_file():
        raise UsageError(message=f"файл сертификатов {final_cafile} не найден")
    return SmtpSettings(
        host=final_host,
        port=final_port,
        security=sec,
        user=_first(user, _env(env, "USER"), school_user),
        timeout=final_timeout,
        cafile=final_cafile,
    )


def check_password_allowed(settings: SmtpSettings) -> None:
    """A password never crosses the network unencrypted (except to this computer)."""
    if settings.user and settings.security == "none" and settings.host not in LOOPBACK:
        raise UsageError(
            message="вход по паролю без шифрования (--smtp-security none) запрещён: "
            "пароль ушёл бы открытым текстом. Укажите starttls или ssl"
        )
