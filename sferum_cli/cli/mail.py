"""Commands about the registration e-mail: email, questionnaire."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from sferum_cli.cli import output as output_settings
from sferum_cli.cli.app import (
    FILES_ROOT_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    app,
    school_argument,
)
from sferum_cli.cli.options import force_option, format_option, output_option


class EmailFormat(StrEnum):
    text = "text"
    eml = "eml"
    mailto = "mailto"
    json = "json"


class SmtpSecurity(StrEnum):
    starttls = "starttls"
    ssl = "ssl"
    none = "none"


class QuestionnaireFormat(StrEnum):
    text = "text"
    json = "json"


class TerminalUi:
    """The workflow's view of the terminal: stdout, stderr, prompts."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()

    def out(self, text: str) -> None:
        sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()

    def out_bytes(self, data: bytes) -> None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def warn(self, text: str) -> None:
        sys.stderr.write(text.rstrip("\n") + "\n")
        sys.stderr.flush()

    def confirm(self, question: str) -> bool:
        """«да»/«нет» (or y/n); click's own confirm answers in English."""
        while True:
            answer = str(
                typer.prompt(f"{question} [да/НЕТ]", default="", show_default=False, err=True)
            )
            word = answer.strip().lower()
            if word in {"", "н", "нет", "n", "no"}:
                return False
            if word in {"д", "да", "y", "yes"}:
                return True
            self.warn("Ответьте «да» или «нет».")

    def password(self, prompt: str) -> str:
        return str(typer.prompt(prompt, hide_input=True, err=True))


SMTP_OPTIONS_HELP = {
    "host": "Сервер SMTP (или SFERUM_SMTP_HOST, или email.smtp.host).",
    "port": "Порт SMTP (или SFERUM_SMTP_PORT); по умолчанию 587, для ssl 465, для none 25.",
    "user": "Имя пользователя SMTP (или SFERUM_SMTP_USER). Пароль — только из "
    "SFERUM_SMTP_PASSWORD или скрытого запроса.",
    "security": "Защита соединения (или SFERUM_SMTP_SECURITY): starttls (по умолчанию), ssl, none.",
    "timeout": "Сколько секунд ждать ответа сервера (или SFERUM_SMTP_TIMEOUT); по умолчанию 30.",
    "cafile": "Файл сертификатов центра сертификации сервера (или SFERUM_SMTP_CAFILE); "
    "по умолчанию — системные.",
}


def _smtp_option(name: str) -> Any:
    """``--smtp-<name>``: a setting of the SMTP connection (its help names the
    environment variable that can give it instead)."""
    return typer.Option(None, f"--smtp-{name}", help=SMTP_OPTIONS_HELP[name])


@app.command()
def email(
    path: Path | None = school_argument(),
    fmt: EmailFormat = format_option(
        EmailFormat.text,
        help="text — текст письма; eml — черновик для почтовой программы (X-Unsent: 1); "
        "mailto — ссылка mailto: без вложений; json — всё вместе для программ.",
    ),
    output: Path | None = output_option(None, help="Записать в файл вместо вывода на экран."),
    attach: list[Path] = typer.Option(
        None,
        "--attach",
        help="Вложение (можно повторять). Первый PDF/JPEG/PNG считается сканом "
        "подписанного письма, если в файле школы нет email.signed_scan. "
        "Документы Word не прикладываются.",
        show_default=False,
    ),
    force: bool = force_option("Перезаписать файл из --output."),
    send: bool = typer.Option(
        False, "--send", help="Отправить письмо через SMTP (без этого флага ничего не уходит)."
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Не спрашивать подтверждения перед отправкой (для скриптов)."
    ),
    smtp_host: str | None = _smtp_option("host"),
    smtp_port: int | None = _smtp_option("port"),
    smtp_user: str | None = _smtp_option("user"),
    smtp_security: SmtpSecurity | None = _smtp_option("security"),
    smtp_timeout: float | None = _smtp_option("timeout"),
    smtp_cafile: Path | None = _smtp_option("cafile"),
    files_root: Path | None = FILES_ROOT_OPTION,
    quiet: bool = QUIET_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Письмо-заявка на info@sferum.ru с темой «СФЕРУМ:Регистрация организации».

    Без --send только показывает или записывает письмо. С --send показывает
    сводку, спрашивает подтверждение и отправляет; копия отправленного
    письма сохраняется рядом с --output (или с файлом школы) как .eml.

    Коды выхода: 0 — готово (с --send: сервер принял письмо); 1 — ошибка в
    данных, во вложениях или при отправке (письмо не ушло); 2 — неверные
    параметры, в том числе --send без терминала и без --yes.
    """
    from sferum_cli import files
    from sferum_cli.mail.workflow import EmailRequest, SmtpOptions, run_email

    request = EmailRequest(
        school_path=files.school_file(path),
        fmt=fmt.value,
        output=output,
        attach=tuple(attach or ()),
        force=force,
        send=send,
        yes=yes,
        smtp=SmtpOptions(
            host=smtp_host,
            port=smtp_port,
            user=smtp_user,
            security=smtp_security.value if smtp_security else None,
            timeout=smtp_timeout,
            cafile=smtp_cafile,
        ),
        files_root=files_root,
        quiet=quiet,
    )
    output_settings.set_verbosity(quiet, verbose)
    run_email(request, TerminalUi())


@app.command()
def questionnaire(
    path: Path | None = school_argument(),
    fmt: QuestionnaireFormat = format_option(QuestionnaireFormat.text, help="Вид: text или json."),
) -> None:
    """Ответы для электронной анкеты Сферума (https://vk.cc/cnEOTn), поле за полем."""
    from sferum_cli import files
    from sferum_cli.mail.workflow import questionnaire_output

    sys.stdout.write(questionnaire_output(files.school_file(path), fmt.value))
