"""The registration e-mail: body text, message, ``.eml``, ``mailto:``, JSON.

The functions here are what ``sferum-cli email`` and the batch build call for
each school.  The body is written by the text template
``templates/email_body.txt.j2`` from plain data (:func:`body_context`).

Drafts are reproducible: with ``SOURCE_DATE_EPOCH`` set, ``Date`` and
``Message-ID`` depend only on that time and the message's contents.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sferum_cli.errors import UsageError
from sferum_cli.mail.attachments import Attachment
from sferum_cli.view.platform import RECIPIENT, SUBJECT

if TYPE_CHECKING:
    from email.message import EmailMessage

    from sferum_cli.model import School

BODY_TEMPLATE = "email_body.txt.j2"


def body_context(school: School, attachments: Sequence[Attachment] = ()) -> dict[str, Any]:
    """The view of the school (:mod:`sferum_cli.view`) and the attachments' names."""
    from sferum_cli import view

    return {
        **view.build(school),
        "signed_scan": next((a.filename for a in attachments if a.role == "signed_scan"), ""),
        "other_attachments": [a.filename for a in attachments if a.role != "signed_scan"],
    }


def body_text(school: School, attachments: Sequence[Attachment] = ()) -> str:
    """The body of the e-mail, ready to paste into a mail program."""
    from sferum_cli.textrender import render_file

    return render_file(BODY_TEMPLATE, body_context(school, attachments))


def sender_address(school: School) -> str:
    """``email.sender`` or else the administrator's e-mail."""
    return school.email.sender or school.administrator.email


def ascii_address(address: str) -> str:
    """An address usable in headers and SMTP: a Cyrillic domain becomes IDNA.

    A Cyrillic part before «@» needs SMTPUTF8, which few school mail servers
    offer; it is refused with a clear message instead of a garbled header.
    """
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise UsageError(
            message=f"адрес отправителя «{address}» содержит русские буквы до «@»: "
            "такой адрес не все почтовые серверы принимают; укажите email.sender "
            "с латинскими буквами"
        )
    if not domain.isascii():
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise UsageError(
            message="SOURCE_DATE_EPOCH должна быть целым числом секунд с 1970-01-01"
        ) from None


def build_message(
    school: School,
    attachments: Sequence[Attachment] = (),
    *,
    draft: bool = True,
    body: str | None = None,
    timestamp: float | None = None,
) -> EmailMessage:
    """The complete message; ``draft=True`` adds ``X-Unsent: 1``.

    ``timestamp`` fixes ``Date``; without it ``SOURCE_DATE_EPOCH`` or the
    current time is used.
    """
    import datetime as dt
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime, make_msgid

    text = body if body is not None else body_text(school, attachments)
    sender = ascii_address(sender_address(school))
    epoch = _epoch()
    fixed = timestamp if timestamp is not None else epoch
    moment = fixed if fixed is not None else time.time()

    msg = EmailMessage(policy=SMTP)
    local, _, domain = sender.rpartition("@")
    msg["From"] = Address(
        display_name=school.organization.short_name, username=local, domain=domain
    )
    msg["To"] = RECIPIENT
    msg["Subject"] = SUBJECT
    msg["Date"] = format_datetime(dt.datetime.fromtimestamp(moment, dt.UTC))
    digest = hashlib.sha256(text.encode("utf-8"))
    for attachment in attachments:
        digest.update(attachment.filename.encode("utf-8"))
        digest.update(attachment.data)
    if fixed is not None:
        msg["Message-ID"] = f"<{int(fixed)}.{digest.hexdigest()[:24]}@{domain}>"
    else:
        msg["Message-ID"] = make_msgid(domain=domain)
    msg["MIME-Version"] = "1.0"
    if draft:
        msg["X-Unsent"] = "1"
    msg.set_content(text, charset="utf-8", cte="base64")
    for attachment in attachments:
        msg.add_attachment(
            attachment.data,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    if msg.is_multipart():
        # The generator would pick a random boundary; base64 parts never
        # contain «-», so this one cannot clash with the contents.
        msg.set_boundary(f"----sferum-{digest.hexdigest()[:32]}")
    return msg


def to_eml_bytes(message: EmailMessage) -> bytes:
    """The message as an ``.eml`` file: CRLF line ends, 7-bit clean."""
    from email.policy import SMTP

    return message.as_bytes(policy=SMTP)


def build_eml(
    school: School, attachments: Sequence[Attachment] = (), *, draft: bool = True
) -> bytes:
    return to_eml_bytes(build_message(school, attachments, draft=draft))


def mailto_link(school: School, attachments: Sequence[Attachment] = ()) -> str:
    """``mailto:`` with subject and body (RFC 6068); attachments can't travel in it."""
    body = body_text(school, attachments).replace("\n", "\r\n")
    return f"mailto:{RECIPIENT}?subject={quote(SUBJECT, safe='')}&body={quote(body, safe='')}"


def summary(school: School, attachments: Sequence[Attachment] = ()) -> dict[str, Any]:
    """The JSON object of ``sferum-cli email --format json`` (stable keys)."""
    from sferum_cli.mail import questionnaire

    return {
        "to": RECIPIENT,
        "subject": SUBJECT,
        "body": body_text(school, attachments),
        "attachments": [
            {
                "path": str(a.path),
                "filename": a.filename,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in attachments
        ],
        "questionnaire": questionnaire.answers(school),
    }
