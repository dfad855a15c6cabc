"""Sending the message over SMTP, and every way that can fail.

Settings come from, in order of precedence: command-line flags, the
environment (``SFERUM_SMTP_HOST``, ``_PORT``, ``_USER``, ``_SECURITY``,
``_CAFILE``, ``_TIMEOUT``), the school file's ``email.smtp``.  The password is
never a setting: the caller passes it (from ``SFERUM_SMTP_PASSWORD`` or a
hidden prompt) and it is neither stored nor printed.

Every fault is a :class:`~sferum_cli.mail.MailError` (exit code 1) whose
message says what went wrong in Russian and never claims the message left.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sferum_cli.errors import UsageError, os_reason
from sferum_cli.mail import MailError

if TYPE_CHECKING:
    import smtplib
    import ssl

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


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    import ssl

    if settings.cafile is not None:
        try:
            return ssl.create_default_context(cafile=str(settings.cafile))
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(
                message=f"не удалось прочитать сертификаты из {settings.cafile} ({exc})"
            ) from None
    return ssl.create_default_context()


def _server_text(exc: smtplib.SMTPResponseException) -> str:
    raw = exc.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())[:200]
    return f"{exc.smtp_code} {text}".strip()


def _timed_out(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError | socket.timeout):
            return True
        seen = seen.__cause__ or seen.__context__
    return "timed out" in str(exc)


def _translate(exc: BaseException, settings: SmtpSettings) -> MailError:
    """Any failure while talking to the server → a Russian MailError."""
    import smtplib
    import ssl

    server = settings.server

    def fail(reason: str) -> MailError:
        return MailError(server=server, reason=reason)

    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return fail(
            f"сервер не принял имя пользователя или пароль ({_server_text(exc)}). Проверьте "
            "их; у многих почтовых служб для программ нужен отдельный «пароль приложения»"
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = "; ".join(
            f"{code} {(msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg)[:200]}"
            for code, msg in exc.recipients.values()
        )
        return fail(f"сервер отказался принять адресата ({codes})")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return fail(f"сервер отказался принять адрес отправителя ({_server_text(exc)})")
    if isinstance(exc, smtplib.SMTPDataError):
        return fail(f"сервер отказался принять письмо ({_server_text(exc)})")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return fail(
            f"сервер не поддерживает нужную команду ({exc}); проверьте --smtp-security "
            "(starttls, ssl или none) и порт"
        )
    if isinstance(exc, smtplib.SMTPHeloError):
        return fail(f"сервер отверг приветствие ({_server_text(exc)})")
    if _timed_out(exc):
        return fail(
            f"сервер не ответил за {settings.timeout:g} с (столько длится вся отправка: "
            "соединение, команды и ответы). Проверьте адрес и порт; время ожидания задаёт "
            "--smtp-timeout"
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return fail(
            f"не удалось проверить сертификат сервера ({exc.verify_message}): соединение "
            "небезопасно. Если у сервера свой центр сертификации, укажите его файл в "
            "--smtp-cafile или SFERUM_SMTP_CAFILE"
        )
    if isinstance(exc, ssl.SSLError):
        return fail(
            f"ошибка TLS ({exc.reason or exc}). Проверьте --smtp-security: для порта 465 "
            "обычно ssl, для 587 — starttls"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return fail(f"сервер ответил ошибкой ({_server_text(exc)})")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return fail("сервер неожиданно разорвал соединение")
    if isinstance(exc, ConnectionRefusedError):
        return fail(
            "сервер не принимает соединения (в соединении отказано). Проверьте адрес, "
            "порт и --smtp-security"
        )
    if isinstance(exc, socket.gaierror):
        return fail("сервер с таким именем не найден: проверьте --smtp-host и сеть")
    if isinstance(exc, smtplib.SMTPException):
        return fail(f"ошибка SMTP ({type(exc).__name__})")
    if isinstance(exc, OSError):
        return fail(f"ошибка соединения ({os_reason(exc)})")
    return fail(f"непредвиденная ошибка соединения ({type(exc).__name__})")


class Deadline:
    """The whole conversation with the server — connecting, TLS, every command
    and reply — ends within ``seconds``, however slowly the server drips.

    A socket timeout bounds each wait only: a server sending one line a second
    never trips it.  When the time is up, a watcher thread shuts the
    connection down under smtplib's feet (and keeps doing so for a socket
    that appears later); :func:`send` then reports the timeout.
    """

    def __init__(self, seconds: float) -> None:
        import threading

        self.seconds = seconds
        self.expired = threading.Event()
        self._done = threading.Event()
        self._end = time.monotonic() + seconds
        self._client: smtplib.SMTP | None = None
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Deadline:
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._watcher.join()

    def remaining(self) -> float:
        """Seconds left (for the next wait); TimeoutError once none are."""
        left = self._end - time.monotonic()
        if left <= 0 or self.expired.is_set():
            raise TimeoutError("SMTP: the time for sending is up")
        return left

    def watch(self, client: smtplib.SMTP) -> None:
        self._client = client

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.expired.set()
        while True:
            sock = getattr(self._client, "sock", None)
            if sock is not None:
                # The plain socket's shutdown, also under TLS: it ends the
                # connection and wakes the thread blocked reading from it.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
            if self._done.wait(0.05):
                return


def _connect(settings: SmtpSettings, deadline: Deadline) -> smtplib.SMTP:
    import smtplib

    client: smtplib.SMTP
    wait = min(settings.timeout, deadline.remaining())
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(timeout=wait, context=tls_context(settings))
    else:
        client = smtplib.SMTP(timeout=wait)
    # Made without a host and connected below, so that the watcher already
    # holds it while the greeting is read; the name is what TLS checks.
    client._host = settings.host  # type: ignore[attr-defined]
    deadline.watch(client)
    try:
        client.connect(settings.host, settings.port)
        deadline.remaining()
        client.ehlo()
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise MailError(
                    server=settings.server,
                    reason="сервер не предлагает STARTTLS: соединение не было бы "
                    "зашифровано. Проверьте порт (обычно 587) или укажите --smtp-security ssl",
                )
            client.starttls(context=tls_context(settings))
            client.ehlo()
    except BaseException:
        client.close()
        raise
    return client


def _login(client: smtplib.SMTP, user: str, password: str, *, server: str) -> None:
    """AUTH; a non-ASCII name or password goes as UTF-8 AUTH PLAIN (RFC 4616).

    smtplib encodes credentials as ASCII only, so a Cyrillic password would
    otherwise fail before reaching the server.
    """
    import base64
    import smtplib

    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    if "plain" not in client.esmtp_features.get("auth", "").lower().split():
        raise MailError(
            server=server,
            reason="в имени пользователя или пароле есть не латинские символы, а сервер не "
            "предлагает способ входа, который их передаёт (AUTH PLAIN)",
        )
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, response = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, response)


def send(
    settings: SmtpSettings,
    *,
    sender: str,
    recipients: list[str],
    data: bytes,
    password: str | None = None,
) -> None:
    """Deliver ``data`` (the exact bytes of the message) or raise MailError.

    Returns only when the server accepted the message for every recipient.
    """
    check_password_allowed(settings)
    client: smtplib.SMTP | None = None
    deadline = Deadline(settings.timeout)
    try:
        with deadline:
            client = _connect(settings, deadline)
            _deliver(client, settings, sender, recipients, data, password)
            client = None
    except (MailError, UsageError):
        raise
    except Exception as exc:
        if deadline.expired.is_set():
            raise _translate(TimeoutError(), settings) from None
        raise _translate(exc, settings) from None
    finally:
        if client is not None:
            client.close()


def _deliver(
    client: smtplib.SMTP,
    settings: SmtpSettings,
    sender: str,
    recipients: list[str],
    data: bytes,
    password: str | None,
) -> None:
    if settings.user:
        if not client.has_extn("auth"):
            raise MailError(
                server=settings.server,
                reason="сервер не предлагает вход по паролю (AUTH); уберите --smtp-user "
                "или проверьте порт и защиту соединения",
            )
        _login(client, settings.user, password or "", server=settings.server)
    refused = client.sendmail(sender, recipients, data)
    if refused:
        raise MailError(
            server=settings.server,
            reason=f"сервер не принял адресатов: {', '.join(sorted(refused))}",
        )
    try:
        client.quit()
    except Exception:
        client.close()
