"""Facts about the platform «Сферум» that the outputs print: the one place for each.

The registration address and subject, the questionnaire and the site's pages,
and the wording of the school's messenger.  Documents read them as
``sferum.*`` and ``platform.*`` (see :mod:`sferum_cli.view`); the e-mail, the
checklists and the handouts read the same names.
"""

from __future__ import annotations

from typing import Final

RECIPIENT: Final = "info@sferum.ru"
SUBJECT: Final = "СФЕРУМ:Регистрация организации"
QUESTIONNAIRE_URL: Final = "https://vk.cc/cnEOTn"
SITE: Final = "https://sferum.ru"
INSTRUCTIONS_URL: Final = f"{SITE}/?p=instructions"
PARENTS_STUDENTS_URL: Final = f"{SITE}/?p=parents_students"

SFERUM: Final[dict[str, str]] = {
    "email": RECIPIENT,
    "subject": SUBJECT,
    "questionnaire": QUESTIONNAIRE_URL,
    "instructions": INSTRUCTIONS_URL,
    "parents": PARENTS_STUDENTS_URL,
    "site": SITE,
    "blog": "https://prof-sferum.ru/blog",
    "calendar": "https://prof-sferum.ru/calendar",
    # The platform's role for every pedagogue, whatever the organisation calls them.
    "teacher_role": "учитель",
}

# The messenger of ``platform.messenger``: its name («Мессенджер школы: MAX»)
# and where the learning profile lives («работает в мессенджере MAX»).
MESSENGER_NAMES: Final[dict[str, str]] = {"max": "MAX", "vk": "VK Мессенджер"}
MESSENGER_IN: Final[dict[str, str]] = {"max": "в мессенджере MAX", "vk": "в VK Мессенджере"}
