"""Checklist renderers: text, markdown, JSON (strings) and rich (a terminal tree).

They only format a :class:`~sferum_cli.onboarding.checklists.Checklist`; Rich is
imported inside :func:`rich` alone, so the other formats stay fast.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from sferum_cli.grammar import date_digits
from sferum_cli.onboarding import roles
from sferum_cli.onboarding.checklists import (
    STATUS_TITLES,
    Checklist,
    PersonState,
    StepState,
)
from sferum_cli.onboarding.formats import ChecklistFormat

if TYPE_CHECKING:
    from rich.console import Console

PEOPLE_TITLES = {"teachers": "Учителя", "classes": "Классы"}


def _heading(result: Checklist) -> str:
    title = roles.get(result.role).title
    return f"Чек-лист {title} — {result.school} ({result.messenger})"


def _done_note(step: StepState) -> str:
    if step.done_on is not None:
        return f" — выполнено {date_digits(step.done_on)}"
    return " — выполнено" if step.done else ""


def _counts_line(result: Checklist) -> str:
    kind = result.people_kind or "teachers"
    counts = ", ".join(
        f"{STATUS_TITLES[status]} — {count}" for status, count in result.counts().items()
    )
    return f"{PEOPLE_TITLES[kind]} ({len(result.people)}): {counts}"


def _person_line(result: Checklist, person: PersonState) -> str:
    line = f"{person.name} — {person.status_title}"
    open_steps = person.open_steps
    if open_steps:
        line += "; осталось: " + "; ".join(result.step_title(s) for s in open_steps)
    return line


def _summary(result: Checklist) -> list[str]:
    done = sum(s.done for s in result.steps)
    lines = [f"Выполнено шагов: {done} из {len(result.steps)}."]
    upcoming = result.next_step
    if upcoming is not None:
        number = result.steps.index(upcoming) + 1
        lines.append(f"Следующий шаг: {number}. {upcoming.title}")
    elif result.open_count:
        lines.append("Все шаги отмечены, но не у всех в списке всё готово.")
    else:
        lines.append("Всё готово.")
    return lines


def _no_people(result: Checklist) -> str | None:
    if result.people_kind == "teachers" and not result.people:
        return (
            "Список учителей пуст: добавьте раздел teachers: в файл школы, ключ "
            "teachers_roster или укажите --roster ФАЙЛ."
        )
    if result.people_kind == "classes" and not result.people:
        return "Классов нет: добавьте раздел classes: в файл школы."
    return None


def text(result: Checklist) -> str:
    lines = [_heading(result), ""]
    for number, step in enumerate(result.steps, start=1):
        mark = "[x]" if step.done else "[ ]"
        lines.append(f"{mark} {number}. {step.title}{_done_note(step)}")
        lines.append(f"       {step.details}")
    if result.people_kind:
        lines.append("")
        empty = _no_people(result)
        if empty:
            lines.append(empty)
        else:
            lines.append(_counts_line(result))
            for p in result.people:
                mark = "[ ]" if p.open_steps else "[x]"
                lines.append(f"  {mark} {_person_line(result, p)}")
    lines.append("")
    lines.extend(_summary(result))
    return "\n".join(lines) + "\n"


def _md_escape(value: str) -> str:
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>|#" else ch for ch in value)


def markdown(result: Checklist) -> str:
    lines = [f"# {_md_escape(_heading(result))}", ""]
    for step in result.steps:
        mark = "x" if step.done else " "
        lines.append(f"- [{mark}] **{_md_escape(step.title)}**{_md_escape(_done_note(step))}  ")
        lines.append(f"  {_md_escape(step.details)}")
    if result.people_kind:
        lines += ["", f"## {PEOPLE_TITLES[result.people_kind]}", ""]
        empty = _no_people(result)
        if empty:
            lines.append(_md_escape(empty))
        else:
            lines.append(_md_escape(_counts_line(result)))
            lines.append("")
            for p in result.people:
                mark = " " if p.open_steps else "x"
                person = _person_line(result, p)
                lines.append(f"- [{mark}] {_md_escape(person)}")
    lines.append("")
    lines.extend(_md_escape(line) for line in _summary(result))
    return "\n".join(lines) + "\n"


def to_json(result: Checklist) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def rich(result: Checklist, console: Console | None = None) -> None:
    """Print a Rich tree of steps and a table of people."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from sferum_cli import privacy

    # Rich wraps lines before the output boundary sees them, and a phone or a
    # name split over two lines would slip past the mask: mask before layout.
    shown = privacy.redact if privacy.masking() else str
    console = console or Console()
    tree = Tree(Text(shown(_heading(result)), style="bold"))
    for number, step in enumerate(result.steps, start=1):
        mark, style = ("✔", "green") if step.done else ("○", "yellow")
        label = Text(shown(f"{mark} {number}. {step.title}"), style=style)
        label.append(_done_note(step), style="dim")
        tree.add(label).add(Text(shown(step.details), style="dim"))
    console.print(tree)
    if result.people_kind:
        empty = _no_people(result)
        if empty:
            console.print(Text(shown(empty), style="yellow"))
        else:
            table = Table(title=_counts_line(result), title_justify="left")
            table.add_column("ФИО" if result.people_kind == "teachers" else "Класс")
            table.add_column("Статус")
            table.add_column("Осталось")
            for p in result.people:
                style = "yellow" if p.open_steps else "green"
                table.add_row(
                    shown(p.name),
                    Text(p.status_title, style=style),
                    "; ".join(result.step_title(s) for s in p.open_steps) or "—",
                )
            console.print(table)
    for line in _summary(result):
        console.print(Text(shown(line)))


def render(result: Checklist, fmt: ChecklistFormat) -> str:
    """Text, markdown or JSON as a string (rich prints; use :func:`write`)."""
    if fmt == ChecklistFormat.json:
        return to_json(result)
    if fmt == ChecklistFormat.markdown:
        return markdown(result)
    return text(result)


def write(
    result: Checklist, fmt: ChecklistFormat, stream: IO[str], console: Console | None = None
) -> None:
    """``console`` decides colour for the rich format (the CLI passes one that
    honours --color, NO_COLOR and FORCE_COLOR)."""
    if fmt == ChecklistFormat.rich:
        from rich.console import Console

        rich(result, console or Console(file=stream))
    else:
        stream.write(render(result, fmt))
