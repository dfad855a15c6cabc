"""The state of a role's checklist for one school: a result object, never printed here.

A step is done when the school file's ``progress:`` has a date for it, or when
the facts in the file prove it (every teacher verified, every class has an
invite link).  Teachers come from ``--roster``, the ``teachers_roster`` key or
the ``teachers:`` list, in that order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sferum_cli.onboarding import roles
from sferum_cli.onboarding import steps as step_defs
from sferum_cli.people import by_gender, gender_of

if TYPE_CHECKING:
    from sferum_cli.model import School, Teacher
    from sferum_cli.onboarding.roles import Role
    from sferum_cli.onboarding.roster import Roster
    from sferum_cli.school_paths import SchoolPaths

TEACHER_STATUSES = ("verified", "pending", "not_registered")
CLASS_STATUSES = ("ready", "no_invite_link")
STATUS_TITLES = {
    "verified": "роль подтверждена",
    "pending": "ждёт подтверждения",
    "not_registered": "без регистрации",
    "ready": "ссылка есть",
    "no_invite_link": "нет ссылки-приглашения",
}


@dataclass(frozen=True)
class StepState:
    id: str
    title: str
    details: str
    done: bool
    done_on: dt.date | None = None


@dataclass(frozen=True)
class PersonState:
    """A teacher (role teachers) or a class (role students) with what is still open."""

    name: str
    status: str
    open_steps: tuple[str, ...] = ()
    gender: Literal["male", "female"] | None = None

    @property
    def status_title(self) -> str:
        """The status as said of this person: «не зарегистрирована», not «…(а)»."""
        if self.status == "not_registered":
            return by_gender(
                self.gender,
                male="не зарегистрирован",
                female="не зарегистрирована",
                unknown=STATUS_TITLES["not_registered"],
            )
        return STATUS_TITLES.get(self.status, self.status)


@dataclass(frozen=True)
class Checklist:
    role: str
    school: str
    messenger: str
    steps: tuple[StepState, ...]
    people: tuple[PersonState, ...] = ()
    people_kind: Literal["teachers", "classes"] | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def next_step(self) -> StepState | None:
        return next((s for s in self.steps if not s.done), None)

    @property
    def open_count(self) -> int:
        return sum(not s.done for s in self.steps) + sum(bool(p.open_steps) for p in self.people)

    @property
    def complete(self) -> bool:
        return self.open_count == 0 and not self.warnings

    def counts(self) -> dict[str, int]:
        order = TEACHER_STATUSES if self.people_kind == "teachers" else CLASS_STATUSES
        return {status: sum(p.status == status for p in self.people) for status in order}

    def step_title(self, step_id: str) -> str:
        return next((s.title for s in self.steps if s.id == step_id), step_id)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape: role, steps, people — nothing else."""
        return {
            "role": self.role,
            "steps": [
                {"id": s.id, "title": s.title, "details": s.details, "done": s.done}
                for s in self.steps
            ],
            "people": [
                {"name": p.name, "status": p.status, "open_steps": list(p.open_steps)}
                for p in self.people
            ],
        }


def _teacher_classes(school: School, teacher: Teacher) -> set[str]:
    mine = {c.name for c in school.classes if c.teacher == teacher.full_name}
    return mine | set(teacher.classes or ())


def _teacher_state(school: School, teacher: Teacher, linked: set[str]) -> PersonState:
    open_steps: list[str] = []
    if teacher.status == "not_registered":
        open_steps += ["staff_registration", "role_requested"]
    if teacher.status != "verified":
        open_steps.append("role_verified")
    known = {c.name for c in school.classes}
    if any(name in known and name not in linked for name in _teacher_classes(school, teacher)):
        open_steps.append("class_links")
    return PersonState(
        teacher.full_name,
        teacher.status,
        tuple(open_steps),
        gender_of(teacher.full_name, teacher.gender),
    )


def _class_people(school: School) -> tuple[PersonState, ...]:
    return tuple(
        PersonState(c.name, "ready")
        if c.invite_link
        else PersonState(c.name, "no_invite_link", ("invite_links",))
        for c in school.classes
    )


def _facts(school: School, teachers: Sequence[Teacher]) -> step_defs.Facts:
    return step_defs.Facts(
        teachers_total=len(teachers),
        teachers_verified=sum(t.status == "verified" for t in teachers),
        classes_without_link=tuple(c.name for c in school.classes if not c.invite_link),
    )


def _people(school: School, role: Role, teachers: Sequence[Teacher]) -> tuple[PersonState, ...]:
    if role.people == "teachers":
        linked = {c.name for c in school.classes if c.invite_link}
        return tuple(_teacher_state(school, t, linked) for t in teachers)
    if role.people == "classes":
        return _class_people(school)
    return ()


def build(school: School, role: str, roster: Roster | None = None) -> Checklist:
    """The checklist of ``role`` (a name of :data:`.roles.ROLES`); ``roster``
    replaces ``school.teachers`` when given."""
    spec = roles.get(role)
    teachers: Sequence[Teacher] = roster.teachers if roster is not None else school.teachers
    warnings = tuple(str(p) for p in roster.problems) if roster is not None else ()
    facts = _facts(school, teachers)
    progress = dict(school.progress)
    proved: dict[str, bool] = {
        "classes_linked": bool(school.classes) and not facts.classes_without_link,
        "teachers_verified": bool(teachers) and facts.teachers_verified == facts.teachers_total,
    }
    people = _people(school, spec, teachers)

    def state(step: step_defs.Step) -> StepState:
        if spec.per_person and people:
            return StepState(
                step.id, step.title, step.details, all(step.id not in p.open_steps for p in people)
            )
        key = spec.progress_key(step.id)
        done_on = progress.get(key) if key else None
        proof = spec.proofs.get(step.id)
        done = done_on is not None or (proof is not None and proved[proof])
        return StepState(step.id, step.title, step.details, done, done_on)

    return Checklist(
        role=spec.name,
        school=school.organization.short_name,
        messenger=school.messenger_name,
        steps=tuple(state(s) for s in spec.step_list(school, facts)),
        people=people,
        people_kind=spec.people,
        warnings=warnings,
    )


def for_file(
    school_path: Path,
    role: str,
    *,
    roster: Path | None = None,
    files_root: Path | None = None,
) -> Checklist:
    """Load the school (and its roster, for the roles that read the teachers) and
    build the checklist.

    ``roster`` (``--roster``) is taken as given; the school file's
    ``teachers_roster`` must lie in its folder or in ``files_root``.
    """
    from sferum_cli.validation import load_school_and_paths

    school, paths = load_school_and_paths(school_path, files_root=files_root)
    if not roles.get(role).reads_teachers:
        return build(school, role)
    return build(school, role, teachers_roster(school, paths, roster))


def teachers_roster(school: School, paths: SchoolPaths, given: Path | None = None) -> Roster | None:
    """The teachers' list read from ``given`` (``--roster``, taken as given) or
    from the school file's ``teachers_roster`` (resolved and confined); ``None``
    when there is neither."""
    path = given or paths.optional(("teachers_roster",), school.teachers_roster)
    if path is None:
        return None
    from sferum_cli.onboarding.roster import read

    return read(path)
