"""Sending the message over SMTP within one deadline.

Settings are :mod:`.smtp_settings`; every fault is a
:class:`~sferum_cli.errors.MailError` (exit code 1) made by
:func:`.smtp_faults.translate`.
"""

from __future__ import annotations

import contextlib
import socket
import time
from typing import TYPE_CHECKING

from sferum_cli.errors import MailError, UsageError
from sferum_cli.mail.smtp_faults import translate
from sferum_cli.mail.smtp_settings import SmtpSettings, check_password_allowed

if TYPE_CHECKING:
    import smtplib
    import ssl


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
            raise translate(TimeoutError(), settings) from None
        raise translate(exc, settings) from None
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
