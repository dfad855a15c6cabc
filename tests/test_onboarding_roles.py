"""The registry of checklist roles: every entry is a command, a file of `build`
and its checklist, and a new entry needs no other code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from registry_cli import cli_with_entry

from sferum_cli.onboarding import checklists, render, roles
from sferum_cli.onboarding.roles import ROLES, Role
from sferum_cli.validation import load_school

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
IDS = [role.name for role in ROLES]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_names_are_unique_and_looked_up() -> None:
    names = [role.name for role in ROLES]
    assert len(set(names)) == len(names)
    assert roles.get("teachers").people == "teachers"
    with pytest.raises(KeyError):
        roles.get("librarians")


def test_the_checklist_group_names_every_role(invoke) -> None:  # type: ignore[no-untyped-def]
    help_text = _flat(invoke("checklist", "--help").stdout)
    for role in ROLES:
        assert f"{role.name} — {role.label}" in help_text


@pytest.mark.parametrize("role", ROLES, ids=IDS)
def test_every_role_is_a_command_printing_its_checklist(role: Role, invoke) -> None:  # type: ignore[no-untyped-def]
    help_text = _flat(invoke("checklist", role.name, "--help").stdout)
    assert _flat(role.help) in help_text
    assert ("--roster" in help_text) is role.reads_teachers
    assert ("--files-root" in help_text) is role.reads_teachers
    result = invoke("checklist", role.name, str(KIROV), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == render.markdown(checklists.build(load_school(KIROV), role.name))
    assert f"Чек-лист {role.title} — " in result.stdout


def test_every_role_is_built_and_in_the_manifest(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("build", str(KIROV), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    listed = {item["path"] for item in manifest["schools"][0]["files"]}
    school = load_school(KIROV)
    for role in ROLES:
        name = f"checklist-{role.name}.md"
        assert f"kirov-school-32/{name}" in listed
        built = (tmp_path / "out" / "kirov-school-32" / name).read_text(encoding="utf-8")
        assert built == render.markdown(checklists.build(school, role.name))


@pytest.mark.parametrize("role", ROLES, ids=IDS)
def test_every_role_has_steps_and_its_progress_keys_exist(role: Role) -> None:
    from sferum_cli.model import Progress

    steps = role.step_list(load_school(KIROV), checklists.step_defs.Facts())
    ids = {step.id for step in steps}
    assert steps and len(ids) == len(steps)
    mapped = {step for marked in (role.progress or {}).values() for step in marked}
    assert mapped | set(role.proofs) <= ids | {"register_primary", "register_older"}  # by grades
    keys = ids if role.progress is None else set(role.progress)
    assert keys <= set(Progress.model_fields)


LIBRARIANS_SETUP = """\
from sferum_cli.onboarding import steps
from sferum_cli.onboarding.steps import Step


def librarians(school, facts):
    books = f"Учебники школы {school.organization.short_name}."
    return [
        Step("books_issued", "Выдать учебники", books),
        Step("parents_joined", "Позвать родителей в библиотеку", "В чат класса."),
    ]


steps.librarians = librarians  # as if written in onboarding/steps.py
"""

LIBRARIANS_ENTRY = """
[[role]]
name = "librarians"
label = "библиотекари"
title = "библиотекарям"
help = "Библиотекари для проверки реестра."
"""


def test_a_new_role_needs_only_its_entry_and_its_steps(tmp_path: Path) -> None:
    """One entry added to registries.toml with its steps: the command, the group's help,
    the file of `build` and the manifest follow with no other code."""
    run = cli_with_entry(tmp_path, LIBRARIANS_ENTRY, LIBRARIANS_SETUP)
    school = tmp_path / "school.yaml"
    school.write_text(
        KIROV.read_text(encoding="utf-8").replace(
            "progress:\n", "progress:\n  parents_joined: 2023-10-02\n"
        ),
        encoding="utf-8",
    )

    assert "librarians — библиотекари" in _flat(run("checklist", "--help"))
    assert "Библиотекари для проверки реестра." in run("checklist", "librarians", "--help")
    printed = json.loads(run("checklist", "librarians", str(school), "--format", "json"))
    assert printed == {
        "role": "librarians",
        "steps": [
            {
                "id": "books_issued",
                "title": "Выдать учебники",
                "details": "Учебники школы МБОУ СОШ с УИОП № 32 г. Кирова.",
                "done": False,
            },
            {
                "id": "parents_joined",
                "title": "Позвать родителей в библиотеку",
                "details": "В чат класса.",
                "done": True,
            },
        ],
        "people": [],
    }
    run("build", str(school), "-o", "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "school/checklist-librarians.md" in {
        item["path"] for item in manifest["schools"][0]["files"]
    }
    built = (tmp_path / "out" / "school" / "checklist-librarians.md").read_text(encoding="utf-8")
    assert built == (
        "# Чек-лист библиотекарям — МБОУ СОШ с УИОП № 32 г. Кирова (VK Мессенджер)\n\n"
        "- [ ] **Выдать учебники**  \n"
        "  Учебники школы МБОУ СОШ с УИОП № 32 г. Кирова.\n"
        "- [x] **Позвать родителей в библиотеку** — выполнено 02.10.2023  \n"
        "  В чат класса.\n\n"
        "Выполнено шагов: 1 из 2.\n"
        "Следующий шаг: 1. Выдать учебники\n"
    )
