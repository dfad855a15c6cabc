"""Every checklist role, declared once: the library, ``build`` and the CLI loop over :data:`ROLES`.

The roles are data: the ``[[role]]`` entries of ``sferum_cli/registries.toml``,
read into :class:`Role` (:mod:`sferum_cli.registries` checks the fields).
Adding a role is one entry there plus its steps (a function of :mod:`.steps`
named as the role: the role's template): ``sferum-cli checklist <role>``,
``checklist-<role>.md`` of ``build`` and ``checklists.build(school, "<role>")``
follow from the entry; :func:`problems` checks it against the steps and the
school model.  This module is imported when the CLI starts, so it stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

from sferum_cli import registries

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


ROLES: tuple[Role, ...] = registries.entries(Role, "role")


def get(name: str) -> Role:
    """The role called ``name`` (:class:`KeyError` for no such role)."""
    return {role.name: role for role in ROLES}[name]


def problems(role: Role) -> list[str]:
    """What is wrong with ``role`` beyond the types of its fields (tests run this
    on every entry): it has no steps in :mod:`.steps`, or a key of ``progress``
    is no key of ``progress:`` in the school file.  Imports the model."""
    from sferum_cli.model import Progress
    from sferum_cli.onboarding import steps

    found: list[str] = []
    if not callable(getattr(steps, role.name, None)):
        found.append(f"{role.name}: no steps: sferum_cli/onboarding/steps.py has no {role.name}()")
    found.extend(
        f"{role.name}: progress names {key}, which is no key of progress: in the school file"
        for key in role.progress or {}
        if key not in Progress.model_fields
    )
    return found
