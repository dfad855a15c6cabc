"""Checklists per role: golden text/markdown, the JSON shape, progress, --check."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from sferum_cli.model import Progress
from sferum_cli.onboarding import checklists, render, roles
from sferum_cli.validation import load_school

GOLDEN = Path(__file__).parent / "golden" / "checklists"
UPDATE = os.environ.get("SFERUM_UPDATE_GOLDEN") == "1"
ROLES = [role.name for role in roles.ROLES]

BASE = """\
version: 1
organization:
  full_name: Муниципальное бюджетное общеобразовательное учреждение «Тестовая школа № 7»
  short_name: МБОУ «Тестовая школа № 7»
  type: school
  inn: 4345903219
  kpp: 434501001
  ogrn: 1024301234561
  region: Кировская область
  municipality: город Киров
  address: 610000, г. Киров, ул. Тестовая, д. 7
  phone: 8 (8332) 00-00-07
  email: test7@example.ru
  website: https://test7.example.ru
director:
  full_name: Тестова Анна Петровна
administrator:
  full_name: Пробный Иван Сергеевич
  position: учитель информатики
  phone: 8 912 000-00-07
  email: admin7@example.ru
appointment:
  order_number: "7"
  order_date: 2024-08-20
  letter_number: 01-07
platform:
  messenger: max
"""

CLASSES = """\
classes:
  - name: 3В
    teacher: Учителева Мария Ивановна
    invite_link: https://sferum.ru/?invite=test-3v
  - name: 9А
    teacher: Классов Пётр Олегович
    invite_link: https://sferum.ru/?invite=test-9a
"""

TEACHERS_VERIFIED = """\
teachers:
  - full_name: Учителева Мария Ивановна
    status: verified
  - full_name: Классов Пётр Олегович
    status: verified
"""

ALL_PROGRESS = "progress:\n" + "".join(f"  {name}: 2024-09-01\n" for name in Progress.model_fields)


def write_school(tmp_path: Path, *sections: str, name: str = "school.yaml") -> Path:
    path = tmp_path / name
    path.write_text(BASE + "".join(sections), encoding="utf-8")
    return path


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"нет эталона {path}: запустите с SFERUM_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_golden_checklists(invoke, example_school: Path, role: str, fmt: str) -> None:
    result = invoke("checklist", role, str(example_school), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    suffix = "md" if fmt == "markdown" else "txt"
    _golden(f"{example_school.stem}-{role}.{suffix}", result.stdout)


@pytest.mark.parametrize("role", ROLES)
def test_json_shape_is_exact(invoke, example_school: Path, role: str) -> None:
    result = invoke("checklist", role, str(example_school), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"role", "steps", "people"}
    assert data["role"] == role
    ids = [s["id"] for s in data["steps"]]
    assert len(ids) == len(set(ids)) and ids
    for step in data["steps"]:
        assert set(step) == {"id", "title", "details", "done"}
        assert re.fullmatch(r"[a-z][a-z0-9_]*", step["id"])
        assert isinstance(step["done"], bool)
        assert step["title"] and step["details"]
    for person in data["people"]:
        assert set(person) == {"name", "status", "open_steps"}
        assert set(person["open_steps"]) <= set(ids)


def test_json_people_for_teachers_and_classes(invoke, kirov: Path) -> None:
    teachers = json.loads(invoke("checklist", "teachers", str(kirov), "-f", "json").stdout)
    assert teachers["people"] == [
        {"name": "Кузьмич Анна Сергеевна", "status": "verified", "open_steps": []},
        {"name": "Шевченко Игорь Петрович", "status": "pending", "open_steps": ["role_verified"]},
        {
            "name": "Черных Любовь Андреевна",
            "status": "not_registered",
            # she leads 11Б, which has no invite link yet
            "open_steps": ["staff_registration", "role_requested", "role_verified", "class_links"],
        },
    ]
    students = json.loads(invoke("checklist", "students", str(kirov), "-f", "json").stdout)
    assert [(p["name"], p["status"]) for p in students["people"]] == [
        ("1А", "ready"),
        ("5А", "ready"),
        ("11Б", "no_invite_link"),
    ]


def test_admin_step_ids_are_progress_keys(kirov: Path) -> None:
    result = checklists.build(load_school(kirov), "admin")
    assert {s.id for s in result.steps} == set(Progress.model_fields)


def test_admin_progress_dates_and_next_step(kirov: Path) -> None:
    result = checklists.build(load_school(kirov), "admin")
    done = {s.id: s.done_on for s in result.steps if s.done}
    assert {k: v.isoformat() for k, v in done.items() if v} == {
        "order_signed": "2023-08-21",
        "letter_signed": "2023-08-22",
    }
    assert result.next_step is not None and result.next_step.id == "questionnaire_filled"
    out = render.text(result)
    assert "[x] 1. Подписать приказ о назначении администратора Сферума — выполнено 21.08" in out
    assert "Следующий шаг: 3. Заполнить анкету организации" in out


def test_admin_derived_facts_mark_steps_done(tmp_path: Path) -> None:
    school = load_school(write_school(tmp_path, CLASSES, TEACHERS_VERIFIED))
    states = {s.id: s for s in checklists.build(school, "admin").steps}
    assert states["teachers_verified"].done and states["teachers_verified"].done_on is None
    assert states["invite_links_created"].done
    assert not states["order_signed"].done


def test_admin_names_phone_region_and_messenger(kirov: Path, tatarstan: Path) -> None:
    kirov_text = render.text(checklists.build(load_school(kirov), "admin"))
    assert kirov_text.count("+7 912 345-67-89") == 2  # the letter and the sign-in step
    assert "«Кировская область»" in kirov_text and "https://sferum.ru/?p=instructions" in kirov_text
    assert "VK Мессенджер" in kirov_text
    assert "СФЕРУМ:Регистрация организации" in kirov_text
    tatarstan_text = render.text(checklists.build(load_school(tatarstan), "admin"))
    assert "MAX" in tatarstan_text and "VK" not in tatarstan_text
    assert "«Республика Татарстан»" in tatarstan_text


@pytest.mark.parametrize("role", ["teachers", "students", "parents"])
def test_phone_only_in_admin_checklist(kirov: Path, role: str) -> None:
    out = render.text(checklists.build(load_school(kirov), role))  # type: ignore[arg-type]
    assert "345-67-89" not in out


def test_students_grade_rules_and_flagged_classes(tmp_path: Path, tatarstan: Path) -> None:
    result = checklists.build(load_school(tatarstan), "students")
    ids = [s.id for s in result.steps]
    assert "register_primary" in ids and "register_older" in ids
    text = render.text(result)
    assert "2А — нет ссылки-приглашения" in text
    assert "не регистрирует ребёнка на свой номер" in text
    assert "Пока нет ссылки: 2А." in text
    only_older = tmp_path / "older"
    only_older.mkdir()
    older = checklists.build(
        load_school(write_school(only_older, CLASSES.replace("3В", "8В"))), "students"
    )
    assert "register_primary" not in [s.id for s in older.steps]


def test_parents_pitfalls(kirov: Path) -> None:
    text = render.text(checklists.build(load_school(kirov), "parents"))
    assert "профиле ребёнка" in text
    assert "приватном" in text and "другом браузере" in text
    assert "удалить вас и пригласить снова" in text
    assert "https://sferum.ru/?p=parents_students" in text


def test_check_fails_while_open(invoke, kirov: Path) -> None:
    result = invoke("checklist", "admin", str(kirov), "--check", "-f", "text")
    assert result.exit_code == 1
    assert result.stdout.startswith("Чек-лист администратору")
    assert "Чек-лист не закрыт: открытых пунктов — 12" in result.stderr


@pytest.mark.parametrize("role", ROLES)
def test_check_passes_when_all_done(invoke, tmp_path: Path, role: str) -> None:
    path = write_school(tmp_path, CLASSES, TEACHERS_VERIFIED, ALL_PROGRESS)
    result = invoke("checklist", role, str(path), "--check", "-f", "markdown")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "- [ ]" not in result.stdout
    assert "Всё готово." in result.stdout


def test_check_fails_for_a_class_without_link_even_with_progress(invoke, tmp_path: Path) -> None:
    classes = CLASSES.replace("    invite_link: https://sferum.ru/?invite=test-9a\n", "")
    path = write_school(tmp_path, classes, TEACHERS_VERIFIED, ALL_PROGRESS)
    result = invoke("checklist", "students", str(path), "--check")
    assert result.exit_code == 1
    assert "9А — нет ссылки-приглашения" in result.stdout


def test_piped_default_is_text_and_rich_is_a_tree(invoke, kirov: Path) -> None:
    piped = invoke("checklist", "teachers", str(kirov))
    assert piped.stdout.startswith("Чек-лист учителям")
    assert "[ ] 1." in piped.stdout
    fancy = invoke("checklist", "teachers", str(kirov), "--format", "rich")
    assert fancy.exit_code == 0
    assert "├──" in fancy.stdout and "○ 1. Зарегистрироваться" in fancy.stdout
    assert "Черных Любовь Андреевна" in fancy.stdout


def test_empty_teacher_list_is_explained(invoke, tatarstan: Path) -> None:
    result = invoke("checklist", "teachers", str(tatarstan))
    assert "Список учителей пуст" in result.stdout


def test_teachers_from_roster_option(invoke, kirov: Path, tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(
        "ФИО;Статус\nКузьмич Анна Сергеевна;подтверждён\nНовикова Ирина Павловна;ожидает\n",
        encoding="utf-8",
    )
    result = invoke("checklist", "teachers", str(kirov), "--roster", str(roster), "-f", "json")
    assert result.exit_code == 0, result.stderr
    people = json.loads(result.stdout)["people"]
    assert [(p["name"], p["status"]) for p in people] == [
        ("Кузьмич Анна Сергеевна", "verified"),
        ("Новикова Ирина Павловна", "pending"),
    ]


def test_roster_key_is_relative_to_school_file(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "school"
    (folder / "lists").mkdir(parents=True)
    (folder / "lists" / "teachers.csv").write_text(
        "full_name,status\nУчителева Мария Ивановна,verified\nКлассов Пётр Олегович,verified\n",
        encoding="utf-8",
    )
    path = write_school(folder, CLASSES, "teachers_roster: lists/teachers.csv\n")
    result = invoke("checklist", "admin", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    steps = {s["id"]: s["done"] for s in json.loads(result.stdout)["steps"]}
    assert steps["teachers_verified"] is True


def test_roster_bad_rows_warn_and_fail_check(invoke, kirov: Path, tmp_path: Path) -> None:
    roster = tmp_path / "bad.csv"
    roster.write_text(
        "ФИО;Статус;Телефон\n"
        "Кузьмич Анна Сергеевна;подтверждён;\n"
        "Kuzmich Anna;подтверждён;\n"
        "Новикова Ирина Павловна;подтверждён;12345\n",
        encoding="utf-8",
    )
    result = invoke("checklist", "teachers", str(kirov), "--roster", str(roster), "--check")
    assert result.exit_code == 1
    assert f"{roster}:3: ФИО:" in result.stderr
    assert f"{roster}:4: Телефон:" in result.stderr
    assert "12345" not in result.stderr  # the value itself is never echoed
    assert "Kuzmich" not in result.stderr
    assert "ошибок в списке учителей — 2" in result.stderr
    assert "Кузьмич Анна Сергеевна — роль подтверждена" in result.stdout


def test_invalid_school_file_exits_1(invoke, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    result = invoke("checklist", "admin", str(path))
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr


def test_unknown_format_is_a_usage_error(invoke, kirov: Path) -> None:
    result = invoke("checklist", "admin", str(kirov), "--format", "html")
    assert result.exit_code == 2


def test_markdown_is_task_list(kirov: Path) -> None:
    md = render.markdown(checklists.build(load_school(kirov), "teachers"))
    assert md.startswith("# Чек-лист учителям")
    assert "- [x] Кузьмич Анна Сергеевна — роль подтверждена" in md
    assert re.search(r"^- \[ \] \*\*Зарегистрироваться как сотрудник школы\*\*", md, re.M)


def test_cli_module_imports_nothing_heavy_at_module_level() -> None:
    import ast

    import sferum_cli.cli.onboarding as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module)
    light = {
        "sferum_cli.cli.app",
        "sferum_cli.cli.factory",
        "sferum_cli.cli.options",
        "sferum_cli.cli",
        "sferum_cli.onboarding.formats",  # the format registry: an enum, nothing else
    }
    registry = "sferum_cli.onboarding.roles"  # cheap: tests/test_onboarding_roles.py
    assert top <= {"__future__", "sys", "enum", "functools", "pathlib", "typer", registry, *light}


def test_help_lists_the_commands(invoke) -> None:
    root = invoke("--help").stdout
    for command in ("checklist", "roster", "handouts"):
        assert command in root
    sub = invoke("checklist", "--help").stdout
    for role in ROLES:
        assert role in sub
    assert "template" in invoke("roster", "--help").stdout
