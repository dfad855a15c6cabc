"""The school file, format version 1, as frozen Pydantic models.

Field descriptions are Russian: they become the JSON Schema, the comments of
``sferum-cli init`` and the reference in ``docs/``.  The value types and their
checks are in :mod:`sferum_cli.model_values`; checks across fields (gender,
dates, duplicates) in :mod:`sferum_cli.semantic`.
"""

# No ``from __future__ import annotations`` here: Pydantic would evaluate each
# field's annotation from its text at import (≈ 4 ms of every command that reads
# a school).

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from sferum_cli import contacts, identifiers
from sferum_cli import schema as rules
from sferum_cli.model_values import (
    PRINTED_LIMITS,
    Address,
    ClassName,
    Date,
    DirectorPosition,
    DocumentNumber,
    Email,
    FilePath,
    FullName,
    Gender,
    MobilePhone,
    OrgFullName,
    OrgShortName,
    Phone,
    Place,
    Position,
    ShortText,
    check_education_levels,
    check_region,
)
from sferum_cli.view.platform import MESSENGER_NAMES

FORMAT_VERSION = 1


def _version(value: object) -> int:
    if str(value).strip() != str(FORMAT_VERSION):
        raise PydanticCustomError(
            "version.unsupported",
            "поддерживается только версия 1 формата файла школы (version: 1)",
        )
    return FORMAT_VERSION


def _empty_list() -> list[Any]:
    """An empty list: ``default_factory=list`` would make Pydantic read the signature
    of the built-in ``list``, which compiles the tokenizer's regular expression
    (≈ 10 ms of every command that reads a school)."""
    return []


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _form(question: str) -> Any:
    """A hand-written form of one case: optional, described by its question."""
    return Field(None, description=question)


class Cases(Model):
    """Ручные формы в падежах: заменяют сгенерированные."""

    genitive: ShortText | None = _form("Родительный падеж: кого? чего?")
    dative: ShortText | None = _form("Дательный падеж: кому? чему?")
    accusative: ShortText | None = _form("Винительный падеж: кого? что?")
    instrumental: ShortText | None = _form("Творительный падеж: кем? чем?")
    prepositional: ShortText | None = _form("Предложный падеж: о ком? о чём?")


class Organization(Model):
    full_name: OrgFullName = Field(description="Полное наименование, как в уставе")
    full_name_cases: Cases | None = Field(
        None, description="Ручные формы полного наименования в падежах (необязательно)"
    )
    short_name: OrgShortName = Field(description="Сокращённое наименование")
    type: Literal["school", "kindergarten", "college", "additional_education"] = Field(
        description="Тип: school — школа, kindergarten — детский сад, college — колледж "
        "(СПО), additional_education — дополнительное образование"
    )
    inn: Annotated[str, AfterValidator(identifiers.check_inn), WithJsonSchema(rules.inn_rule())] = (
        Field(description="ИНН организации, 10 цифр")
    )
    kpp: Annotated[str, AfterValidator(identifiers.check_kpp), WithJsonSchema(rules.kpp_rule())] = (
        Field(description="КПП, 9 символов")
    )
    ogrn: Annotated[
        str, AfterValidator(identifiers.check_ogrn), WithJsonSchema(rules.ogrn_rule())
    ] = Field(description="ОГРН, 13 цифр")
    region: Annotated[str, AfterValidator(check_region)] = Field(
        description="Субъект РФ, например «Кировская область»"
    )
    municipality: Place = Field(description="Муниципальное образование, например «город Киров»")
    locality: Place | None = Field(
        None, description="Населённый пункт для приказа, например «г. Киров» (необязательно)"
    )
    address: Address = Field(description="Почтовый адрес с индексом")
    phone: Phone = Field(description="Телефон организации")
    email: Email = Field(description="Электронная почта организации")
    website: (
        Annotated[
            str,
            Field(max_length=PRINTED_LIMITS["website"]),
            AfterValidator(contacts.normalize_url),
            WithJsonSchema(rules.website_rule()),
        ]
        | None
    ) = Field(None, description="Сайт (необязательно)")
    pupils_total: Annotated[int, Field(ge=0, le=100_000)] | None = Field(
        None,
        description="Всего обучающихся в организации (для анкеты; необязательно, "
        "если не указано — анкета покажет только сумму по перечисленным классам)",
    )
    staff_total: Annotated[int, Field(ge=0, le=10_000)] | None = Field(
        None,
        description="Всего педагогических работников (для анкеты; необязательно, "
        "если не указано — анкета покажет только число перечисленных учителей)",
    )
    education_levels: (
        Annotated[
            list[Literal["primary", "basic", "secondary"]],
            AfterValidator(check_education_levels),
            Field(json_schema_extra={"minItems": 1}),
        ]
        | None
    ) = Field(
        None,
        description="Уровни общего образования школы для Положения: primary — начальное "
        "общее, basic — основное общее, secondary — среднее общее. Если не указаны — "
        "по номерам классов из classes, а без классов — по наименованию (НОШ, ООШ, СОШ); "
        "только для type: school",
        json_schema_extra={"minItems": 1},
    )
    additional_programs: bool = Field(
        False,
        description="Реализует ли организация дополнительные общеобразовательные программы "
        "(кружки, секции); если true, Положение упоминает и их",
    )


class Director(Model):
    full_name: FullName
    gender: Gender | None = Field(
        None, description="Пол: male или female; если не указан — по отчеству"
    )
    position: DirectorPosition = Field("Директор", description="Должность, по умолчанию «Директор»")
    cases: Cases | None = Field(None, description="Ручные формы ФИО в падежах (необязательно)")
    position_cases: Cases | None = Field(
        None, description="Ручные формы должности в падежах (необязательно)"
    )


class Administrator(Model):
    full_name: FullName
    gender: Gender | None = Field(
        None, description="Пол: male или female; если не указан — по отчеству"
    )
    position: Position = Field(description="Должность, например «учитель информатики»")
    phone: MobilePhone = Field(
        description="МОБИЛЬНЫЙ телефон: на него Сферум пришлёт код входа и права администратора"
    )
    email: Email = Field(description="Электронная почта администратора")
    cases: Cases | None = Field(None, description="Ручные формы ФИО в падежах (необязательно)")
    position_cases: Cases | None = Field(
        None, description="Ручные формы должности в падежах (необязательно)"
    )


class Appointment(Model):
    order_number: DocumentNumber = Field(
        description="Номер приказа, например 194, 181-О, 616/2.4.3"
    )
    order_date: Date = Field(description="Дата приказа")
    letter_number: DocumentNumber | None = Field(
        None, description="Исходящий номер письма (необязательно)"
    )
    letter_date: Date | None = Field(
        None, description="Дата письма, не раньше даты приказа (необязательно)"
    )


class Platform(Model):
    messenger: Literal["max", "vk"] = Field(
        "max", description="Мессенджер школы: max — MAX, vk — VK Мессенджер"
    )


class SchoolClass(Model):
    name: ClassName = Field(description="Класс: номер 1–11 и русская буква, например «5А»")
    teacher: FullName | None = Field(None, description="ФИО классного руководителя")
    pupils: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, description="Число учеников (необязательно)"
    )
    invite_link: (
        Annotated[
            str,
            AfterValidator(lambda v: contacts.normalize_url(v, https_only=True)),
            WithJsonSchema(rules.https_link_rule()),
        ]
        | None
    ) = Field(None, description="Ссылка-приглашение класса из Сферума (https://…)")

    @property
    def grade(self) -> int:
        return int(re.match(r"\d+", self.name).group())  # type: ignore[union-attr]


class Teacher(Model):
    full_name: FullName
    gender: Gender | None = Field(
        None, description="Пол: male или female; если не указан — по отчеству (необязательно)"
    )
    position: Position | None = Field(None, description="Должность")
    status: Literal["not_registered", "pending", "verified"] = Field(
        "not_registered",
        description="not_registered — не зарегистрирован, pending — ждёт подтверждения роли, "
        "verified — роль «учитель» подтверждена",
    )
    classes: list[ClassName] = Field(
        default_factory=_empty_list,
        description="Классы, где ведёт уроки или классное руководство (необязательно)",
    )


class Progress(Model):
    """Даты выполненных шагов подключения (для `checklist admin`)."""

    order_signed: Date | None = Field(None, description="Приказ подписан")
    letter_signed: Date | None = Field(None, description="Письмо подписано и отсканировано")
    questionnaire_filled: Date | None = Field(None, description="Анкета заполнена")
    letter_sent: Date | None = Field(None, description="Письмо отправлено на info@sferum.ru")
    reply_received: Date | None = Field(None, description="Получен ответ Сферума")
    admin_signed_in: Date | None = Field(None, description="Администратор вошёл в Сферум")
    structure_built: Date | None = Field(None, description="Структура школы создана")
    staff_registration_enabled: Date | None = Field(
        None, description="Открыта регистрация сотрудников"
    )
    teachers_verified: Date | None = Field(None, description="Роль «учитель» подтверждена всем")
    invite_links_created: Date | None = Field(None, description="Ссылки-приглашения созданы")
    pupils_informed: Date | None = Field(None, description="Ученики и родители оповещены")
    pupils_registered: Date | None = Field(
        None, description="Ученики зарегистрировались по ссылкам классов"
    )
    parents_joined: Date | None = Field(
        None, description="Родители присоединились через профили детей"
    )
    policy_adopted: Date | None = Field(None, description="Положение утверждено")


class Smtp(Model):
    host: ShortText | None = Field(None, description="Сервер исходящей почты (SMTP)")
    port: Annotated[int, Field(ge=1, le=65535)] | None = Field(None, description="Порт SMTP")
    user: ShortText | None = Field(None, description="Имя пользователя SMTP")
    security: Literal["starttls", "ssl", "none"] | None = Field(
        None, description="Защита соединения: starttls, ssl или none"
    )


class EmailSettings(Model):
    signed_scan: FilePath | None = Field(
        None, description="Скан подписанного письма с печатью (PDF, JPEG или PNG)"
    )
    attachments: list[FilePath] = Field(default_factory=_empty_list, description="Другие вложения")
    sender: Email | None = Field(
        None, description="Адрес отправителя; по умолчанию — почта администратора"
    )
    smtp: Smtp = Field(default_factory=Smtp, description="Настройки отправки (необязательно)")
    signed_by: Literal["administrator", "director"] = Field(
        "administrator",
        description="Кто подписывает письмо-заявку: administrator — администратор, который "
        "его отправляет (по умолчанию), director — руководитель",
    )


class Documents(Model):
    letterhead: FilePath | None = Field(
        None, description="Бланк школы (.docx) для письма: шапка, логотип и подвал сохранятся"
    )


class Policy(Model):
    council_protocol_number: ShortText | None = Field(
        None, description="Номер протокола педагогического совета"
    )
    council_protocol_date: Date | None = Field(
        None, description="Дата протокола педагогического совета"
    )
    approval_order_number: ShortText | None = Field(
        None,
        description="Номер приказа об утверждении Положения (по умолчанию — приказ о назначении)",
    )
    approval_order_date: Date | None = Field(None, description="Дата приказа об утверждении")


class School(Model):
    """Файл школы для sferum-cli (формат версии 1)."""

    version: Annotated[int, BeforeValidator(_version), WithJsonSchema(rules.version_rule())] = (
        Field(description="Версия формата файла: 1")
    )
    organization: Organization = Field(description="Образовательная организация")
    director: Director = Field(description="Руководитель")
    administrator: Administrator = Field(description="Администратор Сферума")
    appointment: Appointment = Field(description="Приказ о назначении и письмо")
    platform: Platform = Field(default_factory=Platform, description="Платформа")
    classes: list[SchoolClass] = Field(default_factory=_empty_list, description="Классы")
    teachers: list[Teacher] = Field(default_factory=_empty_list, description="Учителя")
    teachers_roster: FilePath | None = Field(
        None, description="Файл со списком учителей (CSV или XLSX), вместо списка teachers"
    )
    progress: Progress = Field(default_factory=Progress, description="Ход подключения")
    email: EmailSettings = Field(default_factory=EmailSettings, description="Письмо на регистрацию")
    documents: Documents = Field(default_factory=Documents, description="Документы")
    policy: Policy = Field(default_factory=Policy, description="Положение о Сферуме")

    @property
    def messenger_name(self) -> str:
        return MESSENGER_NAMES[self.platform.messenger]
