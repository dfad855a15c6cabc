"""What each role does on Сферум: step ids (stable, English), titles and details (Russian).

The facts come from ``shared/reference/onboarding-process.md``; the wording is
ours.  Steps only *describe*; whether a step is done is decided in
:mod:`sferum_cli.onboarding.checklists`.  Details name the school's messenger,
its region's instruction page and — in the administrator's list only — the
administrator's phone, because that exact number is what gets admin rights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sferum_cli.model import School

INSTRUCTIONS_URL = "https://sferum.ru/?p=instructions"
PARENTS_STUDENTS_URL = "https://sferum.ru/?p=parents_students"
QUESTIONNAIRE_URL = "https://vk.cc/cnEOTn"
SUPPORT_EMAIL = "info@sferum.ru"
REGISTRATION_SUBJECT = "СФЕРУМ:Регистрация организации"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    details: str


@dataclass(frozen=True)
class Facts:
    """What the checklist knows besides the school file itself."""

    teachers_total: int = 0
    teachers_verified: int = 0
    classes_without_link: tuple[str, ...] = ()


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def _no_link_note(facts: Facts) -> str:
    if not facts.classes_without_link:
        return ""
    return f" Пока нет ссылки: {_names(facts.classes_without_link)}."


MESSENGER_PREPOSITIONAL = {"max": "MAX", "vk": "VK Мессенджере"}


def messenger_in(school: School) -> str:
    """«в MAX» / «в VK Мессенджере»."""
    return f"в {MESSENGER_PREPOSITIONAL[school.platform.messenger]}"


def _classes(school: School, primary: bool) -> list[str]:
    return [c.name for c in school.classes if (c.grade <= 4) == primary]


def admin(school: School, facts: Facts) -> list[Step]:
    from sferum_cli.grammar import date_digits, number_sign

    adm = school.administrator
    order = school.appointment
    phone = adm.phone
    messenger = school.messenger_name
    classes = [c.name for c in school.classes]
    structure = (
        f"Добавьте классы ({_names(classes)}) и сотрудников школы."
        if classes
        else "Добавьте классы (например, «5А») и сотрудников школы; впишите классы в раздел "
        "classes файла школы — по ним печатаются памятки."
    )
    teachers = (
        f" Сейчас подтверждено: {facts.teachers_verified} из {facts.teachers_total}."
        if facts.teachers_total
        else ""
    )
    return [
        Step(
            "order_signed",
            "Подписать приказ о назначении администратора Сферума",
            f"Директор подписывает приказ от {date_digits(order.order_date)} "
            f"{number_sign(order.order_number)}: администратором назначается "
            f"{adm.full_name}, {adm.position}. Администратора знакомят с приказом под подпись.",
        ),
        Step(
            "letter_signed",
            "Подготовить письмо на бланке школы",
            "Письмо в свободной форме на бланке организации: кто назначен администратором, "
            f"его ФИО и МОБИЛЬНЫЙ телефон {phone} — именно этот номер получит права "
            "администратора. Письмо подписывает директор, ставится печать, затем письмо "
            "сканируют.",
        ),
        Step(
            "questionnaire_filled",
            "Заполнить анкету организации",
            f"Анкета заполняется онлайн по ссылке {QUESTIONNAIRE_URL}, сканировать её не нужно. "
            "Держите под рукой полное и краткое наименование, ИНН, ОГРН, КПП, адрес, "
            "контакты директора и администратора, примерное число учеников и учителей.",
        ),
        Step(
            "letter_sent",
            f"Отправить заявку на {SUPPORT_EMAIL}",
            f"Тема письма — ровно «{REGISTRATION_SUBJECT}», без пробела после двоеточия. "
            "Приложите скан подписанного письма с печатью. Отправляет администратор.",
        ),
        Step(
            "reply_received",
            "Получить ответ Сферума",
            "Сферум регистрирует организацию и присылает ответ с инструкциями. Если ответа "
            "долго нет, проверьте папку «Спам» и тему отправленного письма.",
        ),
        Step(
            "admin_signed_in",
            "Войти в Сферум как администратор",
            "На sferum.ru выберите «Вход для администраторов» и введите тот же номер, что в "
            f"письме: {phone}. С другого номера прав администратора не будет. Код приходит "
            "в SMS или звонком-сбросом: код — последние цифры номера, с которого звонят.",
        ),
        Step("structure_built", "Создать структуру школы в Сферуме", structure),
        Step(
            "staff_registration_enabled",
            "Открыть регистрацию сотрудников",
            "Включите регистрацию сотрудников своей школы и передайте учителям ссылку для "
            "регистрации. Роль (учитель, сотрудник, ученик, родитель) потом не поменять: "
            "пользователя удаляют и приглашают снова.",
        ),
        Step(
            "teachers_verified",
            "Подтвердить роль «учитель» всем учителям",
            f"Порядок для региона «{school.organization.region}» — на странице "
            f"{INSTRUCTIONS_URL} (выберите регион). Подтверждённая роль отмечается "
            f"значком.{teachers} По каждому учителю: sferum-cli checklist teachers.",
        ),
        Step(
            "invite_links_created",
            "Создать ссылки-приглашения для всех классов",
            "Учитель создаёт в Сферуме ссылку для регистрации учеников своего класса (её же "
            "можно показать QR-кодом). Впишите ссылки в classes[].invite_link файла школы — "
            f"они попадут в памятки.{_no_link_note(facts)}",
        ),
        Step(
            "pupils_informed",
            "Сообщить ученикам и родителям о Сферуме",
            "Раздайте памятки классов (sferum-cli handouts) и дайте ссылку на инструкции для "
            f"учеников и родителей: {PARENTS_STUDENTS_URL}. Мессенджер школы — {messenger}.",
        ),
        Step(
            "pupils_registered",
            "Ученики зарегистрировались",
            "Ученики 1–4 классов получают код на электронную почту родителя, ученики 5–11 "
            "классов регистрируются по своему телефону. Родитель не регистрирует ребёнка на "
            "свой номер. Подробно: sferum-cli checklist students.",
        ),
        Step(
            "parents_joined",
            "Родители присоединились",
            "Родитель берёт ссылку-приглашение в профиле ребёнка и открывает её на другом "
            "устройстве, в другом браузере или в приватном окне. Подробно: "
            "sferum-cli checklist parents.",
        ),
        Step(
            "policy_adopted",
            "Утвердить Положение об использовании Сферума",
            "Положение обсуждают на педагогическом совете и утверждают приказом директора "
            "(это может быть тот же приказ о назначении администратора).",
        ),
    ]


def teachers(school: School, facts: Facts) -> list[Step]:
    from sferum_cli.grammar import initials_surname

    adm = school.administrator
    admin_name = initials_surname(adm.full_name, "nominative", adm.gender)
    region = school.organization.region
    return [
        Step(
            "staff_registration",
            "Зарегистрироваться как сотрудник школы",
            f"Откройте ссылку для регистрации сотрудников от администратора ({admin_name}) и "
            "войдите со своим мобильным номером. Учебный профиль работает "
            f"{messenger_in(school)} и на sferum.ru.",
        ),
        Step(
            "role_requested",
            "Подать заявку на роль «учитель»",
            f"Пошаговая инструкция для региона «{region}» — на странице {INSTRUCTIONS_URL}: "
            f"выберите регион. Выбирайте свою школу: {school.organization.short_name}.",
        ),
        Step(
            "role_verified",
            "Получить подтверждение роли «учитель»",
            "Подтверждённая роль отмечается значком рядом с именем. Если роль выбрана неверно, "
            "её не изменить: администратор удаляет пользователя и приглашает снова.",
        ),
        Step(
            "class_links",
            "Создать чаты и ссылки-приглашения своих классов",
            "После подтверждения создайте чаты с коллегами, учениками и родителями, а для "
            "своего класса — ссылку для регистрации учеников (она же QR-код). Передайте "
            f"ссылку администратору для памяток.{_no_link_note(facts)}",
        ),
    ]


def students(school: School, facts: Facts) -> list[Step]:
    primary = _classes(school, primary=True)
    older = _classes(school, primary=False)
    steps = [
        Step(
            "invite_links",
            "Получить ссылку-приглашение своего класса",
            "Ссылку или QR-код даёт классный руководитель; они есть в памятке класса."
            f"{_no_link_note(facts)}",
        ),
        Step(
            "pupils_informed",
            "Раздать памятки ученикам и родителям",
            "Памятки со ссылкой и QR-кодом для каждого класса: sferum-cli handouts. Инструкции "
            f"для учеников и родителей: {PARENTS_STUDENTS_URL}.",
        ),
    ]
    if primary or not school.classes:
        where = f" Классы: {_names(primary)}." if primary else ""
        steps.append(
            Step(
                "register_primary",
                "1–4 классы: регистрация с электронной почтой родителя",
                "Ученик открывает ссылку класса вместе с родителем. Код подтверждения можно "
                "получить на электронную почту родителя; создаётся учебный аккаунт ребёнка."
                + where,
            )
        )
    if older or not school.classes:
        where = f" Классы: {_names(older)}." if older else ""
        steps.append(
            Step(
                "register_older",
                "5–11 классы: регистрация по своему номеру телефона",
                "Ученик открывает ссылку класса и регистрируется на СВОЙ номер телефона; код "
                "приходит в SMS или звонком. Родитель не регистрирует ребёнка на свой номер: "
                "этот номер нужен ему самому для профиля родителя." + where,
            )
        )
    steps.append(
        Step(
            "profile_opened",
            f"Войти в учебный профиль {messenger_in(school)}",
            f"После регистрации ученик входит в учебный профиль {messenger_in(school)} или на "
            "sferum.ru "
            "и видит чат своего класса.",
        )
    )
    return steps


def parents(school: School, facts: Facts) -> list[Step]:
    return [
        Step(
            "child_registered",
            "Ребёнок зарегистрирован по ссылке класса",
            "Сначала регистрируется ребёнок (см. памятку класса). Ученику 1–4 класса код "
            "можно получить на вашу почту; на свой номер телефона ребёнка не регистрируйте.",
        ),
        Step(
            "parent_link",
            "Взять ссылку-приглашение для родителя в профиле ребёнка",
            f"Ссылка для родителя есть в профиле ребёнка в Сферуме ({messenger_in(school)} или "
            "на sferum.ru). Скопируйте её или покажите QR-код.",
        ),
        Step(
            "other_device",
            "Открыть ссылку на другом устройстве или в другом браузере",
            "На том же устройстве и в том же браузере, где вошёл ребёнок, подключиться нельзя: "
            "платформа решит, что ребёнок приглашает сам себя. Откройте ссылку на своём "
            "телефоне, в другом браузере или в приватном (инкогнито) окне.",
        ),
        Step(
            "parent_signed_in",
            "Войти со своим номером телефона",
            "Войдите со своим мобильным номером — вы появитесь в Сферуме как родитель. Если "
            "роль оказалась неверной, её не изменить: попросите классного руководителя удалить "
            f"вас и пригласить снова. Инструкции: {PARENTS_STUDENTS_URL}.",
        ),
    ]
