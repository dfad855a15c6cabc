"""What ``sferum-cli email`` and ``sferum-cli questionnaire`` do, step by step.

The CLI builds an :class:`EmailRequest`, hands over a :class:`Ui` (how to
print, warn, ask) and calls :func:`run_email`.  Nothing here touches the
terminal directly, so the whole flow is testable without one.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from sferum_cli.errors import SendCancelled, SendCopyError, SferumError, UsageError
from sferum_cli.mail import QUESTIONNAIRE_URL, RECIPIENT, SUBJECT
from sferum_cli.mail.attachments import Attachment

if TYPE_CHECKING:
    from sferum_cli.model import School
    from sferum_cli.school_paths import SchoolPaths

EmailFormat = Literal["text", "eml", "mailto", "json"]
QuestionnaireFormat = Literal["text", "json"]

NO_SCAN_WARNING = (
    "Внимание: скан подписанного письма не приложен. Письмо о назначении администратора "
    "нужно распечатать на бланке организации, подписать у руководителя, заверить печатью, "
    "отсканировать (PDF, JPEG или PNG) и приложить: --attach СКАН или ключ "
    "email.signed_scan в файле школы."
)
QUESTIONNAIRE_HINT = (
    f"Не забудьте заполнить электронную анкету {QUESTIONNAIRE_URL}: ответы по полям "
    "покажет команда «sferum-cli questionnaire». Когда заполните, отметьте дату в "
    "progress.questionnaire_filled."
)
MAILTO_WARNING = (
    "Ссылка mailto: не переносит вложения: приложите скан письма в почтовой программе "
    "вручную. Длинные ссылки некоторые программы обрезают — сверьте текст письма."
)


class Ui(Protocol):
    """How the workflow talks to the person running it."""

    interactive: bool

    def out(self, text: str) -> None: ...  # stdout, text
    def out_bytes(self, data: bytes) -> None: ...  # stdout, bytes
    def warn(self, text: str) -> None: ...  # stderr
    def confirm(self, question: str) -> bool: ...
    def password(self, prompt: str) -> str: ...  # hidden input


@dataclass(frozen=True)
class SmtpOptions:
    host: str | None = None
    port: int | None = None
    user: str | None = None
    security: str | None = None
    timeout: float | None = None
    cafile: Path | None = None


@dataclass(frozen=True)
class EmailRequest:
    school_path: Path
    fmt: EmailFormat = "text"
    output: Path | None = None
    attach: Sequence[Path] = ()
    force: bool = False
    send: bool = False
    yes: bool = False
    smtp: SmtpOptions = field(default_factory=SmtpOptions)
    files_root: Path | None = None
    quiet: bool = False  # only the result, errors and warnings


def gather_attachments(
    school: School, paths: SchoolPaths, attach: Sequence[Path] = ()
) -> list[Attachment]:
    """The checked attachments: the school file's (resolved and confined by
    ``paths``) and the command line's ``attach`` (taken as given)."""
    from sferum_cli.mail import attachments

    settings = school.email
    return attachments.collect(
        signed_scan=paths.optional(("email", "signed_scan"), settings.signed_scan),
        extra=[
            paths.resolve(("email", "attachments", index), value)
            for index, value in enumerate(settings.attachments)
        ],
        from_command_line=list(attach),
    )


def render(school: School, attached: Sequence[Attachment], fmt: EmailFormat) -> bytes:
    """The output of ``--format fmt`` as bytes (UTF-8 text or the ``.eml``)."""
    from sferum_cli.mail import compose

    if fmt == "eml":
        return compose.build_eml(school, attached, draft=True)
    if fmt == "mailto":
        text = compose.mailto_link(school, attached) + "\n"
    elif fmt == "json":
        text = json.dumps(compose.summary(school, attached), ensure_ascii=False, indent=2) + "\n"
    else:
        text = compose.body_text(school, attached)
    return text.encode("utf-8")


def sent_copy_path(beside: Path, *, now: float | None = None) -> Path:
    """A new file name for the copy of the sent message, next to ``beside``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    stem = beside.name.split(".")[0] or "sferum"
    candidate = beside.parent / f"{stem}.sent-{stamp}.eml"
    counter = 2
    while candidate.exists():
        candidate = beside.parent / f"{stem}.sent-{stamp}-{counter}.eml"
        counter += 1
    return candidate


def _summary_lines(sender: str, attached: Sequence[Attachment], server: str) -> str:
    lines = [
        "Письмо к отправке:",
        f"  Кому:    {RECIPIENT}",
        f"  От:      {sender}",
        f"  Тема:    {SUBJECT}",
        f"  Сервер:  {server}",
        "  Вложения:",
    ]
    lines += [f"    - {a.filename} ({a.size} байт)" for a in attached] or ["    нет"]
    return "\n".join(lines)


def run_email(request: EmailRequest, ui: Ui) -> None:
    """Everything ``sferum-cli email`` does; raises SferumError on any problem."""
    from sferum_cli import files
    from sferum_cli.mail import attachments as attachments_module
    from sferum_cli.mail import compose, send, smtp_settings
    from sferum_cli.validation import load_school_and_paths

    school, paths = load_school_and_paths(request.school_path, files_root=request.files_root)
    attached = gather_attachments(school, paths, request.attach)
    scan = attachments_module.signed_scan(attached)

    if request.fmt == "eml" and request.output is None and not request.send:
        from sferum_cli import privacy

        if privacy.masking():
            raise UsageError(
                message="черновик .eml не выводится на экран, когда личные данные скрываются "
                "(CI=true или --no-pii): в нём они закодированы, и скрыть их нельзя. "
                "Запишите черновик в файл: -o zayavka.eml (или запустите "
                "«sferum-cli --show-pii email …»)"
            )
    if request.send and scan is None:
        raise UsageError(
            message="без скана подписанного письма отправлять заявку бессмысленно: "
            "Сферум её не примет. " + NO_SCAN_WARNING.removeprefix("Внимание: ")
        )
    settings = None
    if request.send:
        options = request.smtp
        settings = smtp_settings.resolve_settings(
            host=options.host,
            port=options.port,
            user=options.user,
            security=options.security,
            timeout=options.timeout,
            cafile=options.cafile,
            school_smtp=school.email.smtp,
        )
        smtp_settings.check_password_allowed(settings)
        if not request.yes and not ui.interactive:
            raise UsageError(
                message="отправка требует подтверждения: запустите команду в терминале "
                "или добавьте --yes"
            )

    if scan is None:
        ui.warn(NO_SCAN_WARNING)
    if school.progress.questionnaire_filled is None and not request.quiet:
        ui.warn(QUESTIONNAIRE_HINT)
    if request.fmt == "mailto":
        ui.warn(MAILTO_WARNING)

    if request.output is not None:
        files.atomic_write(
            request.output, render(school, attached, request.fmt), force=request.force
        )
        what = (
            "Черновик письма (откройте его в почтовой программе)"
            if request.fmt == "eml"
            else "Результат"
        )
        if not request.quiet:
            ui.out(f"{what} записан в {request.output}")
    elif not request.send:
        ui.out_bytes(render(school, attached, request.fmt))

    if settings is None:
        return

    sender = compose.ascii_address(compose.sender_address(school))
    if not (request.quiet and request.yes):  # the summary is what one confirms
        ui.out(_summary_lines(sender, attached, settings.server))
    if not request.yes and not ui.confirm("Отправить письмо сейчас?"):
        raise SendCancelled()
    password: str | None = None
    if settings.user:
        password = os.environ.get(smtp_settings.PASSWORD_ENV) or None
        if password is None:
            if not ui.interactive:
                raise UsageError(
                    message=f"нужен пароль SMTP для {settings.user}: задайте переменную "
                    f"{smtp_settings.PASSWORD_ENV} или запустите команду в терминале"
                )
            password = ui.password(f"Пароль SMTP для {settings.user}")

    data = compose.to_eml_bytes(compose.build_message(school, attached, draft=False))
    copy_path = sent_copy_path(request.output or request.school_path)
    send.send(settings, sender=sender, recipients=[RECIPIENT], data=data, password=password)
    # The server has accepted the message: from here on, say so whatever happens.
    try:
        files.atomic_write(copy_path, data, force=False)
    except SferumError as exc:
        raise SendCopyError(recipient=RECIPIENT, reason=exc.describe()) from None
    if not request.quiet:
        ui.out(f"Письмо отправлено на {RECIPIENT}. Копия отправленного письма: {copy_path}")


def questionnaire_output(school_path: Path, fmt: QuestionnaireFormat = "text") -> str:
    """The text of ``sferum-cli questionnaire``."""
    from sferum_cli.mail import questionnaire
    from sferum_cli.validation import load_school

    school = load_school(school_path)
    if fmt == "json":
        return json.dumps(questionnaire.answers(school), ensure_ascii=False, indent=2) + "\n"
    return questionnaire.render_text(school)
