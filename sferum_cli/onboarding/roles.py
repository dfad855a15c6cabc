"""Every checklist role, declared once: the library, ``build`` and the CLI loop over :data:`ROLES`.

Adding a role is one entry here plus its steps (a function of :mod:`.steps`
named as the role: the role's template): ``sferum-cli checklist <role>``, ``checklist-<role>.md``
of ``build`` and ``checklists.build(school, "<role>")`` follow from the entry.
This module is imported when the CLI starts, so it stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from sferum_cli.model import School
    from sferum_cli.onboarding.steps import Facts, Step

Proof = Literal["classes_linked", "teachers_verified"]
"""A fact of the school that proves a step done without a date in ``progress:``:
every class has its invite link; every teacher's role is verified."""


class Role(NamedTuple):
    """One role and how its checklist is kept."""

    name: str
    """The command (``sferum-cli checklist teachers``), ``role`` in JSON, and the
    function of :mod:`.steps` that lists what the role does (its template),
    imported only when a checklist is made, not when the CLI starts."""
    label: str
    """Who it is, in the help of ``sferum-cli checklist``."""
    title: str
    """To whom, in the heading: «Чек-лист <title> — школа»."""
    help: str
    """The command's help (Russian)."""
    progress: Mapping[str, tuple[str, ...]] | None = None
    """A ``progress:`` key → the steps its date marks done; ``None``: the step
    ids are ``progress:`` keys themselves."""
    proofs: Mapping[str, Proof] = MappingProxyType({})
    """Step id → the fact that also marks it done."""
    people: Literal["teachers", "classes"] | None = None
    """Who is listed person by person under the steps."""
    per_person: bool = False
    """When people are listed, a step is done once nobody has it open
    (``progress:`` is not asked)."""
    reads_teachers: bool = False
    """Needs the teachers' list: ``--roster``, ``teachers_roster``, ``--files-root``."""

    def step_list(self, school: School, facts: Facts) -> list[Step]:
        from sferum_cli.onboarding import steps

        make: Callable[[School, Facts], list[Step]] = getattr(steps, self.name)
        return make(school, facts)

    def progress_key(self, step_id: str) -> str | None:
        """The ``progress:`` key whose date marks ``step_id`` done, if any."""
        if self.progress is None:
            return step_id
        return next((key for key, ids in self.progress.items() if step_id in ids), None)


ROLES: tuple[Role, ...] = (
    Role(
        name="admin",
        label="администратор (весь путь от приказа до родителей)",
        title="администратору Сферума",
        help="Весь путь администратора: от приказа до родителей, с отметками из progress:.",
        proofs={"invite_links_created": "classes_linked", "teachers_verified": "teachers_verified"},
        reads_teachers=True,
    ),
    Role(
        name="teachers",
        label="учителя",
        title="учителям",
        help="Подтверждение роли «учитель»: шаги и строка на каждого учителя со статусом.",
        progress={
            "teachers_verified": ("staff_registration", "role_requested", "role_verified"),
            "invite_links_created": ("class_links",),
        },
        proofs={"class_links": "classes_linked"},
        people="teachers",
        per_person=True,
        reads_teachers=True,
    ),
    Role(
        name="students",
        label="ученики",
        title="ученикам",
        help="Регистрация учеников по классам: 1–4 классы — почта родителя, 5–11 — свой телефон.",
        progress={
            "invite_links_created": ("invite_links",),
            "pupils_informed": ("pupils_informed",),
            "pupils_registered": ("register_primary", "register_older", "profile_opened"),
        },
        proofs={"invite_links": "classes_linked"},
        people="classes",
    ),
    Role(
        name="parents",
        label="родители",
        title="родителям",
        help="Подключение родителей через профиль ребёнка — и главная ошибка: тот же браузер.",
        progress={
            "pupils_registered": ("child_registered",),
            "parents_joined": ("parent_link", "other_device", "parent_signed_in"),
        },
    ),
)


def get(name: str) -> Role:
    """The role called ``name`` (:class:`KeyError` for no such role)."""
    return {role.name: role for role in ROLES}[name]
