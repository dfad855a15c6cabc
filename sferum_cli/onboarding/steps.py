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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sferum_cli.model import School


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


def _view(school: School) -> dict[str, Any]:
    from sferum_cli import view

    return view.build(school)


def admin(school: School, facts: Facts) -> list[Step]:
    data = _view(school)
    adm, order, sferum = data["admin"], data["order"], data["sferum"]
    phone = adm["phone"]
    classes = [c["name"] for c in data["classes"]]
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
            f"Директор подписывает приказ от {order['date']} "
            f"{order['number_sign']}: администратором назначается "
            f"{adm['full_name']}, {adm['position']}. Администратора знакомят с приказом под "
            "подпись.",
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
            f"Анкета заполняется онлайн по ссылке {sferum['questionnaire']}, сканировать её "
            "не нужно. "
            "Держите под рукой полное и краткое наименование, ИНН, ОГРН, КПП, адрес, "
            "контакты директора и администратора, примерное число учеников и учителей.",
        ),
        Step(
            "letter_sent",
            f"Отправить заявку на {sferum['email']}",
            f"Тема письма — ровно «{sferum['subject']}», без пробела после двоеточия. "
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
            f"Порядок для региона «{data['org']['region']}» — на странице "
            f"{sferum['instructions']} (выберите регион). Подтверждённая роль отмечается "
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
            f"учеников и родителей: {sferum['parents']}. Мессенджер школы — "
            f"{data['platform']['messenger_name']}.",
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
    data = _view(school)
    org = data["org"]
    return [
        Step(
            "staff_registration",
            "Зарегистрироваться как сотрудник школы",
            "Откройте ссылку для регистрации сотрудников от администратора "
            f"({data['admin']['initials']}) и войдите со своим мобильным номером. Учебный "
            f"профиль работает {data['platform']['messenger_in']} и на sferum.ru.",
        ),
        Step(
            "role_requested",
            "Подать заявку на роль «учитель»",
            f"Пошаговая инструкция для региона «{org['region']}» — на странице "
            f"{data['sferum']['instructions']}: выберите регион. Выбирайте свою школу: "
            f"{org['short_name']}.",
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


# The registration step of each age group: (primary?, id, title, details).
_REGISTRATION = (
    (
        True,
        "register_primary",
        "1–4 классы: регистрация с электронной почтой родителя",
        "Ученик открывает ссылку класса вместе с родителем. Код подтверждения можно "
        "получить на электронную почту родителя; создаётся учебный аккаунт ребёнка.",
    ),
    (
        False,
        "register_older",
        "5–11 классы: регистрация по своему номеру телефона",
        "Ученик открывает ссылку класса и регистрируется на СВОЙ номер телефона; код "
        "приходит в SMS или звонком. Родитель не регистрирует ребёнка на свой номер: "
        "этот номер нужен ему самому для профиля родителя.",
    ),
)


def students(school: School, facts: Facts) -> list[Step]:
    data = _view(school)
    messenger_in = data["platform"]["messenger_in"]
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
            f"для учеников и родителей: {data['sferum']['parents']}.",
        ),
    ]
    # Without classes in the file both groups are shown; with classes, those it has.
    for primary, step_id, title, details in _REGISTRATION:
        group = [c["name"] for c in data["classes"] if c["primary"] == primary]
        if group or not data["classes"]:
            where = f" Классы: {_names(group)}." if group else ""
            steps.append(Step(step_id, title, details + where))
    steps.append(
        Step(
            "profile_opened",
            f"Войти в учебный профиль {messenger_in}",
            f"После регистрации ученик входит в учебный профиль {messenger_in} или на "
            "sferum.ru и видит чат своего класса.",
        )
    )
    return steps


def parents(school: School, facts: Facts) -> list[Step]:
    data = _view(school)
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
            "Ссылка для родителя есть в профиле ребёнка в Сферуме "
            f"({data['platform']['messenger_in']} или "
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
            f"вас и пригласить снова. Инструкции: {data['sferum']['parents']}.",
        ),
    ]
