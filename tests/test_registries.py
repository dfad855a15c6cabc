"""registries.toml: the document kinds and checklist roles as data, read strictly.

A typo in the file (an unknown field, a wrong value, a key the school file
does not have, a template or steps that do not exist) fails here with a
message that names the entry and the field."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from sferum_cli import registries
from sferum_cli.documents import kinds
from sferum_cli.documents.kinds import KINDS, Kind
from sferum_cli.model import School
from sferum_cli.onboarding import roles
from sferum_cli.onboarding.roles import ROLES, Role
from sferum_cli.validation import load_school

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
TEXT = registries.PATH.read_text(encoding="utf-8")


def _changed(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def _kinds(text: str) -> tuple[Kind, ...]:
    return registries.entries(Kind, "kind", registries.read(text))


def _roles(text: str) -> tuple[Role, ...]:
    return registries.entries(Role, "role", registries.read(text))


def test_the_packaged_file_is_the_registries() -> None:
    assert _kinds(TEXT) == KINDS
    assert _roles(TEXT) == ROLES
    assert [kind.name for kind in KINDS] == ["order", "letter", "policy"]
    assert [role.name for role in ROLES] == ["admin", "teachers", "students", "parents"]
    assert kinds.get("letter").dated_by == ("appointment.letter_date", "appointment.order_date")
    assert dict(roles.get("admin").proofs) == {
        "invite_links_created": "classes_linked",
        "teachers_verified": "teachers_verified",
    }
    assert roles.get("admin").progress is None  # absent: the default


def test_every_entry_agrees_with_the_templates_the_steps_and_the_model() -> None:
    assert [problem for kind in KINDS for problem in kinds.problems(kind)] == []
    assert [problem for role in ROLES for problem in roles.problems(role)] == []


def test_multi_line_help_is_read_as_written() -> None:
    assert kinds.get("letter").help == (
        "Письмо в Сферум о назначении администратора: ФИО и мобильный телефон (DOCX).\n\n"
        "Распечатайте, подпишите у руководителя, поставьте печать и приложите скан\n"
        "к письму на info@sferum.ru. Письмо помещается на одну страницу."
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'default_output = "prikaz.docx"',
            'default_outpt = "prikaz.docx"',
            r"\[\[kind\]\] #1 \(order\): unknown field default_outpt; known: name, template, "
            "title, default_output, help, dated_by, letterhead",
        ),
        (
            'title = "Положение об использовании ИКОП «Сферум»"\n',
            "",
            r"\[\[kind\]\] #3 \(policy\): missing field title",
        ),
        (
            "letterhead = true",
            'letterhead = "yes"',
            r"#2 \(letter\): letterhead: expected true or false, got 'yes'",
        ),
        (
            'dated_by = ["appointment.order_date"]',
            "dated_by = []",
            r"#1 \(order\): dated_by: expected a non-empty list, got \[\]",
        ),
        (
            'dated_by = ["appointment.order_date"]',
            'dated_by = ["appointment.order_date", 7]',
            r"#1 \(order\): dated_by\[1\]: expected non-empty text, got 7",
        ),
        (
            'default_output = "prikaz.docx"',
            'default_output = " "',
            r"default_output: expected non-empty text, got ' '",
        ),
        ('name = "policy"', 'name = "order"', r"\[\[kind\]\] name repeated: order"),
        ('[[kind]]\nname = "order"', '[[kinds]]\nname = "order"', "unknown section kinds"),
        ('name = "order"', 'name = "order', "registries.toml: "),
    ],
)
def test_a_typo_in_a_kind_is_refused_with_its_place(old: str, new: str, message: str) -> None:
    with pytest.raises(registries.RegistryError, match=message):
        _kinds(_changed(old, new))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'class_links = "classes_linked"',
            'class_links = "classes_linkd"',
            r"\[\[role\]\] #2 \(teachers\): proofs.class_links: 'classes_linkd' is not one of "
            "'classes_linked', 'teachers_verified'",
        ),
        (
            'people = "classes"',
            'people = "pupils"',
            r"#3 \(students\): people: 'pupils' is not one of 'teachers', 'classes'",
        ),
        (
            'pupils_registered = ["child_registered"]',
            'pupils_registered = "child_registered"',
            r"#4 \(parents\): progress.pupils_registered: expected a non-empty list",
        ),
        (
            "per_person = true",
            "per_persons = true",
            r"#2 \(teachers\): unknown field per_persons; known: name, label, title, help, "
            "progress, proofs, people, per_person, reads_teachers",
        ),
        (
            'label = "родители"\n',
            "",
            r"#4 \(parents\): missing field label",
        ),
    ],
)
def test_a_typo_in_a_role_is_refused_with_its_place(old: str, new: str, message: str) -> None:
    with pytest.raises(registries.RegistryError, match=message):
        _roles(_changed(old, new))


def test_no_entries_at_all_is_refused() -> None:
    with pytest.raises(registries.RegistryError, match=r"no \[\[role\]\] entries"):
        registries.entries(Role, "role", registries.read(TEXT.split("[[role]]")[0]))


@pytest.mark.parametrize(
    ("dated_by", "problem"),
    [
        (
            '["appointment.leter_date", "appointment.order_date"]',
            "letter: dated_by names appointment.leter_date, which is no date of the school file",
        ),
        (
            '["appointment.order_number"]',
            "letter: dated_by names appointment.order_number, which is no date of the school file",
        ),
        (
            '["appointmnt.letter_date", "appointment.order_date"]',
            "letter: dated_by names appointmnt.letter_date, which is no date of the school file",
        ),
        (
            '["appointment.order_date", "appointment.letter_date"]',
            "letter: dated_by ends with appointment.letter_date, which a school file may leave "
            "out; end with a required date such as appointment.order_date",
        ),
    ],
)
def test_dated_by_must_name_dates_of_the_school_file(dated_by: str, problem: str) -> None:
    changed = _changed(
        'dated_by = ["appointment.letter_date", "appointment.order_date"]',
        f"dated_by = {dated_by}",
    )
    assert kinds.problems(kinds.get("letter")) == []
    assert kinds.problems(_kinds(changed)[1]) == [problem]


def test_a_kind_without_its_template_is_a_problem() -> None:
    changed = _changed('template = "policy.docx"', 'template = "polici.docx"')
    assert kinds.problems(_kinds(changed)[2]) == [
        "policy: template polici.docx is not in templates/ "
        "(docs/make_docx_templates.py makes the bundled ones)"
    ]


def test_a_role_without_steps_or_with_an_unknown_progress_key_is_a_problem() -> None:
    changed = _changed('name = "parents"', 'name = "parent"')
    changed = changed.replace("parents_joined = [", "parents_joind = [")
    assert roles.problems(_roles(changed)[3]) == [
        "parent: no steps: sferum_cli/onboarding/steps.py has no parent()",
        "parent: progress names parents_joind, which is no key of progress: in the school file",
    ]


def test_the_date_of_a_document_is_its_first_key_set() -> None:
    school = load_school(KIROV)
    appointment = school.appointment
    letter, policy = kinds.get("letter"), kinds.get("policy")

    def dated(**changes: dt.date | None) -> School:
        return school.model_copy(update={"appointment": appointment.model_copy(update=changes)})

    assert letter.date(dated(letter_date=dt.date(2023, 9, 1))) == dt.date(2023, 9, 1)
    assert letter.date(dated(letter_date=None)) == appointment.order_date
    assert school.policy.approval_order_date is None
    assert policy.date(school) == appointment.order_date
    approved = school.model_copy(
        update={
            "policy": school.policy.model_copy(update={"approval_order_date": dt.date(2024, 1, 9)})
        }
    )
    assert policy.date(approved) == dt.date(2024, 1, 9)


def test_reading_the_registries_stays_cheap() -> None:
    """Imported at every start: only the standard library, read once."""
    code = (
        "import sys\n"
        "from sferum_cli.documents import kinds\n"
        "from sferum_cli.onboarding import roles\n"
        "from sferum_cli import registries\n"
        "print(registries.packaged.cache_info().misses, registries.packaged.cache_info().hits)\n"
        "print(sorted(m for m in ('pydantic', 'yaml', 'jinja2', 'docx') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["1 1", "[]"]
