"""Every way talking to an SMTP server can fail, said in Russian.

:func:`translate` turns an exception from smtplib, ssl or the socket into a
:class:`~sferum_cli.errors.MailError` whose message says what went wrong and
never claims the message left.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import MailError, os_reason

if TYPE_CHECKING:
    import smtplib

    from sferum_cli.mail.smtp_settings import SmtpSettings


def _server_text(exc: smtplib.SMTPResponseException) -> str:
    raw = exc.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())[:200]
    return f"{exc.smtp_code} {text}".strip()


def _refused_recipients(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{code} {(msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg)[:200]}"
        for code, msg in exc.recipients.values()
    )


def _timed_out(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError | socket.timeout):
            return True
        seen = seen.__cause__ or seen.__context__
    return "timed out" in str(exc)


Match = type[BaseException] | Callable[[BaseException], bool]
Reason = Callable[[Any, "SmtpSettings"], str]


def _reasons() -> list[tuple[Match, Reason]]:
    """What a failure matches → its reason; the first match wins (subclasses first)."""
    import smtplib
    import ssl

    return [
        (
            smtplib.SMTPAuthenticationError,
            lambda exc, _: (
                f"сервер не принял имя пользователя или пароль ({_server_text(exc)}). "
                "Проверьте их; у многих почтовых служб для программ нужен отдельный «пароль "
                "приложения»"
            ),
        ),
        (
            smtplib.SMTPRecipientsRefused,
            lambda exc, _: f"сервер отказался принять адресата ({_refused_recipients(exc)})",
        ),
        (
            smtplib.SMTPSenderRefused,
            lambda exc, _: f"сервер отказался принять адрес отправителя ({_server_text(exc)})",
        ),
        (
            smtplib.SMTPDataError,
            lambda exc, _: f"сервер отказался принять письмо ({_server_text(exc)})",
        ),
        (
            smtplib.SMTPNotSupportedError,
            lambda exc, _: (
                f"сервер не поддерживает нужную команду ({exc}); проверьте "
                "--smtp-security (starttls, ssl или none) и порт"
            ),
        ),
        (
            smtplib.SMTPHeloError,
            lambda exc, _: f"сервер отверг приветствие ({_server_text(exc)})",
        ),
        (
            _timed_out,
            lambda _, settings: (
                f"сервер не ответил за {settings.timeout:g} с (столько длится "
                "вся отправка: соединение, команды и ответы). Проверьте адрес и порт; время "
                "ожидания задаёт --smtp-timeout"
            ),
        ),
        (
            ssl.SSLCertVerificationError,
            lambda exc, _: (
                f"не удалось проверить сертификат сервера ({exc.verify_message}): "
                "соединение небезопасно. Если у сервера свой центр сертификации, укажите его файл "
                "в --smtp-cafile или SFERUM_SMTP_CAFILE"
            ),
        ),
        (
            ssl.SSLError,
            lambda exc, _: (
                f"ошибка TLS ({exc.reason or exc}). Проверьте --smtp-security: для "
                "порта 465 обычно ssl, для 587 — starttls"
            ),
        ),
        (
            smtplib.SMTPResponseException,
            lambda exc, _: f"сервер ответил ошибкой ({_server_text(exc)})",
        ),
        (
            smtplib.SMTPServerDisconnected,
            lambda _exc, _: "сервер неожиданно разорвал соединение",
        ),
        (
            ConnectionRefusedError,
            lambda _exc, _: (
                "сервер не принимает соединения (в соединении отказано). "
                "Проверьте адрес, порт и --smtp-security"
            ),
        ),
        (
            socket.gaierror,
            lambda _exc, _: "сервер с таким именем не найден: проверьте --smtp-host и сеть",
        ),
        (smtplib.SMTPException, lambda exc, _: f"ошибка SMTP ({type(exc).__name__})"),
        (OSError, lambda exc, _: f"ошибка соединения ({os_reason(exc)})"),
    ]


def translate(exc: BaseException, settings: SmtpSettings) -> MailError:
    """Any failure while talking to the server → a Russian MailError."""
    for match, reason in _reasons():
        matched = isinstance(exc, match) if isinstance(match, type) else match(exc)
        if matched:
            return MailError(server=settings.server, reason=reason(exc, settings))
    return MailError(
        server=settings.server,
        reason=f"непредвиденная ошибка соединения ({type(exc).__name__})",
    )
