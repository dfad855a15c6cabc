"""The registration e-mail to Сферум: body, draft, questionnaire, sending.

Modules:

* :mod:`.attachments` — checking and reading the files to attach;
* :mod:`.compose` — the body text, the :class:`email.message.EmailMessage`,
  the ``.eml`` bytes, the ``mailto:`` link and the JSON summary;
* :mod:`.questionnaire` — answers for the online questionnaire;
* :mod:`.smtp_settings` — SMTP settings from flags, environment and school file;
* :mod:`.send` — sending within one deadline;
* :mod:`.smtp_faults` — every SMTP, TLS or connection fault as a
  :class:`~sferum_cli.errors.MailError`;
* :mod:`.workflow` — what ``sferum-cli email`` does, step by step.

Importing this package is cheap: nothing heavy is imported here.
"""

from __future__ import annotations

from sferum_cli.errors import MailError
from sferum_cli.view.platform import QUESTIONNAIRE_URL, RECIPIENT, SUBJECT

__all__ = ["QUESTIONNAIRE_URL", "RECIPIENT", "SUBJECT", "MailError"]  # all re-exported
