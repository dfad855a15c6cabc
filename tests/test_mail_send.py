"""Sending against a real SMTP server (aiosmtpd) on 127.0.0.1, and every fault.

Each fault is provoked for real: a closed port, a wrong password, a server
answering 550, a socket that accepts and never answers, an untrusted
certificate.  Each must end with exit code 1, no «отправлено» and no copy.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from terminal import Key, run_in_terminal

from sferum_cli.mail import RECIPIENT, SUBJECT, attachments, compose
from sferum_cli.mail.smtp_settings import resolve_settings
from sferum_cli.mail.workflow import EmailRequest, SendCancelled, SmtpOptions, run_email
from sferum_cli.model import Smtp
from sferum_cli.validation import load_school

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
SCAN_NAME = "Письмо о назначении (подписано).pdf"
USER, PASSWORD = "admin@school.test", "пароль-Secret-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps every message; can refuse RCPT or DATA."""

    refuse_rcpt: str | None = None
    refuse_data: str | None = None
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        if self.refuse_data:
            return self.refuse_data
        self.envelopes.append(envelope)
        return "250 Message accepted"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    port: int
    recorder: Recorder
    cafile: Path | None = None


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "test-ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


def server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def start_server(ca: tuple[trustme.CA, Path]) -> Iterator[Any]:
    controllers: list[Controller] = []

    def start(mode: str = "plain", *, auth: bool = False, **handler: Any) -> Server:
        recorder = Recorder(**handler)
        port = free_port()
        kwargs: dict[str, Any] = {"hostname": "127.0.0.1", "port": port}
        if mode == "starttls":
            kwargs.update(tls_context=server_context(ca[0]), require_starttls=True)
        if mode == "ssl":
            kwargs.update(ssl_context=server_context(ca[0]))
        if auth:
            # aiosmtpd 1.4 only counts STARTTLS as TLS for auth_require_tls; with
            # implicit TLS ("ssl") the connection is encrypted from the start.
            kwargs.update(authenticator=authenticator, auth_require_tls=mode == "starttls")
        controller = Controller(recorder, **kwargs)
        controller.start()
        controllers.append(controller)
        return Server(port=port, recorder=recorder, cafile=ca[1] if mode != "plain" else None)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def school(tmp_path: Path, kirov: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the Kirov school with a signed scan, in tmp_path."""
    for name in ("HOST", "PORT", "USER", "SECURITY", "PASSWORD", "CAFILE", "TIMEOUT"):
        monkeypatch.delenv(f"SFERUM_SMTP_{name}", raising=False)
    (tmp_path / SCAN_NAME).write_bytes(PDF)
    path = tmp_path / "school.yaml"
    path.write_text(
        kirov.read_text(encoding="utf-8") + f"\nemail:\n  signed_scan: {SCAN_NAME}\n",
        encoding="utf-8",
    )
    return path


def sent_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sent-*.eml"))


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def assert_received(server: Server, school: Path) -> bytes:
    assert len(server.recorder.envelopes) == 1
    envelope = server.recorder.envelopes[0]
    assert envelope.rcpt_tos == [RECIPIENT]
    assert envelope.mail_from == "o.melnik@example.ru"
    data = envelope.original_content
    assert isinstance(data, bytes)
    message = parse(data)
    assert message["Subject"] == SUBJECT
    assert message["To"] == RECIPIENT
    assert message["X-Unsent"] is None
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    scan = attachments.load(school.parent / SCAN_NAME, role="signed_scan")
    expected_body = compose.body_text(load_school(school), [scan])
    assert body.get_content().replace("\r\n", "\n") == expected_body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == SCAN_NAME
    assert attachment.get_content() == PDF
    return data


def smtp_options(port: int, *extra: str) -> list[str]:
    """The options that point ``email --send`` at the test server on 127.0.0.1:``port``."""
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), *extra]


def test_send_plain(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain")
    result = send_email(invoke, school, server.port, "--smtp-security", "none")
    assert result.exit_code == 0, result.stderr
    data = assert_received(server, school)
    (copy,) = sent_copies(school.parent)
    # The copy is exactly what the server received (SMTP dot-stuffing aside).
    assert copy.read_bytes().replace(b"\r\n", b"\n") == data.replace(b"\r\n", b"\n")
    assert "отправлено" in result.stdout
    assert str(copy) in result.stdout
    assert "info@sferum.ru" in result.stdout and SUBJECT in result.stdout  # the summary


def test_send_starttls_with_auth_and_test_ca(
    invoke: Any, start_server: Any, school: Path, tmp_path: Path
) -> None:
    server = start_server("starttls", auth=True)
    out = tmp_path / "out" / "draft.eml"
    result = invoke(
        "email",
        str(school),
        "--format",
        "eml",
        "-o",
        str(out),
        "--send",
        "--yes",
        *smtp_options(server.port),
        "--smtp-user",
        USER,
        "--smtp-cafile",
        str(server.cafile),
        env={"SFERUM_SMTP_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.stderr
    assert_received(server, school)
    assert out.is_file() and parse(out.read_bytes())["X-Unsent"] == "1"
    (copy,) = sent_copies(out.parent)
    assert copy.name.startswith("draft.sent-")
    assert parse(copy.read_bytes())["X-Unsent"] is None
    assert PASSWORD not in result.stdout + result.stderr


def test_send_ssl_with_cafile_from_environment(
    invoke: Any, start_server: Any, school: Path
) -> None:
    server = start_server("ssl", auth=True)
    result = invoke(
        "email",
        str(school),
        "--send",
        "--yes",
        env={
            "SFERUM_SMTP_HOST": "127.0.0.1",
            "SFERUM_SMTP_PORT": str(server.port),
            "SFERUM_SMTP_SECURITY": "ssl",
            "SFERUM_SMTP_USER": USER,
            "SFERUM_SMTP_PASSWORD": PASSWORD,
            "SFERUM_SMTP_CAFILE": str(server.cafile),
        },
    )
    assert result.exit_code == 0, result.stderr
    assert_received(server, school)


def test_settings_from_school_file(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain")
    text = school.read_text(encoding="utf-8")
    school.write_text(
        text + f"  smtp:\n    host: 127.0.0.1\n    port: {server.port}\n    security: none\n",
        encoding="utf-8",
    )
    result = invoke("email", str(school), "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    assert_received(server, school)


def test_precedence_flags_over_environment_over_school_file() -> None:
    smtp = Smtp(host="school.example", port=2525, user="file-user", security="ssl")
    env = {"SFERUM_SMTP_HOST": "env.example", "SFERUM_SMTP_USER": "env-user"}
    settings = resolve_settings(host="flag.example", school_smtp=smtp, environ=env)
    assert (settings.host, settings.user, settings.port, settings.security) == (
        "flag.example",
        "env-user",
        2525,
        "ssl",
    )
    settings = resolve_settings(school_smtp=smtp, environ={})
    assert (settings.host, settings.user) == ("school.example", "file-user")
    settings = resolve_settings(host="h", environ={"SFERUM_SMTP_SECURITY": "ssl"})
    assert (settings.port, settings.timeout) == (465, 30.0)
    assert resolve_settings(host="h", environ={}).port == 587


# --- faults ---------------------------------------------------------------


def assert_failed(result: Any, school: Path, *, says: str) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert "отправлено" not in output.lower()
    assert says in result.stderr
    assert sent_copies(school.parent) == []


def send_email(invoke: Any, school: Path, port: int, *extra: str, **kwargs: Any) -> Any:
    """``email SCHOOL --send --yes`` to the server on 127.0.0.1:``port``."""
    return invoke("email", str(school), "--send", "--yes", *smtp_options(port, *extra), **kwargs)


def test_fault_server_down(invoke: Any, school: Path) -> None:
    result = send_email(invoke, school, free_port(), "--smtp-security", "none")
    assert_failed(result, school, says="не принимает соединения")


def test_fault_wrong_password(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("starttls", auth=True)
    result = send_email(
        invoke,
        school,
        server.port,
        "--smtp-user",
        USER,
        "--smtp-cafile",
        str(server.cafile),
        env={"SFERUM_SMTP_PASSWORD": "wrong"},
    )
    assert_failed(result, school, says="не принял имя пользователя или пароль")
    assert server.recorder.envelopes == []
    assert "wrong" not in result.stdout + result.stderr


def test_fault_recipient_refused(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain", refuse_rcpt="550 5.1.1 Mailbox unavailable")
    result = send_email(invoke, school, server.port, "--smtp-security", "none")
    assert_failed(result, school, says="отказался принять адресата")
    assert "550" in result.stderr


def test_fault_message_refused(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain", refuse_data="554 5.7.1 Message rejected as spam")
    result = send_email(invoke, school, server.port, "--smtp-security", "none")
    assert_failed(result, school, says="отказался принять письмо")
    assert "554" in result.stderr


def test_fault_temporary_refusal(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain", refuse_rcpt="451 4.3.0 Try again later")
    result = send_email(invoke, school, server.port, "--smtp-security", "none")
    assert_failed(result, school, says="451")


def test_fault_server_never_answers(invoke: Any, school: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts connections (backlog) and never says a word
        port = silent.getsockname()[1]
        result = send_email(
            invoke, school, port, "--smtp-security", "none", "--smtp-timeout", "0.5"
        )
    assert_failed(result, school, says="не ответил за 0.5 с")


def test_fault_untrusted_certificate(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("starttls")
    # No --smtp-cafile: the system trust store does not know the test CA.
    result = send_email(invoke, school, server.port)
    assert_failed(result, school, says="сертификат")
    assert server.recorder.envelopes == []


def test_fault_tls_on_a_plain_server(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain")
    result = send_email(
        invoke, school, server.port, "--smtp-security", "ssl", "--smtp-timeout", "5"
    )
    assert_failed(result, school, says="TLS")


def test_fault_starttls_not_offered(invoke: Any, start_server: Any, school: Path) -> None:
    server = start_server("plain")
    result = send_email(invoke, school, server.port)  # default security: starttls
    assert_failed(result, school, says="STARTTLS")
    assert server.recorder.envelopes == []


# --- refusals before anything is sent ------------------------------------


def test_send_needs_confirmation_without_a_terminal(
    invoke: Any, start_server: Any, school: Path
) -> None:
    server = start_server("plain")
    result = invoke(
        "email",
        str(school),
        "--send",
        *smtp_options(server.port),
        "--smtp-security",
        "none",
    )
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert server.recorder.envelopes == []


def test_send_needs_a_password_without_a_terminal(
    invoke: Any, start_server: Any, school: Path
) -> None:
    server = start_server("starttls", auth=True)
    result = send_email(
        invoke, school, server.port, "--smtp-user", USER, "--smtp-cafile", str(server.cafile)
    )
    assert result.exit_code == 2
    assert "SFERUM_SMTP_PASSWORD" in result.stderr
    assert server.recorder.envelopes == []


def test_send_refuses_without_signed_scan(
    invoke: Any, start_server: Any, kirov: Path, tmp_path: Path
) -> None:
    server = start_server("plain")
    path = tmp_path / "school.yaml"
    path.write_text(kirov.read_text(encoding="utf-8"), encoding="utf-8")
    result = send_email(invoke, path, server.port, "--smtp-security", "none")
    assert result.exit_code == 2
    assert "скан" in result.stderr
    assert server.recorder.envelopes == []


def test_password_is_never_a_flag(invoke: Any, school: Path) -> None:
    result = invoke("email", str(school), "--smtp-password", "x")
    assert result.exit_code == 2


def test_password_over_plain_text_to_a_remote_host_is_refused(invoke: Any, school: Path) -> None:
    result = invoke(
        "email",
        str(school),
        "--send",
        "--yes",
        "--smtp-host",
        "mail.example.invalid",
        "--smtp-security",
        "none",
        "--smtp-user",
        USER,
        env={"SFERUM_SMTP_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 2
    assert "открытым текстом" in result.stderr


# --- confirmation and password prompt (the workflow with a scripted terminal) --


@dataclass
class ScriptedUi:
    """Plays the person at the terminal: answers the question, types the password."""

    answer: bool
    typed_password: str = ""
    interactive: bool = True
    printed: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    password_prompts: list[str] = field(default_factory=list)

    def out(self, text: str) -> None:
        self.printed.append(text)

    def out_bytes(self, data: bytes) -> None:
        self.printed.append(data.decode("utf-8"))

    def warn(self, text: str) -> None:
        self.printed.append(text)

    def confirm(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer

    def password(self, prompt: str) -> str:
        self.password_prompts.append(prompt)
        return self.typed_password


def request_for(school: Path, server: Server, **smtp: Any) -> EmailRequest:
    return EmailRequest(
        school_path=school,
        send=True,
        smtp=SmtpOptions(host="127.0.0.1", port=server.port, cafile=server.cafile, **smtp),
    )


def test_answering_no_sends_nothing(start_server: Any, school: Path) -> None:
    server = start_server("plain")
    ui = ScriptedUi(answer=False)
    with pytest.raises(SendCancelled) as caught:
        run_email(request_for(school, server, security="none"), ui)
    assert ui.questions and server.recorder.envelopes == []
    assert sent_copies(school.parent) == []
    assert "отправлено" not in (" ".join(ui.printed) + caught.value.describe()).lower()
    assert any(RECIPIENT in line and SUBJECT in line for line in ui.printed)  # the summary


def test_answering_yes_asks_the_password_and_sends(start_server: Any, school: Path) -> None:
    server = start_server("starttls", auth=True)
    ui = ScriptedUi(answer=True, typed_password=PASSWORD)
    run_email(request_for(school, server, user=USER), ui)
    assert len(ui.password_prompts) == 1
    assert_received(server, school)
    assert len(sent_copies(school.parent)) == 1
    assert "отправлено" in ui.printed[-1]
    assert all(PASSWORD not in line for line in ui.printed)


# --- a real terminal: the confirmation and the hidden password prompt ------


def test_terminal_confirmation_and_hidden_password(start_server: Any, school: Path) -> None:
    import os

    server = start_server("starttls", auth=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SFERUM_SMTP_")}
    code, screen = run_in_terminal(
        [
            "email",
            str(school),
            "--send",
            *smtp_options(server.port),
            "--smtp-user",
            USER,
            "--smtp-cafile",
            str(server.cafile),
        ],
        [
            Key("Отправить письмо сейчас?", b"y\r"),
            Key("Пароль SMTP", PASSWORD.encode() + b"\r", hidden=True),
        ],
        env=env,
        timeout=20,
    )
    assert code == 0, screen
    assert "Письмо к отправке" in screen and SUBJECT in screen
    assert PASSWORD not in screen  # hidden input: never echoed
    assert_received(server, school)
    assert "отправлено" in screen


class DripServer:
    """A server on 127.0.0.1 that answers one line every ``pause`` seconds,
    forever, at one ``phase`` of the conversation (the greeting, the EHLO
    reply, or the reply to the message itself); everything else is prompt."""

    def __init__(self, phase: str, pause: float = 1.5) -> None:
        import threading

        self.phase = phase
        self.pause = pause
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def __enter__(self) -> DripServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(timeout=5)

    def _answer(self, conn: socket.socket, phase: str, reply: bytes) -> bool:
        """Send ``reply``; at the slow phase drip its code instead, and say the
        conversation is over (True)."""
        if self.phase != phase:
            conn.sendall(reply)
            return False
        # Long enough to show a client that waits past its timeout (a client
        # without a deadline waits it out, then fails late), short enough to
        # keep a broken build from hanging.
        for _ in range(10):
            if self.stop.wait(self.pause):
                break
            conn.sendall(reply[:3] + b"-still working\r\n")
        return True

    def _serve(self) -> None:
        import contextlib

        with contextlib.suppress(OSError):
            conn, _ = self.listener.accept()
            with conn, conn.makefile("rb") as lines:
                if self._answer(conn, "greeting", b"220 slow.test ESMTP\r\n"):
                    return
                for raw in lines:
                    command = raw.decode().strip().upper()
                    if command.startswith("EHLO"):
                        if self._answer(conn, "ehlo", b"250 slow.test\r\n"):
                            return
                    elif command == "DATA":
                        conn.sendall(b"354 go ahead\r\n")
                        for body_line in lines:
                            if body_line == b".\r\n":
                                break
                        if self._answer(conn, "data", b"250 accepted\r\n"):
                            return
                    elif command == "QUIT":
                        conn.sendall(b"221 bye\r\n")
                        return
                    else:
                        conn.sendall(b"250 ok\r\n")


@pytest.mark.parametrize("phase", ["greeting", "ehlo", "data"])
def test_fault_server_drips_replies_the_timeout_bounds_the_whole_send(
    invoke: Any, school: Path, phase: str
) -> None:
    """One line every 1.5 s never trips a per-read timeout; the deadline does.

    The send itself is timed through the library (the command around it
    also loads the school and builds the message); the command is checked
    for its exit code and message, with a margin for its start-up."""
    import time

    from sferum_cli.mail import MailError
    from sferum_cli.mail.send import send

    with DripServer(phase) as server:
        settings = resolve_settings(
            host="127.0.0.1", port=server.port, security="none", timeout=3, environ={}
        )
        started = time.monotonic()
        with pytest.raises(MailError, match="не ответил за 3 с"):
            send(settings, sender="a@example.ru", recipients=[RECIPIENT], data=b"x\r\n")
        elapsed = time.monotonic() - started
    assert elapsed < 3 + 0.5, elapsed

    with DripServer(phase) as server:
        started = time.monotonic()
        result = send_email(
            invoke, school, server.port, "--smtp-security", "none", "--smtp-timeout", "3"
        )
        elapsed = time.monotonic() - started
    assert elapsed < 3 + 8, elapsed  # was 45 s: the drip outlasted every read timeout
    assert_failed(result, school, says="не ответил за 3 с")
    assert "Письмо к отправке" in result.stdout  # it did get as far as trying
